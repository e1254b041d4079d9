"""Reading meldcode records of a case the caller already has access to; ``case_part`` for the case page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, Model, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.utils import timezone

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import can_work_on_cases
from signaalwijzer.audit.services import record_list_access
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.presence import wanted
from signaalwijzer.meldcode.deadlines import (
    FEEDBACK_NEW_DAYS,
    FEEDBACK_WORKING_DAYS,
    DueState,
    due_state,
    feedback_due_on,
    feedback_overdue,
)
from signaalwijzer.meldcode.models import (
    Action,
    Consultation,
    Conversation,
    Step3Skip,
    VeiligThuisFeedback,
    Weighing,
    WeighingVersion,
)


def case_action(access: CaseAccess, action_id: int) -> Action:
    """An action of this case; an action of another case is a 404, as if it did not exist."""
    action = Action.objects.filter(pk=action_id, case=access.case).select_related("owner").first()
    if action is None:
        raise Http404
    return action


def case_weighing(access: CaseAccess) -> Weighing | None:
    return Weighing.objects.filter(case=access.case).first()


def case_weighing_versions(access: CaseAccess) -> list[WeighingVersion]:
    """Every saved weighing of the case, newest first."""
    return list(
        WeighingVersion.objects.filter(case=access.case)
        .select_related("author")
        .order_by("-number")
    )


@dataclass
class ActionRow:
    action: Action
    due: DueState
    feedback_overdue: bool = False
    feedback_due_on: date | None = None


def action_rows(actions: list[Action], today: date) -> list[ActionRow]:
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


@dataclass(frozen=True)
class MeldcodePart:
    """Steps 2-5 of one case, for the case page, the dossier and the exports (a fixed number of queries)."""

    consultations: list[Consultation]
    conversations: list[Conversation]
    step3_skips: list[Step3Skip]
    weighing: Weighing | None
    weighing_versions: list[WeighingVersion]  # newest first; the first is the current weighing
    actions: list[Action]


def presence() -> dict[str, type[Model]]:
    """The kinds ``case_part`` can skip, for ``cases.presence.kinds_present``."""
    return {
        "meldcode.consultations": Consultation,
        "meldcode.conversations": Conversation,
        "meldcode.step3_skips": Step3Skip,
        "meldcode.weighing": Weighing,
        "meldcode.weighing_versions": WeighingVersion,
        "meldcode.actions": Action,
    }


def case_part(access: CaseAccess, present: frozenset[str] | None = None) -> MeldcodePart:
    """With ``present`` (from ``presence()``) only the kinds the case has are read."""
    case = access.case
    return MeldcodePart(
        consultations=list(Consultation.objects.filter(case=case).select_related("recorded_by"))
        if wanted(present, "meldcode.consultations")
        else [],
        conversations=list(Conversation.objects.filter(case=case).select_related("recorded_by"))
        if wanted(present, "meldcode.conversations")
        else [],
        step3_skips=list(Step3Skip.objects.filter(case=case))
        if wanted(present, "meldcode.step3_skips")
        else [],
        weighing=Weighing.objects.filter(case=case).first()
        if wanted(present, "meldcode.weighing")
        else None,
        weighing_versions=case_weighing_versions(access)
        if wanted(present, "meldcode.weighing_versions")
        else [],
        actions=case_actions(access) if wanted(present, "meldcode.actions") else [],
    )


def case_actions(access: CaseAccess) -> list[Action]:
    """The case's actions with their owners and Veilig Thuis feedback: two queries."""
    return list(
        Action.objects.filter(case=access.case)
        .select_related("owner")
        .prefetch_related(
            Prefetch("feedback", queryset=VeiligThuisFeedback.objects.order_by("received_on"))
        )
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


@dataclass(frozen=True)
class AttentionPart:
    """What needs attention on the user's open cases, for the top of the overview; a fixed number of queries.

    ``weighings`` are the candidates for "report now" (a report decided, acute unsafety or a disclosure, and no
    report made yet), each annotated with ``decided_at`` of its newest version and ``access_basis``; the caller
    applies the rule (casework.stappenplan.report_urgent).
    """

    # Annotated querysets (access_basis, decided_at): Weighing, Action and VeiligThuisFeedback rows.
    weighings: list[Any]
    overdue_actions: list[Any]
    feedback_overdue: list[ActionRow]
    new_feedback: list[Any]


ACUTE_ANSWERS = ("acute", "acute_and_structural")


def _on_my_open_cases(user: User, prefix: str = "case__") -> dict[str, object]:
    return {
        f"{prefix}status": "open",
        f"{prefix}organisation_id": user.organisation_id,
        f"{prefix}members__user": user,
    }


def _membership_role(user: User) -> Subquery:
    from signaalwijzer.cases.models import CaseMember

    return Subquery(
        CaseMember.objects.filter(case_id=OuterRef("case_id"), user=user).values("role")[:1]
    )


def _live_report_made() -> Exists:
    return Exists(
        Action.objects.filter(
            case_id=OuterRef("case_id"),
            kind=Action.Kind.REPORT_VEILIG_THUIS,
            reported_on__isnull=False,
        ).exclude(status=Action.Status.CANCELLED)
    )


def attention_part(user: User) -> AttentionPart:
    """Reports to make, overdue actions and Veilig Thuis feedback (new, or overdue) on the user's open cases.

    Only cases the user is on the team of (the same cases as the overview's list); four queries however many
    cases there are. Every row carries ``access_basis`` (the user's membership role): the caller records one
    LIST event per case it shows (casework.urgent).
    """
    if not can_work_on_cases(user.roles) or user.organisation_id is None:
        return AttentionPart([], [], [], [])
    today = timezone.localdate()
    mine = _on_my_open_cases(user)
    role = _membership_role(user)
    weighings = list(
        Weighing.objects.filter(**mine)
        .filter(
            Q(final_decision="report")
            | Q(report_needed=True)
            | Q(q2_unsafety__in=ACUTE_ANSWERS)
            | Q(disclosure=True)
        )
        .annotate(
            report_made=_live_report_made(),
            access_basis=role,
            decided_at=Subquery(
                WeighingVersion.objects.filter(case_id=OuterRef("case_id"))
                .order_by("-number")
                .values("decided_at")[:1]
            ),
        )
        .filter(report_made=False)
        .select_related("case")
        .order_by("case_id")
    )
    overdue_actions = list(
        Action.objects.filter(**mine, status=Action.Status.OPEN, due_on__lt=today)
        .annotate(access_basis=role)
        .select_related("case")
        .order_by("due_on", "pk")
    )
    reports = list(
        Action.objects.filter(
            **mine,
            kind=Action.Kind.REPORT_VEILIG_THUIS,
            reported_on__isnull=False,
            # Feedback is due 5 working days after the report: never before 5 calendar days have passed.
            reported_on__lt=today - timedelta(days=FEEDBACK_WORKING_DAYS),
        )
        .exclude(status=Action.Status.CANCELLED)
        .annotate(
            access_basis=role,
            has_feedback=Exists(VeiligThuisFeedback.objects.filter(action_id=OuterRef("pk"))),
        )
        .filter(has_feedback=False)
        .select_related("case")
        .order_by("reported_on", "pk")
    )
    feedback_overdue_rows = []
    for report in reports:
        reported_on = report.reported_on
        assert reported_on is not None  # filtered on above
        if feedback_overdue(reported_on, today, feedback_received=False):
            feedback_overdue_rows.append(
                ActionRow(
                    action=report,
                    due=DueState.OVERDUE,
                    feedback_overdue=True,
                    feedback_due_on=feedback_due_on(reported_on),
                )
            )
    new_feedback = list(
        VeiligThuisFeedback.objects.filter(
            **mine,
            received_on__gt=today - timedelta(days=FEEDBACK_NEW_DAYS),
            received_on__lte=today,
        )
        .exclude(action__status=Action.Status.CANCELLED)
        .annotate(access_basis=role)
        .select_related("case")
        .order_by("-received_on", "-pk")
    )
    return AttentionPart(weighings, overdue_actions, feedback_overdue_rows, new_feedback)
