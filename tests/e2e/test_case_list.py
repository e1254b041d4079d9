"""The dashboard's case list and the team page in Chromium: filters in the address, the search term not;
axe-clean, also at 320 px."""

from playwright.sync_api import expect

from signaalwijzer.cases import services
from signaalwijzer.cases.access import CaseAccess
from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in


def test_filtering_and_searching_the_case_list(page, live_server, professional):
    services.open_case(user=professional, pseudonym="Open Een", concern="Zorg.", reference="R-1")
    closed = services.open_case(user=professional, pseudonym="Dicht Twee", concern="Zorg.")
    services.close_case(CaseAccess(case=closed, user=professional, basis="owner"), reason="Klaar.")
    log_in(page, live_server, professional)
    page.goto(live_server.url + "/dashboard/")
    rows = page.locator("#case-rows li")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Open Een")

    page.locator("#id_status").select_option("closed")
    page.locator("#case-filters button[type=submit]").click()
    assert "status=closed" in page.url
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Dicht Twee")
    assert_accessible(page)

    page.locator("#id_q").fill("  dicht   twee ")
    page.locator("#case-search button[type=submit]").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Dicht Twee")
    assert (
        "dicht" not in page.url.casefold() and "q=" not in page.url
    )  # the term stays out of the address
    assert "status=closed" in page.url  # the filters stay in it
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)


def test_the_team_page_is_accessible(
    page, live_server, professional, colleague, outsider_team, case
):
    owner = CaseAccess(case=case, user=professional, basis="owner")
    for _ in range(30):
        owner.record("read", "test")
    log_in(page, live_server, professional)
    page.goto(f"{live_server.url}/cases/{case.pk}/team/")
    options = page.locator("#add-member-form select option")
    expect(options.filter(has_text="Team A")).to_have_count(1)
    expect(options.filter(has_text="Team B")).to_have_count(0)
    expect(page.locator("#who-saw ~ * nav, section[aria-labelledby=who-saw] nav")).to_have_count(1)
    assert_accessible(page)
    page.locator("#id_outside").check()
    page.locator("#outside-toggle button").click()
    expect(options.filter(has_text="Team B")).to_have_count(1)
    expect(page.locator("#id_confirm_outside")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
