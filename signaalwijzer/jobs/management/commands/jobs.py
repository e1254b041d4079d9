"""manage.py jobs list | run NAME | run-due

``run-due`` queues what is due, exactly as the scheduler does: run it every minute from cron or a Kubernetes
CronJob instead of ``manage.py scheduler``. ``run NAME`` runs one job now, in this process (recorded as a JobRun;
a failure queues its retry for the worker).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from signaalwijzer.jobruns.recording import run_recorded
from signaalwijzer.jobs import registry, selectors
from signaalwijzer.jobs.schedule import enqueue_due
from signaalwijzer.jobs.tasks import run_job


class Command(BaseCommand):
    help = "The periodic jobs: list them, run one now, or queue those that are due (for cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "list", help="every job, its schedule, last good run and whether it is overdue"
        )
        run = sub.add_parser("run", help="run one job now in this process")
        # Not the heartbeat: it must prove that a worker runs tasks, not that this command ran.
        run.add_argument(
            "name", choices=[job.name for job in registry.JOBS if job.name != "heartbeat"]
        )
        sub.add_parser("run-due", help="queue the jobs that are due (every minute from cron)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "list":
            for row in selectors.job_overview():
                last = row.last_ok.isoformat() if row.last_ok else "never"
                state = "OVERDUE" if row.overdue else "ok"
                self.stdout.write(
                    f"{row.job.name:20} {state:8} last ok: {last}  {row.job.description}"
                )
        elif action == "run":
            name = options["name"]
            job = registry.get(name)
            ok = run_recorded(
                name,
                job.work,
                retry=(lambda attempt, at: run_job.using(run_after=at).enqueue(name, attempt))
                if job.retry
                else None,
            )
            if not ok:
                raise CommandError(f"job {name} failed (see the JobRun record); a retry is queued")
            self.stdout.write(f"job {name}: ok")
        else:
            queued = enqueue_due()
            self.stdout.write("queued: " + (", ".join(queued) if queued else "nothing"))
