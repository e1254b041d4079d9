"""When a loose signal expires. Pure: no Django imports."""

from __future__ import annotations

import calendar
from datetime import date


def expires_on(recorded: date, months: int) -> date:
    """``months`` calendar months after ``recorded``; the 31st becomes the last day of a shorter month."""
    index = recorded.month - 1 + months
    year, month = recorded.year + index // 12, index % 12 + 1
    return date(year, month, min(recorded.day, calendar.monthrange(year, month)[1]))
