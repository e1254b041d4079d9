"""The log of every change an organisation administrator makes (``AdminChange``).

Written only by ``orgadmin/services.py``. It holds who, when, what kind, the target, each changed value
from -> to and the reason where one is required; never case content and never a secret (no password, no link,
no second-factor secret).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AdminChange(models.Model):
    class Kind(models.TextChoices):
        USER_INVITED = "user_invited", _("User invited")
        INVITATION_SENT = "invitation_sent", _("New invitation link sent")
        USER_CHANGED = "user_changed", _("User changed")
        USER_DEACTIVATED = "user_deactivated", _("User deactivated")
        USER_REACTIVATED = "user_reactivated", _("User reactivated")
        SECOND_FACTOR_RESET = "second_factor_reset", _("Second step reset")
        TEAM_CREATED = "team_created", _("Team created")
        TEAM_RENAMED = "team_renamed", _("Team renamed")
        TEAM_REMOVED = "team_removed", _("Team removed")
        SETTINGS_CHANGED = "settings_changed", _("Organisation settings changed")
        INSTRUMENT_UPLOADED = "instrument_uploaded", _("Instrument uploaded")
        INSTRUMENT_ACTIVATED = "instrument_activated", _("Instrument activated")
        INSTRUMENT_DEACTIVATED = "instrument_deactivated", _("Instrument deactivated")
        CASE_REASSIGNED = "case_reassigned", _("Case handed over")
        SSO_CREATED = "sso_created", _("Single sign-on set up")
        SSO_CHANGED = "sso_changed", _("Single sign-on changed")

    class Target(models.TextChoices):
        USER = "user", _("user")
        TEAM = "team", _("team")
        ORGANISATION = "organisation", _("organisation")
        INSTRUMENT = "instrument", _("instrument")
        CASE = "case", _("case")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="admin_changes",
        verbose_name=_("organisation"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("kind of change"), max_length=32, choices=Kind.choices)
    target_type = models.CharField(_("target"), max_length=16, choices=Target.choices)
    # The target's id (a user, team, upload or case) and how it was called at the time (a name, "Case 12",
    # an instrument key and version), so the log still reads after a rename or a destroyed case.
    target_id = models.BigIntegerField(_("target id"), null=True, blank=True)
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    # {field: [old, new]}: plain values (codes, numbers, names), never case content or a secret.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("administrator's change")
        verbose_name_plural = _("administrator's changes")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-at"], name="admin_change_org_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.target_type} {self.target_id}"
