"""The case (casus): one young person someone is worried about, its team, its signals and timeline.

Identifying fields and all free text are encrypted at rest (EncryptedTextField / EncryptedDateField);
they can therefore never be used in database filters.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from signaalwijzer.choices import CachedChoiceLabels
from signaalwijzer.encryption import BlindIndexField, EncryptedDateField, EncryptedTextField


class Gender(models.TextChoices):
    GIRL = "girl", _("Girl")
    BOY = "boy", _("Boy")
    OTHER = "other", _("Other / non-binary")
    UNKNOWN = "unknown", _("Unknown / not recorded")


class LvbIndication(models.TextChoices):
    YES = "yes", _("Yes, established")
    SUSPECTED = "suspected", _("Suspected")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class Setting(models.TextChoices):
    SCHOOL = "school", _("School")
    RESIDENTIAL = "residential", _("Residential group")
    AMBULANT = "ambulant", _("Ambulant care (at home)")
    DAY_TREATMENT = "day_treatment", _("Day treatment")
    FOSTER_CARE = "foster_care", _("Foster care")
    SECURE_CARE = "secure_care", _("Secure youth care (gesloten jeugdzorg) or a JJI")
    OTHER = "other", _("Other")


class ExploitationForm(models.TextChoices):
    SEXUAL = "sexual", _("Sexual exploitation (for example a loverboy)")
    CRIMINAL = "criminal", _("Criminal exploitation (for example drug running, money mule)")
    LABOUR = "labour", _("Labour exploitation")
    ORGAN_REMOVAL = "organ_removal", _("Forced organ removal")
    OTHER_UNKNOWN = "other_unknown", _("Other or not yet clear")


# Coded, several allowed, "unknown" allowed, never free text: what prevention needs to count (statistics).
class RecruitmentChannel(models.TextChoices):
    ONLINE = "online", _("Online or social media")
    PEERS = "peers", _("Peers at school or in the group")
    STREET = "street", _("On the street or while going out")
    FAMILY = "family", _("Family or people close to the family")
    OTHER = "other", _("Another way")
    UNKNOWN = "unknown", _("Unknown")


class ExploitationMethod(models.TextChoices):
    RELATIONSHIP = "relationship", _("A (fake) love relationship (pooierboy, loverboy)")
    SEXTORTION = "sextortion", _("Sextortion: threatening with images")
    DEBT = "debt", _("Debt or favours that must be paid back")
    JOB_OFFER = "job_offer", _("A job offer or easy money")
    VIOLENCE = "violence", _("Threats or violence")
    OTHER = "other", _("Another method")
    UNKNOWN = "unknown", _("Unknown")


class LocationType(models.TextChoices):
    HOTEL = "hotel", _("Hotel or holiday home")
    PRIVATE_ADDRESS = "private_address", _("A private address")
    ONLINE = "online", _("Online (webcam, chat)")
    OTHER_CITY = "other_city", _("In another town or city")
    STREET = "street", _("Street, park or station")
    OTHER = "other", _("Another place")
    UNKNOWN = "unknown", _("Unknown")


# The coded list fields of a case and their choices (see cases/coded_lists.py for the rule they share).
CODED_LISTS: dict[str, type[models.TextChoices]] = {
    "recruitment_channels": RecruitmentChannel,
    "methods": ExploitationMethod,
    "location_types": LocationType,
}


class Case(CachedChoiceLabels, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    pseudonym = EncryptedTextField(
        _("pseudonym or initials"),
        help_text=_("Use initials or a nickname, never the full name or BSN."),
    )
    reference = EncryptedTextField(
        _("internal reference"),
        blank=True,
        help_text=_("For example your own file number, so that colleagues know who is meant."),
    )
    concern = EncryptedTextField(
        _("what worries you"),
        help_text=_("One or two sentences are enough to start. You can add signals later."),
    )
    # Keyed blind indexes (HMAC of the normalised text, signaalwijzer/encryption.py): the case list finds a
    # case by its whole pseudonym or reference without decrypting rows. Nullable (stamped table, see stamp.py).
    pseudonym_index = BlindIndexField(source="pseudonym")
    reference_index = BlindIndexField(source="reference")
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    municipality_code = models.CharField(
        _("municipality where the young person lives"), max_length=6, blank=True
    )
    lvb = models.CharField(
        _("mild intellectual disability (LVB)"),
        max_length=10,
        choices=LvbIndication.choices,
        default=LvbIndication.UNKNOWN,
    )
    setting = models.CharField(_("setting"), max_length=20, choices=Setting.choices, blank=True)
    exploitation_forms = models.JSONField(_("suspected forms of exploitation"), default=list)
    # Lists of RecruitmentChannel / ExploitationMethod / LocationType values. Nullable so that SQLite adds the
    # columns without rebuilding the stamped case table; None and [] both mean "not filled in".
    recruitment_channels = models.JSONField(
        _("how the young person was recruited"), default=list, null=True, blank=True
    )
    methods = models.JSONField(_("method of the exploiters"), default=list, null=True, blank=True)
    location_types = models.JSONField(
        _("where the exploitation takes place"), default=list, null=True, blank=True
    )
    # Parents or family may be involved in the exploitation, or profit from it: then they are not asked for
    # consent (12-15), not told beforehand (open melden), and an export made for them leaves this out.
    # Nullable so that SQLite can add the columns without rebuilding the case table (which its content-stamp
    # triggers refer to); None means no.
    parents_involved = models.BooleanField(
        _("parent(s) or family (possibly) involved in the exploitation"), null=True, blank=True
    )
    parents_involved_reason = EncryptedTextField(
        _("why you think the parents or family may be involved"), null=True, blank=True
    )
    # For anonymised statistics only: the age band when the case started (the date of birth is encrypted
    # and cannot be counted by the database). A fixed, coarse band identifies no one.
    age_band = models.CharField(max_length=10, default="unknown", editable=False, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = EncryptedTextField(_("reason for closing"), blank=True)
    # A legal hold (e.g. a criminal investigation or court case needs the file) stops destruction while it is
    # set; placed and lifted by a meldcode officer or organisation administrator (destruction.py), with history.
    # Both columns nullable: SQLite cannot rebuild the case table (the content-stamp triggers refer to it).
    legal_hold_since = models.DateTimeField(_("legal hold since"), null=True, blank=True)
    legal_hold_reason = EncryptedTextField(_("reason for the legal hold"), blank=True, null=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    # Optimistic locking: a save that started from an older version is refused.
    version = models.PositiveIntegerField(default=1)
    # Set by database triggers on every change of the case or one of its records (cases/stamp.py);
    # whatever Django writes here is replaced. The case page cache keys on it.
    content_stamp = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "created_at"], name="case_org_created")]

    def __str__(self) -> str:
        return f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def on_legal_hold(self) -> bool:
        return self.legal_hold_since is not None

    def exploitation_form_labels(self) -> list[str]:
        labels = dict(ExploitationForm.choices)
        return [str(labels[value]) for value in self.exploitation_forms if value in labels]

    def how_it_happens(self) -> list[tuple[str, list[str]]]:
        """The coded lists that are filled in, each as (label of the field, labels of the values ticked).

        A list that is not filled in (None or empty) is left out, as an unfilled form of exploitation is.
        """
        result = []
        for name in CODED_LISTS:
            ticked = self.coded_labels(name)
            if ticked:
                result.append((capfirst(str(self.coded_list_label(name))), ticked))
        return result

    @classmethod
    def coded_list_label(cls, name: str) -> Any:
        """The (lazily translated) name of the coded list field ``name``."""
        field = cls._meta.get_field(name)
        assert isinstance(field, models.Field)
        return field.verbose_name

    def coded_labels(self, name: str) -> list[str]:
        """The labels of the values ticked in the coded list ``name`` (empty when not filled in)."""
        labels = dict(CODED_LISTS[name].choices)
        return [str(labels[value]) for value in getattr(self, name) or [] if value in labels]


class CaseMember(models.Model):
    """Who may see and work on a case. Everybody else gets a 404."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Case owner")
        MEMBER = "member", _("Team member")
        # A meldcode officer asked to consult: access ends when the case closes.
        CONSULTANT = "consultant", _("Consulting meldcode officer")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("case member")
        verbose_name_plural = _("case members")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="case_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class CaseRecord(CachedChoiceLabels, models.Model):
    """What every record in a case has: the case, who recorded it and when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        abstract = True


class Observation(CaseRecord):
    """Step 1: something seen or heard, with its source, recorded as fact or interpretation."""

    class Source(models.TextChoices):
        OWN = "own", _("My own observation")
        COLLEAGUE = "colleague", _("A colleague")
        YOUNG_PERSON = "young_person", _("The young person")
        PARENT = "parent", _("A parent or carer")
        THIRD_PARTY = "third_party", _("Someone else")

    class Nature(models.TextChoices):
        FACT = "fact", _("Fact: what I (or the source) saw or heard")
        INTERPRETATION = "interpretation", _("Interpretation: what I think it means")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="observations")
    observed_on = models.DateField(_("date seen or heard"))
    description = EncryptedTextField(_("what was seen or heard"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_name = EncryptedTextField(
        _("name or role of the source"),
        blank=True,
        help_text=_("Needed when the source is a colleague or someone else."),
    )
    nature = models.CharField(_("fact or interpretation"), max_length=20, choices=Nature.choices)
    # A correction is a new observation that points to the one it corrects; both stay visible.
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-observed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.observed_on}"


class TimelineEntry(CachedChoiceLabels, models.Model):
    """One line of the case's history, written in the same transaction as the change it describes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    summary = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")

    def __str__(self) -> str:
        return self.kind


class EmergencyAccess(models.Model):
    """Break the glass: a meldcode officer opens a case outside their access, for a short time, with a reason.

    Every use is flagged in the access log, and the log manager reviews each one.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="emergency_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField(_("reason"))
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = EncryptedTextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"emergency {self.case_id} {self.granted_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.expires_at > timezone.now()


class DestructionRequest(CaseRecord):
    """A young person (12+) or the parents ask to destroy the file before the retention period ends."""

    class Party(models.TextChoices):
        YOUNG_PERSON = "young_person", _("The young person")
        PARENTS = "parents", _("Parents with authority or guardian")

    class Decision(models.TextChoices):
        PENDING = "pending", _("To be decided")
        APPROVED = "approved", _("Approved: the file will be destroyed")
        REFUSED = "refused", _("Refused")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="destruction_requests")
    requested_by = models.CharField(_("asked by"), max_length=20, choices=Party.choices)
    requested_on = models.DateField(_("date of the request"))
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("date of the decision"), null=True, blank=True)
    decision_reason = EncryptedTextField(_("reason for the decision"), blank=True)

    class Meta:
        verbose_name = _("request to destroy the file")
        verbose_name_plural = _("requests to destroy the file")

    def __str__(self) -> str:
        return f"{self.requested_by} {self.requested_on}"


class RecordChange(models.Model):
    """One update of the case or of one of its records: who, when, and each changed field from → to.

    Written by ``cases.recording.update_record`` in the transaction of the update itself; the values are
    encrypted like the record (one JSON text) and go with the case when it is destroyed.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    record_type = models.CharField(max_length=60)  # the model's label, e.g. "meldcode.action"
    record_id = models.BigIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField()  # the record's version after this change
    changes = EncryptedTextField()  # {"field": [before, after], ...} as JSON

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(fields=["case", "record_type", "record_id"], name="recordchange_record")
        ]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id} v{self.version}"
