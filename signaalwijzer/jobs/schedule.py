"""Which scheduled runs are due, and queueing each exactly once.

A job's runs are the fire times of its trigger. ``enqueue_due(now)`` queues, for every job, its latest fire time
at or before ``now`` unless that slot was queued already (a JobSlot row, unique per job and time). So the
scheduler may start late (the run it missed is queued at once), two schedulers or a scheduler and a cron line
may run side by side, and a run that was killed does not stop the next: the next slot is a new row, queued
whatever happened to the last one.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from apscheduler.triggers.base import BaseTrigger
from django.db import IntegrityError, transaction
from django.utils import timezone

from signaalwijzer.jobs import registry
from signaalwijzer.jobs.models import JobSlot
from signaalwijzer.jobs.tasks import run_job

logger = logging.getLogger("signaalwijzer.jobs")
_STEP = timedelta(seconds=1)


def latest_fire_time(trigger: BaseTrigger, now: datetime, period: timedelta) -> datetime | None:
    """The trigger's last fire time at or before ``now``, looking back at most ``period`` (and a minute)."""
    fire = trigger.get_next_fire_time(None, now - period - timedelta(minutes=1))
    latest = None
    while fire is not None and fire <= now:
        latest = fire
        fire = trigger.get_next_fire_time(fire, fire + _STEP)
    return latest


def enqueue_slot(job: registry.Job, due_at: datetime) -> bool:
    """Queue the run of ``job`` for ``due_at`` unless it was queued already. True if queued now."""
    try:
        with transaction.atomic():
            JobSlot.objects.create(name=job.name, due_at=due_at)
            run_job.enqueue(job.name)
    except IntegrityError:
        return False
    return True


def enqueue_due(
    now: datetime | None = None, jobs: tuple[registry.Job, ...] | None = None
) -> list[str]:
    """Queue every job whose latest slot was not queued yet. The names of the jobs queued."""
    now = now or timezone.now()
    queued = []
    for job in jobs if jobs is not None else registry.JOBS:
        due_at = latest_fire_time(job.trigger(), now, job.period())
        if due_at is not None and enqueue_slot(job, due_at):
            queued.append(job.name)
    return queued
