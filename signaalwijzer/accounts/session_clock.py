"""Pure: how long a session has left, and whether activity would give it more time.

A session ends at the first of two moments: ``idle_seconds`` after the last request that counted as activity
(the idle timeout), and ``absolute_seconds`` after the login (the absolute limit, however busy). "Stay logged
in" can only move the first. Times are seconds since the epoch (floats, as ``time.time()`` gives them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class SessionClock:
    expires_in: int
    """Whole seconds until the session ends, rounded up: 0 only once it has ended (never below 0)."""
    extendable: bool
    """Whether the end is the idle timeout's, so that activity moves it; False when the absolute limit comes
    first (then "stay logged in" cannot help)."""


def clock(
    *,
    now: float,
    last_activity: float,
    idle_seconds: int,
    started: float,
    absolute_seconds: int,
) -> SessionClock:
    idle_end = last_activity + idle_seconds
    absolute_end = started + absolute_seconds
    end = min(idle_end, absolute_end)
    return SessionClock(
        expires_in=max(0, math.ceil(end - now)),
        extendable=idle_end < absolute_end,
    )


def clock_after_activity(
    *, now: float, idle_seconds: int, started: float, absolute_seconds: int
) -> SessionClock:
    """The clock right after a request that counts as activity (a page, "stay logged in")."""
    return clock(
        now=now,
        last_activity=now,
        idle_seconds=idle_seconds,
        started=started,
        absolute_seconds=absolute_seconds,
    )
