"""The top of the overview: what is urgent on the user's open cases (reports to make, overdue actions, Veilig
Thuis feedback that came in or is overdue), in a fixed number of queries, with one LIST event per case shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from signaalwijzer.accounts.models import User
from signaalwijzer.audit.services import record_list_access
from signaalwijzer.casework.stappenplan import CaseFacts, report_urgent
from signaalwijzer.meldcode.selectors import ACUTE_ANSWERS, attention_part


@dataclass(frozen=True)
class UrgentItem:
    kind: str  # report_now, action_overdue, feedback_overdue, feedback_new
    case: Any
    day: date | None  # decided on / due on / feedback due on / received on
    action: Any = None
    feedback: Any = None


ORDER = {"report_now": 0, "feedback_overdue": 1, "action_overdue": 2, "feedback_new": 3}


def _facts(weighing: Any) -> CaseFacts:
    return CaseFacts(
        weighing_decision=weighing.final_decision or None,
        report_needed=weighing.report_needed,
        acute_unsafety=weighing.q2_unsafety in ACUTE_ANSWERS,
        disclosure=weighing.disclosure,
        report_made=False,  # the selector left out every case with a report made
    )


def urgent_for(user: User) -> list[UrgentItem]:
    part = attention_part(user)
    items: list[UrgentItem] = []
    bases: dict[int, tuple[Any, str]] = {}
    for weighing in part.weighings:
        if report_urgent(_facts(weighing)):
            decided = timezone.localdate(weighing.decided_at) if weighing.decided_at else None
            items.append(UrgentItem("report_now", weighing.case, decided))
            bases[weighing.case_id] = (weighing.case, weighing.access_basis)
    for row in part.feedback_overdue:
        items.append(
            UrgentItem("feedback_overdue", row.action.case, row.feedback_due_on, action=row.action)
        )
        report: Any = row.action  # annotated with access_basis
        bases[report.case_id] = (report.case, report.access_basis)
    for action in part.overdue_actions:
        items.append(UrgentItem("action_overdue", action.case, action.due_on, action=action))
        bases[action.case_id] = (action.case, action.access_basis)
    for feedback in part.new_feedback:
        items.append(
            UrgentItem("feedback_new", feedback.case, feedback.received_on, feedback=feedback)
        )
        bases[feedback.case_id] = (feedback.case, feedback.access_basis)
    record_list_access(user=user, cases=list(bases.values()), purpose="dashboard.urgent")
    return sorted(items, key=lambda item: ORDER[item.kind])
