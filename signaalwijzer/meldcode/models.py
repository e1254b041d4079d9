"""Steps 2–5 of the meldcode: consultations, conversations, the weighing, and actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaalwijzer.cases.models import Case, CaseRecord
from signaalwijzer.choices import CachedChoiceLabels
from signaalwijzer.encryption import EncryptedTextField


class Consultation(CaseRecord):
    class Stage(models.TextChoices):
        STEP_2 = "step2", _("Step 2: discuss with an expert colleague")
        STEP_4 = "step4", _("Step 4: discuss the weighing again with experts")

    class Consultee(models.TextChoices):
        COLLEAGUE = "colleague", _("Colleague")
        MELDCODE_OFFICER = "meldcode_officer", _("Meldcode officer (aandachtsfunctionaris)")
        VEILIG_THUIS_ADVICE = "veilig_thuis_advice", _("Veilig Thuis (advice request)")
        CARE_COORDINATOR = "care_coordinator", _("Zorgcoördinator mensenhandel")
        INTERNAL_SUPERVISOR = "internal_supervisor", _("Intern begeleider (school)")
        CARE_ADVICE_TEAM = "care_advice_team", _("Zorg- en adviesteam (ZAT)")
        BEHAVIOURAL_SCIENTIST = "behavioural_scientist", _("Gedragswetenschapper")
        OTHER_EXPERT = "other_expert", _("Other expert")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consultations")
    stage = models.CharField(_("step"), max_length=8, choices=Stage.choices, default=Stage.STEP_2)
    consulted_on = models.DateField(_("date"))
    consultee = models.CharField(_("with whom"), max_length=24, choices=Consultee.choices)
    consultee_name = EncryptedTextField(_("name or function"), blank=True)
    question = EncryptedTextField(_("your question"))
    advice = EncryptedTextField(_("the advice"))
    no_identifying_data_shared = models.BooleanField(
        _("I shared no data that identify the young person"),
        default=False,
        help_text=_("An advice request to Veilig Thuis is anonymous."),
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["consulted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.consultee} {self.consulted_on}"


class Conversation(CaseRecord):
    class Kind(models.TextChoices):
        STEP_3 = "step3", _("Step 3: talking about the worries")
        WEIGHING_PRESENTED = "weighing", _("Step 4: discussing the weighing and what will happen")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conversations")
    kind = models.CharField(
        _("conversation"), max_length=10, choices=Kind.choices, default=Kind.STEP_3
    )
    held_on = models.DateField(_("date"))
    with_young_person = models.BooleanField(_("with the young person"), default=True)
    with_parents = models.BooleanField(_("with the parents or guardian"), default=False)
    others_present = EncryptedTextField(_("others present"), blank=True)
    discussed = EncryptedTextField(_("what was discussed"))
    reaction = EncryptedTextField(_("their reaction"))

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.held_on}"


class Step3Skip(CaseRecord):
    """Step 3 may only be skipped for these reasons, and the reason must be written down."""

    class Reason(models.TextChoices):
        DANGER_YOUNG_PERSON = "danger_young_person", _("Talking would endanger the young person")
        DANGER_PROFESSIONAL = "danger_professional", _("Talking would endanger me or a colleague")
        DANGER_OTHERS = "danger_others", _("Talking would endanger others")
        BREAK_CONTACT = "break_contact", _("The young person would probably break off contact")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="step3_skips")
    reason = models.CharField(_("reason"), max_length=24, choices=Reason.choices)
    explanation = EncryptedTextField(_("explanation"))

    class Meta:
        verbose_name = _("reason to skip the conversation")
        verbose_name_plural = _("reasons to skip the conversation")

    def __str__(self) -> str:
        return self.reason


class UnsafetyChoice(models.TextChoices):
    NONE = "none", _("No")
    ACUTE = "acute", _("Yes, acute unsafety")
    STRUCTURAL = "structural", _("Yes, structural unsafety")
    ACUTE_AND_STRUCTURAL = "acute_and_structural", _("Yes, acute and structural unsafety")


class DecisionChoice(models.TextChoices):
    CLOSE = "close", _("Close: no suspicion")
    REPORT = "report", _("Report to Veilig Thuis")
    ORGANISE_HELP = "organise_help", _("Organise help")
    CLOSE_WITH_MONITORING = "close_with_monitoring", _("Close, with monitoring agreements")


class OutcomeChoice(models.TextChoices):
    """What the afwegingskader gave (afwegingskader.Decision), as stored on a weighing version."""

    INCOMPLETE = "incomplete", _("Not finished")
    CLOSE = DecisionChoice.CLOSE.value, DecisionChoice.CLOSE.label
    REPORT = DecisionChoice.REPORT.value, DecisionChoice.REPORT.label
    ORGANISE_HELP = DecisionChoice.ORGANISE_HELP.value, DecisionChoice.ORGANISE_HELP.label
    CLOSE_WITH_MONITORING = (
        DecisionChoice.CLOSE_WITH_MONITORING.value,
        DecisionChoice.CLOSE_WITH_MONITORING.label,
    )


class WeighingAnswers(CachedChoiceLabels, models.Model):
    """The five answers with their reasons, the disclosure and the decisions: what a weighing records."""

    q1_suspicion = models.BooleanField(null=True, blank=True)
    q1_reason = EncryptedTextField(blank=True)
    q2_unsafety = models.CharField(max_length=24, choices=UnsafetyChoice.choices, blank=True)
    q2_reason = EncryptedTextField(blank=True)
    q3_can_help = models.BooleanField(null=True, blank=True)
    q3_reason = EncryptedTextField(blank=True)
    q4_help_accepted = models.BooleanField(null=True, blank=True)
    q4_reason = EncryptedTextField(blank=True)
    q5_help_effective = models.BooleanField(null=True, blank=True)
    q5_reason = EncryptedTextField(blank=True)
    disclosure = models.BooleanField(default=False)
    final_decision = models.CharField(max_length=24, choices=DecisionChoice.choices, blank=True)
    deviation_reason = EncryptedTextField(blank=True)
    # Step 5 of the meldcode: two decisions, recorded separately (None: not decided yet).
    report_needed = models.BooleanField(null=True, blank=True)
    help_possible = models.BooleanField(null=True, blank=True)
    # The seed's required steps: discuss the weighing with Veilig Thuis and/or the zorgcoördinator, and contact
    # the zorgcoördinator for a (suspected) victim of exploitation — or say why not.
    no_expert_consultation_reason = EncryptedTextField(
        _("why the weighing was not discussed with Veilig Thuis or the zorgcoördinator"), blank=True
    )
    no_coordinator_contact_reason = EncryptedTextField(
        _("why the zorgcoördinator was not contacted"), blank=True
    )
    # Asked for young adults (18+): within the huiselijke kring the meldcode applies (meldcode/scope.py).
    exploiter_in_household = models.BooleanField(
        _("the (suspected) exploiter is an (ex-)partner, family member or housemate"),
        null=True,
        blank=True,
    )

    class Meta:
        abstract = True


class Weighing(WeighingAnswers):
    """Step 4: the five questions of the afwegingskader, each with its reason, as they stand now.

    One per case; every save also adds a WeighingVersion, so what was known and decided before is kept.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="weighing")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("weighing")
        verbose_name_plural = _("weighings")

    def __str__(self) -> str:
        return f"weighing {self.case_id}"


class WeighingVersion(WeighingAnswers):
    """One saved weighing, dated and kept: a later save adds a version, it never overwrites one.

    ``number`` is the Weighing's ``version`` the save produced. ``outcome`` is what the afwegingskader
    gave for these answers at the time. ``decided_at`` is when the decision (final decision and the two
    step-5 decisions) was first given: a save that leaves the decision as it was carries it over.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="weighing_versions")
    number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=24, choices=OutcomeChoice.choices)
    decided_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("weighing version")
        verbose_name_plural = _("weighing versions")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "number"], name="meldcode_weighing_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"weighing {self.case_id} v{self.number}"

    @property
    def has_decision(self) -> bool:
        return bool(self.final_decision) or any(
            value is not None for value in (self.report_needed, self.help_possible)
        )


class Action(CaseRecord):
    class Kind(models.TextChoices):
        REPORT_VEILIG_THUIS = "report_veilig_thuis", _("Report to Veilig Thuis")
        ADVICE_VEILIG_THUIS = "advice_veilig_thuis", _("Advice request to Veilig Thuis")
        CARE_COORDINATOR = "care_coordinator", _("Contact the zorgcoördinator mensenhandel")
        CARE_REFERRAL = "care_referral", _("Referral to care (for example a treatment programme)")
        POLICE = "police", _("Contact the police")
        POLICE_REPORT = "police_report", _("Police: file a report (aangifte)")
        POLICE_INFORMATION = (
            "police_information",
            _("Police: informative report (informatieve melding)"),
        )
        IGJ = "igj", _("Report to the IGJ (violence by staff or a fellow resident in youth care)")
        TRUANCY = "truancy", _("Leerplicht: report absence from school")
        SAFETY_HOUSE = "safety_house", _("Case meeting at the Zorg- en Veiligheidshuis")
        VEILIG_THUIS_TASKS = "veilig_thuis_tasks", _("Tasks handed back by Veilig Thuis")
        COMENSHA = "comensha", _("Registration with CoMensha")
        VERWIJSINDEX = "verwijsindex", _("Signal in the Verwijsindex")
        SCHOOL_BOARD = "school_board", _("Inform the school board (suspected offence by staff)")
        MONITORING = "monitoring", _("Follow-up: check whether the help works")
        OTHER = "other", _("Other action")

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Channel(models.TextChoices):
        PHONE = "phone", _("By phone (0800-2000)")
        WEB_FORM = "web_form", _("With the region's web form")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("action"), max_length=24, choices=Kind.choices)
    description = EncryptedTextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_actions",
        verbose_name=_("who does this"),
    )
    due_on = models.DateField(_("date due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    completed_on = models.DateField(_("date done"), null=True, blank=True)
    # A report to Veilig Thuis: when, how, reference, and "open melden, tenzij".
    reported_on = models.DateField(_("date reported"), null=True, blank=True)
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices, blank=True)
    reference = EncryptedTextField(_("Veilig Thuis reference"), blank=True)
    informed_beforehand = models.BooleanField(
        _("those involved were told beforehand"), null=True, blank=True
    )
    informed_who = EncryptedTextField(_("who was told"), blank=True)
    informed_reaction = EncryptedTextField(_("their reaction and objections"), blank=True)
    not_informed_reason = EncryptedTextField(_("why they were not told"), blank=True)
    version = models.PositiveIntegerField(default=1)
    # The day the due-action reminder went out; the Veilig Thuis feedback reminder keeps its own day, so the two
    # never suppress each other (decision 45).
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)
    feedback_reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["status", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on}"

    @property
    def is_report(self) -> bool:
        return self.kind == self.Kind.REPORT_VEILIG_THUIS


class VeiligThuisFeedback(CaseRecord):
    class Stage(models.TextChoices):
        AFTER_SAFETY_ASSESSMENT = "safety_assessment", _("After the safety assessment")
        AFTER_INVESTIGATION = "investigation", _("After the investigation")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="veilig_thuis_feedback")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="feedback")
    received_on = models.DateField(_("date received"))
    stage = models.CharField(_("feedback"), max_length=20, choices=Stage.choices)
    summary = EncryptedTextField(_("what Veilig Thuis said"))

    class Meta:
        verbose_name = _("feedback from Veilig Thuis")
        verbose_name_plural = _("feedback from Veilig Thuis")
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.stage} {self.received_on}"
