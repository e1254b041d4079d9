"""Working days in the Netherlands: weekends and Dutch public holidays are skipped."""

from datetime import date, timedelta

import holidays
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.meldcode.working_days import (
    DUTCH_PUBLIC_HOLIDAYS,
    add_working_days,
    dutch_public_holidays,
    is_working_day,
)

starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31))
day_counts = st.integers(min_value=0, max_value=40)


def test_the_dutch_public_holidays_are_the_holidays_packages():
    assert dutch_public_holidays(2026) == frozenset(holidays.Netherlands(years=2026))
    assert date(2026, 4, 27) in DUTCH_PUBLIC_HOLIDAYS  # King's Day
    assert date(2026, 12, 25) in DUTCH_PUBLIC_HOLIDAYS
    assert date(2026, 3, 10) not in DUTCH_PUBLIC_HOLIDAYS


def test_christmas_and_new_year_are_skipped():
    # Tuesday 23 December 2025 + 5: 24, 29, 30, 31 December, 2 January (25, 26 Dec and 1 Jan are holidays)
    assert add_working_days(date(2025, 12, 23), 5) == date(2026, 1, 2)


def test_ascension_day_is_skipped():
    # Wednesday 13 May 2026 + 1: Thursday 14 May is Ascension Day
    assert add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 15)


@given(starts, st.integers(min_value=1, max_value=40))
def test_never_lands_on_a_weekend_or_a_holiday(start, days):
    result = add_working_days(start, days)
    assert result.weekday() < 5
    assert result not in dutch_public_holidays(result.year)
    assert is_working_day(result)


@given(starts, day_counts)
def test_more_working_days_is_always_later(start, days):
    assert add_working_days(start, days + 1) > add_working_days(start, days)


@given(starts, starts, day_counts)
def test_a_later_start_never_gives_an_earlier_day(first, second, days):
    early, late = sorted((first, second))
    assert add_working_days(early, days) <= add_working_days(late, days)


@given(starts, day_counts)
def test_exactly_that_many_working_days_are_counted(start, days):
    end = add_working_days(start, days)
    between = (start + timedelta(days=n) for n in range(1, (end - start).days + 1))
    assert sum(1 for day in between if is_working_day(day)) == days


@given(starts, day_counts)
def test_holidays_only_postpone(start, days):
    assert add_working_days(start, days) >= add_working_days(start, days, frozenset())
