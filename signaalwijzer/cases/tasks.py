"""The e-mail to a meldcode officer who is asked to consult (never with case content).

The daily retention run is a job of the scheduler now (``jobs/registry.py``, decision 45); it no longer
re-schedules itself.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from signaalwijzer.accounts.models import User
from signaalwijzer.cases.destruction import destroy_expired_cases


@task()
def run_retention() -> int:
    """Kept for retention tasks queued before the scheduler existed: runs once, queues nothing."""
    return len(destroy_expired_cases().destroyed)


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
