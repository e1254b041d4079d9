"""The daily retention run. It schedules its own next run, so one start keeps it going."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from signaalwijzer.cases.destruction import destroy_expired_cases

RUN_AT = time(3, 0)


def _next_run() -> datetime:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, RUN_AT))


def schedule_retention() -> bool:
    """Queue the next daily run unless one is waiting already. True if queued now."""
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path__endswith="run_retention"
    ).exists()
    if waiting:
        return False
    run_retention.using(run_after=_next_run()).enqueue()
    return True


@task()
def run_retention() -> int:
    destroyed = destroy_expired_cases()
    schedule_retention()
    return destroyed
