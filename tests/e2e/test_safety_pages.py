"""A missing episode and a safety plan, recorded in Chromium, with axe on each page, also at 320 px."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in, submit

REVIEW = (dt.date.today() + dt.timedelta(weeks=4)).isoformat()


def test_a_missing_episode_and_a_safety_plan(page, live_server, professional, case):
    log_in(page, live_server, professional)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.locator("main a[href$='/missing/new/']").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    since = timezone.localtime() - dt.timedelta(hours=20)
    page.locator("[name=missing_from]").fill(since.strftime("%Y-%m-%dT%H:%M"))
    submit(page)
    expect(page.locator("main")).to_contain_text("vermist")
    assert_accessible(page)

    # The return and the return interview are filled in later, on the episode's own page.
    page.locator("main a[href*='/missing/']:not([href$='/missing/new/'])").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")

    page.locator("main a[href$='/safety-plan/']").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator("[name=risks]").fill("Hij haalt haar op bij school.")
    page.locator("[name=agreements_phone]").fill("Telefoon 's nachts bij de groepsleiding.")
    page.locator("[name=agreements_online]").fill("Geen nieuwe contacten toevoegen.")
    page.locator("[name=agreements_going_out]").fill("Uitgaan met een vriendin.")
    page.locator("[name=agreements_return_home]").fill("Om 22.00 uur terug.")
    page.locator("[name=whom_to_call]").fill("Mentor Sanne, of 112.")
    page.locator("[name=review_on]").fill(REVIEW)
    submit(page)
    assert page.url.startswith(f"{live_server.url}{case.get_absolute_url()}")
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/cases/{case.pk}/safety-plan/")
    assert_accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
