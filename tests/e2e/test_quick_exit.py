"""The quick exit ("Snel weg") on every public page, in Dutch and English, at 320 px, with and without
JavaScript: first after the skip link, always in view, axe-clean; Escape and the button leave for the neutral
site and take the page out of the history (with JavaScript); a plain link without."""

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.public_pages import (
    NEUTRAL_URL,
    assert_accessible_without_javascript,
    new_public_context,
    public_paths,
)

PATHS = public_paths()


@pytest.fixture(autouse=True)
def _neutral_site(settings):
    settings.QUICK_EXIT_URL = NEUTRAL_URL


def _covers(page, selector: str) -> bool:
    """Is the element at the centre of `selector` the element itself (or inside it)?"""
    return page.eval_on_selector(
        selector,
        """element => {
            const box = element.getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return element.contains(hit);
        }""",
    )


def _check_the_frame(browser, page, language: str, *, javascript: bool) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    quick_exit = page.locator("#quick-exit")
    expect(quick_exit).to_be_visible()
    if language == "en":  # (the Dutch, "Snel weg", is compiled by the lead: not asserted here)
        expect(quick_exit).to_have_text("Quick exit")
    else:
        expect(quick_exit).not_to_be_empty()
    expect(quick_exit).to_have_attribute("href", NEUTRAL_URL)
    expect(quick_exit).to_have_attribute("rel", "noreferrer")
    assert quick_exit.get_attribute("target") is None
    box = quick_exit.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box
    # It takes its own room at the top: the contact bar and the page start below it.
    bar = page.locator(".sw-quick-exit").bounding_box()
    contact_bar = page.locator(".sw-contact-bar").bounding_box()
    assert bar["y"] + bar["height"] <= contact_bar["y"] + 0.5
    # Keyboard: the skip link first (shown on top of everything), then the quick exit.
    page.keyboard.press("Tab")
    skip = page.locator(".utrecht-skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert _covers(page, ".utrecht-skip-link")
    page.keyboard.press("Tab")
    expect(quick_exit).to_be_focused()
    # Still in view, and not covered, at the bottom of the page.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert page.evaluate("window.scrollY") > 200
    expect(quick_exit).to_be_in_viewport()
    assert _covers(page, "#quick-exit")
    page.evaluate("window.scrollTo(0, 0)")  # axe counts a target under the bar as too small
    if javascript:
        assert_accessible(page)
    else:
        assert_accessible_without_javascript(browser, page)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("path", PATHS)
def test_escape_leaves_for_the_neutral_site_and_the_page_leaves_the_history(
    browser, live_server, path, language
):
    context = new_public_context(browser, live_server, language=language, javascript=True)
    page = context.new_page()
    page.goto(NEUTRAL_URL + "?before")
    page.goto(live_server.url + path)
    _check_the_frame(browser, page, language, javascript=True)
    length = page.evaluate("history.length")
    page.locator("h1").click()  # focus is on the page, not on the button
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL_URL)
    assert page.evaluate("history.length") == length  # replaced, not added
    page.go_back()
    assert page.url == NEUTRAL_URL + "?before"  # back skips the page that was left
    page.go_forward()
    assert page.url == NEUTRAL_URL
    context.close()


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("path", PATHS)
def test_without_javascript_the_quick_exit_is_a_plain_link(browser, live_server, path, language):
    context = new_public_context(browser, live_server, language=language, javascript=False)
    page = context.new_page()
    page.goto(live_server.url + path)
    _check_the_frame(browser, page, language, javascript=False)
    page.locator("#quick-exit").click()
    page.wait_for_url(NEUTRAL_URL)
    context.close()


def test_the_button_replaces_the_page_too(browser, live_server):
    context = new_public_context(browser, live_server, language="nl", javascript=True)
    page = context.new_page()
    page.goto(NEUTRAL_URL + "?before")
    page.goto(live_server.url + "/ouders/")
    page.wait_for_load_state("networkidle")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.locator("#quick-exit").click()
    page.wait_for_url(NEUTRAL_URL)
    assert requests == [NEUTRAL_URL]  # nothing else is opened or asked
    assert context.pages == [page]
    page.go_back()
    assert page.url == NEUTRAL_URL + "?before"
    context.close()


def test_the_safe_browsing_page_is_linked_from_the_quick_exit_and_the_home_page(
    browser, live_server
):
    context = new_public_context(browser, live_server, language="nl", javascript=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.locator("main a[href='/veilig-surfen/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Veilig surfen")
    page.goto(live_server.url + "/jongeren/")
    page.locator(".sw-quick-exit a[href='/veilig-surfen/']").click()
    expect(page).to_have_url(live_server.url + "/veilig-surfen/")
    context.close()
