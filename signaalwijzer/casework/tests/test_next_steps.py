"""'What now?' follows the urgency (issue 15): report to Veilig Thuis first, until the report is made."""

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.casework.stappenplan import (
    REPORT_NOW,
    CaseFacts,
    next_steps,
    progress,
    report_urgent,
)
from signaalwijzer.casework.tests.test_stappenplan import case_facts


def steps(facts):
    return next_steps(facts, progress(facts))


@st.composite
def urgent_case_facts(draw):
    facts = draw(case_facts())
    return replace(
        facts,
        acute_unsafety=draw(st.booleans()),
        disclosure=draw(st.booleans()),
        report_needed=draw(st.none() | st.booleans()),
    )


def test_the_reported_case_acute_unsafety_and_decision_report_puts_report_now_first():
    # Issue 15: after acute unsafety and the decision to report, "What now?" began with "discuss the weighing".
    facts = CaseFacts(
        observations=1,
        consultations=1,
        conversations=1,
        consent_recorded=True,
        weighing_started=True,
        weighing_decision="report",
        weighing_discussed_with_experts=True,
        acute_unsafety=True,
        report_needed=True,
    )
    assert steps(facts) == (REPORT_NOW, "weighing_presented")


@pytest.mark.parametrize(
    "facts",
    [
        CaseFacts(acute_unsafety=True),  # weighed acute, not decided yet
        CaseFacts(disclosure=True),
        CaseFacts(weighing_decision="report"),
        CaseFacts(report_needed=True),  # the first step-5 decision
        CaseFacts(observations=1, weighing_decision="report", report_needed=True),
    ],
)
def test_urgent_cases_start_with_report_now(facts):
    assert steps(facts)[0] == REPORT_NOW


@pytest.mark.parametrize(
    "facts",
    [
        CaseFacts(),
        CaseFacts(weighing_decision="organise_help"),
        CaseFacts(weighing_decision="report", report_made=True),
        CaseFacts(acute_unsafety=True, report_made=True),
        # A reasoned decision not to report (a deviation the weighing requires a reason for) is not overruled.
        CaseFacts(acute_unsafety=True, report_needed=False),
        CaseFacts(disclosure=True, weighing_decision="organise_help"),
    ],
)
def test_no_report_now_when_not_urgent(facts):
    assert REPORT_NOW not in steps(facts)


def test_after_report_now_come_the_current_steps_missing_items():
    facts = CaseFacts(acute_unsafety=True)
    assert steps(facts) == (REPORT_NOW, *progress(facts)[0].missing)


@given(urgent_case_facts())
def test_urgent_means_report_now_first_until_the_report_is_made(facts):
    if report_urgent(facts):
        assert steps(facts)[0] == REPORT_NOW
        assert steps(facts).count(REPORT_NOW) == 1


@given(urgent_case_facts())
def test_never_report_now_after_the_report_is_made(facts):
    assert REPORT_NOW not in steps(replace(facts, report_made=True))


@given(urgent_case_facts())
def test_a_decision_to_report_or_acute_unsafety_without_a_decision_is_urgent(facts):
    facts = replace(facts, report_made=False)
    if facts.weighing_decision == "report" or facts.report_needed is True:
        assert report_urgent(facts)
    undecided = facts.weighing_decision is None and facts.report_needed is None
    if (facts.acute_unsafety or facts.disclosure) and undecided:
        assert report_urgent(facts)


@given(urgent_case_facts())
def test_without_report_now_the_list_is_the_current_steps_missing_items(facts):
    statuses = progress(facts)
    rest = tuple(code for code in next_steps(facts, statuses) if code != REPORT_NOW)
    current = (
        next(s for s in statuses if s.state.value in {"todo", "in_progress"})
        if any(s.state.value in {"todo", "in_progress"} for s in statuses)
        else statuses[4]
    )
    assert rest == current.missing
