"""The daily retention run (it schedules its own next run, so one start keeps it going), and the e-mail to a
meldcode officer who is asked to consult (never with case content)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from signaalwijzer.accounts.models import User
from signaalwijzer.cases.destruction import destroy_expired_cases

RUN_AT = time(3, 0)


def _next_run() -> datetime:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, RUN_AT))


def schedule_retention() -> bool:
    """Queue the next daily run unless one is waiting already. True if queued now."""
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path__endswith="run_retention"
    ).exists()
    if waiting:
        return False
    run_retention.using(run_after=_next_run()).enqueue()
    return True


@task()
def run_retention() -> int:
    destroyed = destroy_expired_cases()
    schedule_retention()
    return destroyed


ASKED_SUBJECT = gettext_noop("Signaalwijzer: a colleague asks you to consult on a case")
ASKED_BODY = gettext_noop(
    "A colleague asked you, as meldcode officer, to consult on a case in Signaalwijzer. "
    "You now have access to it until the case is closed. Log in to see it: {link}"
)


@task()
def notify_meldcode_officer(user_id: int) -> bool:
    officer = User.objects.filter(pk=user_id, is_active=True).first()
    if officer is None:
        return False
    link = str(settings.SITE_URL).rstrip("/") + reverse("cases:dashboard")
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=_(ASKED_SUBJECT),
            message=_(ASKED_BODY).format(link=link),
            from_email=None,
            recipient_list=[officer.email],
        )
    return True
