"""Every periodic job of Signaalwijzer, in one place (decision 45).

Each job has a name, a schedule (an APScheduler trigger in the project's time zone), the work (a plain function;
the worker runs it through ``jobs.tasks.run_job``, which records a JobRun and retries with back-off), and a
``max_age``: when its last successful run is older than that, the job counts as overdue on /health/ready and on
the platform administrator's page /admin/jobs/.

Not here, because they are not periodic: the reminders of one action or safety plan (queued for the morning of
their day when the record is saved, ``meldcode/tasks.py``, ``safety/tasks.py``), the statistics rebuild queued on
commit (``statistics/tasks.py``) and the e-mail to a meldcode officer asked to consult. The "reminder-sweep" and
"statistics-rebuild" jobs below catch what those missed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from apscheduler.triggers.base import BaseTrigger
from django.conf import settings

from signaalwijzer.jobs.triggers import daily, every


class DestructionIncomplete(Exception):
    """Some cases due for destruction could not be destroyed; the run goes on and is retried."""


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    trigger: Callable[
        [], BaseTrigger
    ]  # built when asked: the settings (time zone, intervals) may change
    work: Callable[[], Any]
    max_age: Callable[[], timedelta]
    # The longest time between two runs: how far back the scheduler looks for a run it missed.
    period: Callable[[], timedelta]
    retry: bool = True


# --- the work of each job (thin: the apps own the rules) ---------------------------------------------------


def heartbeat() -> int:
    """Its JobRun row is the proof that a worker takes tasks. It also marks runs and tasks left RUNNING by a
    killed worker as failed once they are older than ``JOBS_TASK_RUNNING_MINUTES`` (cheap: two UPDATEs)."""
    from signaalwijzer.jobs.abandoning import abandon_stuck

    return abandon_stuck()


def retention() -> int:
    from signaalwijzer.cases.destruction import destroy_expired_cases

    report = destroy_expired_cases()
    if report.failed:
        raise DestructionIncomplete(f"{len(report.failed)} case(s) failed")
    return len(report.destroyed)


def audit_checkpoint() -> str:
    from signaalwijzer.audit.tasks import checkpoint_and_log

    return checkpoint_and_log()


def audit_partitions() -> int:
    from signaalwijzer.audit.partitions import maintain

    return maintain()


def audit_verify() -> int:
    from signaalwijzer.audit.verification import LogBroken, verify_or_raise
    from signaalwijzer.logmanager.reviews import reviews_out_of_chain

    walked = verify_or_raise()
    if reviews_out_of_chain():
        raise LogBroken("the access log and the emergency reviews disagree")
    return walked


def audit_archive() -> int:
    from signaalwijzer.audit.archive import archive_due

    return len(archive_due())


def register_expire() -> int:
    from signaalwijzer.register.services import expire_signals

    return expire_signals()


def reminder_sweep() -> int:
    from signaalwijzer.meldcode.tasks import sweep_missed_reminders as meldcode_sweep
    from signaalwijzer.safety.tasks import sweep_missed_reminders as safety_sweep

    return meldcode_sweep() + safety_sweep()


def statistics_rebuild() -> int:
    from signaalwijzer.statistics.tasks import rebuild_statistics_summary

    return rebuild_statistics_summary.call()


def sso_sweep() -> int:
    from signaalwijzer.sso.departures import sweep

    return sweep()


def prune_runs() -> int:
    from signaalwijzer.jobs.pruning import prune

    return prune()


def _minutes(value: int) -> Callable[[], timedelta]:
    return lambda: timedelta(minutes=value)


def _checkpoint_minutes() -> int:
    return int(settings.AUDIT_CHECKPOINT_MINUTES)


DAY = timedelta(days=1)
# A daily job is overdue when its last good run is more than a day and a bit ago: one failed day (retries
# used up) shows.
DAILY_MAX_AGE = timedelta(hours=26)

JOBS: tuple[Job, ...] = (
    Job(
        name="heartbeat",
        description=(
            "The worker's heartbeat: proves a worker takes tasks; marks runs left running by a killed worker "
            "as failed (every minute)."
        ),
        trigger=lambda: every(1),
        work=heartbeat,
        max_age=lambda: timedelta(minutes=settings.JOBS_HEARTBEAT_MAX_MINUTES),
        period=_minutes(1),
        retry=False,  # the next minute's run is the retry
    ),
    Job(
        name="retention",
        description="Destroy closed cases past their retention period, except those on legal hold (03:00).",
        trigger=lambda: daily(3, 0),
        work=retention,
        max_age=lambda: DAILY_MAX_AGE,
        period=lambda: DAY,
    ),
    Job(
        name="audit-partitions",
        description=(
            "PostgreSQL: make the access log's monthly partitions ahead; fails when events landed outside "
            "their month (02:15)."
        ),
        trigger=lambda: daily(2, 15),
        work=audit_partitions,
        max_age=lambda: DAILY_MAX_AGE,
        period=lambda: DAY,
    ),
    Job(
        name="audit-verify",
        description=(
            "Verify the access log from the last verified anchor: the new events and their link to the "
            "verified past (04:15)."
        ),
        trigger=lambda: daily(4, 15),
        work=audit_verify,
        max_age=lambda: DAILY_MAX_AGE,
        period=lambda: DAY,
    ),
    Job(
        name="audit-archive",
        description=(
            "PostgreSQL: export months of the access log past AUDIT_LOG_RETENTION_YEARS to AUDIT_ARCHIVE_DIR, "
            "check the file and drop them (04:45; nothing without AUDIT_ARCHIVE_DIR)."
        ),
        trigger=lambda: daily(4, 45),
        work=audit_archive,
        max_age=lambda: DAILY_MAX_AGE,
        period=lambda: DAY,
    ),
    Job(
        name="register-expire",
        description="Delete loose signals past their organisation's period (03:30).",
        trigger=lambda: daily(3, 30),
        work=register_expire,
        max_age=lambda: DAILY_MAX_AGE,
        period=lambda: DAY,
    ),
    Job(
        name="audit-checkpoint",
        description="Sign a checkpoint of the access log (every AUDIT_CHECKPOINT_MINUTES).",
        trigger=lambda: every(_checkpoint_minutes()),
        work=audit_checkpoint,
        max_age=lambda: 2 * timedelta(minutes=_checkpoint_minutes()) + timedelta(minutes=10),
        period=lambda: timedelta(minutes=_checkpoint_minutes()),
    ),
    Job(
        name="reminder-sweep",
        description="Send reminders that were due in the last 7 days and never sent (09:30).",
        trigger=lambda: daily(9, 30),
        work=reminder_sweep,
        max_age=lambda: DAILY_MAX_AGE,
        period=lambda: DAY,
    ),
    Job(
        name="statistics-rebuild",
        description="Rebuild the statistics summary where a queued rebuild was lost (every 60 minutes).",
        trigger=lambda: every(60),
        work=statistics_rebuild,
        max_age=lambda: timedelta(hours=3),
        period=_minutes(60),
    ),
    Job(
        name="sso-sweep",
        description=(
            "Deactivate single sign-on users not seen at their identity provider for its inactive days (02:30)."
        ),
        trigger=lambda: daily(2, 30),
        work=sso_sweep,
        max_age=lambda: DAILY_MAX_AGE,
        period=lambda: DAY,
    ),
    Job(
        name="prune-runs",
        description="Delete old run records: heartbeats after 2 days, other runs after 90 (04:00).",
        trigger=lambda: daily(4, 0),
        work=prune_runs,
        max_age=lambda: DAILY_MAX_AGE,
        period=lambda: DAY,
    ),
)

BY_NAME = {job.name: job for job in JOBS}


def get(name: str) -> Job:
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no job named {name!r}; known: {', '.join(BY_NAME)}") from None
