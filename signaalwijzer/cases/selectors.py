"""Reading a case for its page, and the actions list: a fixed number of queries, whatever the size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import can_work_on_cases
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.audit.services import record_list_access
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import CaseMember, DestructionRequest, Observation, TimelineEntry
from signaalwijzer.cases.retention import decide_by, destroy_on
from signaalwijzer.cases.stappenplan import CaseFacts, StepStatus, current_step, progress
from signaalwijzer.consent.age_rules import Party, age_on
from signaalwijzer.consent.models import ConsentRecord, ShareRecord
from signaalwijzer.consent.services import required_parties
from signaalwijzer.directory.municipalities import municipality_name
from signaalwijzer.directory.selectors import coordinators_for
from signaalwijzer.instruments.selectors import ScoredAssessment, case_assessments
from signaalwijzer.meldcode.afwegingskader import (
    Outcome,
    VeiligThuisFollowUp,
    evaluate,
    follow_up_with_veilig_thuis,
)
from signaalwijzer.meldcode.deadlines import DueState, due_state, feedback_due_on, feedback_overdue
from signaalwijzer.meldcode.models import (
    Action,
    Consultation,
    Conversation,
    Step3Skip,
    VeiligThuisFeedback,
    Weighing,
    WeighingVersion,
)
from signaalwijzer.meldcode.services import answers_of


@dataclass
class ActionRow:
    action: Action
    due: DueState
    feedback_overdue: bool = False
    feedback_due_on: date | None = None


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
    destroy_on: date | None = None

    @property
    def case(self) -> Any:
        return self.access.case


def _facts(
    page_parts: dict[str, Any], required: frozenset[Party] | None, assessments: list[Any]
) -> CaseFacts:
    consents: list[ConsentRecord] = page_parts["consents"]
    actions: list[Action] = page_parts["actions"]
    conversations: list[Conversation] = page_parts["conversations"]
    consultations: list[Consultation] = page_parts["consultations"]
    weighing: Weighing | None = page_parts["weighing"]
    parties_with_record = {Party(record.party) for record in consents}
    consent_recorded = bool(consents) and (required is None or required <= parties_with_record)
    live_actions = [a for a in actions if a.status != Action.Status.CANCELLED]
    return CaseFacts(
        observations=len(page_parts["observations"]),
        assessments=sum(
            1
            for item in assessments
            if isinstance(item, ScoredAssessment) and item.assessment.is_finished
        ),
        consultations=sum(1 for c in consultations if c.stage == Consultation.Stage.STEP_2),
        conversations=sum(1 for c in conversations if c.kind == Conversation.Kind.STEP_3),
        step3_skipped=bool(page_parts["step3_skips"]),
        consent_recorded=consent_recorded,
        weighing_started=weighing is not None,
        weighing_decision=(weighing.final_decision or None) if weighing else None,
        weighing_presented=any(
            c.kind == Conversation.Kind.WEIGHING_PRESENTED for c in conversations
        ),
        actions=len(live_actions),
        open_actions=sum(1 for a in live_actions if a.status == Action.Status.OPEN),
        report_made=any(a.is_report and a.reported_on for a in live_actions),
        follow_up_planned=any(a.kind == Action.Kind.MONITORING and a.due_on for a in live_actions),
    )


def _action_rows(actions: list[Action], today: date) -> list[ActionRow]:
    rows = []
    for action in actions:
        row = ActionRow(
            action=action,
            due=due_state(action.due_on, today, done=action.status != Action.Status.OPEN),
        )
        if action.is_report and action.reported_on:
            row.feedback_due_on = feedback_due_on(action.reported_on)
            row.feedback_overdue = feedback_overdue(
                action.reported_on, today, feedback_received=bool(action.feedback.all())
            )
        rows.append(row)
    return rows


def case_page(access: CaseAccess) -> CasePage:
    case = access.case
    today = timezone.localdate()
    parts: dict[str, Any] = {
        "members": list(
            CaseMember.objects.filter(case=case).select_related("user").order_by("added_at")
        ),
        "observations": list(Observation.objects.filter(case=case).select_related("recorded_by")),
        "consultations": list(Consultation.objects.filter(case=case).select_related("recorded_by")),
        "conversations": list(Conversation.objects.filter(case=case).select_related("recorded_by")),
        "step3_skips": list(Step3Skip.objects.filter(case=case)),
        "consents": list(ConsentRecord.objects.filter(case=case).select_related("recorded_by")),
        "shares": list(ShareRecord.objects.filter(case=case)),
        "weighing": Weighing.objects.filter(case=case).first(),
        "weighing_versions": list(
            WeighingVersion.objects.filter(case=case).select_related("author").order_by("-number")
        ),
        "actions": list(
            Action.objects.filter(case=case)
            .select_related("owner")
            .prefetch_related(
                Prefetch("feedback", queryset=VeiligThuisFeedback.objects.order_by("received_on"))
            )
        ),
        "timeline": list(TimelineEntry.objects.filter(case=case).select_related("actor")),
    }
    required = required_parties(case, today)
    assessments = case_assessments(access)
    facts = _facts(parts, required, assessments)
    steps = progress(facts)
    action_rows = _action_rows(parts.pop("actions"), today)
    answers = answers_of(parts["weighing"])
    return CasePage(
        access=access,
        **parts,
        outcome=evaluate(answers),
        follow_up=follow_up_with_veilig_thuis(answers, report_made=facts.report_made),
        actions=action_rows,
        steps=steps,
        current_step=current_step(steps),
        age=age_on(case.date_of_birth, today) if case.date_of_birth else None,
        required_today=required,
        reminders=[
            row for row in action_rows if row.feedback_overdue or row.due == DueState.OVERDUE
        ],
        assessments=assessments,
        destruction_requests=[
            (request, decide_by(request.requested_on))
            for request in DestructionRequest.objects.filter(case=case).order_by("requested_on")
        ],
        coordinators=coordinators_for(
            case.municipality_code,
            age_on(case.date_of_birth, today) if case.date_of_birth else None,
        ),
        municipality=municipality_name(case.municipality_code) if case.municipality_code else None,
        destroy_on=destroy_on(
            timezone.localdate(case.closed_at) if case.closed_at else None,
            case.organisation.retention_years,
        ),
    )


def my_actions(user: User) -> list[ActionRow]:
    """Open actions the user owns, over all cases they can still see; due and overdue first."""
    if not can_work_on_cases(user.roles) or user.organisation_id is None:
        return []
    actions = list(
        Action.objects.filter(
            owner=user,
            status=Action.Status.OPEN,
            case__status="open",
            case__organisation_id=user.organisation_id,
            case__members__user=user,
        )
        .select_related("case")
        .order_by("due_on", "pk")
        .distinct()
    )
    today = timezone.localdate()
    rows = [ActionRow(action=a, due=due_state(a.due_on, today, done=False)) for a in actions]
    cases = {row.action.case_id: row.action.case for row in rows}
    record_list_access(
        user=user,
        cases=[(case, "action_owner") for case in cases.values()],
        purpose="dashboard.my_actions",
    )
    order = {DueState.OVERDUE: 0, DueState.DUE_TODAY: 1, DueState.UPCOMING: 2, DueState.NO_DATE: 3}
    return sorted(rows, key=lambda row: (order.get(row.due, 4), row.action.due_on or date.max))


def who_saw(access: CaseAccess) -> list[AccessEvent]:
    """The access log of this case, for its owner (list views are left out: they show no content)."""
    return list(
        AccessEvent.objects.filter(case=access.case)
        .exclude(action=AccessEvent.Action.LIST)
        .select_related("user")
        .order_by("-at", "-pk")[:500]
    )


def case_page_members(access: CaseAccess) -> list[CaseMember]:
    return list(
        CaseMember.objects.filter(case=access.case).select_related("user").order_by("added_at")
    )


def destruction_request(access: CaseAccess, request_id: int) -> DestructionRequest:
    request = DestructionRequest.objects.filter(pk=request_id, case=access.case).first()
    if request is None:
        raise Http404
    return request
