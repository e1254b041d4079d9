"""Single sign-on in a real browser: the login page at 320 px, the test provider's login, the dashboard."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from signaalwijzer.accounts.roles import Role
from signaalwijzer.sso.services import Mapping, save_provider, set_group_mappings
from tests.e2e.a11y import assert_accessible
from tests.oidc_provider.harness import oidc_provider

__all__ = ["oidc_provider"]

SECRET = "e2e-client-secret-" + "q" * 20


def _configure(oidc_provider, live_server, organisation, team, monkeypatch):
    monkeypatch.setenv("SSO_SECRET_E2E", SECRET)
    oidc_provider.add_client(
        "signaalwijzer-e2e", SECRET, f"{live_server.url}/accounts/sso/jeugdzorg-e2e/login/callback/"
    )
    provider = save_provider(
        None,
        organisation,
        domains=["jeugdzorg-e2e.nl"],
        slug="jeugdzorg-e2e",
        issuer=oidc_provider.issuer,
        client_id="signaalwijzer-e2e",
        secret_env="SSO_SECRET_E2E",
        password_login_enabled=False,
    )
    set_group_mappings(None, provider, [Mapping("sw-professionals", Role.PROFESSIONAL, team)])


def test_sign_in_with_the_organisation_at_320_px(
    page, live_server, oidc_provider, organisation, team, monkeypatch
):
    _configure(oidc_provider, live_server, organisation, team, monkeypatch)
    oidc_provider.add_user(
        "fleur@jeugdzorg-e2e.nl",
        "op-password-1",
        {
            "email": "fleur@jeugdzorg-e2e.nl",
            "email_verified": True,
            "groups": ["sw-professionals"],
            "amr": ["pwd", "mfa"],
        },
    )
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    button = page.get_by_role("button", name="Inloggen met Jeugdzorg Test")
    expect(button).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)

    button.click()
    page.wait_for_url(re.compile(rf"^{re.escape(oidc_provider.issuer.rsplit('/o', 1)[0])}/login/"))
    page.get_by_label("User name").fill("fleur@jeugdzorg-e2e.nl")
    page.get_by_label("Password").fill("op-password-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht")


def test_the_work_address_leads_to_the_provider(
    page, live_server, oidc_provider, organisation, team, monkeypatch
):
    _configure(oidc_provider, live_server, organisation, team, monkeypatch)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Of typ je e-mailadres van je werk").fill("iemand@jeugdzorg-e2e.nl")
    page.get_by_role("button", name="Verder naar mijn organisatie").click()
    page.wait_for_url(re.compile(r"127\.0\.0\.1:\d+/login/"))
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
