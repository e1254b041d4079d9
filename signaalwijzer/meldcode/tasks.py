"""Reminders by e-mail. They never contain case content: only that something is waiting, and where.

A reminder is queued for the morning of its day (``schedule_action_reminders``). It is recorded as sent
(``last_reminded_on`` for the due-action reminder, ``feedback_reminded_on`` for the Veilig Thuis feedback
reminder: each its own day, so one never stops the other) only after the mail went out, a failed mail is tried again with back-off (JobRun rows,
``jobruns/recording.py``), and a daily sweep sends what was due and never sent (decision 45).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from signaalwijzer.cases.models import Case
from signaalwijzer.jobruns.recording import Retry, run_recorded
from signaalwijzer.meldcode.deadlines import feedback_due_on, feedback_overdue
from signaalwijzer.meldcode.models import Action

REMINDER_TIME = time(8, 0)
# The daily sweep looks back this many days for reminders that were due and never sent.
SWEEP_DAYS = 7
# A report's feedback is due at most this many calendar days after it (5 working days and the longest run of
# holidays and weekends around Christmas or Easter fit well within it).
FEEDBACK_LOOKBACK_DAYS = 21
ACTION_DUE_REMINDER = "reminder.action_due"
FEEDBACK_REMINDER = "reminder.veilig_thuis_feedback"
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


# Which field records that a reminder went out, per reminder.
REMINDED_FIELD = {
    ACTION_DUE_REMINDER: "last_reminded_on",
    FEEDBACK_REMINDER: "feedback_reminded_on",
}


def _already_reminded(name: str, action: Action, today: date) -> bool:
    return bool(getattr(action, REMINDED_FIELD[name]) == today)


def _record_reminded(name: str, action_id: int, today: date) -> None:
    """Recorded only after the mail went out: a crash in between means it may go twice, never that it is lost."""
    Action.objects.filter(pk=action_id).update(**{REMINDED_FIELD[name]: today})


def _mail_owner(action: Action, subject: str, body: str) -> None:
    link = str(settings.SITE_URL).rstrip("/") + reverse("cases:dashboard")
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=_(subject),
            message=_(body).format(link=link),
            from_email=None,
            recipient_list=[action.owner.email],
        )


def _send_recorded(
    name: str, action: Action, today: date, subject: str, body: str, *, attempt: int, retry: Retry
) -> bool:
    def send() -> None:
        _mail_owner(action, subject, body)
        _record_reminded(name, action.pk, today)

    return run_recorded(name, send, attempt=attempt, target_id=action.pk, retry=retry)


def _action_due_today(action: Action | None, today: date) -> bool:
    return (
        action is not None
        and action.status == Action.Status.OPEN
        and action.due_on is not None
        and action.due_on <= today
        and action.case.is_open
    )


def _feedback_overdue_today(action: Action | None, today: date) -> bool:
    if (
        action is None
        or not action.is_report
        or action.reported_on is None
        or not action.case.is_open
    ):
        return False
    received = action.feedback.exists()
    return feedback_overdue(action.reported_on, today, feedback_received=received)


@task()
def remind_action_owner(action_id: int, attempt: int = 1) -> bool:
    """Mail the owner of a due action (once a day at most). A failed mail is tried again with back-off."""
    action = Action.objects.select_related("owner", "case").filter(pk=action_id).first()
    today = timezone.localdate()
    if (
        action is None
        or not _action_due_today(action, today)
        or _already_reminded(ACTION_DUE_REMINDER, action, today)
    ):
        return False
    return _send_recorded(
        ACTION_DUE_REMINDER,
        action,
        today,
        DUE_SUBJECT,
        DUE_BODY,
        attempt=attempt,
        retry=lambda next_attempt, at: remind_action_owner.using(run_after=at).enqueue(
            action_id, next_attempt
        ),
    )


@task()
def remind_veilig_thuis_feedback(action_id: int, attempt: int = 1) -> bool:
    """Mail the owner of a report to Veilig Thuis without feedback after 5 working days."""
    action = Action.objects.select_related("owner", "case").filter(pk=action_id).first()
    today = timezone.localdate()
    if (
        action is None
        or not _feedback_overdue_today(action, today)
        or _already_reminded(FEEDBACK_REMINDER, action, today)
    ):
        return False
    return _send_recorded(
        FEEDBACK_REMINDER,
        action,
        today,
        FEEDBACK_SUBJECT,
        FEEDBACK_BODY,
        attempt=attempt,
        retry=lambda next_attempt, at: remind_veilig_thuis_feedback.using(run_after=at).enqueue(
            action_id, next_attempt
        ),
    )


def _first_feedback_reminder_day(reported_on: date) -> date:
    return feedback_due_on(reported_on) + timedelta(days=1)


def sweep_missed_reminders(today: date | None = None) -> int:
    """Send the reminders that became due in the last SWEEP_DAYS days and were never sent (the worker was
    down, a task was lost or its retries ran out). Returns how many were sent."""
    today = today or timezone.localdate()
    since = today - timedelta(days=SWEEP_DAYS)
    not_reminded_since_due = Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lt=F("due_on"))
    due = (
        Action.objects.filter(
            status=Action.Status.OPEN,
            due_on__lte=today,
            due_on__gte=since,
            case__status=Case.Status.OPEN,
        )
        .filter(not_reminded_since_due)
        .values_list("pk", flat=True)
    )
    sent = sum(1 for action_id in due if remind_action_owner.call(action_id))
    # The due day of feedback depends on holidays, so the last weeks' reports are checked one by one.
    reports = Action.objects.filter(
        kind=Action.Kind.REPORT_VEILIG_THUIS,
        reported_on__isnull=False,
        reported_on__gte=since - timedelta(days=FEEDBACK_LOOKBACK_DAYS),
        case__status=Case.Status.OPEN,
        feedback__isnull=True,
    ).values_list("pk", "reported_on", "feedback_reminded_on")
    for action_id, reported_on, feedback_reminded_on in reports:
        if reported_on is None:  # excluded by the query; narrows the type
            continue
        first_day = _first_feedback_reminder_day(reported_on)
        if not since <= first_day <= today:
            continue
        if feedback_reminded_on is not None and feedback_reminded_on >= first_day:
            continue
        sent += remind_veilig_thuis_feedback.call(action_id)
    return sent


def schedule_action_reminders(action_id: int) -> None:
    action = Action.objects.filter(pk=action_id).first()
    if action is None:
        return
    if action.status == Action.Status.OPEN and action.due_on is not None:
        remind_action_owner.using(run_after=_morning_of(action.due_on)).enqueue(action_id)
    if action.is_report and action.reported_on is not None:
        first_overdue_day = _first_feedback_reminder_day(action.reported_on)
        remind_veilig_thuis_feedback.using(run_after=_morning_of(first_overdue_day)).enqueue(
            action_id
        )
