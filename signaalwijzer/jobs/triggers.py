"""The two kinds of schedule a job has, as APScheduler triggers in the project's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def daily(hour: int, minute: int = 0) -> BaseTrigger:
    return CronTrigger(hour=hour, minute=minute, timezone=_zone())


def every(minutes: int) -> BaseTrigger:
    # Counted from midnight on 1 January 2000, so "every 60 minutes" is on the hour, whenever the process started.
    start = datetime(2000, 1, 1, tzinfo=_zone())
    return IntervalTrigger(minutes=minutes, start_date=start, timezone=_zone())
