"""The case page: the core's records and each step app's part, composed; a fixed number of queries.

The core (``cases``) gives the team, the signals, the timeline and destruction requests; each step app gives its
part through its own selector (``meldcode.selectors.case_part``, ``consent.selectors.case_part``,
``instruments.selectors.case_part``). This module never reads another app's models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet, Window
from django.utils import timezone

from signaalwijzer.accounts.roles import can_place_legal_hold
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.ages import age_on
from signaalwijzer.cases.models import CaseMember, DestructionRequest, Observation, TimelineEntry
from signaalwijzer.cases.presence import kinds_present, wanted
from signaalwijzer.cases.retention import decide_by, destroy_on
from signaalwijzer.casework.stappenplan import (
    CaseFacts,
    StepStatus,
    current_step,
    next_steps,
    progress,
    report_urgent,
)
from signaalwijzer.consent import selectors as consent_selectors
from signaalwijzer.consent.age_rules import Party
from signaalwijzer.consent.models import ConsentRecord, PurposeChoice, ShareRecord
from signaalwijzer.directory.selectors import RegionalContacts, regional_contacts
from signaalwijzer.instruments import selectors as instrument_selectors
from signaalwijzer.links import selectors as links_selectors
from signaalwijzer.links.selectors import LinkRow
from signaalwijzer.meldcode import selectors as meldcode_selectors
from signaalwijzer.meldcode.afwegingskader import (
    Outcome,
    Unsafety,
    VeiligThuisFollowUp,
    evaluate,
    follow_up_with_veilig_thuis,
)
from signaalwijzer.meldcode.deadlines import DueState, feedback_is_new
from signaalwijzer.meldcode.models import (
    Action,
    Consultation,
    Conversation,
    Step3Skip,
    VeiligThuisFeedback,
    Weighing,
    WeighingVersion,
)
from signaalwijzer.meldcode.selectors import ActionRow, MeldcodePart
from signaalwijzer.meldcode.services import answers_of, case_route
from signaalwijzer.safety import selectors as safety_selectors
from signaalwijzer.safety.selectors import SafetyPart


@dataclass(frozen=True)
class SharedLine:
    """One sharing of information, for "Information shared": a recorded share, or a report to Veilig Thuis
    (a report is a sharing of information too, on the meldrecht or on consent)."""

    shared_on: date
    recipient: str
    purpose: str  # label
    basis: str  # label
    justification: str = ""
    report: bool = False


@dataclass
class CasePage:
    access: CaseAccess
    members: list[CaseMember]
    observations: list[Observation]
    consultations: list[Consultation]
    conversations: list[Conversation]
    step3_skips: list[Step3Skip]
    consents: list[ConsentRecord]
    shares: list[ShareRecord]
    weighing: Weighing | None
    weighing_versions: list[WeighingVersion]  # newest first; the first is the current weighing
    outcome: Outcome
    # What questions 3-5, answered with Veilig Thuis after the report, lead to (None: not applicable).
    follow_up: VeiligThuisFollowUp | None
    actions: list[ActionRow]
    timeline: list[TimelineEntry]
    steps: tuple[StepStatus, ...]
    current_step: int
    age: int | None
    required_today: frozenset[Party] | None
    reminders: list[ActionRow] = field(default_factory=list)
    assessments: list[Any] = field(default_factory=list)
    destruction_requests: list[Any] = field(default_factory=list)
    coordinators: list[Any] = field(default_factory=list)
    municipality: str | None = None
    # The zorgcoördinator(s), the Veilig Thuis region and the live list for the young person's municipality.
    regional: RegionalContacts | None = None
    destroy_on: date | None = None
    may_hold: bool = (
        False  # may place or lift a legal hold (meldcode officer, organisation administrator)
    )
    # The meldcode, or for a young adult exploited outside the household the chain without it (meldcode/scope.py).
    route: str = "meldcode"
    safety: SafetyPart | None = None  # missing episodes and the safety plan
    links: list[LinkRow] = field(default_factory=list)  # coded people, addresses, accounts
    # "What now?": codes, first "report_now" while a report to Veilig Thuis is urgent (stappenplan.next_steps).
    next_steps: tuple[str, ...] = ()
    report_urgent: bool = False
    report_decided_at: Any = (
        None  # when the current weighing's decision was given (None: no decision yet)
    )
    new_feedback: list[VeiligThuisFeedback] = field(
        default_factory=list
    )  # the last FEEDBACK_NEW_DAYS days
    shared: list[SharedLine] = field(default_factory=list)  # the shares and the reports, by date
    # How many signals and timeline entries the case has; with ``newest`` the lists above hold only the newest.
    observation_count: int = 0
    timeline_count: int = 0
    collapsed_to: int | None = None  # None: every list is complete

    @property
    def case(self) -> Any:
        return self.access.case

    @property
    def actions_shown(self) -> list[ActionRow]:
        """The actions the case page lists: the first ``collapsed_to`` (open ones first), or all."""
        return self.actions if self.collapsed_to is None else self.actions[: self.collapsed_to]


# Step 4's required discussion: with Veilig Thuis and/or the zorgcoördinator (DOMAIN.md §2, the seed).
EXPERTS_FOR_THE_WEIGHING = frozenset(
    {Consultation.Consultee.VEILIG_THUIS_ADVICE, Consultation.Consultee.CARE_COORDINATOR}
)


# Question 2 answers that mean acute unsafety (alone or with structural unsafety).
ACUTE = frozenset({Unsafety.ACUTE.value, Unsafety.ACUTE_AND_STRUCTURAL.value})


def _facts(
    observations: int,
    meldcode: MeldcodePart,
    consent: consent_selectors.ConsentPart,
    assessments: list[Any],
    exploitation_forms: list[str],
) -> CaseFacts:
    live_actions = [a for a in meldcode.actions if a.status != Action.Status.CANCELLED]
    weighing = meldcode.weighing
    return CaseFacts(
        observations=observations,
        assessments=instrument_selectors.finished_count(assessments),
        consultations=sum(
            1 for c in meldcode.consultations if c.stage == Consultation.Stage.STEP_2
        ),
        conversations=sum(1 for c in meldcode.conversations if c.kind == Conversation.Kind.STEP_3),
        step3_skipped=bool(meldcode.step3_skips),
        consent_recorded=consent.consent_recorded(),
        weighing_started=weighing is not None,
        weighing_decision=(weighing.final_decision or None) if weighing else None,
        weighing_presented=any(
            c.kind == Conversation.Kind.WEIGHING_PRESENTED for c in meldcode.conversations
        ),
        actions=len(live_actions),
        open_actions=sum(1 for a in live_actions if a.status == Action.Status.OPEN),
        report_made=any(a.is_report and a.reported_on for a in live_actions),
        follow_up_planned=any(a.kind == Action.Kind.MONITORING and a.due_on for a in live_actions),
        weighing_discussed_with_experts=any(
            c.stage == Consultation.Stage.STEP_4 and c.consultee in EXPERTS_FOR_THE_WEIGHING
            for c in meldcode.consultations
        )
        or bool(weighing and weighing.no_expert_consultation_reason.strip()),
        exploitation_suspected=bool(exploitation_forms) or bool(weighing and weighing.q1_suspicion),
        coordinator_contacted=any(
            a.kind == Action.Kind.CARE_COORDINATOR and a.status == Action.Status.DONE
            for a in live_actions
        )
        or bool(weighing and weighing.no_coordinator_contact_reason.strip()),
        acute_unsafety=bool(weighing and weighing.q2_unsafety in ACUTE),
        disclosure=bool(weighing and weighing.disclosure),
        report_needed=weighing.report_needed if weighing else None,
    )


def _shared(
    case: Any, consent: consent_selectors.ConsentPart, actions: list[Action]
) -> list[SharedLine]:
    """The recorded shares and every report made to Veilig Thuis, oldest first. A report on a day that
    already has a recorded share with Veilig Thuis is that share, not a second line."""
    bases = dict(ShareRecord.Basis.choices)
    lines = [
        SharedLine(
            shared_on=share.shared_on,
            recipient=share.recipient,
            purpose=share.get_purpose_display(),
            basis=share.get_basis_display(),
            justification=share.justification,
        )
        for share in consent.shares
    ]
    recorded = {
        share.shared_on for share in consent.shares if share.purpose == PurposeChoice.VEILIG_THUIS
    }
    for action in actions:
        if (
            not (action.is_report and action.reported_on)
            or action.status == Action.Status.CANCELLED
        ):
            continue
        if action.reported_on in recorded:
            continue
        basis = consent_selectors.report_basis(case, consent.consents, action.reported_on)
        lines.append(
            SharedLine(
                shared_on=action.reported_on,
                recipient="Veilig Thuis",
                purpose=action.get_kind_display(),
                basis=str(bases[basis]),
                report=True,
            )
        )
    return sorted(lines, key=lambda line: line.shared_on)


# The case page shows the newest this many signals, actions and timeline entries; the rest is one link away.
COLLAPSED = 10


def _newest(queryset: QuerySet[Any], newest: int | None) -> tuple[list[Any], int]:
    """The rows (only the first ``newest`` when given) and how many there are in all, in one query."""
    if newest is None:
        rows = list(queryset)
        return rows, len(rows)
    rows = list(queryset.annotate(total_rows=Window(Count("pk")))[:newest])
    return rows, (rows[0].total_rows if rows else 0)


def members_of(access: CaseAccess) -> list[CaseMember]:
    """The case team by date added: as the access check read it, else one query."""
    if access.team is not None:
        return list(access.team)
    return list(
        CaseMember.objects.filter(case=access.case).select_related("user").order_by("added_at")
    )


def case_page(access: CaseAccess, *, newest: int | None = None) -> CasePage:
    """Everything of the case; with ``newest`` the signals and the timeline are only the newest ones (their
    counts stay complete), so neither the queries nor the page grow with the records. One query first asks
    which kinds of record the case has (``cases.presence``); the kinds it has none of are not read."""
    case = access.case
    today = timezone.localdate()
    observations, observation_count = _newest(
        Observation.objects.filter(case=case).select_related("recorded_by"), newest
    )
    timeline, timeline_count = _newest(
        TimelineEntry.objects.filter(case=case).select_related("actor"), newest
    )
    present = kinds_present(
        case,
        {
            "cases.destruction_requests": DestructionRequest,
            **meldcode_selectors.presence(),
            **consent_selectors.presence(),
            **instrument_selectors.presence(),
            **safety_selectors.presence(),
            **links_selectors.presence(),
        },
    )
    meldcode = meldcode_selectors.case_part(access, present)
    consent = consent_selectors.case_part(access, today, present)
    assessments = instrument_selectors.case_part(access, present)
    facts = _facts(observation_count, meldcode, consent, assessments, case.exploitation_forms)
    steps = progress(facts)
    rows = meldcode_selectors.action_rows(meldcode.actions, today)
    answers = answers_of(meldcode.weighing)
    age = age_on(case.date_of_birth, today) if case.date_of_birth else None
    regional = regional_contacts(case.municipality_code, age)
    return CasePage(
        access=access,
        members=members_of(access),
        observations=observations,
        consultations=meldcode.consultations,
        conversations=meldcode.conversations,
        step3_skips=meldcode.step3_skips,
        consents=consent.consents,
        shares=consent.shares,
        weighing=meldcode.weighing,
        weighing_versions=meldcode.weighing_versions,
        outcome=evaluate(answers),
        follow_up=follow_up_with_veilig_thuis(answers, report_made=facts.report_made),
        actions=rows,
        timeline=timeline,
        steps=steps,
        current_step=current_step(steps),
        age=age,
        required_today=consent.required_today,
        reminders=[row for row in rows if row.feedback_overdue or row.due == DueState.OVERDUE],
        assessments=assessments,
        destruction_requests=[
            (request, decide_by(request.requested_on))
            for request in DestructionRequest.objects.filter(case=case).order_by("requested_on")
        ]
        if wanted(present, "cases.destruction_requests")
        else [],
        coordinators=regional.coordinators,
        municipality=regional.municipality,
        regional=regional,
        route=case_route(case, meldcode.weighing).value,
        destroy_on=destroy_on(
            timezone.localdate(case.closed_at) if case.closed_at else None,
            case.organisation.retention_years,
        ),
        may_hold=can_place_legal_hold(access.user.roles),
        safety=safety_selectors.case_part(access, present),
        links=links_selectors.case_part(access, present),
        next_steps=next_steps(facts, steps),
        report_urgent=report_urgent(facts),
        report_decided_at=(
            meldcode.weighing_versions[0].decided_at if meldcode.weighing_versions else None
        ),
        shared=_shared(case, consent, meldcode.actions),
        new_feedback=[
            feedback
            for action in meldcode.actions
            if action.status != Action.Status.CANCELLED
            for feedback in action.feedback.all()
            if feedback_is_new(feedback.received_on, today)
        ],
        observation_count=observation_count,
        timeline_count=timeline_count,
        collapsed_to=newest,
    )


# The lists the case page shortens to COLLAPSED, each complete on a page of its own (``record_list``).
RECORD_LISTS = ("signals", "actions", "timeline")


def record_list(access: CaseAccess, kind: str) -> list[Any]:
    """Every signal, action (as ``ActionRow``) or timeline entry of the case, in the case page's order."""
    if kind == "signals":
        return list(Observation.objects.filter(case=access.case).select_related("recorded_by"))
    if kind == "actions":
        return meldcode_selectors.action_rows(
            meldcode_selectors.case_actions(access), timezone.localdate()
        )
    if kind == "timeline":
        return list(TimelineEntry.objects.filter(case=access.case).select_related("actor"))
    raise ValueError(kind)
