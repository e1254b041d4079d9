"""Step 3: consent per party and purpose, and what was shared with whom on which basis."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from signaalwijzer.cases.models import Case, CaseRecord
from signaalwijzer.encryption import EncryptedTextField


class PartyChoice(models.TextChoices):
    YOUNG_PERSON = "young_person", _("The young person")
    PARENTS = "parents", _("Parents with authority or guardian")
    REPRESENTATIVE = (
        "representative",
        _(
            "Representative of an adult who cannot decide (curator, mentor or written authorised person)"
        ),
    )


class PurposeChoice(models.TextChoices):
    VEILIG_THUIS = "veilig_thuis", _("Exchange with Veilig Thuis")
    CARE_COORDINATOR = "care_coordinator", _("Exchange with the zorgcoördinator mensenhandel")
    PARTNERS = "partners", _("Exchange with school or care partners")
    COMENSHA = "comensha", _("Registration with CoMensha")


class ConsentRecord(CaseRecord):
    class Status(models.TextChoices):
        GIVEN = "given", _("Given")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        NOT_ASKED = "not_asked", _("Not asked")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    party = models.CharField(_("who"), max_length=20, choices=PartyChoice.choices)
    purpose = models.CharField(_("for what"), max_length=20, choices=PurposeChoice.choices)
    status = models.CharField(_("answer"), max_length=12, choices=Status.choices)
    recorded_on = models.DateField(_("date"))
    young_person_competent = models.BooleanField(
        _("the young person is able to decide about this"),
        default=True,
        help_text=_(
            "Untick when a young person of 12 or older is not able to weigh this decision "
            "(wilsonbekwaam). Under 18 the parents then decide; from 18 the representative."
        ),
    )
    not_asked_reason = EncryptedTextField(_("why consent was not asked"), blank=True)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["recorded_on", "pk"]

    def __str__(self) -> str:
        return f"{self.party} {self.purpose} {self.status}"


class ShareRecord(CaseRecord):
    class Basis(models.TextChoices):
        CONSENT = "consent", _("Consent, as the age rule requires")
        MELDRECHT = "meldrecht", _("Meldrecht: information to Veilig Thuis without consent")
        CONFLICT_OF_DUTIES = "conflict_of_duties", _("Conflict of duties (conflict van plichten)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    recipient = EncryptedTextField(_("organisation shared with"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=PurposeChoice.choices)
    basis = models.CharField(_("legal basis"), max_length=20, choices=Basis.choices)
    justification = EncryptedTextField(_("justification"), blank=True)
    shared_on = models.DateField(_("date shared"))
    what_was_shared = EncryptedTextField(_("what was shared"), blank=True)

    class Meta:
        verbose_name = _("information shared")
        verbose_name_plural = _("information shared")
        ordering = ["shared_on", "pk"]

    def __str__(self) -> str:
        return f"{self.purpose} {self.shared_on}"
