"""Reading the access log, for the log manager. Only their own organisation's events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from signaalwijzer.accounts.models import User
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.audit.services import record_access
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
    user: User | None = None,
    start: date | None = None,
    end: date | None = None,
    action: str = "",
) -> QuerySet[AccessEvent]:
    events = _organisation_events(manager)
    if case_id:
        events = events.filter(case_id=case_id)
    if user is not None:
        events = events.filter(user=user)
    if start:
        events = events.filter(at__gte=timezone.make_aware(datetime.combine(start, time.min)))
    if end:
        events = events.filter(
            at__lt=timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
        )
    if action:
        events = events.filter(action=action)
    return events.order_by("-at", "-pk")


# Everything that shows case data to the user, or takes it out: a page read, a list (the API lists whole
# cases), a search hit, an export or print (PDF dossier, Veilig Thuis report), a share.
READ_LIKE = (
    AccessEvent.Action.READ,
    AccessEvent.Action.LIST,
    AccessEvent.Action.SEARCH,
    AccessEvent.Action.EXPORT,
    AccessEvent.Action.SHARE,
)
# Outside office hours only what opens or takes out one case; the dashboard's list would drown it.
READ_OUTSIDE_HOURS = (AccessEvent.Action.READ, AccessEvent.Action.EXPORT)


@dataclass(frozen=True)
class BulkReader:
    user: User
    day: date
    cases: int
    exported: int
    listed: int


def _outside_office_hours() -> Q:
    """In the current time zone, like OFFICE_HOURS: before 7:00, from 19:00, or on a Saturday or Sunday."""
    start, end = OFFICE_HOURS
    return (
        Q(at__hour__lt=start.hour)
        | Q(at__hour__gte=end.hour)
        | Q(at__week_day__in=[1, 7])  # Django counts from Sunday = 1
    )


def unusual_access(manager: User, *, days: int = 30) -> dict[str, object]:
    """Break-the-glass use, cases opened or exported outside office hours, and users who saw many cases in a
    day by any read-like route; all counted by the database."""
    since = timezone.now() - timedelta(days=days)
    recent = _organisation_events(manager).filter(at__gte=since)
    outside = (
        recent.filter(_outside_office_hours(), action__in=READ_OUTSIDE_HOURS)
        .exclude(case=None)
        .order_by("-at", "-pk")[:200]
    )
    per_day = list(
        recent.filter(action__in=READ_LIKE)
        .exclude(case=None)
        .exclude(user=None)
        .values("user", "at__date")
        .annotate(
            cases=Count("case", distinct=True),
            exported=Count("case", distinct=True, filter=Q(action=AccessEvent.Action.EXPORT)),
            listed=Count("case", distinct=True, filter=Q(action=AccessEvent.Action.LIST)),
        )
        .filter(cases__gte=BULK_READS_PER_DAY)
        .order_by("-at__date", "-cases")[:200]
    )
    users = {user.pk: user for user in User.objects.filter(pk__in={row["user"] for row in per_day})}
    return {
        "emergency": list(recent.filter(action=AccessEvent.Action.BREAK_GLASS)),
        "outside_office_hours": list(outside),
        "bulk": [
            BulkReader(
                users[row["user"]], row["at__date"], row["cases"], row["exported"], row["listed"]
            )
            for row in per_day
        ],
        "days": days,
    }


def emergency_review_queue(manager: User) -> list[EmergencyAccess]:
    return list(
        EmergencyAccess.objects.filter(case__organisation_id=_organisation_id(manager))
        .select_related("user", "reviewed_by")
        .order_by("reviewed_at", "-granted_at")[:200]
    )


def log_viewed(manager: User, purpose: str) -> None:
    """Every view of the log is itself an event in the log."""
    record_access(
        user=manager, action=AccessEvent.Action.LOG_VIEW, purpose=purpose, basis="log_manager"
    )
