"""Fixed bands for published statistics. Pure: no Django.

Bands are fixed (never fitted to the data), so a band can never be narrowed down to a few people.
"""

from __future__ import annotations

from datetime import date

AGE_BANDS = ("under_12", "12_15", "16_17", "18_plus", "unknown")


def age_band(age: int | None) -> str:
    if age is None:
        return "unknown"
    if age < 12:
        return "under_12"
    if age < 16:
        return "12_15"
    if age < 18:
        return "16_17"
    return "18_plus"


def quarter(day: date) -> str:
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"
