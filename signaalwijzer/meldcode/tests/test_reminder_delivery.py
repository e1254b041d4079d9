"""Reminders are never lost: recorded as sent only after sending, a failed mail is tried again with back-off
and then visible, and the daily sweep sends what was due and never sent."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from signaalwijzer.jobruns.backoff import RETRY_DELAYS
from signaalwijzer.jobruns.models import JobRun
from signaalwijzer.meldcode import services
from signaalwijzer.meldcode.models import Action
from signaalwijzer.meldcode.tasks import (
    ACTION_DUE_REMINDER,
    remind_action_owner,
    remind_veilig_thuis_feedback,
    sweep_missed_reminders,
)

TODAY = timezone.localdate()
FAILING_MAIL = "signaalwijzer.jobruns.testing.FailingEmailBackend"
LOCMEM_MAIL = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def due_action(owner_access, professional):
    return services.add_action(owner_access, kind="monitoring", owner=professional, due_on=TODAY)


def _queued_retries():
    return list(
        DBTaskResult.objects.filter(task_path__endswith="remind_action_owner").order_by(
            "enqueued_at"
        )
    )


def test_a_failed_mail_leaves_the_reminder_unsent_and_queues_a_retry(settings, due_action):
    settings.EMAIL_BACKEND = FAILING_MAIL
    before = timezone.now()
    assert remind_action_owner.call(due_action.pk) is False
    due_action.refresh_from_db()
    assert due_action.last_reminded_on is None  # not claimed: it was not sent
    run = JobRun.objects.get(name=ACTION_DUE_REMINDER)
    assert (run.status, run.attempt, run.error_class, run.gave_up) == (
        "failed",
        1,
        "SMTPServerDisconnected",
        False,
    )
    assert run.target_id == due_action.pk
    (retry,) = _queued_retries()
    assert retry.args_kwargs["args"] == [due_action.pk, 2]
    assert before + RETRY_DELAYS[0] <= retry.run_after <= timezone.now() + RETRY_DELAYS[0]


def test_the_retries_back_off_and_the_last_failure_is_visible(settings, due_action):
    settings.EMAIL_BACKEND = FAILING_MAIL
    for attempt in range(1, len(RETRY_DELAYS) + 2):
        assert remind_action_owner.call(due_action.pk, attempt) is False
    runs = list(JobRun.objects.filter(name=ACTION_DUE_REMINDER).order_by("attempt"))
    assert [run.attempt for run in runs] == [1, 2, 3, 4, 5]
    delays = [run.retry_at - run.finished_at for run in runs[:-1]]
    assert delays == list(RETRY_DELAYS)  # 1 min, 5 min, 30 min, 2 h
    assert [run.gave_up for run in runs] == [False, False, False, False, True]
    assert runs[-1].retry_at is None
    assert len(_queued_retries()) == len(RETRY_DELAYS)  # no sixth attempt queued


def test_a_retry_that_gets_through_sends_once_and_records_it(settings, due_action):
    settings.EMAIL_BACKEND = FAILING_MAIL
    remind_action_owner.call(due_action.pk)
    settings.EMAIL_BACKEND = LOCMEM_MAIL
    assert remind_action_owner.call(due_action.pk, 2) is True
    assert len(mail.outbox) == 1
    due_action.refresh_from_db()
    assert due_action.last_reminded_on == TODAY
    assert list(
        JobRun.objects.filter(name=ACTION_DUE_REMINDER)
        .order_by("attempt")
        .values_list("status", flat=True)
    ) == ["failed", "ok"]


def test_a_reminder_missed_while_the_worker_was_down_is_sent_by_the_sweep(
    owner_access, professional
):
    # Due two days ago; its queued task never ran (the worker was down and the task was lost).
    missed = services.add_action(
        owner_access,
        kind="monitoring",
        owner=professional,
        due_on=TODAY - dt.timedelta(days=2),
    )
    reminded = services.add_action(
        owner_access, kind="police", owner=professional, due_on=TODAY - dt.timedelta(days=1)
    )
    Action.objects.filter(pk=reminded.pk).update(last_reminded_on=TODAY - dt.timedelta(days=1))
    services.add_action(
        owner_access, kind="police", owner=professional, due_on=TODAY + dt.timedelta(days=1)
    )
    assert sweep_missed_reminders() == 1
    (message,) = mail.outbox
    assert message.to == [professional.email]
    missed.refresh_from_db()
    assert missed.last_reminded_on == TODAY
    assert sweep_missed_reminders() == 0  # sent once, not again


def test_the_sweep_sends_a_missed_veilig_thuis_feedback_reminder(owner_access, professional):
    report = services.add_action(
        owner_access,
        kind="report_veilig_thuis",
        owner=professional,
        reported_on=TODAY - dt.timedelta(days=12),
        channel="phone",
        informed_beforehand=True,
        informed_who="de jongere",
    )
    assert sweep_missed_reminders() == 1
    assert "Veilig Thuis" in mail.outbox[0].subject
    report.refresh_from_db()
    assert report.feedback_reminded_on == TODAY


def test_the_sweep_leaves_reminders_older_than_its_window(owner_access, professional):
    services.add_action(
        owner_access, kind="monitoring", owner=professional, due_on=TODAY - dt.timedelta(days=30)
    )
    assert sweep_missed_reminders() == 0
    assert mail.outbox == []


def _report_due_today(owner_access, professional):
    """A report to Veilig Thuis, still open with a due day today, its feedback overdue."""
    return services.add_action(
        owner_access,
        kind="report_veilig_thuis",
        owner=professional,
        status="open",
        due_on=TODAY,
        reported_on=TODAY - dt.timedelta(days=12),
        channel="phone",
        informed_beforehand=True,
        informed_who="de jongere",
    )


def test_the_due_and_the_feedback_reminder_both_go_out_on_the_same_day(owner_access, professional):
    report = _report_due_today(owner_access, professional)
    assert remind_action_owner.call(report.pk) is True
    assert remind_veilig_thuis_feedback.call(report.pk) is True
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 2 and "Veilig Thuis" in subjects[1]
    report.refresh_from_db()
    assert (report.last_reminded_on, report.feedback_reminded_on) == (TODAY, TODAY)
    # Each at most once a day.
    assert remind_action_owner.call(report.pk) is False
    assert remind_veilig_thuis_feedback.call(report.pk) is False


def test_the_sweep_sends_both_missed_reminders_of_one_report(owner_access, professional):
    report = _report_due_today(owner_access, professional)
    assert sweep_missed_reminders() == 2
    assert len(mail.outbox) == 2
    report.refresh_from_db()
    assert (report.last_reminded_on, report.feedback_reminded_on) == (TODAY, TODAY)
    assert sweep_missed_reminders() == 0
