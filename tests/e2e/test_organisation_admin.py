"""The organisation administrator's screens in Chromium, axe-clean and without sideways scrolling at 1280 and 320
px: invite a user, deactivate the owner of a case and hand the case over, create a team, change a setting,
upload and activate an instrument, and read it all back in the change log."""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import expect

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import Role
from signaalwijzer.cases import services as case_services
from signaalwijzer.cases.models import CaseMember
from signaalwijzer.instruments.tests.samples import checklist
from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in, submit
from tests.e2e.test_case_pages_320 import OVERFLOW
from tests.factories import enrol_totp, make_user


def _check(page) -> None:
    assert page.evaluate(OVERFLOW) == []
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_administrator_manages_the_organisation(
    page, live_server, organisation, professional, colleague, tmp_path, width
):
    admin = make_user(
        "beheer@example.org", organisation=organisation, roles=(Role.ORGANISATION_ADMIN,)
    )
    enrol_totp(admin)
    case = case_services.open_case(user=professional, pseudonym="Geheim-J.", concern="Zorgtekst.")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, admin)

    page.locator("nav a[href='/admin-org/']").click()
    expect(page.locator("h1")).to_contain_text("Jeugdzorg Test")
    _check(page)

    # Users: the list, then invite someone.
    page.locator("a[href='/admin-org/users/']").click()
    expect(page.locator(f'[data-user="{professional.pk}"] [data-second-factor]')).to_have_text("ja")
    _check(page)
    page.locator("#invite-link").click()
    submit(page)  # empty: the error summary, nothing made
    expect(page.locator("#error-summary")).to_be_visible()
    _check(page)
    page.locator("#id_email").fill("nieuw@example.org")
    page.locator("#id_full_name").fill("Nina Nieuw")
    page.locator("input[name=roles][value=professional]").check()
    submit(page)
    expect(page.locator("#user-facts")).to_contain_text("nieuw@example.org")
    assert User.objects.filter(email="nieuw@example.org", is_active=True).exists()
    _check(page)

    # Deactivate the owner of the case; the case then waits for a new owner.
    page.goto(f"{live_server.url}/admin-org/users/{professional.pk}/")
    page.locator("#id_deactivate-reason").fill("Uit dienst.")
    with page.expect_navigation():
        page.locator("#deactivate-button").click()
    expect(page.locator("[data-active]")).to_have_text("nee")
    _check(page)
    page.goto(f"{live_server.url}/admin-org/handover/")
    row = page.locator(f'[data-case="{case.pk}"]')
    expect(row).to_contain_text("Sanne")
    expect(page.locator("main")).not_to_contain_text("Geheim-J.")
    _check(page)
    row.locator("a").click()
    expect(page.locator("main")).not_to_contain_text("Zorgtekst.")
    _check(page)
    page.locator("#id_user").select_option(str(colleague.pk))
    submit(page)
    expect(page.locator("#handover-empty")).to_be_visible()
    assert CaseMember.objects.get(case=case, user=colleague).role == CaseMember.Role.OWNER

    # Teams.
    page.goto(f"{live_server.url}/admin-org/teams/")
    page.locator("#id_name").fill("Team Noord")
    submit(page)
    expect(page.locator("#teams-table")).to_contain_text("Team Noord")
    _check(page)

    # Settings.
    page.goto(f"{live_server.url}/admin-org/settings/")
    page.locator("#id_retention_years").fill("25")
    submit(page)
    expect(page.locator("#id_retention_years")).to_have_value("25")
    _check(page)

    # Instruments: upload, read the report, activate.
    definition = tmp_path / "lijst.yaml"
    definition.write_text(yaml.safe_dump(checklist(), allow_unicode=True), encoding="utf-8")
    page.goto(f"{live_server.url}/admin-org/instruments/")
    _check(page)
    page.locator("#id_file").set_input_files(str(definition))
    with page.expect_navigation():
        page.locator("#upload-form button[type=submit]").click()
    expect(page.locator("#caveat")).to_contain_text("niet gevalideerd")
    expect(page.locator("#activation-state")).to_contain_text("Niet actief")
    _check(page)
    with page.expect_navigation():
        page.locator("#activation-button").click()
    expect(page.locator("#activation-state")).to_contain_text("Actief")

    # The change log has every step, the settings change as old -> new.
    page.goto(f"{live_server.url}/admin-org/log/")
    log = page.locator("#change-log")
    expect(log).to_contain_text("20 → 25")
    expect(log.locator("[data-kind]")).to_have_count(7)
    _check(page)
