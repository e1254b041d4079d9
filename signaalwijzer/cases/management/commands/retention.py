"""manage.py retention run | schedule (schedule: deprecated, the scheduler runs it daily)"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from signaalwijzer.cases.destruction import destroy_expired_cases


class Command(BaseCommand):
    help = (
        "Destroy closed cases past their retention period, except those on legal hold (run). "
        "'schedule' is deprecated: the scheduler (manage.py scheduler) runs the job 'retention' daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["run", "schedule"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "schedule":
            self.stderr.write(
                "'retention schedule' is deprecated and does nothing: run 'manage.py scheduler' "
                "(or 'manage.py jobs run-due' from cron) and the job 'retention' runs daily at 03:00."
            )
            return
        report = destroy_expired_cases()
        self.stdout.write(str(report))
        if report.held:
            self.stdout.write(
                "Kept on legal hold: " + ", ".join(f"#{case_id}" for case_id in report.held)
            )
        if report.failed:
            self.stdout.write(
                "Failed (tried again next run): "
                + ", ".join(f"#{case_id}" for case_id in report.failed)
            )
