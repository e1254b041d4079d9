"""Working-day deadlines after a report, and the state of anything with a due date.

Veilig Thuis does a safety assessment within 5 working days of a report and then gives feedback
(DOMAIN.md §5). Public holidays differ by year and are not computed here: callers pass them in.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

FEEDBACK_WORKING_DAYS = 5  # Veilig Thuis does a safety assessment within 5 working days
# Feedback from Veilig Thuis stands at the top of the case page and the overview for this many days after it
# came in (our choice, not a rule of the meldcode): long enough to be read and acted on by a part-timer.
FEEDBACK_NEW_DAYS = 14

_SATURDAY = 5


class DueState(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    UPCOMING = "upcoming"
    NO_DATE = "no_date"


def is_working_day(day: date, holidays: frozenset[date] = frozenset()) -> bool:
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(start: date, days: int, holidays: frozenset[date] = frozenset()) -> date:
    """The date ``days`` working days after ``start``, skipping weekends and ``holidays``."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def feedback_due_on(reported_on: date, holidays: frozenset[date] = frozenset()) -> date:
    """The last day on which feedback from Veilig Thuis on a report is due."""
    return add_working_days(reported_on, FEEDBACK_WORKING_DAYS, holidays)


def feedback_overdue(
    reported_on: date,
    today: date,
    *,
    feedback_received: bool,
    holidays: frozenset[date] = frozenset(),
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
