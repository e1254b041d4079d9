"""GET /health/live and /health/ready: 503 naming each failing check (names and counts only), 200 when all pass."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from signaalwijzer.jobruns.models import JobRun
from signaalwijzer.jobs import readiness, registry
from signaalwijzer.jobs.tasks import run_job


@pytest.fixture(autouse=True)
def _fresh_migration_check():
    readiness.forget_migration_check()
    yield
    readiness.forget_migration_check()


@pytest.fixture
def all_well(db):
    """Every job ran well just now, the heartbeat included."""
    now = timezone.now()
    for job in registry.JOBS:
        JobRun.objects.create(name=job.name, status="ok", started_at=now, finished_at=now)


def _ready(client):
    response = client.get(reverse("health_ready"))
    return response.status_code, response.json()


def test_live_answers_without_touching_the_database(client):
    # No db fixture: a database query here would fail the test.
    response = client.get(reverse("health_live"))
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_ready_is_200_when_every_check_passes(client, all_well):
    status, body = _ready(client)
    assert status == 200, body
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["checks"]) == {
        "database",
        "migrations",
        "worker_heartbeat",
        "failed_jobs",
        "overdue_jobs",
        "waiting_tasks",
        "stuck_tasks",
    }


def test_an_unreachable_database_is_503(client, all_well, monkeypatch):
    class Down:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(readiness, "connection", Down())
    status, body = _ready(client)
    assert (status, body["failing"]) == (503, ["database"])


def test_an_unapplied_migration_is_503(client, all_well):
    MigrationRecorder(connection).record_unapplied("jobs", "0001_initial")
    status, body = _ready(client)
    assert (status, body["failing"]) == (503, ["migrations"])
    assert body["checks"]["migrations"] == {"ok": False, "unapplied": 1}


def test_an_old_heartbeat_is_503(client, all_well):
    old = timezone.now() - timedelta(minutes=20)
    JobRun.objects.filter(name="heartbeat").update(started_at=old, finished_at=old)
    status, body = _ready(client)
    assert status == 503
    assert "worker_heartbeat" in body["failing"]
    assert body["checks"]["worker_heartbeat"]["last_seconds_ago"] >= 20 * 60


def test_no_heartbeat_at_all_is_503(client, all_well):
    JobRun.objects.filter(name="heartbeat").delete()
    status, body = _ready(client)
    assert status == 503 and "worker_heartbeat" in body["failing"]


def test_a_job_that_failed_for_good_in_the_last_day_is_503(client, all_well, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path)  # cannot be appended: the job fails
    run_job.call("audit-checkpoint", 5)  # the last attempt
    status, body = _ready(client)
    assert (status, body["failing"]) == (503, ["failed_jobs"])
    assert body["checks"]["failed_jobs"] == {"ok": False, "count": 1, "jobs": ["audit-checkpoint"]}


def test_a_job_that_ran_well_after_failing_for_good_has_recovered(
    client, all_well, settings, tmp_path
):
    good_file = settings.AUDIT_CHECKPOINT_FILE
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path)  # cannot be appended: the job fails
    run_job.call("audit-checkpoint", 5)
    assert "failed_jobs" in _ready(client)[1]["failing"]
    settings.AUDIT_CHECKPOINT_FILE = good_file
    assert run_job.call("audit-checkpoint") is True  # the next scheduled run goes well
    status, body = _ready(client)
    assert (status, body["failing"]) == (200, [])


def test_a_failure_with_attempts_left_is_not_yet_a_failed_job(client, all_well, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path)
    run_job.call("audit-checkpoint", 1)
    _status, body = _ready(client)
    assert "failed_jobs" not in body["failing"]


def test_an_overdue_job_is_503(client, all_well):
    old = timezone.now() - timedelta(hours=30)
    JobRun.objects.filter(name="retention").update(started_at=old, finished_at=old)
    status, body = _ready(client)
    assert (status, body["failing"]) == (503, ["overdue_jobs"])
    assert body["checks"]["overdue_jobs"]["jobs"] == ["retention"]


def _task(**changes):
    result = DBTaskResult.objects.create(
        task_path="signaalwijzer.jobs.tasks.run_job",
        args_kwargs={"args": ["heartbeat"], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        priority=0,
        run_after=None,
    )
    DBTaskResult.objects.filter(pk=result.pk).update(**changes)


def test_a_task_nobody_takes_is_503(client, all_well):
    _task(enqueued_at=timezone.now() - timedelta(minutes=30))
    status, body = _ready(client)
    assert (status, body["failing"]) == (503, ["waiting_tasks"])
    assert body["checks"]["waiting_tasks"] == {"ok": False, "count": 1}


def test_a_task_planned_for_later_is_not_waiting(client, all_well):
    _task(
        enqueued_at=timezone.now() - timedelta(days=3),
        run_after=timezone.now() + timedelta(hours=5),
    )
    assert _ready(client)[0] == 200


def test_a_task_running_for_hours_is_503(client, all_well):
    _task(status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=3))
    status, body = _ready(client)
    assert (status, body["failing"]) == (503, ["stuck_tasks"])


def test_ready_needs_no_login_and_says_nothing_personal(client, all_well, professional):
    body = client.get(reverse("health_ready")).content.decode()
    assert professional.email not in body
    assert "Cache-Control" in client.get(reverse("health_ready")).headers


def test_a_run_left_running_by_a_killed_worker_is_abandoned_by_the_heartbeat(client, all_well):
    """One killed process does not keep /health/ready red: after JOBS_TASK_RUNNING_MINUTES the next heartbeat
    marks its run and its queue task failed (Abandoned); a first attempt is no failed job for good."""
    long_ago = timezone.now() - timedelta(hours=3)
    run = JobRun.objects.create(name="retention", status="running", started_at=long_ago)
    _task(status=TaskResultStatus.RUNNING, started_at=long_ago)
    status, body = _ready(client)
    assert (status, body["failing"]) == (503, ["stuck_tasks"])
    assert body["checks"]["stuck_tasks"]["count"] == 2

    assert run_job.call("heartbeat") is True

    status, body = _ready(client)
    assert status == 200, body
    run.refresh_from_db()
    assert (run.status, run.error_class, run.gave_up) == ("failed", "Abandoned", False)
    assert run.finished_at is not None and run.retry_at is None
    task = DBTaskResult.objects.get(task_path="signaalwijzer.jobs.tasks.run_job")
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "signaalwijzer.jobs.abandoning.Abandoned"
    assert task.task_result.errors[0].exception_class.__name__ == "Abandoned"


def test_a_run_running_less_than_the_limit_is_left_alone(client, all_well, settings):
    settings.JOBS_TASK_RUNNING_MINUTES = 120
    run = JobRun.objects.create(
        name="retention", status="running", started_at=timezone.now() - timedelta(minutes=100)
    )
    run_job.call("heartbeat")
    run.refresh_from_db()
    assert run.status == "running"
    assert _ready(client)[0] == 200


def test_an_abandoned_last_attempt_is_a_failed_job(client, all_well):
    JobRun.objects.create(
        name="audit-checkpoint",
        attempt=5,
        status="running",
        started_at=timezone.now() - timedelta(hours=3),
    )
    run_job.call("heartbeat")
    status, body = _ready(client)
    assert (status, body["failing"]) == (503, ["failed_jobs"])
    assert body["checks"]["failed_jobs"]["jobs"] == ["audit-checkpoint"]
