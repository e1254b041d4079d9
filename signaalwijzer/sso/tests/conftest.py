"""Single sign-on tests run against a real OpenID Provider in its own process (tests/oidc_provider)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from signaalwijzer.accounts.roles import Role
from signaalwijzer.sso.models import IdentityProvider
from signaalwijzer.sso.services import Mapping, save_provider, set_group_mappings
from tests.oidc_provider.harness import LocalProvider, ProviderBrowser, local_path, oidc_provider

__all__ = ["oidc_provider"]

CLIENT_ID = "signaalwijzer-tests"
CLIENT_SECRET = "test-client-secret-" + "z" * 20
SLUG = "jeugdzorg-test"
DOMAIN = "jeugdzorg-test.nl"
PASSWORD = "op-password-1"


@dataclass
class Sso:
    """The organisation's identity provider, configured against the running test provider."""

    provider: IdentityProvider
    op: LocalProvider

    def user(self, claims: dict[str, Any], *, email: str | None = None) -> tuple[str, str]:
        """A person at the provider with these claims (email and email_verified filled in unless given)."""
        email = email or f"p-{uuid.uuid4().hex[:10]}@{DOMAIN}"
        claims = {"email": email, "email_verified": True, **claims}
        sub = self.op.add_user(email, PASSWORD, claims)
        return email, sub

    def sign_in(self, client: Client, username: str, *, start: str | None = None):
        """Click "Sign in with <organisation>", sign in at the provider, come back: the callback's response."""
        response = client.post(
            start or reverse("signaalwijzer_sso_login", kwargs={"provider_id": self.provider.slug}),
            {"process": "login"},
        )
        assert response.status_code == 302, response.content[:300]
        assert response["Location"].startswith(self.op.issuer), response["Location"]
        back = ProviderBrowser().authorize(response["Location"], username, PASSWORD)
        assert back.startswith("http://testserver/"), back
        return client.get(local_path(back))


@pytest.fixture
def sso(oidc_provider, organisation, team, other_team, monkeypatch) -> Sso:
    monkeypatch.setenv("SSO_SECRET_TEST", CLIENT_SECRET)
    oidc_provider.add_client(
        CLIENT_ID, CLIENT_SECRET, f"http://testserver/accounts/sso/{SLUG}/login/callback/"
    )
    provider = save_provider(
        None,
        organisation,
        domains=[DOMAIN],
        slug=SLUG,
        issuer=oidc_provider.issuer,
        client_id=CLIENT_ID,
        secret_env="SSO_SECRET_TEST",
        password_login_enabled=False,
    )
    set_group_mappings(
        None,
        provider,
        [
            Mapping("sw-professionals", Role.PROFESSIONAL, team),
            Mapping("sw-officers", Role.MELDCODE_OFFICER, None),
            Mapping("sw-team-b", Role.PROFESSIONAL, other_team),
        ],
    )
    return Sso(provider=provider, op=oidc_provider)
