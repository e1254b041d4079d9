"""The pages of issue 5 in Chromium, each with an axe check: access log, emergency access, export, destruction."""

import re

from playwright.sync_api import expect

from signaalwijzer.accounts.roles import Role
from signaalwijzer.cases.destruction import record_destruction_request
from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in, submit
from tests.factories import enrol_totp, make_user


def test_the_log_manager_pages_are_accessible(page, live_server, organisation, case):
    manager = make_user("log@example.org", organisation=organisation, roles=(Role.LOG_MANAGER,))
    enrol_totp(manager)
    log_in(page, live_server, manager)
    page.goto(f"{live_server.url}/audit/?case={case.pk}")
    expect(page.locator("table")).to_be_visible()
    assert_accessible(page)
    for path in ("/audit/unusual/", "/audit/emergency/"):
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)


def test_a_meldcode_officer_breaks_the_glass(page, live_server, organisation, case):
    officer = make_user("af@example.org", organisation=organisation, roles=(Role.MELDCODE_OFFICER,))
    enrol_totp(officer)
    log_in(page, live_server, officer)
    page.locator("main a[href$='/cases/emergency/']").click()
    assert_accessible(page)
    page.locator("[name=case]").fill(str(case.pk))
    page.locator("[name=reason]").fill("De jongere is vermist; het team is niet bereikbaar.")
    submit(page)
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.locator("main")).to_contain_text("noodtoegang")
    assert_accessible(page)


def test_export_and_destruction_pages_are_accessible(
    page, live_server, professional, owner_access, case
):
    request = record_destruction_request(
        owner_access, requested_by="parents", requested_on=case.created_at.date()
    )
    log_in(page, live_server, professional)
    for path in ("subject-access/", "destruction/new/", f"destruction/{request.pk}/"):
        page.goto(live_server.url + case.get_absolute_url() + path)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
