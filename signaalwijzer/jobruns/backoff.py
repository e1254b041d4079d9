"""When a failed run is tried again. Pure: no Django.

A failed run is tried again after 1 minute, 5 minutes, 30 minutes and 2 hours; after the fifth failed attempt it
stays failed, visible to the platform administrator and on /health/ready.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

RETRY_DELAYS: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)


def max_attempts(delays: Sequence[timedelta] = RETRY_DELAYS) -> int:
    return len(delays) + 1


def next_attempt_at(
    attempt: int, failed_at: datetime, delays: Sequence[timedelta] = RETRY_DELAYS
) -> datetime | None:
    """When attempt ``attempt`` (1 = the first run) failed at ``failed_at``: the time of the next attempt, or
    None when the retries are used up."""
    if attempt < 1:
        raise ValueError("attempts count from 1")
    if attempt > len(delays):
        return None
    return failed_at + delays[attempt - 1]
