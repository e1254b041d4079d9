from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def test_health_reports_database_and_task_queue(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "task_queue": {"status": "ok", "waiting": 0},
    }


def test_health_needs_no_login_and_is_never_cached(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_queue_nobody_works_on_makes_health_degraded(client, db):
    from signaalwijzer.health import STALE_TASK_AFTER

    result = DBTaskResult.objects.create(
        task_path="signaalwijzer.tests.nothing",
        args_kwargs={"args": [], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        priority=0,
        run_after=None,
    )
    DBTaskResult.objects.filter(pk=result.pk).update(
        enqueued_at=timezone.now() - STALE_TASK_AFTER - timedelta(minutes=1)
    )
    body = client.get(reverse("health")).json()
    assert body["status"] == "degraded"
    assert body["task_queue"] == {"status": "stale", "waiting": 1}


def test_health_answers_only_get(client, db):
    assert client.post(reverse("health")).status_code == 405
