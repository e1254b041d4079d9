"""Factories and helpers for tests. Dutch-looking data; no real people."""

from __future__ import annotations

import factory
import pyotp
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.totp.internal.auth import TOTP
from django.test import RequestFactory

from signaalwijzer.accounts.models import Organisation, Sector, Team, User
from signaalwijzer.accounts.roles import Role
from signaalwijzer.accounts.services import create_user

PASSWORD = "Een-lang-test-wachtwoord-42"
TOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    sector = Sector.YOUTH_CARE


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


def make_user(
    email: str,
    *,
    team: Team | None = None,
    organisation: Organisation | None = None,
    roles: tuple[Role, ...] = (Role.PROFESSIONAL,),
    password: str = PASSWORD,
) -> User:
    organisation = organisation or (team.organisation if team else None)
    return create_user(
        email=email,
        full_name=email.split("@")[0].title(),
        organisation=organisation,
        roles=roles,
        teams=[team] if team else [],
        password=password,
    )


def enrol_totp(user: User, secret: str = TOTP_SECRET) -> None:
    TOTP.activate(user, secret)


def current_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app shows now: computed by pyotp, independent of allauth."""
    return pyotp.TOTP(secret).now()


def _sign_in(client, user: User, methods: list[dict]) -> None:
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    session = client.session
    request = RequestFactory().get("/")
    request.session = session
    request.user = user
    for record in methods:
        record_authentication(request, user, **record)
    session.save()


def sign_in(client, user: User) -> None:
    """Log in as after password + second factor, without walking the forms (see test_login)."""
    _sign_in(
        client,
        user,
        [
            {"method": "password", "email": user.email},
            {"method": "mfa", "type": "totp"},
        ],
    )


def sign_in_password_only(client, user: User) -> None:
    """Log in as after the password step only: what an unenrolled user has."""
    _sign_in(client, user, [{"method": "password", "email": user.email}])
