"""Linked cases: a suspected exploiter, recruiter, address or online account, kept as a code the team chooses.

Criminal-data rules (AVG art. 10, UAVG): only a code, never required to be a name; within one organisation;
shown only on cases the user may already see; gone when its last linked case is destroyed (decision 36).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaalwijzer.cases.models import Case
from signaalwijzer.encryption import EncryptedTextField


class LinkedEntity(models.Model):
    class Kind(models.TextChoices):
        EXPLOITER = "exploiter", _("suspected exploiter")
        RECRUITER = "recruiter", _("recruiter")
        ADDRESS = "address", _("address")
        ONLINE_ACCOUNT = "online_account", _("online account")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("what it is"), max_length=20, choices=Kind.choices)
    label = EncryptedTextField(_("code"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("linked person, address or account")
        verbose_name_plural = _("linked people, addresses and accounts")

    def __str__(self) -> str:
        return f"linked entity {self.pk}"


class CaseLink(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    entity = models.ForeignKey(LinkedEntity, on_delete=models.CASCADE, related_name="links")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("case link")
        verbose_name_plural = _("case links")
        constraints = [
            models.UniqueConstraint(fields=["case", "entity"], name="links_caselink_once")
        ]

    def __str__(self) -> str:
        return f"case link {self.pk}"
