"""The organisation administrator's single sign-on page in Chromium, axe-clean and without sideways scrolling at
1280 and 320 px: without a provider the page says the platform operator sets it up; with one, the provider is
shown read-only, a wrong save shows the messages and keeps nothing, a good one saves the organisation's part, the
secret is shown as present (never its value), and the change log has it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from signaalwijzer.accounts.roles import Role
from signaalwijzer.sso.models import GroupMapping, IdentityProvider
from signaalwijzer.sso.services import save_provider
from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in, submit
from tests.e2e.test_case_pages_320 import OVERFLOW
from tests.factories import enrol_totp, make_user

SECRET = "nooit-tonen-4711"


def _check(page) -> None:
    assert page.evaluate(OVERFLOW) == []
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_administrator_sets_up_single_sign_on(
    page, live_server, organisation, team, monkeypatch, width
):
    monkeypatch.setenv("SSO_SECRET_E2E", SECRET)
    admin = make_user(
        "beheer@example.org", organisation=organisation, roles=(Role.ORGANISATION_ADMIN,)
    )
    enrol_totp(admin)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, admin)

    page.goto(f"{live_server.url}/admin-org/")
    page.locator("#sso-link").click()
    expect(page.locator("h1")).to_contain_text("single sign-on")
    expect(page.locator("#sso-facts")).to_contain_text(
        "/accounts/sso/jeugdzorg-test/login/callback/"
    )
    # No provider yet: the platform operator sets it up; no form for the organisation.
    expect(page.locator("#sso-not-set-up")).to_be_visible()
    expect(page.locator("main form")).to_have_count(0)
    _check(page)

    save_provider(
        None,
        organisation,
        domains="jeugdzorg-test.nl",
        slug="jeugdzorg-test",
        issuer="https://login.example.nl/tenant/v2.0",
        client_id="client-e2e",
        secret_env="SSO_SECRET_E2E",
    )
    page.reload()
    expect(page.locator("#sso-facts")).to_contain_text("https://login.example.nl/tenant/v2.0")
    expect(page.locator("#sso-operator")).to_be_visible()
    expect(page.locator("#id_issuer")).to_have_count(0)
    _check(page)

    # Wrong: an unknown role, password login off while SSO is off. Nothing is kept.
    page.locator("#id_enabled").uncheck()
    page.locator("#id_password_login_enabled").uncheck()
    page.locator("#id_group_mappings").fill("sw-prof = koning")
    submit(page)
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Regel 1")
    assert IdentityProvider.objects.get().enabled
    assert not GroupMapping.objects.exists()
    _check(page)

    # Right.
    page.locator("#id_enabled").check()
    page.locator("#id_password_login_enabled").check()
    page.locator("#id_group_mappings").fill("sw-prof = professional, Team A")
    submit(page)
    expect(page.locator("#secret-status")).to_have_attribute("data-present", "yes")
    expect(page.locator("main")).not_to_contain_text(SECRET)
    assert GroupMapping.objects.get().team == team
    _check(page)

    page.goto(f"{live_server.url}/admin-org/log/")
    expect(page.locator('#change-log [data-kind="sso_changed"]')).to_have_count(1)
    _check(page)
