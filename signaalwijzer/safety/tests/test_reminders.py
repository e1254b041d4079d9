"""The review-date reminder of a safety plan: sent on the day, once, to the owner, without case content."""

import datetime as dt

from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from signaalwijzer.safety import services
from signaalwijzer.safety.models import SafetyPlan
from signaalwijzer.safety.tasks import remind_safety_plan_review, schedule_review_reminder

TODAY = timezone.localdate()


def _plan(access, review_on):
    return services.save_safety_plan(
        access,
        expected_version=0,
        data={
            "risks": "Gaat mee met Kevin naar Rotterdam.",
            "whom_to_call": "Mentor Sanne",
            "review_on": review_on,
        },
    )


def test_the_review_date_mails_the_owner_once_without_case_content(
    owner_access, professional, case
):
    plan = _plan(owner_access, TODAY)
    assert remind_safety_plan_review.call(plan.pk) is True
    assert remind_safety_plan_review.call(plan.pk) is False  # not twice for one review date
    (message,) = mail.outbox
    assert message.to == [professional.email]
    text = message.subject + message.body
    for secret in ("J.", "Kevin", "Rotterdam", "Sanne", case.concern):
        assert secret not in text
    assert "/dashboard/" in message.body


def test_no_reminder_before_the_review_date_or_for_a_closed_case(owner_access, case):
    plan = _plan(owner_access, TODAY + dt.timedelta(days=3))
    assert remind_safety_plan_review.call(plan.pk) is False
    SafetyPlan.objects.filter(pk=plan.pk).update(review_on=TODAY)
    case.status = "closed"
    case.save()
    assert remind_safety_plan_review.call(plan.pk) is False
    assert mail.outbox == []


def test_saving_the_plan_queues_a_reminder_on_the_review_date(owner_access):
    plan = _plan(owner_access, TODAY + dt.timedelta(days=14))
    schedule_review_reminder(plan.pk)
    queued = DBTaskResult.objects.filter(task_path__endswith="remind_safety_plan_review").first()
    assert queued is not None
    assert queued.run_after.date() == plan.review_on
    assert queued.args_kwargs["args"] == [plan.pk]


def test_a_failed_review_mail_is_not_recorded_as_sent_and_is_tried_again(settings, owner_access):
    from signaalwijzer.jobruns.models import JobRun

    plan = _plan(owner_access, TODAY)
    settings.EMAIL_BACKEND = "signaalwijzer.jobruns.testing.FailingEmailBackend"
    assert remind_safety_plan_review.call(plan.pk) is False
    plan.refresh_from_db()
    assert plan.reminded_for is None
    assert JobRun.objects.get().status == "failed"
    retry = DBTaskResult.objects.get(task_path__endswith="remind_safety_plan_review")
    assert retry.args_kwargs["args"] == [plan.pk, 2]


def test_a_missed_review_reminder_is_sent_by_the_sweep(owner_access, professional):
    from signaalwijzer.safety.tasks import sweep_missed_reminders

    plan = _plan(owner_access, TODAY)
    SafetyPlan.objects.filter(pk=plan.pk).update(review_on=TODAY - dt.timedelta(days=3))
    assert sweep_missed_reminders() == 1
    assert mail.outbox[0].to == [professional.email]
    assert sweep_missed_reminders() == 0
