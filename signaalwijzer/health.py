"""Health endpoints. No secrets, no personal data.

- GET /health/live: the process answers (no database access): 200. For a liveness probe.
- GET /health/ready: 200 when every check of ``jobs/readiness.py`` passes, else 503; the JSON body names each
  check with counts (decision 45). For a readiness probe and monitoring.
- GET /health/: the older summary (database and task queue), kept as it was for existing monitors.
"""

from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult

# A task waiting longer than this means no worker is picking tasks up.
STALE_TASK_AFTER = timedelta(minutes=10)


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "error"
    return "ok"


def _task_queue_status() -> dict[str, object]:
    try:
        waiting = DBTaskResult.objects.ready()
        stale = waiting.filter(enqueued_at__lt=timezone.now() - STALE_TASK_AFTER).exists()
        return {"status": "stale" if stale else "ok", "waiting": waiting.count()}
    except DatabaseError:
        return {"status": "error"}


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    database = _database_status()
    task_queue = _task_queue_status() if database == "ok" else {"status": "unknown"}
    if database != "ok":
        status = "error"
    elif task_queue["status"] != "ok":
        # The site still works without a worker; reminders are late. Keep serving, but say so.
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "database": database, "task_queue": task_queue},
        status=503 if status == "error" else 200,
    )


@login_not_required
@never_cache
@require_GET
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    from signaalwijzer.jobs.readiness import checks

    found = checks()
    failing = [check.name for check in found if not check.ok]
    return JsonResponse(
        {
            "status": "fail" if failing else "ok",
            "failing": failing,
            "checks": {check.name: check.as_dict() for check in found},
        },
        status=503 if failing else 200,
    )
