"""The signal register and linking a case, in Chromium, with axe on each page, also at 320 px."""

import datetime as dt

from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in, submit


def _no_overflow(page):
    assert page.evaluate("document.documentElement.scrollWidth > window.innerWidth") is False


def test_a_loose_signal_becomes_a_case(page, live_server, professional):
    log_in(page, live_server, professional)
    page.goto(f"{live_server.url}/register/")
    assert_accessible(page)
    page.locator("[name=description]").fill(
        "Een meisje uit 2B stapt na school bij een oudere man in."
    )
    page.locator("[name=observed_on]").fill(dt.date.today().isoformat())
    submit(page)
    expect(page.locator("main")).to_contain_text("oudere man")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("main form button.utrecht-button--secondary-action").first.click()
    expect(page.locator("main")).to_contain_text(
        "oudere man"
    )  # the case, with the signal carried over
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/register/")
    assert_accessible(page)
    _no_overflow(page)


def test_a_case_is_linked_to_a_coded_entity(page, live_server, professional, case):
    log_in(page, live_server, professional)
    page.goto(f"{live_server.url}/cases/{case.pk}/links/new/")
    assert_accessible(page)
    page.locator("[name=kind]").select_option("exploiter")
    page.locator("[name=label]").fill("P1")
    submit(page)
    expect(page.locator("#links")).to_contain_text("P1")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/cases/{case.pk}/links/new/")
    assert_accessible(page)
    _no_overflow(page)
