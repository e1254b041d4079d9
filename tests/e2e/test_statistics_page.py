"""The statistics page in Chromium: charts with a text alternative and data tables; axe-clean."""

from playwright.sync_api import expect

from signaalwijzer.accounts.roles import Role
from signaalwijzer.cases import services
from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in
from tests.factories import enrol_totp, make_user


def test_the_statistics_page_is_accessible(page, live_server, organisation, professional):
    for _ in range(12):
        services.open_case(
            user=professional, pseudonym="X.", concern="Zorg.", exploitation_forms=["criminal"]
        )
    researcher = make_user("r@example.org", organisation=organisation, roles=(Role.RESEARCHER,))
    enrol_totp(researcher)
    log_in(page, live_server, researcher)
    page.goto(live_server.url + "/statistics/?scope=national")
    expect(page.locator("svg.sw-chart").first).to_be_visible()
    expect(page.locator("table").first).to_contain_text("12")
    assert_accessible(page)
