"""The statistics page in Chromium: charts with a text alternative and data tables; axe-clean."""

from playwright.sync_api import expect

from signaalwijzer.accounts.roles import Role
from signaalwijzer.cases import services
from signaalwijzer.statistics.dimensions import TABLES
from signaalwijzer.statistics.tests.test_views import _counted
from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in
from tests.factories import enrol_totp, make_user


def test_the_statistics_page_is_accessible(page, live_server, organisation, professional):
    for _ in range(12):
        services.open_case(
            user=professional, pseudonym="X.", concern="Zorg.", exploitation_forms=["criminal"]
        )
    _counted()
    researcher = make_user("r@example.org", organisation=organisation, roles=(Role.RESEARCHER,))
    enrol_totp(researcher)
    log_in(page, live_server, researcher)
    page.goto(live_server.url + "/statistics/?scope=national")
    expect(page.locator("svg.sw-chart").first).to_be_visible()
    expect(page.locator("table").first).to_contain_text("12")
    expect(page.locator("svg.sw-chart")).to_have_count(len(TABLES))
    assert_accessible(page)
    # A safety region over a three-year block, chosen with the filter.
    page.select_option("#period", "block")
    page.select_option("#scope", "VR01")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#scope-heading")).to_contain_text("Groningen")
    expect(page.locator("table")).to_have_count(len(TABLES))
    assert_accessible(page)


def test_the_export_page_is_accessible(page, live_server, organisation):
    officer = make_user("af@example.org", organisation=organisation, roles=(Role.MELDCODE_OFFICER,))
    enrol_totp(officer)
    log_in(page, live_server, officer)
    page.goto(live_server.url + "/statistics/exports/")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".sw-list__item").first).to_be_visible()
    assert_accessible(page)
