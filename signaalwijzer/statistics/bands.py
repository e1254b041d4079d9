"""Fixed bands for published statistics. Pure: no Django.

Bands are fixed (never fitted to the data), so a band can never be narrowed down to a few people.
"""

from __future__ import annotations

from datetime import date

from signaalwijzer.cases.ages import AGE_BANDS, age_band

__all__ = ["AGE_BANDS", "age_band", "quarter"]


def quarter(day: date) -> str:
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"
