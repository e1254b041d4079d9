"""Working-day deadlines after a report, and the state of anything with a due date.

Veilig Thuis does a safety assessment within 5 working days of a report and then gives feedback
(DOMAIN.md §5). Working days skip weekends and the Dutch public holidays (``working_days.py``); a caller may
pass other holidays (``frozenset()`` for none).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from enum import StrEnum

from signaalwijzer.meldcode.working_days import (
    DUTCH_PUBLIC_HOLIDAYS,
    add_working_days,
    is_working_day,
)

__all__ = ["add_working_days", "is_working_day"]

FEEDBACK_WORKING_DAYS = 5  # Veilig Thuis does a safety assessment within 5 working days
# Feedback from Veilig Thuis stands at the top of the case page and the overview for this many days after it
# came in (our choice, not a rule of the meldcode): long enough to be read and acted on by a part-timer.
FEEDBACK_NEW_DAYS = 14


class DueState(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    UPCOMING = "upcoming"
    NO_DATE = "no_date"


def feedback_due_on(reported_on: date, holidays: Collection[date] = DUTCH_PUBLIC_HOLIDAYS) -> date:
    """The last day on which feedback from Veilig Thuis on a report is due."""
    return add_working_days(reported_on, FEEDBACK_WORKING_DAYS, holidays)


def feedback_overdue(
    reported_on: date,
    today: date,
    *,
    feedback_received: bool,
    holidays: Collection[date] = DUTCH_PUBLIC_HOLIDAYS,
) -> bool:
    """True when no feedback has come and the due day has passed."""
    return not feedback_received and today > feedback_due_on(reported_on, holidays)


def feedback_is_new(received_on: date, today: date) -> bool:
    """Feedback received in the last FEEDBACK_NEW_DAYS days (including today)."""
    return today - timedelta(days=FEEDBACK_NEW_DAYS) < received_on <= today


def due_state(due_on: date | None, today: date, *, done: bool) -> DueState:
    """Where something stands against its due date; being done outranks everything."""
    if done:
        return DueState.DONE
    if due_on is None:
        return DueState.NO_DATE
    if today > due_on:
        return DueState.OVERDUE
    if today == due_on:
        return DueState.DUE_TODAY
    return DueState.UPCOMING
