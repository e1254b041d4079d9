from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.meldcode.deadlines import (
    FEEDBACK_WORKING_DAYS,
    DueState,
    add_working_days,
    due_state,
    feedback_due_on,
    feedback_overdue,
)

MONDAY = date(2025, 3, 10)
FRIDAY = date(2025, 3, 7)
SATURDAY = date(2025, 3, 8)
SUNDAY = date(2025, 3, 9)
EASTER_MONDAY = date(2025, 4, 21)
NO_HOLIDAYS: frozenset[date] = frozenset()
CHRISTMAS = frozenset({date(2025, 12, 25), date(2025, 12, 26), date(2026, 1, 1)})

starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
day_counts = st.integers(min_value=0, max_value=60)


@st.composite
def start_and_holidays(draw):
    start = draw(starts)
    offsets = draw(st.sets(st.integers(min_value=-5, max_value=90), max_size=20))
    return start, frozenset(start + timedelta(days=offset) for offset in offsets)


def working_days_between(start, end, holidays):
    """The working days after start up to and including end, counted the slow way."""
    days = (start + timedelta(days=n) for n in range(1, (end - start).days + 1))
    return sum(1 for day in days if day.weekday() < 5 and day not in holidays)


def test_veilig_thuis_has_five_working_days():
    assert FEEDBACK_WORKING_DAYS == 5


def test_a_report_on_monday_is_due_the_next_monday():
    assert feedback_due_on(MONDAY) == date(2025, 3, 17)


def test_a_report_on_friday_is_due_the_next_friday():
    assert feedback_due_on(FRIDAY) == date(2025, 3, 14)


@pytest.mark.parametrize("weekend_day", [SATURDAY, SUNDAY])
def test_a_report_in_the_weekend_is_due_on_the_friday_after(weekend_day):
    assert feedback_due_on(weekend_day) == date(2025, 3, 14)


def test_a_holiday_moves_the_due_date_one_working_day_on():
    thursday_before_easter = date(2025, 4, 17)
    assert feedback_due_on(thursday_before_easter, NO_HOLIDAYS) == date(2025, 4, 24)
    assert feedback_due_on(thursday_before_easter, frozenset({EASTER_MONDAY})) == date(2025, 4, 25)


def test_by_default_the_dutch_public_holidays_count():
    # Good Friday 18 April and Easter Monday 21 April 2025 (holidays.Netherlands())
    thursday_before_easter = date(2025, 4, 17)
    assert feedback_due_on(thursday_before_easter) == date(2025, 4, 28)
    # King's Day falls on a Monday in 2026 (27 April)
    assert feedback_due_on(date(2026, 4, 23)) == date(2026, 5, 1)


def test_christmas_and_new_year_are_skipped():
    assert feedback_due_on(date(2025, 12, 23), CHRISTMAS) == date(2026, 1, 2)


def test_a_holiday_on_the_day_of_the_report_changes_nothing():
    assert feedback_due_on(MONDAY, frozenset({MONDAY})) == feedback_due_on(MONDAY, NO_HOLIDAYS)


@pytest.mark.parametrize("start", [MONDAY, SATURDAY, SUNDAY])
def test_adding_no_working_days_keeps_the_day_even_in_the_weekend(start):
    assert add_working_days(start, 0) == start


def test_one_working_day_after_friday_is_monday():
    assert add_working_days(FRIDAY, 1) == MONDAY


def test_a_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError):
        add_working_days(MONDAY, -1)


def test_feedback_is_not_overdue_on_the_due_day():
    assert not feedback_overdue(FRIDAY, date(2025, 3, 14), feedback_received=False)


def test_feedback_is_overdue_the_day_after_the_due_day():
    assert feedback_overdue(FRIDAY, date(2025, 3, 15), feedback_received=False)


def test_feedback_that_came_is_never_overdue():
    assert not feedback_overdue(FRIDAY, date(2025, 6, 1), feedback_received=True)


def test_feedback_is_not_overdue_on_the_day_of_the_report():
    assert not feedback_overdue(FRIDAY, FRIDAY, feedback_received=False)


def test_a_holiday_postpones_overdue_feedback():
    thursday_before_easter = date(2025, 4, 17)
    day_after_plain_due_date = date(2025, 4, 25)
    assert feedback_overdue(
        thursday_before_easter,
        day_after_plain_due_date,
        feedback_received=False,
        holidays=NO_HOLIDAYS,
    )
    assert not feedback_overdue(
        thursday_before_easter,
        day_after_plain_due_date,
        feedback_received=False,
        holidays=frozenset({EASTER_MONDAY}),
    )


@pytest.mark.parametrize(
    ("due_on", "today", "done", "state"),
    [
        (MONDAY, MONDAY + timedelta(days=3), True, DueState.DONE),
        (None, MONDAY, True, DueState.DONE),
        (None, MONDAY, False, DueState.NO_DATE),
        (MONDAY, MONDAY + timedelta(days=1), False, DueState.OVERDUE),
        (MONDAY, MONDAY, False, DueState.DUE_TODAY),
        (MONDAY, MONDAY - timedelta(days=1), False, DueState.UPCOMING),
    ],
)
def test_the_due_state_follows_the_date_unless_the_work_is_done(due_on, today, done, state):
    assert due_state(due_on, today, done=done) == state


# properties


@given(start_and_holidays(), st.integers(min_value=1, max_value=60))
def test_the_result_is_always_a_working_day(pair, days):
    start, holidays = pair
    result = add_working_days(start, days, holidays)
    assert result.weekday() < 5
    assert result not in holidays


@given(start_and_holidays())
def test_adding_no_working_days_is_the_identity(pair):
    start, holidays = pair
    assert add_working_days(start, 0, holidays) == start


@given(start_and_holidays(), day_counts)
def test_working_days_take_at_least_as_many_calendar_days(pair, days):
    start, holidays = pair
    assert (add_working_days(start, days, holidays) - start).days >= days


@given(start_and_holidays(), day_counts)
def test_exactly_the_asked_number_of_working_days_lies_in_between(pair, days):
    start, holidays = pair
    assert working_days_between(start, add_working_days(start, days, holidays), holidays) == days


@given(start_and_holidays(), st.integers(min_value=1, max_value=60))
def test_the_result_is_the_first_day_that_completes_the_working_days(pair, days):
    start, holidays = pair
    day_before = add_working_days(start, days, holidays) - timedelta(days=1)
    assert working_days_between(start, day_before, holidays) == days - 1


@given(start_and_holidays(), day_counts)
def test_one_more_working_day_is_always_later(pair, days):
    start, holidays = pair
    assert add_working_days(start, days + 1, holidays) > add_working_days(start, days, holidays)


@given(start_and_holidays(), day_counts, day_counts)
def test_adding_working_days_in_two_goes_is_the_same_as_at_once(pair, first, second):
    start, holidays = pair
    in_two_goes = add_working_days(add_working_days(start, first, holidays), second, holidays)
    assert in_two_goes == add_working_days(start, first + second, holidays)


@given(start_and_holidays(), day_counts)
def test_holidays_can_only_postpone(pair, days):
    start, holidays = pair
    assert add_working_days(start, days, holidays) >= add_working_days(start, days, NO_HOLIDAYS)


@given(start_and_holidays(), st.integers(min_value=-10, max_value=30), st.booleans())
def test_overdue_feedback_is_exactly_an_overdue_due_state(pair, offset, received):
    reported_on, holidays = pair
    today = reported_on + timedelta(days=offset)
    state = due_state(feedback_due_on(reported_on, holidays), today, done=received)
    overdue = feedback_overdue(reported_on, today, feedback_received=received, holidays=holidays)
    assert overdue == (state == DueState.OVERDUE)


@given(st.none() | starts, starts)
def test_done_work_is_always_done_whatever_its_date(due_on, today):
    assert due_state(due_on, today, done=True) == DueState.DONE
