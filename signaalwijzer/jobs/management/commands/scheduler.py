"""manage.py scheduler: the long-running process that queues every periodic job at its time (decision 45).

It only queues (django-tasks); a worker (``manage.py db_worker``) runs the jobs. Run exactly one per deployment
as a rule; a second one does no harm (each run is queued once, JobSlot), so a rolling deploy may overlap.
"""

from __future__ import annotations

import contextlib
import logging
import signal
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from signaalwijzer.jobs import registry
from signaalwijzer.jobs.schedule import enqueue_due
from signaalwijzer.jobs.triggers import every

logger = logging.getLogger("signaalwijzer.jobs")
# Besides each job's own trigger, all jobs are checked this often: a slot missed (the database was away at
# that moment) is queued at the next check.
CATCH_UP_MINUTES = 10


def _queue(names: tuple[str, ...] | None = None) -> None:
    close_old_connections()
    try:
        jobs = tuple(registry.get(name) for name in names) if names else None
        queued = enqueue_due(jobs=jobs)
        if queued:
            logger.info("queued: %s", ", ".join(queued))
    finally:
        close_old_connections()


class Command(BaseCommand):
    help = "Queue every periodic job at its time (APScheduler); a db_worker runs them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="print the jobs and their next times, then exit"
        )

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
        for job in registry.JOBS:
            scheduler.add_job(
                _queue,
                trigger=job.trigger(),
                args=[(job.name,)],
                id=job.name,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=None,
            )
        scheduler.add_job(
            _queue,
            trigger=every(CATCH_UP_MINUTES),
            id="catch-up",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )
        if check:
            for job in registry.JOBS:
                self.stdout.write(f"{job.name}: {job.trigger()}")
            return
        _queue()  # what was missed while no scheduler ran
        signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
        self.stdout.write(f"Scheduler started: {len(registry.JOBS)} jobs.")
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()
