"""The meldcode officer's overview in Chromium: a table of progress without case content; axe-clean."""

from playwright.sync_api import expect

from signaalwijzer.cases import services
from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in


def test_the_officer_overview_is_accessible(page, live_server, professional, officer):
    for _ in range(3):
        services.open_case(user=professional, pseudonym="Zeldzaam.", concern="Zorg.")
    log_in(page, live_server, officer)
    page.goto(live_server.url + "/dashboard/")
    page.locator("a[href='/cases/overview/']").click()
    table = page.locator("main table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(page.locator("main")).not_to_contain_text("Zeldzaam")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
