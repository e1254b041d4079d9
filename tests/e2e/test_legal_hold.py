"""A meldcode officer places a legal hold in Chromium; axe on the form and the case page, also at 320 px."""

from playwright.sync_api import expect

from signaalwijzer.accounts.roles import Role
from signaalwijzer.cases.models import Case, CaseMember
from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in, submit
from tests.factories import enrol_totp, make_user


def test_a_meldcode_officer_places_a_legal_hold(page, live_server, team, case):
    officer = make_user(
        "af@example.org", team=team, roles=(Role.PROFESSIONAL, Role.MELDCODE_OFFICER)
    )
    enrol_totp(officer)
    CaseMember.objects.create(case=case, user=officer, role=CaseMember.Role.MEMBER)
    log_in(page, live_server, officer)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.locator("main a[href$='/legal-hold/']").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("Vernietigingsstop instellen")
    assert_accessible(page)

    submit(page)  # no reason: refused, with a message
    expect(page.locator("main")).to_contain_text("Er is een probleem")
    assert_accessible(page)

    page.locator("[name=reason]").fill(
        "De politie doet onderzoek; het OM vroeg het dossier te bewaren."
    )
    submit(page)
    expect(page.locator("#legal-hold")).to_contain_text("Vernietigingsstop sinds")
    expect(page.locator("#legal-hold")).to_contain_text("De politie doet onderzoek")
    assert_accessible(page)
    assert Case.objects.get(pk=case.pk).on_legal_hold

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/cases/{case.pk}/legal-hold/")
    expect(page.locator("h1")).to_contain_text("Vernietigingsstop opheffen")
    assert_accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
