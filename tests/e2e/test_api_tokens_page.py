"""The API token page in Chromium, with axe."""

from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in, submit


def test_making_a_token_shows_it_once(page, live_server, professional):
    log_in(page, live_server, professional)
    page.goto(live_server.url + "/accounts/tokens/")
    assert_accessible(page)
    page.locator("[name=name]").fill("Roostersysteem")
    page.locator("[name=scope][value=read]").check()
    submit(page)
    expect(page.locator("#new-token")).to_have_value(__import__("re").compile("^swt_"))
    assert_accessible(page)
