"""Reading the access log, for the log manager. Only their own organisation's events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.utils import timezone

from signaalwijzer.accounts.models import User
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.models import EmergencyAccess

OFFICE_HOURS = (time(7, 0), time(19, 0))
BULK_READS_PER_DAY = 30


def _organisation_id(manager: User) -> int:
    if manager.organisation_id is None:
        raise PermissionDenied
    return manager.organisation_id


def _organisation_events(manager: User) -> QuerySet[AccessEvent]:
    events = AccessEvent.objects.filter(organisation_id=_organisation_id(manager))
    return events.select_related("user")


def search(
    manager: User,
    *,
    case_id: int | None = None,
    user_email: str = "",
    start: date | None = None,
    end: date | None = None,
    action: str = "",
) -> QuerySet[AccessEvent]:
    events = _organisation_events(manager)
    if case_id:
        events = events.filter(case_id=case_id)
    if user_email:
        events = events.filter(user__email__iexact=user_email.strip())
    if start:
        events = events.filter(at__gte=timezone.make_aware(datetime.combine(start, time.min)))
    if end:
        events = events.filter(
            at__lt=timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
        )
    if action:
        events = events.filter(action=action)
    return events.order_by("-at", "-pk")


@dataclass(frozen=True)
class BulkReader:
    user: User
    day: date
    cases: int


def unusual_access(manager: User, *, days: int = 30) -> dict[str, object]:
    """Break-the-glass use, case reads outside office hours, and users who read many cases in a day."""
    since = timezone.now() - timedelta(days=days)
    recent = _organisation_events(manager).filter(at__gte=since)
    outside = [
        event
        for event in recent.filter(action=AccessEvent.Action.READ).exclude(case=None)
        if not OFFICE_HOURS[0] <= timezone.localtime(event.at).time() < OFFICE_HOURS[1]
        or timezone.localtime(event.at).weekday() >= 5
    ]
    per_day = (
        recent.filter(action=AccessEvent.Action.READ)
        .exclude(case=None)
        .values("user", "at__date")
        .annotate(cases=Count("case", distinct=True))
        .filter(cases__gte=BULK_READS_PER_DAY)
    )
    users = {user.pk: user for user in User.objects.filter(pk__in={row["user"] for row in per_day})}
    return {
        "emergency": list(recent.filter(action=AccessEvent.Action.BREAK_GLASS)),
        "outside_office_hours": outside[:200],
        "bulk": [BulkReader(users[row["user"]], row["at__date"], row["cases"]) for row in per_day],
        "days": days,
    }


def emergency_review_queue(manager: User) -> list[EmergencyAccess]:
    return list(
        EmergencyAccess.objects.filter(case__organisation_id=_organisation_id(manager))
        .select_related("user", "reviewed_by")
        .order_by("reviewed_at", "-granted_at")[:200]
    )
