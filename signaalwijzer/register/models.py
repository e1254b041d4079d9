"""A loose signal: something seen or heard that is not (yet) a case. No name; it expires on its own."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from signaalwijzer.cases.models import Setting
from signaalwijzer.encryption import EncryptedTextField


class LooseSignal(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    observed_on = models.DateField(_("when did you see or hear it"))
    description = EncryptedTextField(
        _("what did you see or hear"),
        help_text=_("A few sentences are enough. Do not write a name."),
    )
    setting = models.CharField(_("setting"), max_length=20, choices=Setting.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField(_("expires on"), db_index=True)
    converted_case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    converted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-observed_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "expires_on"])]

    def __str__(self) -> str:
        return f"signal {self.pk}"
