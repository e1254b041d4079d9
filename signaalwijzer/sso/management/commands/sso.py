"""manage.py sso sweep: deactivate single sign-on users who left (run daily)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from signaalwijzer.sso.departures import sweep


class Command(BaseCommand):
    help = (
        "sweep: deactivate SSO users of organisations without password login who have not signed in "
        "through their identity provider for the provider's inactive_days (run daily)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["sweep"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        self.stdout.write(f"{sweep()} user(s) deactivated.")
