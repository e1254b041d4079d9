"""The session timeout warning and the drafts of long texts in Chromium, at 1280 and 320 px, with axe.

The session is made short for the test (SESSION_COOKIE_AGE, SESSION_WARNING_SECONDS: read by the live
server at each request). The warning appears before the end, "Ingelogd blijven" (by keyboard) moves the
server-side expiry and asking the status did not; when the time is up the page says so, and text typed in a
form survives logging in again on the same form (put back after the user chooses so) and is gone after the
form was saved.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in
from tests.factories import PASSWORD, current_code

WIDTHS = [1280, 320]
TEXT = "Stapt na school in een auto bij een oudere man. Hij belt haar elke avond."
DRAFT_KEYS = "() => Object.keys(sessionStorage).filter((k) => k.startsWith('signaalwijzer.draft:'))"


def _session_row(page) -> Session:
    value = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return Session.objects.get(session_key=value)


def _fits(page, width):
    box = page.locator("#session-dialog").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_the_warning_comes_before_the_end_and_stay_logged_in_extends(
    page, live_server, professional, settings, width
):
    settings.SESSION_COOKIE_AGE = 14
    settings.SESSION_WARNING_SECONDS = 9
    page.set_viewport_size({"width": width, "height": 720})
    log_in(page, live_server, professional)
    expiry_at_load = _session_row(page).expire_date

    dialog = page.locator("#session-dialog")
    expect(dialog).to_be_visible(timeout=10_000)
    expect(dialog).to_have_attribute("role", "alertdialog")
    expect(dialog).to_contain_text("omdat je een tijd niets hebt gedaan. Wil je ingelogd blijven?")
    expect(page.locator("#session-keep-alive")).to_be_focused()
    expect(page.locator("#session-sign-out")).to_have_text("Nu afmelden")
    _fits(page, width)
    assert_accessible(page)
    # The script asked the server before warning: that did not move the session's end.
    assert _session_row(page).expire_date == expiry_at_load

    page.keyboard.press("Enter")  # "Ingelogd blijven", keyboard only
    expect(dialog).to_be_hidden()
    assert _session_row(page).expire_date > expiry_at_load
    # The page can still be used, and the warning comes again before the new end.
    expect(page.locator("h1")).to_be_visible()
    expect(dialog).to_be_visible(timeout=10_000)


def _log_in_on_the_login_page(page, user):
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    cache.clear()  # the same TOTP code again within 30 seconds (used codes are remembered)
    page.locator("input[name=code]").fill(current_code())
    page.locator("form[action$='/2fa/authenticate/'] button[type=submit]").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_typed_text_survives_the_timeout_and_is_gone_after_saving(
    page, live_server, professional, case, settings, width
):
    settings.SESSION_COOKIE_AGE = 10
    settings.SESSION_WARNING_SECONDS = 6
    page.set_viewport_size({"width": width, "height": 720})
    log_in(page, live_server, professional)
    form_path = reverse("cases:observation_create", kwargs={"case_id": case.pk})
    page.goto(live_server.url + form_path)
    page.locator("[name=description]").fill(TEXT)

    # The warning, then, ignored, the end: the page hides the case and says what happened.
    expect(page.locator("#session-dialog")).to_be_visible(timeout=10_000)
    ended = page.locator("#session-ended")
    expect(ended).to_be_visible(timeout=15_000)
    expect(ended).to_be_focused()
    expect(ended).to_contain_text("Je bent afgemeld omdat je een tijd niets hebt gedaan.")
    expect(page.locator("#session-ended-drafts")).to_be_visible()
    expect(page.locator("[name=description]")).to_be_hidden()
    assert case.pseudonym not in page.title()
    assert_accessible(page)
    assert page.evaluate(DRAFT_KEYS) == [f"signaalwijzer.draft:{form_path}#description"]

    # Logging in again (a normal session length now) comes back to the same, empty form.
    settings.SESSION_COOKIE_AGE = 1800
    settings.SESSION_WARNING_SECONDS = 120
    with page.expect_navigation():
        page.locator("#session-sign-in-again").click()
    assert page.url == f"{live_server.url}/accounts/login/?next={form_path.replace('/', '%2F')}"
    _log_in_on_the_login_page(page, professional)
    page.wait_for_url(live_server.url + form_path)
    field = page.locator("[name=description]")
    expect(field).to_have_value("")

    # The draft is offered, not put in by itself.
    notice = page.locator("#draft-notice")
    expect(notice).to_be_visible()
    expect(notice).to_be_focused()
    expect(notice).to_contain_text("tekst getypt die nog niet is opgeslagen")
    assert_accessible(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Tekst terugzetten")).to_be_focused()
    page.keyboard.press("Enter")
    expect(field).to_have_value(TEXT)
    expect(notice).to_contain_text("We hebben de tekst teruggezet die je nog niet had opgeslagen.")
    assert_accessible(page)

    # Saved: the draft is gone, and the form is empty and quiet the next time.
    page.locator("[name=source][value=own]").check()
    page.locator("[name=nature][value=fact]").check()
    with page.expect_navigation():
        page.locator("main form.sw-form button[type=submit]").first.click()
    assert page.url.startswith(live_server.url + case.get_absolute_url())
    expect(page.locator("main")).to_contain_text(TEXT)
    assert page.evaluate(DRAFT_KEYS) == []
    page.goto(live_server.url + form_path)
    expect(page.locator("[name=description]")).to_have_value("")
    expect(page.locator("#draft-notice")).to_have_count(0)


def test_an_invalid_form_keeps_the_draft_and_logging_out_clears_it(
    page, live_server, professional, case
):
    log_in(page, live_server, professional)
    form_path = reverse("cases:observation_create", kwargs={"case_id": case.pk})
    page.goto(live_server.url + form_path)
    page.locator("[name=description]").fill(TEXT)
    # Sent without the required choices: the form comes back with the text, and the draft stays.
    with page.expect_navigation():
        page.locator("main form.sw-form button[type=submit]").first.click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("[name=description]")).to_have_value(TEXT)
    expect(page.locator("#draft-notice")).to_have_count(0)  # nothing to offer: the form has it
    assert len(page.evaluate(DRAFT_KEYS)) == 1

    # Logging out (the header's button) leaves nothing of the text in the tab.
    with page.expect_navigation():
        page.locator("header form[action$='/accounts/logout/'] button").click()
    assert page.evaluate(DRAFT_KEYS) == []
