"""The scheduler queues every job at its time, each slot once, whatever happened to the last run."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from signaalwijzer.jobruns.models import JobRun
from signaalwijzer.jobs import registry
from signaalwijzer.jobs.models import JobSlot
from signaalwijzer.jobs.schedule import enqueue_due, latest_fire_time
from signaalwijzer.jobs.tasks import run_job
from signaalwijzer.jobs.triggers import daily, every

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
RETENTION = (registry.get("retention"),)


def _at(day, hour, minute=0, second=30):
    return datetime(2026, 6, day, hour, minute, second, tzinfo=AMSTERDAM)


def _queued(name):
    return DBTaskResult.objects.filter(
        task_path__endswith="run_job", args_kwargs__args__0=name
    ).order_by("enqueued_at")


def test_the_latest_fire_time_of_a_daily_job():
    trigger = daily(3, 0)
    assert latest_fire_time(trigger, _at(10, 2, 59), timedelta(days=1)) == _at(9, 3, 0, 0)
    assert latest_fire_time(trigger, _at(10, 3, 0, 5), timedelta(days=1)) == _at(10, 3, 0, 0)


def test_an_interval_job_runs_on_the_clock():
    assert latest_fire_time(every(60), _at(10, 14, 37), timedelta(hours=1)) == _at(10, 14, 0, 0)


def test_daylight_saving_keeps_a_daily_job_at_three_local_time():
    after_switch = datetime(2026, 3, 29, 12, 0, tzinfo=AMSTERDAM)  # summer time began at 02:00
    assert latest_fire_time(daily(3, 0), after_switch, timedelta(days=1)) == datetime(
        2026, 3, 29, 3, 0, tzinfo=AMSTERDAM
    )


def test_each_slot_is_queued_once(db):
    assert enqueue_due(_at(10, 3, 0), RETENTION) == ["retention"]
    assert (
        enqueue_due(_at(10, 3, 5), RETENTION) == []
    )  # a second scheduler, or cron, a minute later
    assert _queued("retention").count() == 1
    assert JobSlot.objects.get().due_at == _at(10, 3, 0, 0)


def test_a_killed_retention_run_does_not_stop_the_next_days_run(db):
    enqueue_due(_at(10, 3, 0), RETENTION)
    # The worker took the task and was killed: the task and its JobRun stay "running" for ever.
    (task,) = _queued("retention")
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING, started_at=_at(10, 3, 1)
    )
    JobRun.objects.create(name="retention", status=JobRun.Status.RUNNING, started_at=_at(10, 3, 1))
    assert enqueue_due(_at(11, 3, 0), RETENTION) == ["retention"]
    assert _queued("retention").count() == 2
    assert _queued("retention").last().status == TaskResultStatus.READY


def test_a_scheduler_that_was_down_queues_the_missed_run_when_it_starts(db):
    # Down from 02:00 to 10:00: the 03:00 run is queued at 10:00, once.
    assert "retention" in enqueue_due(_at(10, 10, 0))
    assert "retention" not in enqueue_due(_at(10, 10, 1))


def test_every_job_of_the_registry_is_queued_on_a_first_start(db):
    queued = enqueue_due(timezone.now())
    assert sorted(queued) == sorted(job.name for job in registry.JOBS)


def test_a_failed_job_is_recorded_and_retried_with_back_off(db, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path)  # a directory: the checkpoint cannot be appended
    before = timezone.now()
    assert run_job.call("audit-checkpoint") is False
    run = JobRun.objects.get(name="audit-checkpoint")
    assert (run.status, run.error_class, run.gave_up) == ("failed", "IsADirectoryError", False)
    (retry,) = _queued("audit-checkpoint")
    assert retry.args_kwargs["args"] == ["audit-checkpoint", 2]
    assert retry.run_after >= before + timedelta(minutes=1)
    assert run_job.call("audit-checkpoint", 5) is False
    assert JobRun.objects.get(attempt=5).gave_up is True


def test_a_job_that_succeeds_is_recorded_ok(db):
    assert run_job.call("register-expire") is True
    run = JobRun.objects.get(name="register-expire")
    assert run.status == "ok" and run.finished_at is not None and run.error_class == ""


def test_a_retention_run_with_a_failing_case_fails_visibly(professional, monkeypatch):
    from signaalwijzer.cases import destruction
    from signaalwijzer.cases import services as case_services
    from signaalwijzer.cases.models import Case

    case = case_services.open_case(user=professional, pseudonym="J.", concern="Zorg.")
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, closed_at=timezone.now() - timedelta(days=365 * 30)
    )

    def broken(**kwargs):
        raise RuntimeError("no log")

    monkeypatch.setattr(destruction, "record_system_event", broken)
    assert run_job.call("retention") is False
    assert JobRun.objects.get(name="retention").error_class == "DestructionIncomplete"


def test_the_jobs_command_runs_one_and_queues_what_is_due(db):
    out = StringIO()
    call_command("jobs", "run", "register-expire", stdout=out)
    assert "register-expire: ok" in out.getvalue()
    assert JobRun.objects.get(name="register-expire").status == "ok"
    out = StringIO()
    call_command("jobs", "run-due", stdout=out)
    assert "retention" in out.getvalue()
    out = StringIO()
    call_command("jobs", "run-due", stdout=out)
    assert "queued: nothing" in out.getvalue()
    out = StringIO()
    call_command("jobs", "list", stdout=out)
    assert "register-expire" in out.getvalue() and "OVERDUE" in out.getvalue()


def test_the_scheduler_command_knows_every_job(db):
    out = StringIO()
    call_command("scheduler", "--check", stdout=out)
    for job in registry.JOBS:
        assert job.name in out.getvalue()


@pytest.mark.parametrize("job", registry.JOBS, ids=lambda job: job.name)
def test_a_job_is_overdue_later_than_it_runs(job):
    assert job.max_age() > job.period()
