"""Old run records go: a heartbeat every minute would otherwise fill the tables."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from signaalwijzer.jobruns.models import JobRun
from signaalwijzer.jobs.models import JobSlot

HEARTBEATS_KEPT = timedelta(days=2)
RUNS_KEPT = timedelta(days=90)
# Finished tasks of the queue (successful or failed; their JobRun rows say what happened).
TASKS_KEPT = timedelta(days=14)


def prune() -> int:
    now = timezone.now()
    deleted, _ = JobRun.objects.filter(
        name="heartbeat", started_at__lt=now - HEARTBEATS_KEPT
    ).delete()
    deleted += JobRun.objects.filter(started_at__lt=now - RUNS_KEPT).delete()[0]
    deleted += JobSlot.objects.filter(name="heartbeat", due_at__lt=now - HEARTBEATS_KEPT).delete()[
        0
    ]
    deleted += JobSlot.objects.filter(due_at__lt=now - RUNS_KEPT).delete()[0]
    deleted += DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=now - TASKS_KEPT,
    ).delete()[0]
    return deleted
