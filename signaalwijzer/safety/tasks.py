"""The review-date reminder of a safety plan, by e-mail. It never contains case content.

Recorded as sent (``reminded_for``) only after the mails went out; a failed mail is tried again with back-off;
the daily sweep sends what was due and never sent (decision 45).
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

from signaalwijzer.cases.models import Case, CaseMember
from signaalwijzer.jobruns.recording import run_recorded
from signaalwijzer.safety.models import SafetyPlan

REMINDER_TIME = time(8, 0)
SWEEP_DAYS = 7  # the daily sweep looks back this many days for review reminders never sent
REVIEW_REMINDER = "reminder.safety_plan_review"
REVIEW_SUBJECT = gettext_noop("Signaalwijzer: a safety plan needs to be looked at again")
REVIEW_BODY = gettext_noop(
    "A safety plan in a case of yours has reached its review date. "
    "Log in to see which case it is about: {link}"
)


def _morning_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, REMINDER_TIME))


def _record_reminded(plan_id: int, review_on: date) -> None:
    """Recorded only after every mail went out: a crash in between means it may go twice, never that it is
    lost."""
    SafetyPlan.objects.filter(pk=plan_id, review_on=review_on).update(reminded_for=review_on)


def _owner_addresses(plan: SafetyPlan) -> list[str]:
    return [
        member.user.email
        for member in CaseMember.objects.filter(
            case=plan.case, role=CaseMember.Role.OWNER
        ).select_related("user")
        if member.user.is_active
    ]


@task()
def remind_safety_plan_review(plan_id: int, attempt: int = 1) -> bool:
    """Mail the case owner(s) when the plan's review date has come (and the case is still open); at most
    one reminder per review date. A failed mail is tried again with back-off."""
    plan = SafetyPlan.objects.select_related("case").filter(pk=plan_id).first()
    today = timezone.localdate()
    if (
        plan is None
        or plan.review_on > today
        or not plan.case.is_open
        or plan.reminded_for == plan.review_on
    ):
        return False
    owners = _owner_addresses(plan)
    if not owners:
        return False
    review_on = plan.review_on

    def send() -> None:
        link = str(settings.SITE_URL).rstrip("/") + reverse("cases:dashboard")
        with translation.override(settings.LANGUAGE_CODE):
            for address in owners:  # one mail each: owners do not see each other's address
                send_mail(
                    subject=_(REVIEW_SUBJECT),
                    message=_(REVIEW_BODY).format(link=link),
                    from_email=None,
                    recipient_list=[address],
                )
        _record_reminded(plan_id, review_on)

    return run_recorded(
        REVIEW_REMINDER,
        send,
        attempt=attempt,
        target_id=plan_id,
        retry=lambda next_attempt, at: remind_safety_plan_review.using(run_after=at).enqueue(
            plan_id, next_attempt
        ),
    )


def sweep_missed_reminders(today: date | None = None) -> int:
    """Send the review reminders that became due in the last SWEEP_DAYS days and were never sent."""
    today = today or timezone.localdate()
    missed = (
        SafetyPlan.objects.filter(
            review_on__lte=today,
            review_on__gte=today - timedelta(days=SWEEP_DAYS),
            case__status=Case.Status.OPEN,
        )
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("review_on")))
        .values_list("pk", flat=True)
    )
    return sum(1 for plan_id in missed if remind_safety_plan_review.call(plan_id))


def schedule_review_reminder(plan_id: int) -> None:
    plan = SafetyPlan.objects.filter(pk=plan_id).first()
    if plan is None:
        return
    remind_safety_plan_review.using(run_after=_morning_of(plan.review_on)).enqueue(plan_id)
