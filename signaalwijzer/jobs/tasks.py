"""The one task the scheduler queues: run a job of the registry as a recorded run, retried with back-off."""

from __future__ import annotations

import logging

from django_tasks import task

from signaalwijzer.jobruns.recording import run_recorded
from signaalwijzer.jobs import registry

logger = logging.getLogger("signaalwijzer.jobs")


@task()
def run_job(name: str, attempt: int = 1) -> bool:
    """Run job ``name`` once (attempt ``attempt``). True if it succeeded; a failure is recorded in JobRun and
    the next attempt queued (1 min, 5 min, 30 min, 2 h), never raised."""
    job = registry.BY_NAME.get(name)
    if job is None:
        # A task queued before a job was renamed or removed.
        logger.warning("no job named %s; task ignored", name)
        return False
    return run_recorded(
        name,
        job.work,
        attempt=attempt,
        retry=(lambda next_attempt, at: run_job.using(run_after=at).enqueue(name, next_attempt))
        if job.retry
        else None,
    )
