"""A new user walks a whole case through the five steps in Chromium, with an axe check on every page.

Includes a consent refusal, a weighing that ends in "report" (and "keep helping"), a Veilig Thuis report
with a reference, a follow-up action, and weighing again with Veilig Thuis (a second, dated version).
"""

import datetime as dt
import re

from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in, submit

TODAY = dt.date.today().isoformat()
FOLLOW_UP = (dt.date.today() + dt.timedelta(weeks=6)).isoformat()


def _open(page, href_suffix):
    page.locator(f"main a[href$='{href_suffix}']").first.click()
    page.wait_for_load_state()
    assert_accessible(page)


def test_a_case_from_gut_feeling_to_follow_up(page, live_server, professional):
    log_in(page, live_server, professional)
    assert_accessible(page)

    # Start: a pseudonym and one line; the date of birth makes the age rule work (15: both consent).
    _open(page, "/cases/new/")
    page.locator("[name=pseudonym]").fill("J.")
    page.locator("[name=concern]").fill("Heeft sinds kort dure kleding en een tweede telefoon.")
    page.locator("summary").click()
    born = dt.date.today().replace(year=dt.date.today().year - 15) - dt.timedelta(days=10)
    page.locator("[name=date_of_birth]").fill(born.isoformat())
    page.locator("[name=exploitation_forms][value=sexual]").check()
    submit(page)
    expect(page.locator("h1")).to_contain_text("J.")
    assert_accessible(page)
    case_url = page.url

    # Step 1: a signal.
    _open(page, "/signals/new/")
    page.locator("[name=description]").fill("Stapt na school in een auto bij een oudere man.")
    page.locator("[name=source][value=own]").check()
    page.locator("[name=nature][value=fact]").check()
    submit(page)

    # Step 2: a consultation with the meldcode officer.
    _open(page, "/consultations/new/")
    page.locator("[name=stage][value=step2]").check()
    page.locator("[name=consultee][value=meldcode_officer]").check()
    page.locator("[name=question]").fill("Is dit een signaal van uitbuiting?")
    page.locator("[name=advice]").fill("Ja. Bespreek het met de jongere en de ouders.")
    submit(page)

    # Step 3: the conversation, and consent refused by both.
    _open(page, "/conversations/new/")
    page.locator("[name=kind][value=step3]").check()
    page.locator("[name=with_parents]").check()
    page.locator("[name=discussed]").fill("Onze zorgen over de oudere man.")
    page.locator("[name=reaction]").fill("Boos; wil niet dat we iets doen.")
    submit(page)
    for party in ("young_person", "parents"):
        _open(page, "/consents/new/")
        page.locator(f"[name=party][value={party}]").check()
        page.locator("[name=purpose][value=care_coordinator]").check()
        page.locator("[name=status][value=refused]").check()
        submit(page)

    # Step 4: the weighing ends in "report".
    _open(page, "/weighing/")
    page.locator("[name=q1_suspicion][value=yes]").check()
    page.locator("[name=q1_reason]").fill("De combinatie van signalen.")
    page.locator("[name=q2_unsafety][value=acute]").check()
    page.locator("[name=q2_reason]").fill("Vermoeden van mensenhandel: acute onveiligheid.")
    page.locator("[name=final_decision][value=report]").check()
    # Step 5 is two decisions: report, and keep helping.
    page.locator("[name=report_needed][value=yes]").check()
    page.locator("[name=help_possible][value=yes]").check()
    submit(page)
    _open(page, "/conversations/new/")
    page.locator("[name=kind][value=weighing]").check()
    page.locator("[name=discussed]").fill("Dat we melden bij Veilig Thuis.")
    page.locator("[name=reaction]").fill("Begrijpt het.")
    submit(page)

    # Step 5: the report with its reference, and a follow-up.
    _open(page, "/actions/new/")
    page.locator("[name=kind][value=report_veilig_thuis]").check()
    page.locator("[name=owner]").select_option(str(professional.pk))
    page.locator("[name=reported_on]").fill(TODAY)
    page.locator("[name=channel][value=phone]").check()
    page.locator("[name=reference]").fill("VT-2026-0042")
    page.locator("[name=informed_beforehand][value=yes]").check()
    page.locator("[name=informed_who]").fill("De jongere en moeder")
    submit(page)
    _open(page, "/actions/new/")
    page.locator("[name=kind][value=monitoring]").check()
    page.locator("[name=owner]").select_option(str(professional.pk))
    page.locator("[name=due_on]").fill(FOLLOW_UP)
    page.locator("[name=description]").fill("Vraag 5: helpt de hulp?")
    submit(page)
    # Step 4 asks to discuss the weighing with the zorgcoördinator (or Veilig Thuis).
    _open(page, "/consultations/new/")
    page.locator("[name=stage][value=step4]").check()
    page.locator("[name=consultee][value=care_coordinator]").check()
    page.locator("[name=question]").fill("Klopt onze afweging?")
    page.locator("[name=advice]").fill("Ja; melden en de hulp voortzetten.")
    submit(page)
    # Weighing again with Veilig Thuis adds a version; the first stays under "Eerdere afwegingen".
    _open(page, "/weighing/")
    page.locator("[name=q3_can_help][value=yes]").check()
    page.locator("[name=q3_reason]").fill("Wij bieden hulp, afgestemd met Veilig Thuis.")
    submit(page)

    assert page.url.startswith(case_url)
    expect(page.locator("#step-4 details summary")).to_contain_text("Eerdere afwegingen (1)")
    expect(page.locator(".sw-stepper__step--done")).to_have_count(4)
    expect(page.locator(".sw-stepper__step--in_progress")).to_have_count(1)
    expect(page.locator("#step-5")).to_contain_text("VT-2026-0042")
    expect(page.locator("#step-4")).to_contain_text("Is melden noodzakelijk? ja")
    expect(page.locator("#step-4")).to_contain_text("beantwoord vraag 4 samen met Veilig Thuis")
    # The case page shows the newest 10 timeline entries and links to all 12 (issue 19).
    expect(page.locator(".sw-timeline__item")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="Bekijk alle 12 regels in de tijdlijn").click()
    expect(page.locator(".sw-timeline__item")).to_have_count(12)
    assert_accessible(page)

    # The follow-up is on the dashboard; the team page shows who looked.
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("#my-actions ~ ul")).to_contain_text(re.compile(".+"))
    assert_accessible(page)
    page.goto(case_url + "team/")
    expect(page.locator("table")).to_be_visible()
    assert_accessible(page)


def test_a_form_with_mistakes_shows_them_accessibly_and_saves_nothing(
    page, live_server, professional
):
    log_in(page, live_server, professional)
    _open(page, "/cases/new/")
    page.locator("main form.sw-form button[type=submit]").first.click()
    expect(page.locator(".sw-field__error").first).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator(".sw-list__title")).to_have_count(0)
