from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.cases.retention import add_months, add_years, decide_by, destroy_on, is_due

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def test_an_open_case_is_never_due():
    assert destroy_on(None, 20) is None
    assert not is_due(None, 0, date(2100, 1, 1))


def test_a_case_closed_on_29_february_is_due_on_28_february():
    assert destroy_on(date(2024, 2, 29), 1) == date(2025, 2, 28)


@given(days, st.integers(0, 40))
def test_due_exactly_from_the_retention_date_on(closed, years):
    due = add_years(closed, years)
    assert not is_due(closed, years, due - timedelta(days=1))
    assert is_due(closed, years, due)


@given(days, st.integers(0, 24))
def test_adding_months_lands_in_the_right_month_and_never_later_in_it(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day


def test_a_request_is_decided_within_three_months():
    assert decide_by(date(2026, 11, 30)) == date(2027, 2, 28)
