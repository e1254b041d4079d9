"""The regular signed checkpoint of the access log. It schedules its own next run, so one start keeps it going."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from signaalwijzer.audit.services import write_checkpoint

# Operations route this logger to syslog or their log collector (docs/operations.md): the line holds row
# numbers, a hash and a signature, no personal data.
logger = logging.getLogger("signaalwijzer.audit.checkpoint")


def _next_run() -> datetime:
    return timezone.now() + timedelta(minutes=settings.AUDIT_CHECKPOINT_MINUTES)


def schedule_checkpoints() -> bool:
    """Queue the next checkpoint unless one is waiting already. True if queued now."""
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path__endswith="run_checkpoint"
    ).exists()
    if waiting:
        return False
    run_checkpoint.using(run_after=_next_run()).enqueue()
    return True


@task()
def run_checkpoint() -> str:
    # The next run first: a checkpoint that fails (no key, the file not writable) fails this task visibly
    # without ending the series.
    schedule_checkpoints()
    line = write_checkpoint()
    logger.info("%s", line)
    return line
