from typing import Any

from django.core.management.base import BaseCommand

from signaalwijzer.accounts.demo import current_demo_code


class Command(BaseCommand):
    help = "Print the current TOTP code for the demo authenticator secret."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(current_demo_code())
