"""manage.py retention run | schedule"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from signaalwijzer.cases.destruction import destroy_expired_cases
from signaalwijzer.cases.tasks import schedule_retention


class Command(BaseCommand):
    help = "Destroy closed cases past their retention period (run), or start the daily task (schedule)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["run", "schedule"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "run":
            self.stdout.write(f"{destroy_expired_cases()} case(s) destroyed.")
        elif schedule_retention():
            self.stdout.write("The daily retention run is scheduled.")
        else:
            self.stdout.write("The daily retention run was scheduled already.")
