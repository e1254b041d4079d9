from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from signaalwijzer.statistics.models import StatisticsExport

# A burst of changes (a form saved with its records) is counted once: the rebuild waits this long.
REBUILD_DELAY = timedelta(seconds=5)


@task()
def rebuild_statistics_summary() -> int:
    """Rebuild the organisation-years whose cases changed (summary.py), then build the protected tables that
    the rebuild made stale, so the next page finds them ready. Returns how many pairs were rebuilt."""
    from signaalwijzer.statistics import selectors, summary

    pairs = summary.rebuild_dirty()
    selectors.warm(pairs)
    return len(pairs)


def schedule_rebuild() -> bool:
    """Queue a rebuild unless one is waiting already (a running one may have missed the newest marks, so it
    does not count). True if queued now."""
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path__endswith="rebuild_statistics_summary"
    ).exists()
    if waiting:
        return False
    rebuild_statistics_summary.using(run_after=timezone.now() + REBUILD_DELAY).enqueue()
    return True


def schedule_rebuild_on_commit() -> None:
    """After the current transaction commits, queue a rebuild; once per transaction however many writes."""
    connection = transaction.get_connection()
    if any(callback is schedule_rebuild for _sids, callback, *_rest in connection.run_on_commit):
        return
    transaction.on_commit(schedule_rebuild)


@task()
def build_statistics_export(export_id: int) -> bool:
    from signaalwijzer.statistics import export

    job = StatisticsExport.objects.select_related("requested_by").filter(pk=export_id).first()
    if job is None:
        return False
    StatisticsExport.objects.filter(pk=job.pk).update(status=StatisticsExport.Status.RUNNING)

    def progress(percent: int) -> None:
        StatisticsExport.objects.filter(pk=job.pk).update(progress=percent)

    try:
        content = export.export_content(job, progress=progress)
    except Exception:
        StatisticsExport.objects.filter(pk=job.pk).update(status=StatisticsExport.Status.FAILED)
        raise
    StatisticsExport.objects.filter(pk=job.pk).update(
        status=StatisticsExport.Status.DONE, progress=100, content=content
    )
    return True
