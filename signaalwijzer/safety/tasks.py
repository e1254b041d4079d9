"""The review-date reminder of a safety plan, by e-mail. It never contains case content."""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from signaalwijzer.cases.models import CaseMember
from signaalwijzer.safety.models import SafetyPlan

REMINDER_TIME = time(8, 0)
REVIEW_SUBJECT = gettext_noop("Signaalwijzer: a safety plan needs to be looked at again")
REVIEW_BODY = gettext_noop(
    "A safety plan in a case of yours has reached its review date. "
    "Log in to see which case it is about: {link}"
)


def _morning_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, REMINDER_TIME))


def _claim(plan_id: int, review_on: date) -> bool:
    """At most one reminder per review date, however often it was scheduled."""
    claimed = (
        SafetyPlan.objects.filter(pk=plan_id, review_on=review_on)
        .exclude(reminded_for=review_on)
        .update(reminded_for=review_on)
    )
    return claimed == 1


@task()
def remind_safety_plan_review(plan_id: int) -> bool:
    """Mail the case owner(s) when the plan's review date has come (and the case is still open)."""
    plan = SafetyPlan.objects.select_related("case").filter(pk=plan_id).first()
    today = timezone.localdate()
    if plan is None or plan.review_on > today or not plan.case.is_open:
        return False
    owners = [
        member.user.email
        for member in CaseMember.objects.filter(
            case=plan.case, role=CaseMember.Role.OWNER
        ).select_related("user")
        if member.user.is_active
    ]
    if not owners or not _claim(plan_id, plan.review_on):
        return False
    link = str(settings.SITE_URL).rstrip("/") + reverse("cases:dashboard")
    with translation.override(settings.LANGUAGE_CODE):
        for address in owners:  # one mail each: owners do not see each other's address
            send_mail(
                subject=_(REVIEW_SUBJECT),
                message=_(REVIEW_BODY).format(link=link),
                from_email=None,
                recipient_list=[address],
            )
    return True


def schedule_review_reminder(plan_id: int) -> None:
    plan = SafetyPlan.objects.filter(pk=plan_id).first()
    if plan is None:
        return
    remind_safety_plan_review.using(run_after=_morning_of(plan.review_on)).enqueue(plan_id)
