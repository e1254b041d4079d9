"""The demo cast: fixed, documented, public logins. Never loaded in production."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from signaalwijzer.accounts.models import Organisation, Sector, Team, User
from signaalwijzer.accounts.roles import Role
from signaalwijzer.accounts.services import create_user

# Public on purpose: the documented demo login (refused in production).
DEMO_PASSWORD = "Signaalwijzer-demo-2026"  # noqa: S105  # nosec B105
# Base32, as an authenticator app expects it. Public on purpose: documented in README.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  # nosec B105


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    sector: Sector
    teams: tuple[str, ...]


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    organisation: str
    roles: tuple[Role, ...]
    teams: tuple[str, ...] = ()
    with_mfa: bool = True


YOUTH_CARE = "Jeugdzorg De Brug (demo)"
SCHOOL = "Praktijkschool De Horizon (demo)"

ORGANISATIONS = (
    DemoOrganisation(YOUTH_CARE, Sector.YOUTH_CARE, ("Ambulant team Weert", "Woongroep Venlo")),
    DemoOrganisation(SCHOOL, Sector.EDUCATION, ("Onderbouw",)),
)

USERS = (
    DemoUser(
        "hulpverlener@demo.signaalwijzer.nl",
        "Sanne de Vries",
        YOUTH_CARE,
        (Role.PROFESSIONAL,),
        ("Ambulant team Weert",),
    ),
    DemoUser(
        "collega@demo.signaalwijzer.nl",
        "Mo Haddou",
        YOUTH_CARE,
        (Role.PROFESSIONAL,),
        ("Ambulant team Weert",),
    ),
    DemoUser(
        "woongroep@demo.signaalwijzer.nl",
        "Anouk Peters",
        YOUTH_CARE,
        (Role.PROFESSIONAL,),
        ("Woongroep Venlo",),
    ),
    DemoUser(
        "aandachtsfunctionaris@demo.signaalwijzer.nl",
        "Fatima El Amrani",
        YOUTH_CARE,
        (Role.MELDCODE_OFFICER,),
    ),
    DemoUser(
        "beheerder@demo.signaalwijzer.nl", "Joost Janssen", YOUTH_CARE, (Role.ORGANISATION_ADMIN,)
    ),
    DemoUser("logbeheerder@demo.signaalwijzer.nl", "Ilse Bakker", YOUTH_CARE, (Role.LOG_MANAGER,)),
    DemoUser("onderzoeker@demo.signaalwijzer.nl", "Ruben Smit", YOUTH_CARE, (Role.RESEARCHER,)),
    DemoUser(
        "leerkracht@demo.signaalwijzer.nl",
        "Kees Willems",
        SCHOOL,
        (Role.PROFESSIONAL,),
        ("Onderbouw",),
    ),
    DemoUser(
        "nieuw@demo.signaalwijzer.nl",
        "Lotte Visser",
        YOUTH_CARE,
        (Role.PROFESSIONAL,),
        ("Ambulant team Weert",),
        with_mfa=False,
    ),
)


class DemoRefusedError(Exception):
    pass


@transaction.atomic
def seed_demo() -> list[tuple[DemoUser, bool]]:
    """Create the demo organisations and users that do not exist yet. Safe to run again.

    Returns every demo user with whether it was created now.
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if settings.PRODUCTION:
        raise DemoRefusedError("demo logins have public passwords; never load them in production")

    organisations: dict[str, Organisation] = {}
    teams: dict[tuple[str, str], Team] = {}
    for demo_org in ORGANISATIONS:
        organisation, _created = Organisation.objects.get_or_create(
            name=demo_org.name, defaults={"sector": demo_org.sector}
        )
        organisations[demo_org.name] = organisation
        for team_name in demo_org.teams:
            team, _created = Team.objects.get_or_create(organisation=organisation, name=team_name)
            teams[(demo_org.name, team_name)] = team

    result = []
    for demo_user in USERS:
        user = User.objects.filter(email=demo_user.email).first()
        created = user is None
        if user is None:
            user = create_user(
                email=demo_user.email,
                full_name=demo_user.full_name,
                organisation=organisations[demo_user.organisation],
                roles=demo_user.roles,
                teams=[teams[(demo_user.organisation, name)] for name in demo_user.teams],
                password=DEMO_PASSWORD,
            )
        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        if demo_user.with_mfa and not has_totp:
            TOTP.activate(user, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)
        result.append((demo_user, created))
    return result


def current_demo_code() -> str:
    """The TOTP code an authenticator app with DEMO_TOTP_SECRET shows right now."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
