from typing import Any

from django.core.management.base import BaseCommand, CommandError

from signaalwijzer.accounts.demo import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    DemoRefusedError,
    seed_demo,
)
from signaalwijzer.accounts.models import User
from signaalwijzer.casework.demo import seed_demo_case
from signaalwijzer.sso.demo import DEMO_DOMAIN, configure_demo_sso


class Command(BaseCommand):
    help = "Load the demo organisations and users (idempotent; refused in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            users = seed_demo()
        except DemoRefusedError as error:
            raise CommandError(str(error)) from error
        created = sum(1 for _user, was_created in users if was_created)
        owner = User.objects.get(email="hulpverlener@demo.signaalwijzer.nl")
        colleague = User.objects.get(email="collega@demo.signaalwijzer.nl")
        if seed_demo_case(owner, colleague):
            self.stdout.write("Demo case created for hulpverlener@demo.signaalwijzer.nl.")
        self.stdout.write(f"Demo data ready ({created} new users).\n")
        self.stdout.write("Demo logins (all with the same password and authenticator secret):")
        for demo_user, _created in users:
            mfa = "" if demo_user.with_mfa else "   (no second factor yet: shows MFA enrolment)"
            roles = ", ".join(role.value for role in demo_user.roles)
            self.stdout.write(f"  {demo_user.email:<46} {roles}{mfa}")
        self.stdout.write(f"\n  Password:             {DEMO_PASSWORD}")
        self.stdout.write(f"  Authenticator secret: {DEMO_TOTP_SECRET}")
        self.stdout.write("  Current code:         make demo-code  (or add the secret to an app)\n")
        if configure_demo_sso() is not None:
            self.stdout.write(
                f"Single sign-on: addresses @{DEMO_DOMAIN} sign in through the test provider "
                "(docs/operations.md, 'Single sign-on')."
            )
