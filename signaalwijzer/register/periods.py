"""When a loose signal expires. Pure: no Django imports."""

from __future__ import annotations

import calendar
from datetime import date

# How long a signal without a case may be kept: ours, not the law's. At least a month, so that a colleague
# can still connect a second signal to it; at most a year, since it is unconfirmed personal data (AVG).
MINIMUM_MONTHS = 1
MAXIMUM_MONTHS = 12


def months_allowed(months: int) -> bool:
    return MINIMUM_MONTHS <= months <= MAXIMUM_MONTHS


def expires_on(recorded: date, months: int) -> date:
    """``months`` calendar months after ``recorded``; the 31st becomes the last day of a shorter month."""
    index = recorded.month - 1 + months
    year, month = recorded.year + index // 12, index % 12 + 1
    return date(year, month, min(recorded.day, calendar.monthrange(year, month)[1]))
