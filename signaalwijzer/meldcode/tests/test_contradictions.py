"""Answers that contradict the afwegingskader are named, not silently ignored; step 5 and the follow-up
with Veilig Thuis follow from the answers."""

from dataclasses import fields, replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.meldcode.afwegingskader import (
    Answers,
    Contradiction,
    ContradictionKind,
    Decision,
    FollowUp,
    Step5,
    Unsafety,
    VeiligThuisFollowUp,
    contradictions,
    evaluate,
    follow_up_with_veilig_thuis,
    implied_step5,
)

EARLIER_OPEN = ContradictionKind.EARLIER_OPEN
NO_SUSPICION = ContradictionKind.NO_SUSPICION
FLOW_ENDED = ContradictionKind.FLOW_ENDED
QUESTION_FIELDS = {
    1: "q1_suspicion",
    2: "q2_unsafety",
    3: "q3_can_help",
    4: "q4_help_accepted",
    5: "q5_help_effective",
}

answers_strategy = st.builds(
    Answers,
    q1_suspicion=st.none() | st.booleans(),
    q2_unsafety=st.none() | st.sampled_from(Unsafety),
    q3_can_help=st.none() | st.booleans(),
    q4_help_accepted=st.none() | st.booleans(),
    q5_help_effective=st.none() | st.booleans(),
    disclosure=st.booleans(),
)

NO_UNSAFETY = {"q1_suspicion": True, "q2_unsafety": Unsafety.NONE}
ACUTE = {"q1_suspicion": True, "q2_unsafety": Unsafety.ACUTE}
HELP_ACCEPTED = {**NO_UNSAFETY, "q3_can_help": True, "q4_help_accepted": True}

CONTRADICTIONS = [
    pytest.param({}, [], id="nothing answered"),
    pytest.param({"q1_suspicion": False}, [], id="no suspicion alone"),
    pytest.param({**HELP_ACCEPTED, "q5_help_effective": True}, [], id="every question in order"),
    pytest.param(
        {**ACUTE, "q3_can_help": True, "q4_help_accepted": True, "q5_help_effective": True},
        [],
        id="with unsafety every question in order",
    ),
    pytest.param(
        {"q1_suspicion": False, "q2_unsafety": Unsafety.NONE},
        [(2, NO_SUSPICION, 1)],
        id="no suspicion, then question 2",
    ),
    pytest.param(
        {"q1_suspicion": False, "q3_can_help": True, "q5_help_effective": False},
        [(3, NO_SUSPICION, 1), (5, NO_SUSPICION, 1)],
        id="no suspicion, then questions 3 and 5",
    ),
    pytest.param({"q2_unsafety": Unsafety.ACUTE}, [(2, EARLIER_OPEN, 1)], id="question 1 open"),
    pytest.param(
        {"q1_suspicion": True, "q3_can_help": True}, [(3, EARLIER_OPEN, 2)], id="question 2 open"
    ),
    pytest.param(
        {**NO_UNSAFETY, "q4_help_accepted": True}, [(4, EARLIER_OPEN, 3)], id="question 3 open"
    ),
    pytest.param(
        {**NO_UNSAFETY, "q3_can_help": True, "q5_help_effective": True},
        [(5, EARLIER_OPEN, 4)],
        id="question 4 open",
    ),
    pytest.param(
        {**NO_UNSAFETY, "q3_can_help": False, "q4_help_accepted": True},
        [(4, FLOW_ENDED, 3)],
        id="cannot help ends the weighing",
    ),
    pytest.param(
        {**ACUTE, "q3_can_help": False, "q5_help_effective": True},
        [(5, FLOW_ENDED, 3)],
        id="with unsafety, cannot help ends it too",
    ),
    pytest.param(
        {**NO_UNSAFETY, "q3_can_help": True, "q4_help_accepted": False, "q5_help_effective": True},
        [(5, FLOW_ENDED, 4)],
        id="help not accepted ends the weighing",
    ),
    pytest.param(
        {"q1_suspicion": False, "disclosure": True},
        [(1, ContradictionKind.DISCLOSURE_WITHOUT_SUSPICION, 1)],
        id="a disclosure is a suspicion",
    ),
    pytest.param(
        {"disclosure": True, "q3_can_help": True, "q4_help_accepted": True},
        [],
        id="after a disclosure questions 1 and 2 may stay open",
    ),
    pytest.param(
        {"disclosure": True, "q4_help_accepted": True},
        [(4, EARLIER_OPEN, 3)],
        id="after a disclosure questions 3 to 5 still go in order",
    ),
]


@pytest.mark.parametrize(("given_answers", "expected"), CONTRADICTIONS)
def test_contradictions_name_the_question_and_why(given_answers, expected):
    found = contradictions(Answers(**given_answers))
    assert found == tuple(Contradiction(q, kind, because) for q, kind, because in expected)


def _without(answers: Answers, question: int) -> Answers:
    return replace(answers, **{QUESTION_FIELDS[question]: None})


def _answered(answers: Answers) -> list[int]:
    return [n for n, name in QUESTION_FIELDS.items() if getattr(answers, name) is not None]


@given(answers_strategy)
def test_without_a_disclosure_a_contradiction_is_exactly_an_answer_evaluate_ignores(answers):
    answers = replace(answers, disclosure=False)
    contradicting = {c.question for c in contradictions(answers)}
    for question in _answered(answers):
        ignored = evaluate(_without(answers, question)) == evaluate(answers)
        assert (question in contradicting) == ignored, question


@given(answers_strategy)
def test_a_contradiction_is_always_about_an_answered_question(answers):
    for contradiction in contradictions(answers):
        assert contradiction.question in _answered(answers)
        assert contradiction.because_of <= contradiction.question


@given(answers_strategy)
def test_no_suspicion_with_any_later_answer_is_a_contradiction(answers):
    answers = replace(answers, q1_suspicion=False)
    later = [q for q in _answered(answers) if q > 1]
    named = [c.question for c in contradictions(answers) if c.kind == NO_SUSPICION]
    assert named == later


@given(answers_strategy)
def test_removing_the_contradicting_answers_leaves_none(answers):
    cleaned = answers
    for contradiction in contradictions(answers):
        if contradiction.kind != ContradictionKind.DISCLOSURE_WITHOUT_SUSPICION:
            cleaned = _without(cleaned, contradiction.question)
    remaining = contradictions(cleaned)
    assert all(c.kind == ContradictionKind.DISCLOSURE_WITHOUT_SUSPICION for c in remaining)
    assert evaluate(cleaned) == evaluate(answers) or answers.disclosure


# Step 5: two decisions.

STEP5 = [
    pytest.param({}, Step5(None, None), id="nothing answered: nothing implied"),
    pytest.param({"q1_suspicion": False}, Step5(False, None), id="no suspicion: no report"),
    pytest.param(ACUTE, Step5(True, None), id="unsafety: report, help still open"),
    pytest.param(
        {**ACUTE, "q3_can_help": True, "q4_help_accepted": True},
        Step5(True, True),
        id="unsafety and help accepted: report and keep helping",
    ),
    pytest.param(
        {**NO_UNSAFETY, "q3_can_help": False}, Step5(True, False), id="cannot help: report only"
    ),
    pytest.param(
        {**NO_UNSAFETY, "q3_can_help": True, "q4_help_accepted": False},
        Step5(True, False),
        id="help refused: report",
    ),
    pytest.param(HELP_ACCEPTED, Step5(False, True), id="help accepted: organise help"),
    pytest.param(
        {**HELP_ACCEPTED, "q5_help_effective": False},
        Step5(True, True),
        id="help not effective: report again and keep helping",
    ),
]


@pytest.mark.parametrize(("given_answers", "expected"), STEP5)
def test_the_two_decisions_of_step_5_follow_the_answers(given_answers, expected):
    assert implied_step5(Answers(**given_answers)) == expected


@given(answers_strategy)
def test_reporting_is_implied_exactly_when_the_afwegingskader_says_report(answers):
    decision = evaluate(answers).decision
    implied = implied_step5(answers).report_needed
    if decision == Decision.INCOMPLETE:
        assert implied is None
    else:
        assert implied == (decision == Decision.REPORT)


# After the report, questions 3-5 with Veilig Thuis.

FOLLOW_UPS = [
    pytest.param(ACUTE, VeiligThuisFollowUp(FollowUp.ANSWER_WITH_VEILIG_THUIS, 3), id="ask 3"),
    pytest.param(
        {**ACUTE, "q3_can_help": True},
        VeiligThuisFollowUp(FollowUp.ANSWER_WITH_VEILIG_THUIS, 4),
        id="ask 4",
    ),
    pytest.param(
        {**ACUTE, "q3_can_help": True, "q4_help_accepted": True},
        VeiligThuisFollowUp(FollowUp.CONTINUE_HELP, 5),
        id="help accepted: continue it with Veilig Thuis, question 5 later",
    ),
    pytest.param(
        {**ACUTE, "q3_can_help": True, "q4_help_accepted": True, "q5_help_effective": True},
        VeiligThuisFollowUp(FollowUp.CONTINUE_HELP, None),
        id="help works: continue it with Veilig Thuis",
    ),
    pytest.param(
        {**ACUTE, "q3_can_help": True, "q4_help_accepted": True, "q5_help_effective": False},
        VeiligThuisFollowUp(FollowUp.REPORT_AGAIN, None),
        id="help does not bring safety: report again",
    ),
    pytest.param(
        {**ACUTE, "q3_can_help": False},
        VeiligThuisFollowUp(FollowUp.HELP_BY_VEILIG_THUIS, None),
        id="cannot help: Veilig Thuis arranges it",
    ),
    pytest.param(
        {"disclosure": True, "q3_can_help": True, "q4_help_accepted": False},
        VeiligThuisFollowUp(FollowUp.HELP_BY_VEILIG_THUIS, None),
        id="after a disclosure, help refused",
    ),
    pytest.param(
        {**NO_UNSAFETY, "q3_can_help": False}, None, id="a report for lack of help: no follow-up"
    ),
    pytest.param(HELP_ACCEPTED, None, id="no report: no follow-up"),
]


@pytest.mark.parametrize(("given_answers", "expected"), FOLLOW_UPS)
def test_after_the_report_questions_3_to_5_lead_to_a_follow_up(given_answers, expected):
    assert follow_up_with_veilig_thuis(Answers(**given_answers), report_made=True) == expected


@given(answers_strategy)
def test_without_a_recorded_report_there_is_no_follow_up(answers):
    assert follow_up_with_veilig_thuis(answers, report_made=False) is None


@given(answers_strategy)
def test_a_follow_up_exists_exactly_when_questions_3_to_5_are_answered_with_veilig_thuis(answers):
    follow_up = follow_up_with_veilig_thuis(answers, report_made=True)
    assert (follow_up is not None) == evaluate(answers).with_veilig_thuis
    if follow_up is not None and follow_up.follow_up == FollowUp.REPORT_AGAIN:
        assert 3 in evaluate(answers).reporting_norms


def test_every_answers_field_is_a_question_or_the_disclosure():
    assert {f.name for f in fields(Answers)} == {*QUESTION_FIELDS.values(), "disclosure"}
