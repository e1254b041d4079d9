"""Passkeys (WebAuthn) through Chromium's virtual authenticator: add one, then log in with it alone."""

import re

from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.factories import PASSWORD, current_code


def _add_virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )


def test_a_passkey_can_be_added_and_used_to_log_in(page, live_server, professional):
    _add_virtual_authenticator(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(professional.email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.get_by_label("Code").fill(current_code())
    page.locator("form[action$='/2fa/authenticate/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))

    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    assert_accessible(page)
    page.locator("input[name=passwordless]").check()
    page.locator("#mfa_webauthn_add").click()
    page.wait_for_url(lambda url: not url.endswith("/webauthn/add/"))
    assert_accessible(page)
    assert professional.authenticator_set.filter(type="webauthn").count() == 1

    page.get_by_role("button", name="Uitloggen").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#passkey_login").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht")
