"""The access log's monthly partitions on PostgreSQL (migration audit 0008, decision 49). SQLite has none.

The job "audit-partitions" (daily) makes AUDIT_PARTITION_MONTHS_AHEAD months ahead through the database function
``audit_accessevent_ensure_partitions`` (it runs with the table owner's rights, so the application role need not
own the log), and fails — visible on /admin/jobs/ and /health/ready — when the default partition holds rows:
events whose month had no partition. They are kept there, verified like every row, but that month's partition
can then no longer be made; the job says so until an operator moves them (docs/operations.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection

DEFAULT = "audit_accessevent_default"


class EventsOutsideTheirMonth(Exception):
    """The default partition holds rows (no personal data in the message: a count)."""


@dataclass(frozen=True)
class Partition:
    name: str
    ends: datetime | None  # None: the default partition


def partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass('audit_accessevent')"
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def partitions() -> list[Partition]:
    """Every partition of the log with the end of its range, oldest first (the default last)."""
    if not partitioned():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT inhrelid::regclass::text, audit_accessevent_partition_end(inhrelid::regclass) "
            "FROM pg_inherits WHERE inhparent = 'audit_accessevent'::regclass"
        )
        found = [Partition(name, ends) for name, ends in cursor.fetchall()]
    return sorted(found, key=lambda p: (p.ends is None, p.ends or datetime.min, p.name))


def ensure_partitions(months_ahead: int | None = None) -> int:
    """Make the partitions of this month and the next ``months_ahead``; how many were made."""
    if not partitioned():
        return 0
    ahead = settings.AUDIT_PARTITION_MONTHS_AHEAD if months_ahead is None else months_ahead
    with connection.cursor() as cursor:
        cursor.execute("SELECT audit_accessevent_ensure_partitions(%s)", [ahead])
        (made,) = cursor.fetchone()
    return int(made)


def rows_outside_their_month() -> int:
    if not partitioned():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {DEFAULT}")  # noqa: S608  # nosec B608 (a constant)
        (count,) = cursor.fetchone()
    return int(count)


def maintain() -> int:
    """The job's work: make months ahead, then fail loudly if events landed outside their month."""
    made = ensure_partitions()
    stray = rows_outside_their_month()
    if stray:
        raise EventsOutsideTheirMonth(
            f"{stray} access event(s) are in the default partition: their month had no partition"
        )
    return made
