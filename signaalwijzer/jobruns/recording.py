"""Run something as a recorded run: a JobRun row per attempt, and the next attempt queued with back-off.

``run_recorded`` writes a RUNNING row first (in its own commit, so a killed process leaves a row that the health
check sees as stuck), runs the work, and marks the row ok or failed. A failure is not raised: it is recorded
(class name only), the next attempt is handed to ``retry`` (which queues it, e.g. a task with ``run_after``), and
after the last attempt the row says ``gave_up``. The caller's task therefore ends normally; the JobRun rows are
the record (the task queue's own traceback could hold personal data from an exception message).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from signaalwijzer.jobruns.backoff import RETRY_DELAYS, next_attempt_at
from signaalwijzer.jobruns.models import JobRun

logger = logging.getLogger("signaalwijzer.jobs")

Retry = Callable[[int, datetime], Any]


def run_recorded(
    name: str,
    work: Callable[[], Any],
    *,
    attempt: int = 1,
    target_id: int | None = None,
    retry: Retry | None = None,
    delays: Sequence[timedelta] = RETRY_DELAYS,
) -> bool:
    """Run ``work`` once as attempt ``attempt`` of ``name``. True if it succeeded.

    On failure ``retry(next_attempt, at)`` is called unless the retries are used up (or ``retry`` is None).
    """
    run = JobRun.objects.create(
        name=name, target_id=target_id, attempt=attempt, status=JobRun.Status.RUNNING
    )
    try:
        # No transaction around the work: a job that commits in steps (destruction, per case) keeps them.
        work()
    except Exception as error:
        failed_at = timezone.now()
        retry_at = next_attempt_at(attempt, failed_at, delays) if retry is not None else None
        JobRun.objects.filter(pk=run.pk).update(
            status=JobRun.Status.FAILED,
            finished_at=failed_at,
            error_class=type(error).__name__[:200],
            retry_at=retry_at,
            gave_up=retry_at is None,
        )
        # The class name only: an exception's message may hold an e-mail address or a name.
        logger.warning(
            "job %s attempt %d failed (%s)%s",
            name,
            attempt,
            type(error).__name__,
            f", next attempt at {retry_at.isoformat()}" if retry_at else ", no attempts left",
        )
        if retry is not None and retry_at is not None:
            retry(attempt + 1, retry_at)
        return False
    JobRun.objects.filter(pk=run.pk).update(status=JobRun.Status.OK, finished_at=timezone.now())
    return True
