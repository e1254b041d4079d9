"""Every public page in Chromium: axe-clean, readable without JavaScript; the quick check sends nothing."""

import re

import pytest
from playwright.sync_api import expect

from signaalwijzer.public.content import all_slugs
from tests.e2e.a11y import assert_accessible

PATHS = [
    "/ouders/",
    "/ouders/check/",
    "/jongeren/",
    "/hulp-en-informatie/",
    "/toegankelijkheid/",
] + [
    f"/jongeren/{slug.removeprefix('jongeren-')}/"
    for slug in all_slugs()
    if slug.startswith("jongeren-")
]


@pytest.mark.parametrize("path", PATHS)
def test_public_page_is_accessible_in_dutch_and_english(page, live_server, path):
    page.goto(live_server.url + path)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert_accessible(page)
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)


def test_the_pages_work_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for path in PATHS:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        expect(page.get_by_role("complementary").first).to_be_visible()
    context.close()


def test_the_quick_check_gives_advice_without_sending_anything(page, live_server):
    page.goto(live_server.url + "/ouders/check/")
    page.wait_for_load_state("networkidle")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    questions = page.locator("fieldset.sw-question")
    count = questions.count()
    assert count >= 6
    for index in range(count):
        questions.nth(index).get_by_label(re.compile("^(Ja|Nee)$")).nth(1 if index else 0).check()
    page.get_by_role("button", name="Advies tonen").click()
    advice = page.locator("#advice")
    expect(advice).to_be_visible()
    expect(page.locator("#advice-text")).not_to_be_empty()
    assert requests == []  # the answers never left the page
    assert_accessible(page)


def test_an_urgent_answer_gives_the_urgent_advice(page, live_server):
    from signaalwijzer.public.content import load_page
    from signaalwijzer.public.views import _contact_keys

    check = load_page("ouders-check", _contact_keys())
    urgent = next(q for q in check.questions if q.urgent)
    page.goto(live_server.url + "/ouders/check/")
    page.locator(f"#q-{urgent.key}-yes").check()
    page.get_by_role("button", name="Advies tonen").click()
    expect(page.locator("#advice-text")).to_have_text(check.advice["urgent"]["nl"])
