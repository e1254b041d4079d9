"""A young person's age: completed years on a day, and the fixed bands statistics use. Pure: no Django.

The core keeps these because every layer needs them: the consent rule (by age on the day of consent), the
retention rule (who may ask for destruction), the case's age band for statistics.
"""

from __future__ import annotations

from datetime import date

AGE_BANDS = ("under_12", "12_15", "16_17", "18_plus", "unknown")


def age_on(born: date, day: date) -> int:
    """Completed years on ``day``; a 29 February birthday counts on 1 March in other years."""
    if day < born:
        raise ValueError("day lies before the date of birth")
    # Comparing (month, day) pairs puts (2, 29) after every day of February and before 1 March,
    # which is exactly the legal reading of a leap-day birthday in a common year.
    birthday_passed = (day.month, day.day) >= (born.month, born.day)
    return day.year - born.year - (0 if birthday_passed else 1)


def age_band(age: int | None) -> str:
    """Fixed bands (never fitted to the data), so a band can never be narrowed down to a few people."""
    if age is None:
        return "unknown"
    if age < 12:
        return "under_12"
    if age < 16:
        return "12_15"
    if age < 18:
        return "16_17"
    return "18_plus"
