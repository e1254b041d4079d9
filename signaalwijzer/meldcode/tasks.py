"""Reminders by e-mail. They never contain case content: only that something is waiting, and where."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from signaalwijzer.meldcode.deadlines import feedback_due_on, feedback_overdue
from signaalwijzer.meldcode.models import Action

REMINDER_TIME = time(8, 0)
DUE_SUBJECT = gettext_noop("Signaalwijzer: an action is due")
DUE_BODY = gettext_noop(
    "An action you are responsible for in Signaalwijzer is due. "
    "Log in to see which case it is about: {link}"
)
FEEDBACK_SUBJECT = gettext_noop("Signaalwijzer: no feedback from Veilig Thuis yet")
FEEDBACK_BODY = gettext_noop(
    "Veilig Thuis has not given feedback on a report within 5 working days. "
    "Consider calling them (0800-2000). Log in to see which case it is about: {link}"
)


def _morning_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, REMINDER_TIME))


def _claim_reminder(action_id: int, today: date) -> bool:
    """At most one reminder per action per day, however often it was scheduled."""
    claimed = (
        Action.objects.filter(pk=action_id)
        .exclude(last_reminded_on=today)
        .update(last_reminded_on=today)
    )
    return claimed == 1


def _mail_owner(action: Action, subject: str, body: str) -> None:
    link = str(settings.SITE_URL).rstrip("/") + reverse("cases:dashboard")
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=_(subject),
            message=_(body).format(link=link),
            from_email=None,
            recipient_list=[action.owner.email],
        )


@task()
def remind_action_owner(action_id: int) -> bool:
    action = Action.objects.select_related("owner", "case").filter(pk=action_id).first()
    today = timezone.localdate()
    if (
        action is None
        or action.status != Action.Status.OPEN
        or action.due_on is None
        or action.due_on > today
        or not action.case.is_open
        or not _claim_reminder(action_id, today)
    ):
        return False
    _mail_owner(action, DUE_SUBJECT, DUE_BODY)
    return True


@task()
def remind_veilig_thuis_feedback(action_id: int) -> bool:
    action = Action.objects.select_related("owner", "case").filter(pk=action_id).first()
    today = timezone.localdate()
    if (
        action is None
        or not action.is_report
        or action.reported_on is None
        or not action.case.is_open
    ):
        return False
    received = action.feedback.exists()
    if not feedback_overdue(action.reported_on, today, feedback_received=received):
        return False
    if not _claim_reminder(action_id, today):
        return False
    _mail_owner(action, FEEDBACK_SUBJECT, FEEDBACK_BODY)
    return True


def schedule_action_reminders(action_id: int) -> None:
    action = Action.objects.filter(pk=action_id).first()
    if action is None:
        return
    if action.status == Action.Status.OPEN and action.due_on is not None:
        remind_action_owner.using(run_after=_morning_of(action.due_on)).enqueue(action_id)
    if action.is_report and action.reported_on is not None:
        first_overdue_day = feedback_due_on(action.reported_on) + timedelta(days=1)
        remind_veilig_thuis_feedback.using(run_after=_morning_of(first_overdue_day)).enqueue(
            action_id
        )
