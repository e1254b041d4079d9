"""Missing episodes (vermissing) and the safety plan (veiligheidsplan) of a case."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaalwijzer.cases.models import Case, CaseRecord
from signaalwijzer.encryption import EncryptedTextField


class MissingEpisode(CaseRecord):
    """The young person was missing: when, the report to the police, and the return interview.

    Recorded when it starts; the return and the return interview are filled in later (``update_record``,
    so what was recorded before is kept in the history).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="missing_episodes")
    missing_from = models.DateTimeField(_("missing since"))
    missing_until = models.DateTimeField(
        _("back since"), null=True, blank=True, help_text=_("Leave empty while still missing.")
    )
    reported_to_police_at = models.DateTimeField(
        _("reported to the police at"), null=True, blank=True
    )
    police_reference = EncryptedTextField(_("police reference"), blank=True)
    whereabouts = EncryptedTextField(_("where and with whom the young person was"), blank=True)
    return_interview_on = models.DateField(_("return interview held on"), null=True, blank=True)
    return_interview_by = EncryptedTextField(_("return interview held by"), blank=True)
    learned = EncryptedTextField(_("what we learned"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("missing episode")
        verbose_name_plural = _("missing episodes")
        ordering = ["missing_from", "pk"]

    def __str__(self) -> str:
        return f"missing episode {self.pk}"

    @property
    def still_missing(self) -> bool:
        return self.missing_until is None


class SafetyPlan(CaseRecord):
    """The case's safety plan in plain language, one per case; every change is kept in the history."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="safety_plan")
    risks = EncryptedTextField(_("risks: what could go wrong"))
    agreements_phone = EncryptedTextField(_("agreements about the phone"), blank=True)
    agreements_online = EncryptedTextField(_("agreements about being online"), blank=True)
    agreements_going_out = EncryptedTextField(_("agreements about going out"), blank=True)
    agreements_return_home = EncryptedTextField(_("agreements about coming back home"), blank=True)
    whom_to_call = EncryptedTextField(_("whom to call"))
    review_on = models.DateField(_("look at the plan again on"))
    # The review date a reminder was sent for (at most one reminder per review date).
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")

    def __str__(self) -> str:
        return f"safety plan {self.case_id}"
