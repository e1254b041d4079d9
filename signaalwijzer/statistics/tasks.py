from __future__ import annotations

from django_tasks import task

from signaalwijzer.statistics.models import StatisticsExport


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
