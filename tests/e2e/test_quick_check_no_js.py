"""The parents' quick check sends nothing, with or without JavaScript: every answer ticked, every key pressed,
and no request leaves the page (URL or body), no navigation happens; the advice is on the page."""

import re
from html import unescape

import pytest
from playwright.sync_api import expect

from signaalwijzer.public.content import load_page
from signaalwijzer.public.views import _contact_keys
from tests.e2e.a11y import assert_accessible
from tests.e2e.public_pages import assert_accessible_without_javascript, new_public_context

CHECK = load_page("ouders-check", _contact_keys())
ANSWER_VALUES = ("yes", "no", "unknown")


def _carries_answers(url: str, body: str | None) -> bool:
    text = unescape(url + " " + (body or ""))
    keys = "|".join(re.escape(question.key) for question in CHECK.questions)
    return bool(re.search(rf"(?:^|[?&;\s])(?:{keys})=", text)) or any(
        f"q-{question.key}" in text for question in CHECK.questions
    )


def _tick_everything(page) -> None:
    """Every answer of every question in turn, ending on "yes"; then Enter and Space on a radio (which would
    submit a form)."""
    for question in CHECK.questions:
        for value in ("no", "unknown", "yes"):
            page.locator(f"#q-{question.key}-{value}").check()
    page.locator(f"#q-{CHECK.questions[0].key}-yes").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Space")


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_the_quick_check_sends_nothing_and_gives_the_advice(
    browser, live_server, language, javascript
):
    context = new_public_context(browser, live_server, language=language, javascript=javascript)
    page = context.new_page()
    url = live_server.url + "/ouders/check/"
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.locator("main form").count() == 0
    requests, navigations = [], []
    page.on("request", lambda request: requests.append((request.url, request.post_data)))
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    _tick_everything(page)
    if javascript:
        page.locator("#quick-check-show").click()
        page.keyboard.press("Enter")
    else:
        # The button needs JavaScript: without it, it is not on the page at all.
        expect(page.locator("#quick-check button")).to_be_hidden()
        for button in page.locator("main button").all():
            if button.is_visible():
                button.click()
    page.wait_for_timeout(500)

    assert [r for r in requests if _carries_answers(*r)] == []
    assert requests == []  # not even a request without the answers
    assert navigations == [] and page.url == url
    for question in CHECK.questions:
        expect(page.locator(f"#q-{question.key}-yes")).to_be_checked()

    if javascript:
        expect(page.locator("#advice-text")).to_have_text(CHECK.advice["urgent"][language])
        expect(page.locator("#advice-all")).to_have_count(0)  # <noscript> is not rendered
        assert_accessible(page)
    else:
        every_advice = page.locator("#advice-all")
        expect(every_advice).to_be_visible()
        for level in ("urgent", "act", "talk", "none"):
            expect(every_advice).to_contain_text(CHECK.advice[level][language])
        expect(page.locator("#advice")).to_be_hidden()
        assert_accessible_without_javascript(browser, page)
    context.close()


def test_the_advice_without_javascript_names_the_urgent_questions(browser, live_server):
    context = new_public_context(browser, live_server, language="en", javascript=False)
    page = context.new_page()
    page.goto(live_server.url + "/ouders/check/")
    numbers = [str(n) for n, q in enumerate(CHECK.questions, start=1) if q.urgent]
    named = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} or {numbers[-1]}"
    expect(page.locator("#advice-all h3").first).to_have_text(
        f"Did you answer yes to question {named}?"
    )
    for number, question in enumerate(CHECK.questions, start=1):
        expect(page.locator("legend").nth(number - 1)).to_have_text(
            f"{number}. {question.text['en']}"
        )
    context.close()
