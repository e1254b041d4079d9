"""A professional logs in with password and authenticator code; a new one must enrol first."""

import re

import pyotp
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.factories import PASSWORD, current_code

EMERGENCY_NUMBERS = ("112", "0800-2000", "0900-8844", "0800-7000")


def _contact_bar_is_visible(page):
    bar = page.get_by_role("complementary", name="Hulp- en noodnummers")
    expect(bar).to_be_visible()
    for number in EMERGENCY_NUMBERS:
        expect(bar.get_by_role("link", name=re.compile(re.escape(number)))).to_be_visible()


def _password_step(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def test_login_with_password_and_authenticator_code(page, live_server, professional):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    _contact_bar_is_visible(page)
    assert_accessible(page)

    _password_step(page, live_server, professional.email)
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    _contact_bar_is_visible(page)
    assert_accessible(page)

    page.get_by_label("Code").fill(current_code())
    page.locator("form[action$='/2fa/authenticate/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht")
    expect(page.get_by_role("heading", name="Mijn casussen")).to_be_visible()
    _contact_bar_is_visible(page)
    assert_accessible(page)


def test_an_unenrolled_professional_is_forced_to_set_up_mfa(page, live_server, unenrolled):
    _password_step(page, live_server, unenrolled.email)
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Beveilig je account")
    _contact_bar_is_visible(page)
    assert_accessible(page)

    # Trying to skip it by typing the dashboard address leads straight back.
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/$"))

    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Code uit je authenticator-app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Activeren").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/"))
    assert_accessible(page)

    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht")
    assert_accessible(page)


def test_the_security_page_is_accessible(page, live_server, professional):
    _password_step(page, live_server, professional.email)
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.get_by_label("Code").fill(current_code())
    page.locator("form[action$='/2fa/authenticate/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    page.get_by_role("link", name="Beveiliging").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
