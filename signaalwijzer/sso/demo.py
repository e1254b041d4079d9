"""The demo organisation that signs in through single sign-on, against the local test provider.

Only when ``SSO_DEMO_ISSUER`` is set and the provider answers there (start it with
``python tests/oidc_provider/run.py --demo``, see docs/operations.md); otherwise nothing happens.
"""

from __future__ import annotations

import requests
from django.conf import settings

from signaalwijzer import env
from signaalwijzer.accounts.models import Organisation, Sector, Team
from signaalwijzer.accounts.roles import Role
from signaalwijzer.sso.models import IdentityProvider
from signaalwijzer.sso.services import Mapping, save_provider, set_group_mappings

DEMO_ORGANISATION = "Wijkteam Noord (demo, single sign-on)"
DEMO_TEAM = "Jeugd en gezin"
DEMO_SLUG = "demo-sso"
DEMO_DOMAIN = "sso.demo.signaalwijzer.nl"
DEMO_CLIENT_ID = "signaalwijzer-demo"
DEMO_SECRET_ENV = "SSO_SECRET_DEMO"  # noqa: S105  # nosec B105  the name of a variable
# Public on purpose, like the demo password: the test provider's demo client (refused in production).
DEMO_SECRET = "signaalwijzer-demo-sso-secret"  # noqa: S105  # nosec B105
# The groups the test provider's demo users are in (tests/oidc_provider/run.py --demo).
DEMO_GROUPS = {
    "signaalwijzer-professionals": Role.PROFESSIONAL,
    "signaalwijzer-aandachtsfunctionarissen": Role.MELDCODE_OFFICER,
}


def provider_answers(issuer: str) -> bool:
    try:
        response = requests.get(f"{issuer.rstrip('/')}/.well-known/openid-configuration", timeout=2)
    except requests.RequestException:
        return False
    return response.status_code == 200


def configure_demo_sso() -> IdentityProvider | None:
    """Set up (or update) the demo organisation for the test provider at SSO_DEMO_ISSUER, if it answers
    (and SSO_SECRET_DEMO holds the demo client's secret, as for the web server)."""
    issuer = getattr(settings, "SSO_DEMO_ISSUER", None)
    if settings.PRODUCTION or not issuer or not env.get(DEMO_SECRET_ENV):
        return None
    if not provider_answers(issuer):
        return None
    organisation, _created = Organisation.objects.get_or_create(
        name=DEMO_ORGANISATION, defaults={"sector": Sector.SOCIAL_SUPPORT}
    )
    team, _created = Team.objects.get_or_create(organisation=organisation, name=DEMO_TEAM)
    provider = save_provider(
        None,
        organisation,
        domains=[DEMO_DOMAIN],
        slug=DEMO_SLUG,
        issuer=issuer,
        client_id=DEMO_CLIENT_ID,
        secret_env=DEMO_SECRET_ENV,
        enabled=True,
        password_login_enabled=False,
    )
    set_group_mappings(
        None, provider, [Mapping(group, role, team) for group, role in DEMO_GROUPS.items()]
    )
    return provider
