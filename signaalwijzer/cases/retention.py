"""Retention of closed cases (bewaartermijn). Pure: no Django.

Youth-care files are kept at least 20 years after the help ended (here: after the case was closed); an
organisation may set its own period. A young person (from 12) or the parents may ask for earlier
destruction, decided within 3 months.
"""

from __future__ import annotations

from datetime import date

DEFAULT_RETENTION_YEARS = 20
# The law's minimum for youth-care files (Jeugdwet art. 7.3.8; the WGBO for health care is the same). The
# maximum is ours, not the law's: the AVG allows no longer than needed, and 50 years covers any file a young
# person might still ask for. An organisation administrator sets a period within these bounds.
MINIMUM_RETENTION_YEARS = 20
MAXIMUM_RETENTION_YEARS = 50
DECISION_MONTHS = 3
MINIMUM_AGE_TO_REQUEST = 12


def retention_years_allowed(years: int) -> bool:
    return MINIMUM_RETENTION_YEARS <= years <= MAXIMUM_RETENTION_YEARS


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def destroy_on(closed_on: date | None, retention_years: int) -> date | None:
    """The first day the case may be destroyed; None while it is open."""
    if closed_on is None:
        return None
    return add_years(closed_on, retention_years)


def is_due(closed_on: date | None, retention_years: int, today: date) -> bool:
    due = destroy_on(closed_on, retention_years)
    return due is not None and today >= due


def decide_by(requested_on: date) -> date:
    return add_months(requested_on, DECISION_MONTHS)
