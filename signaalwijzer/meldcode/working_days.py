"""Working days in the Netherlands: Monday to Friday, except the Dutch public holidays. Pure: no Django.

The public holidays come from the ``holidays`` package (``holidays.Netherlands()``, pinned): New Year's Day,
Good Friday, Easter, King's Day, Liberation Day (in the years the package counts it), Ascension Day, Whitsun and
Christmas. Veilig Thuis counts its 5 working days the same way, so a reminder never comes on a day off and never
before the deadline has really passed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date, timedelta
from functools import lru_cache

import holidays as holiday_calendars

_SATURDAY = 5


@lru_cache(maxsize=256)
def dutch_public_holidays(year: int) -> frozenset[date]:
    return frozenset(holiday_calendars.Netherlands(years=year))


class DutchPublicHolidays(Collection[date]):
    """Every Dutch public holiday of every year, looked up per year when asked."""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day in dutch_public_holidays(day.year)

    def __iter__(self) -> Iterator[date]:
        raise TypeError("the Dutch public holidays of all years cannot be listed")

    def __len__(self) -> int:
        raise TypeError("the Dutch public holidays of all years cannot be counted")


DUTCH_PUBLIC_HOLIDAYS = DutchPublicHolidays()


def is_working_day(day: date, holidays: Collection[date] = DUTCH_PUBLIC_HOLIDAYS) -> bool:
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(
    start: date, days: int, holidays: Collection[date] = DUTCH_PUBLIC_HOLIDAYS
) -> date:
    """The date ``days`` working days after ``start`` (0: ``start`` itself), skipping weekends and holidays."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day
