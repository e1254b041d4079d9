"""The Veilig Thuis package page with a preview, in Chromium, with axe, also at 320 px."""

from playwright.sync_api import expect

from signaalwijzer.casework.tests import acute_case
from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in


def _prepare(page):
    with page.expect_navigation():
        page.locator("main button[name=step][value=preview]").click()


def test_the_package_page_with_a_preview(page, live_server, professional, owner_access, case):
    acute_case.work_the_acute_case(owner_access, professional)
    log_in(page, live_server, professional)
    url = f"{live_server.url}/cases/{case.pk}/veilig-thuis/"
    page.goto(url)
    assert_accessible(page)
    # Nothing is preset: the user chooses the basis.
    expect(page.locator("input[name=basis]:checked")).to_have_count(0)

    # Without a basis: an error, and what was typed stays.
    page.locator("[name=support_network]").fill("Oma en de mentor.")
    _prepare(page)
    expect(page.locator("[name=support_network]")).to_have_value("Oma en de mentor.")
    assert_accessible(page)

    page.locator("input[name=basis][value=meldrecht]").check()
    page.locator("input[name=informed_beforehand][value=yes]").check()
    page.locator("[name=informed_who]").fill("Moeder")
    _prepare(page)
    text = page.locator("#package-text")
    for expected in (acute_case.Q2_REASON, acute_case.OWN_ACCOUNT, acute_case.MOTHER_REFUSAL):
        expect(text).to_contain_text(expected)
    expect(page.locator("#identifying-reminder")).to_be_visible()
    assert_accessible(page)

    # Back on the page later: the input is still there.
    page.goto(url)
    expect(page.locator("input[name=basis][value=meldrecht]")).to_be_checked()
    expect(page.locator("[name=informed_who]")).to_have_value("Moeder")

    # An anonymous advice request shows the free text it copies, with a warning.
    page.locator("input[name=basis][value=advice]").check()
    _prepare(page)
    expect(page.locator("#advice-warning")).to_be_visible()
    expect(page.locator("#free-texts")).to_contain_text(acute_case.OWN_ACCOUNT)
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
