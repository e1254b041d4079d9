"""Reads for the readiness check, the admin page and ``jobs list``: names, times and counts only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from signaalwijzer.jobruns.models import JobRun
from signaalwijzer.jobs import registry

FAILED_WINDOW = timedelta(hours=24)  # /health/ready
FAILED_PAGE_WINDOW = timedelta(days=7)  # /admin/jobs/


@dataclass(frozen=True)
class JobState:
    job: registry.Job
    last_ok: datetime | None
    last_failed: datetime | None
    overdue: bool


def job_overview(now: datetime | None = None) -> list[JobState]:
    """Every registered job with its last good and last failed run; overdue when the last good run is older than
    the job's max_age (or there was none)."""
    now = now or timezone.now()
    times = {
        row["name"]: row
        for row in JobRun.objects.filter(name__in=registry.BY_NAME)
        .values("name")
        .annotate(
            last_ok=Max("finished_at", filter=Q(status=JobRun.Status.OK)),
            last_failed=Max("finished_at", filter=Q(status=JobRun.Status.FAILED)),
        )
    }
    rows = []
    for job in registry.JOBS:
        last_ok = times.get(job.name, {}).get("last_ok")
        rows.append(
            JobState(
                job=job,
                last_ok=last_ok,
                last_failed=times.get(job.name, {}).get("last_failed"),
                overdue=last_ok is None or now - last_ok > job.max_age(),
            )
        )
    return rows


def failed_for_good(now: datetime | None = None, window: timedelta = FAILED_WINDOW) -> list[JobRun]:
    """Runs (jobs and reminders) whose last attempt failed in the window, with no attempts left. A periodic job
    whose later run went well has recovered (a killed heartbeat is followed by the next minute's); a reminder
    that gave up stays until the window passes (the next reminder is another e-mail)."""
    now = now or timezone.now()
    recovered = JobRun.objects.filter(
        name=OuterRef("name"),
        name__in=list(registry.BY_NAME),
        status=JobRun.Status.OK,
        finished_at__gt=OuterRef("finished_at"),
    )
    return list(
        JobRun.objects.filter(gave_up=True, finished_at__gte=now - window)
        .exclude(Exists(recovered))
        .order_by("-finished_at")
    )


def last_heartbeat() -> datetime | None:
    return (
        JobRun.objects.filter(name="heartbeat", status=JobRun.Status.OK)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )


def waiting_tasks(older_than: timedelta, now: datetime | None = None) -> int:
    """Tasks that could have run more than ``older_than`` ago and did not start: no worker takes them."""
    limit = (now or timezone.now()) - older_than
    return (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        # Without a run_after the queue stores the largest date: then the time it was queued counts.
        .filter(Q(run_after=get_date_max(), enqueued_at__lt=limit) | Q(run_after__lt=limit))
        .count()
    )


def stuck_runs(older_than: timedelta, now: datetime | None = None) -> int:
    """Tasks and job runs still running after ``older_than``: their worker most likely died."""
    limit = (now or timezone.now()) - older_than
    tasks = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=limit
    ).count()
    runs = JobRun.objects.filter(status=JobRun.Status.RUNNING, started_at__lt=limit).count()
    return tasks + runs


def problems() -> dict[str, int]:
    """For the banner on the admin index: how many jobs are overdue and how many runs failed for good."""
    return {
        "overdue": sum(1 for row in job_overview() if row.overdue),
        "failed": len(failed_for_good()),
    }
