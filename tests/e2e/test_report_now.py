"""Issue 15: a case with acute unsafety and the decision to report shows "Report to Veilig Thuis now" first,
on the case page and at the top of the overview, axe-clean, also at 320 px."""

from playwright.sync_api import expect

from signaalwijzer.meldcode import services as meldcode_services
from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in


def _weigh_acute_report(access):
    meldcode_services.save_weighing(
        access,
        expected_version=0,
        data={
            "q1_suspicion": True,
            "q1_reason": "Signalen.",
            "q2_unsafety": "acute",
            "q2_reason": "Direct gevaar.",
            "final_decision": "report",
            "report_needed": True,
        },
    )


def _check_case_page(page):
    report_now = page.locator("#report-now")
    expect(report_now).to_be_visible()
    # The first thing under "What now?", and above the five steps.
    first = page.locator("#what-now > :not(h2)").first
    expect(first).to_have_id("report-now")
    above = page.evaluate(
        "document.querySelector('#report-now').getBoundingClientRect().top"
        " < document.querySelector('.sw-stepper').getBoundingClientRect().top"
    )
    assert above is True
    expect(report_now.locator("a[href$='/veilig-thuis/']").first).to_be_visible()
    assert_accessible(page)


def test_report_now_comes_first(page, live_server, professional, case, owner_access):
    _weigh_acute_report(owner_access)
    log_in(page, live_server, professional)
    expect(page.locator("[data-urgent='report_now']")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    _check_case_page(page)

    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    _check_case_page(page)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False
    page.goto(f"{live_server.url}/dashboard/")
    assert_accessible(page)
