"""Every page of a case at 320 px wide (WCAG 1.4.10 reflow): nothing sticks out, and axe is clean.

The case holds records of every kind, with a long unbroken pseudonym and long words, so that a page
that cannot wrap or scroll a wide part shows up here. A page fails when the document is wider than
the viewport, or when any visible element's right edge is past it (unless it sits in a part that
scrolls or clips on its own, such as a table wrapper).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from signaalwijzer.cases import services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import CaseMember
from signaalwijzer.consent import services as consent_services
from signaalwijzer.instruments.loader import shipped_definitions
from signaalwijzer.instruments.services import start_assessment
from signaalwijzer.links.services import link_case
from signaalwijzer.meldcode import services as meldcode_services
from signaalwijzer.safety import services as safety_services
from tests.e2e.a11y import assert_accessible
from tests.e2e.helpers import log_in

LONG_WORD = "Kinderbeschermingsmaatregelenonderzoeksrapportage"
PSEUDONYM = "Maximiliaan-Alexander-Vanderbeeken-Oosterhout"

OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > width) {
    problems.push(`document: ${document.documentElement.scrollWidth} > ${width}`);
  }
  const containedIn = (element) => {
    for (let p = element.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflowX = getComputedStyle(p).overflowX;
      if (overflowX !== "visible" && p.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 1 && !containedIn(element)) {
      const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
        + (element.className && typeof element.className === "string"
           ? "." + element.className.trim().split(/\\s+/).join(".") : "");
      problems.push(`${name}: right edge ${Math.round(box.right)} > ${width}`);
    }
  }
  return problems.slice(0, 8);
}
"""


def _seed(owner, colleague):
    """A case with a record of every kind; returns the case and the ids the pages need."""
    today = timezone.localdate()
    case = services.open_case(
        user=owner,
        pseudonym=PSEUDONYM,
        concern=f"Heeft dure spullen. {LONG_WORD} {LONG_WORD}.",
        reference="REF-2026-000000000000000123456789",
        date_of_birth=today.replace(year=today.year - 15) - dt.timedelta(days=40),
        municipality_code="GM0363",
        exploitation_forms=["sexual", "criminal"],
        recruitment_channels=["online", "family"],
        methods=["relationship", "sextortion", "debt"],
        location_types=["private_address"],
    )
    access = CaseAccess(case=case, user=owner, basis=CaseMember.Role.OWNER)
    services.add_team_member(access, member=colleague)
    services.record_observation(
        access,
        observed_on=today - dt.timedelta(days=9),
        description=f"Nieuwe telefoon. {LONG_WORD}",
        source="colleague",
        source_name=LONG_WORD,
        nature="fact",
    )
    meldcode_services.record_consultation(
        access,
        consulted_on=today - dt.timedelta(days=5),
        consultee="meldcode_officer",
        consultee_name=LONG_WORD,
        question=f"Signalen van uitbuiting? {LONG_WORD}",
        advice=f"Ga in gesprek. {LONG_WORD}",
    )
    meldcode_services.record_conversation(
        access,
        held_on=today - dt.timedelta(days=2),
        with_young_person=True,
        with_parents=True,
        others_present=LONG_WORD,
        discussed=f"Onze zorgen. {LONG_WORD}",
        reaction=f"Boos. {LONG_WORD}",
    )
    for party in ("parents", "young_person"):
        consent_services.record_consent(
            access,
            party=party,
            purpose="veilig_thuis",
            status="given",
            recorded_on=today - dt.timedelta(days=2),
        )
    consent_services.record_share(
        access,
        recipient=LONG_WORD,
        purpose="veilig_thuis",
        basis="meldrecht",
        justification=f"Acute onveiligheid. {LONG_WORD}",
        shared_on=today,
        what_was_shared=f"De signalen. {LONG_WORD}",
    )
    meldcode_services.save_weighing(
        access,
        expected_version=0,
        data={
            "q1_suspicion": True,
            "q1_reason": f"Signalen. {LONG_WORD}",
            "q2_unsafety": "acute",
            "q2_reason": f"Acuut. {LONG_WORD}",
            "final_decision": "report",
            "report_needed": True,
            "help_possible": True,
        },
    )
    report = meldcode_services.add_action(
        access,
        kind="report_veilig_thuis",
        owner=owner,
        description=f"Melden. {LONG_WORD}",
        reported_on=today,
        channel="phone",
        reference="VT-2026-00000000000000000000000042",
        informed_beforehand=False,
        not_informed_reason=f"Gevaar. {LONG_WORD}",
    )
    other = meldcode_services.add_action(
        access, kind="other", owner=owner, due_on=today, description=f"Bellen. {LONG_WORD}"
    )
    episode = safety_services.record_missing_episode(
        access, missing_from=timezone.now() - dt.timedelta(hours=20)
    )
    safety_services.save_safety_plan(
        access,
        expected_version=0,
        data={
            "risks": f"Hij haalt haar op. {LONG_WORD}",
            "whom_to_call": f"Mentor, of 112. {LONG_WORD}",
            "review_on": today + dt.timedelta(weeks=4),
        },
    )
    link_case(access, kind="exploiter", label="P1")
    loaded = next(
        item for item in shipped_definitions() if item.definition.key == "signalenlijst-uitbuiting"
    )
    assessment = start_assessment(access, loaded=loaded)
    return case, {
        "report": report.pk,
        "other": other.pk,
        "episode": episode.pk,
        "assessment": assessment.pk,
    }


CASE_PAGES = [
    "",
    "edit/",
    "close/",
    "team/",
    "subject-access/",
    "destruction/new/",
    "signals/new/",
    "links/new/",
    "consultations/new/",
    "conversations/new/",
    "conversations/skip/",
    "consents/new/",
    "sharing/new/",
    "weighing/",
    "actions/new/",
    "actions/{other}/",
    "actions/{report}/",
    "actions/{report}/feedback/new/",
    "comensha/",
    "veilig-thuis/",
    "missing/new/",
    "missing/{episode}/",
    "safety-plan/",
    "instruments/",
    "assessments/{assessment}/",
    "records/signals/",
    "records/actions/",
    "records/timeline/",
]


@pytest.fixture
def seeded(professional, colleague):
    return _seed(professional, colleague)


def test_every_case_page_fits_320_px_and_is_accessible(page, live_server, professional, seeded):
    case, ids = seeded
    page.set_viewport_size({"width": 320, "height": 720})
    log_in(page, live_server, professional)
    base = f"{live_server.url}{case.get_absolute_url()}"
    pages = [
        f"{live_server.url}/dashboard/",
        f"{live_server.url}/cases/new/",
        *(base + path.format(**ids) for path in CASE_PAGES),
    ]
    failures = {}
    for url in pages:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        page.wait_for_load_state()
        problems = page.evaluate(OVERFLOW)
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems = [*problems, str(error)]
        if problems:
            failures[url.removeprefix(live_server.url)] = problems
    assert failures == {}, "\n".join(f"{url}: {problems}" for url, problems in failures.items())


def test_the_error_summary_at_320_px_links_to_the_field(page, live_server, professional, seeded):
    case, _ids = seeded
    page.set_viewport_size({"width": 320, "height": 720})
    log_in(page, live_server, professional)
    page.goto(f"{live_server.url}{case.get_absolute_url()}weighing/")
    page.locator("[name=q3_can_help][value=yes]").check()
    with page.expect_navigation():
        page.locator("main form.sw-form button[type=submit]").first.click()
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    link = summary.locator("a").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
    assert page.locator(target).is_visible()
    assert page.evaluate(OVERFLOW) == []
    assert_accessible(page)
