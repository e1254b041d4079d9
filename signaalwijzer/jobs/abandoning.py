"""Runs and queue tasks left RUNNING by a worker that was killed: marked failed after a while (decision 45).

A killed worker (out of memory, a deploy, a power cut) never finishes its JobRun row nor its queue task
(django_tasks_db ``DBTaskResult``). The ``stuck_tasks`` check of /health/ready shows them while they are younger
than ``JOBS_TASK_RUNNING_MINUTES``; after that the heartbeat job (every minute) marks them failed, so one killed
process does not keep the deployment red until the rows are pruned.

- A JobRun gets status failed, error class ``Abandoned`` and no next attempt. Nobody queues a retry for it (the
  worker that would have done so is gone), so it counts as a failed job on /health/ready (``gave_up``) exactly
  when a failure of that attempt would have: on the last attempt (``max_attempts``), or for a job without
  retries (the registry's ``retry=False``). Otherwise the job's own schedule (a periodic job; ``overdue_jobs``
  shows when it does not run again) or the reminder sweep is its next attempt.
- A queue task gets status FAILED with ``Abandoned`` as its exception class, so the queue's own records agree.

A run that was only slow and finishes after all overwrites the row with its real outcome.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from signaalwijzer.jobruns.backoff import max_attempts
from signaalwijzer.jobruns.models import JobRun
from signaalwijzer.jobs import registry


class Abandoned(Exception):
    """The worker running this was killed: the run never finished."""


ABANDONED = Abandoned.__name__


def abandon_stuck(now: datetime | None = None) -> int:
    """Mark runs and tasks RUNNING longer than ``JOBS_TASK_RUNNING_MINUTES`` as failed; how many were marked.

    Cheap enough for every minute: two UPDATEs over the few RUNNING rows (JobRun has an index on status and
    start)."""
    now = now or timezone.now()
    limit = now - timedelta(minutes=settings.JOBS_TASK_RUNNING_MINUTES)
    stuck = JobRun.objects.filter(status=JobRun.Status.RUNNING, started_at__lt=limit)
    without_retry = [job.name for job in registry.JOBS if not job.retry]
    last_attempt = Q(attempt__gte=max_attempts()) | Q(name__in=without_retry)
    fields = {
        "status": JobRun.Status.FAILED,
        "finished_at": now,
        "error_class": ABANDONED,
        "retry_at": None,
    }
    marked = stuck.filter(last_attempt).update(**fields, gave_up=True)
    marked += stuck.update(**fields, gave_up=False)
    marked += DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=limit
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{Abandoned.__module__}.{Abandoned.__qualname__}",
        traceback="",
    )
    return marked
