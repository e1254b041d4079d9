"""manage.py register expire"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from signaalwijzer.register.services import expire_signals


class Command(BaseCommand):
    help = "Delete loose signals past their organisation's period that did not become a case."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["expire"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        self.stdout.write(f"{expire_signals()} signal(s) deleted.")
