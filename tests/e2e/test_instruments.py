"""A professional fills in the signal checklist on a case, area by area, and sees the profile and why."""

import re

from playwright.sync_api import expect

from signaalwijzer.instruments.forms import checklist_parts
from signaalwijzer.instruments.loader import latest_shipped
from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in, submit


def _checklist():
    # The version the start page offers: the newest.
    return latest_shipped("signalenlijst-uitbuiting").definition


def test_filling_in_the_signal_checklist_shows_the_profile_and_the_reasons(
    page, live_server, professional, case
):
    definition = _checklist()
    parts = checklist_parts(definition)
    log_in(page, live_server, professional)
    page.goto(live_server.url + case.get_absolute_url())
    page.locator("main a[href$='/instruments/']").click()
    assert_accessible(page)
    page.locator("[name=instrument][value^='signalenlijst-uitbuiting@']").check()
    submit(page)

    for index, part in enumerate(parts):
        expect(page.locator("h2").first).to_contain_text(part.title.nl)
        if index == 0:
            assert_accessible(page)
        for position, item in enumerate(part.items):
            # Two signals in the running-away area, nothing else: an area rule decides the profile.
            mark = "present" if part.key == "running_away" and position < 2 else "absent"
            page.locator(f"[name='item__{item.key}'][value={mark}]").check()
        submit(page)

    expect(page).to_have_url(re.compile(r"/result/$"))
    expect(page.locator("#profile")).to_contain_text(definition.profile_rule.profiles[-1].label.nl)
    expect(page.locator("main")).to_contain_text("geen diagnose")
    assert_accessible(page)

    page.goto(live_server.url + case.get_absolute_url())
    expect(page.locator("#step-1")).to_contain_text(definition.profile_rule.profiles[-1].label.nl)
    expect(page.locator(".sw-stepper__step").first).to_have_class(
        re.compile("sw-stepper__step--done")
    )


def test_a_draft_can_be_left_and_continued(page, live_server, professional, case):
    definition = _checklist()
    log_in(page, live_server, professional)
    page.goto(live_server.url + case.get_absolute_url() + "instruments/")
    page.locator("[name=instrument][value^='signalenlijst-uitbuiting@']").check()
    submit(page)
    first = definition.areas[0].signals[0].key
    page.locator(f"[name='item__{first}'][value=present]").check()
    with page.expect_navigation():
        page.locator("button[name=move][value=draft]").click()
    page.locator("#step-1 a", has_text="Verder invullen").click()
    expect(page.locator(f"[name='item__{first}'][value=present]")).to_be_checked()
