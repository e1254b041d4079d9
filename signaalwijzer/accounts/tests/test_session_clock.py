"""The pure rule of the session's time left (accounts/session_clock.py)."""

import math

from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.accounts.session_clock import clock, clock_after_activity

IDLE = 30 * 60
ABSOLUTE = 12 * 3600
START = 1_700_000_000.0


def test_the_idle_timeout_counts_from_the_last_activity():
    result = clock(
        now=START + 600,
        last_activity=START + 100,
        idle_seconds=IDLE,
        started=START,
        absolute_seconds=ABSOLUTE,
    )
    assert result.expires_in == IDLE - 500
    assert result.extendable


def test_near_the_absolute_limit_staying_active_does_not_help():
    now = START + ABSOLUTE - 90
    result = clock(
        now=now, last_activity=now, idle_seconds=IDLE, started=START, absolute_seconds=ABSOLUTE
    )
    assert result.expires_in == 90
    assert not result.extendable


def test_an_ended_session_has_no_time_left():
    result = clock(
        now=START + 5000,
        last_activity=START,
        idle_seconds=IDLE,
        started=START,
        absolute_seconds=ABSOLUTE,
    )
    assert result.expires_in == 0


@given(
    since_start=st.floats(min_value=0, max_value=2 * ABSOLUTE),
    idle_for=st.floats(min_value=0, max_value=2 * IDLE),
    idle=st.integers(min_value=60, max_value=4 * 3600),
)
def test_the_time_left_is_the_first_of_the_two_ends(since_start, idle_for, idle):
    now = START + since_start
    last_activity = max(START, now - idle_for)
    result = clock(
        now=now,
        last_activity=last_activity,
        idle_seconds=idle,
        started=START,
        absolute_seconds=ABSOLUTE,
    )
    idle_left = last_activity + idle - now
    absolute_left = START + ABSOLUTE - now
    assert result.expires_in == max(0, math.ceil(min(idle_left, absolute_left)))
    assert 0 <= result.expires_in <= idle
    assert result.extendable == (last_activity + idle < START + ABSOLUTE)


@given(since_start=st.floats(min_value=0, max_value=ABSOLUTE), idle=st.integers(60, 4 * 3600))
def test_activity_gives_the_whole_idle_time_unless_the_absolute_limit_is_nearer(since_start, idle):
    now = START + since_start
    result = clock_after_activity(
        now=now, idle_seconds=idle, started=START, absolute_seconds=ABSOLUTE
    )
    assert result.expires_in == min(idle, math.ceil(START + ABSOLUTE - now))
