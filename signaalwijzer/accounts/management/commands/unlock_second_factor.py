from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from signaalwijzer.accounts.code_attempts import unlock
from signaalwijzer.accounts.models import User


class Command(BaseCommand):
    help = (
        "Lift the lock on an account's second login step after too many wrong codes "
        "(a lock on the password step is django-axes': `axes_reset_username`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError("No account with that e-mail address.")
        unlock(user)
        self.stdout.write(f"Second step unlocked for user {user.pk}.")
