"""Is this deployment ready to do its work? The checks behind GET /health/ready (decision 45).

Each check gives a name, whether it passed, and at most counts and job names: no secrets, no personal data.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from signaalwijzer.jobs import selectors


@dataclass
class Check:
    name: str
    ok: bool
    detail: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, **self.detail}


# Per process: when migrations were last found complete. Unapplied migrations are looked for again at once.
_migrations_complete_at: float | None = None


def _database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return Check("database", False)
    return Check("database", True)


def _migrations() -> Check:
    global _migrations_complete_at
    fresh_for = settings.JOBS_MIGRATION_CHECK_SECONDS
    if (
        _migrations_complete_at is not None
        and time.monotonic() - _migrations_complete_at < fresh_for
    ):
        return Check("migrations", True)
    executor = MigrationExecutor(connection)
    unapplied = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    if unapplied:
        _migrations_complete_at = None
        return Check("migrations", False, {"unapplied": unapplied})
    _migrations_complete_at = time.monotonic()
    return Check("migrations", True)


def forget_migration_check() -> None:
    global _migrations_complete_at
    _migrations_complete_at = None


def _heartbeat() -> Check:
    last = selectors.last_heartbeat()
    max_age = timedelta(minutes=settings.JOBS_HEARTBEAT_MAX_MINUTES)
    if last is None:
        return Check("worker_heartbeat", False, {"last_seconds_ago": None})
    age = int((timezone.now() - last).total_seconds())
    return Check("worker_heartbeat", age <= max_age.total_seconds(), {"last_seconds_ago": age})


def _failed_jobs() -> Check:
    failed = selectors.failed_for_good()
    names = sorted({run.name for run in failed})
    return Check("failed_jobs", not failed, {"count": len(failed), "jobs": names})


def _overdue_jobs() -> Check:
    overdue = sorted(row.job.name for row in selectors.job_overview() if row.overdue)
    return Check("overdue_jobs", not overdue, {"count": len(overdue), "jobs": overdue})


def _waiting_tasks() -> Check:
    waiting = selectors.waiting_tasks(timedelta(minutes=settings.JOBS_TASK_WAITING_MINUTES))
    return Check("waiting_tasks", waiting == 0, {"count": waiting})


def _stuck_tasks() -> Check:
    stuck = selectors.stuck_runs(timedelta(minutes=settings.JOBS_TASK_RUNNING_MINUTES))
    return Check("stuck_tasks", stuck == 0, {"count": stuck})


def checks() -> list[Check]:
    """All checks; when the database cannot be reached, only that one (the others need it)."""
    database = _database()
    if not database.ok:
        return [database]
    found = [database]
    try:
        found.append(_migrations())
        found += [_heartbeat(), _failed_jobs(), _overdue_jobs(), _waiting_tasks(), _stuck_tasks()]
    except DatabaseError:
        # A table missing (migrations not run) or the connection lost half-way.
        found.append(Check("queries", False))
    return found
