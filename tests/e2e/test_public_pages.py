import re

from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible


def test_the_start_page_is_dutch_accessible_and_shows_the_numbers(page, live_server):
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Uitbuiting van jongeren herkennen en aanpakken"
    )
    expect(page.get_by_role("link", name="0800-2000").first).to_have_attribute(
        "href", "tel:08002000"
    )
    assert_accessible(page)


def test_the_language_switch_gives_the_english_site(page, live_server):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(page.get_by_role("complementary", name="Help and emergency numbers")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_on_a_phone_the_emergency_numbers_are_visible_without_scrolling(page, live_server):
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(live_server.url + "/")
    link = page.get_by_role("complementary").get_by_role("link", name=re.compile("0800-2000"))
    expect(link).to_be_in_viewport()
    assert_accessible(page)


def test_the_skip_link_moves_focus_to_the_content(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
