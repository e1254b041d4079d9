"""The contacts panel on the case page and the administrator's contact screens in Chromium: axe-clean,
also at 320 px wide (nothing sticks out), and the administrator can verify an entry without the Django admin."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from signaalwijzer.accounts.roles import Role
from signaalwijzer.cases import services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import CaseMember
from signaalwijzer.directory.models import CoordinatorEntry
from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in
from tests.e2e.test_case_pages_320 import OVERFLOW
from tests.factories import enrol_totp, make_user


@pytest.mark.parametrize("width", [1280, 320])
def test_the_contacts_panel_of_a_case_in_weert(page, live_server, professional, width):
    call_command("load_directory", stdout=StringIO())
    case = services.open_case(user=professional, pseudonym="W.", concern="Zorgen.")
    access = CaseAccess(case=case, user=professional, basis=CaseMember.Role.OWNER)
    services.update_case(
        access, expected_version=case.version, changes={"municipality_code": "GM0988"}
    )
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, professional)
    page.goto(live_server.url + case.get_absolute_url())
    panel = page.locator(".sw-case-aside")
    expect(panel.locator('[data-veilig-thuis="VT13"] a[data-form]')).to_have_attribute(
        "href", "https://www.veiligthuisnml.nl/"
    )
    expect(panel.locator("[data-live-list]")).to_be_visible()
    expect(
        panel.locator('[data-coordinator="koraal-limburg-noord-en-limburg-midden"] [data-verified]')
    ).to_be_visible()
    assert page.evaluate(OVERFLOW) == []
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_administrator_verifies_an_entry(page, live_server, organisation, width):
    call_command("load_directory", stdout=StringIO())
    admin = make_user(
        "beheer@example.org", organisation=organisation, roles=(Role.ORGANISATION_ADMIN,)
    )
    enrol_totp(admin)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, admin)
    page.locator("a[href='/admin-org/contacts/']").click()
    expect(page.locator("#contacts-table")).to_be_visible()
    assert page.evaluate(OVERFLOW) == []
    assert_accessible(page)
    page.locator('[data-entry="zorg-en-veiligheidshuis-zeeland"] a').click()
    page.locator("#id_verify-comment").fill("Website gecheckt.")
    with page.expect_navigation():
        page.locator("#verify-button").click()
    expect(page.locator("#change-log")).to_contain_text("Website gecheckt.")
    assert page.evaluate(OVERFLOW) == []
    assert_accessible(page)
    assert CoordinatorEntry.objects.get(key="zorg-en-veiligheidshuis-zeeland").verified_by == admin


@pytest.mark.parametrize("width", [1280, 320])
def test_the_public_regional_look_up(page, live_server, db, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/hulp-en-informatie/")
    page.locator("#id_gemeente").select_option("GM0153")
    with page.expect_navigation():
        page.locator("#regional-lookup button[type=submit]").click()
    expect(
        page.locator("#regional-result a[href='https://www.mensenhandeltwente.nl']")
    ).to_be_visible()
    assert page.evaluate(OVERFLOW) == []
    assert_accessible(page)
