from dataclasses import fields, replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.meldcode.afwegingskader import (
    Answers,
    Decision,
    Outcome,
    Unsafety,
    evaluate,
)

UNSAFE = [Unsafety.ACUTE, Unsafety.STRUCTURAL, Unsafety.ACUTE_AND_STRUCTURAL]
NOT_FINAL_OR_SAFE = {Decision.CLOSE, Decision.ORGANISE_HELP, Decision.CLOSE_WITH_MONITORING}
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


def outcome(decision, next_question=None, norms=(), *, with_veilig_thuis=False):
    return Outcome(decision, next_question, frozenset(norms), with_veilig_thuis)


def report_with_veilig_thuis(norms, next_question=None):
    return outcome(Decision.REPORT, next_question, norms, with_veilig_thuis=True)


SUSPICION = {"q1_suspicion": True}
NO_UNSAFETY = {"q1_suspicion": True, "q2_unsafety": Unsafety.NONE}
HELP_ACCEPTED = {**NO_UNSAFETY, "q3_can_help": True, "q4_help_accepted": True}

WITHOUT_UNSAFETY = [
    pytest.param({}, outcome(Decision.INCOMPLETE, 1), id="nothing answered: ask question 1"),
    pytest.param({"q1_suspicion": False}, outcome(Decision.CLOSE), id="no suspicion: close"),
    pytest.param(SUSPICION, outcome(Decision.INCOMPLETE, 2), id="suspicion: ask question 2"),
    pytest.param(NO_UNSAFETY, outcome(Decision.INCOMPLETE, 3), id="no unsafety: ask question 3"),
    pytest.param(
        {**NO_UNSAFETY, "q3_can_help": False},
        outcome(Decision.REPORT, None, {2}),
        id="cannot help: report on norm 2",
    ),
    pytest.param(
        {**NO_UNSAFETY, "q3_can_help": True},
        outcome(Decision.INCOMPLETE, 4),
        id="can help: ask question 4",
    ),
    pytest.param(
        {**NO_UNSAFETY, "q3_can_help": True, "q4_help_accepted": False},
        outcome(Decision.REPORT, None, {2}),
        id="help not accepted: report on norm 2",
    ),
    pytest.param(
        HELP_ACCEPTED,
        outcome(Decision.ORGANISE_HELP, 5),
        id="help accepted: organise help and ask question 5 later",
    ),
    pytest.param(
        {**HELP_ACCEPTED, "q5_help_effective": False},
        outcome(Decision.REPORT, None, {3}),
        id="help not effective: report again on norm 3",
    ),
    pytest.param(
        {**HELP_ACCEPTED, "q5_help_effective": True},
        outcome(Decision.CLOSE_WITH_MONITORING),
        id="help effective: close with monitoring",
    ),
]


@pytest.mark.parametrize(("given_answers", "expected"), WITHOUT_UNSAFETY)
def test_without_unsafety_the_questions_are_walked_in_order(given_answers, expected):
    assert evaluate(Answers(**given_answers)) == expected


WITH_UNSAFETY = [
    pytest.param({}, report_with_veilig_thuis({1}, 3), id="report at once, then question 3"),
    pytest.param(
        {"q3_can_help": False}, report_with_veilig_thuis({1, 2}), id="cannot help adds norm 2"
    ),
    pytest.param({"q3_can_help": True}, report_with_veilig_thuis({1}, 4), id="then question 4"),
    pytest.param(
        {"q3_can_help": True, "q4_help_accepted": False},
        report_with_veilig_thuis({1, 2}),
        id="help not accepted adds norm 2",
    ),
    pytest.param(
        {"q3_can_help": True, "q4_help_accepted": True},
        report_with_veilig_thuis({1}, 5),
        id="help accepted: question 5 later",
    ),
    pytest.param(
        {"q3_can_help": True, "q4_help_accepted": True, "q5_help_effective": False},
        report_with_veilig_thuis({1, 3}),
        id="help not effective adds norm 3",
    ),
    pytest.param(
        {"q3_can_help": True, "q4_help_accepted": True, "q5_help_effective": True},
        report_with_veilig_thuis({1}),
        id="effective help still leaves the report standing",
    ),
]


@pytest.mark.parametrize("unsafety", UNSAFE)
@pytest.mark.parametrize(("given_answers", "expected"), WITH_UNSAFETY)
def test_unsafety_is_reported_and_the_rest_is_answered_with_veilig_thuis(
    unsafety, given_answers, expected
):
    answers = Answers(q1_suspicion=True, q2_unsafety=unsafety, **given_answers)
    assert evaluate(answers) == expected


@pytest.mark.parametrize("q1", [None, False, True])
@pytest.mark.parametrize("q2", [None, *Unsafety])
def test_a_disclosure_is_always_reported_with_veilig_thuis_on_norm_1(q1, q2):
    answers = Answers(q1_suspicion=q1, q2_unsafety=q2, disclosure=True)
    assert evaluate(answers) == report_with_veilig_thuis({1}, 3)


def test_after_a_disclosure_questions_3_to_5_still_add_their_norms():
    answers = Answers(q1_suspicion=False, disclosure=True, q3_can_help=False)
    assert evaluate(answers) == report_with_veilig_thuis({1, 2})


def test_answers_after_no_suspicion_are_ignored():
    answers = Answers(
        q1_suspicion=False, q2_unsafety=Unsafety.ACUTE, q3_can_help=False, q4_help_accepted=False
    )
    assert evaluate(answers) == outcome(Decision.CLOSE)


def test_unsafety_is_not_acted_on_before_question_1_is_answered():
    assert evaluate(Answers(q2_unsafety=Unsafety.ACUTE)) == outcome(Decision.INCOMPLETE, 1)


def test_answers_after_a_report_for_lack_of_help_are_ignored():
    answers = Answers(
        **NO_UNSAFETY, q3_can_help=False, q4_help_accepted=True, q5_help_effective=False
    )
    assert evaluate(answers) == outcome(Decision.REPORT, None, {2})


def test_with_unsafety_answers_off_the_flow_path_add_no_norms():
    answers = Answers(
        q1_suspicion=True,
        q2_unsafety=Unsafety.ACUTE,
        q4_help_accepted=False,
        q5_help_effective=False,
    )
    assert evaluate(answers) == report_with_veilig_thuis({1}, 3)


# properties


@given(answers_strategy)
def test_every_combination_of_answers_has_an_outcome(answers):
    assert isinstance(evaluate(answers).decision, Decision)


@given(answers_strategy)
def test_a_report_always_names_a_reporting_norm_and_only_a_report_does(answers):
    result = evaluate(answers)
    assert (result.decision == Decision.REPORT) == bool(result.reporting_norms)
    assert result.reporting_norms <= {1, 2, 3}


@given(answers_strategy)
def test_working_together_with_veilig_thuis_means_a_report_on_norm_1(answers):
    result = evaluate(answers)
    if result.with_veilig_thuis:
        assert result.decision == Decision.REPORT
    assert result.with_veilig_thuis == (1 in result.reporting_norms)


@given(answers_strategy)
def test_closing_happens_only_without_suspicion_and_without_disclosure(answers):
    if evaluate(answers).decision == Decision.CLOSE:
        assert answers.q1_suspicion is False
        assert not answers.disclosure


@given(answers_strategy)
def test_an_incomplete_weighing_always_names_the_next_question(answers):
    result = evaluate(answers)
    if result.decision == Decision.INCOMPLETE:
        assert result.next_question is not None


@given(answers_strategy)
def test_the_next_question_is_always_one_not_yet_answered(answers):
    result = evaluate(answers)
    if result.next_question is not None:
        assert getattr(answers, QUESTION_FIELDS[result.next_question]) is None


@given(answers_strategy)
def test_a_closed_weighing_asks_nothing_more(answers):
    result = evaluate(answers)
    if result.decision in {Decision.CLOSE, Decision.CLOSE_WITH_MONITORING}:
        assert result.next_question is None


@given(answers_strategy, st.sampled_from(UNSAFE))
def test_established_unsafety_never_leads_to_closing_or_help_alone(answers, unsafety):
    answers = replace(answers, q1_suspicion=True, q2_unsafety=unsafety)
    assert evaluate(answers).decision not in NOT_FINAL_OR_SAFE


@given(answers_strategy, st.data())
def test_answering_another_question_never_withdraws_a_report(answers, data):
    open_questions = [f.name for f in fields(Answers) if getattr(answers, f.name) is None]
    if evaluate(answers).decision != Decision.REPORT or not open_questions:
        return
    name = data.draw(st.sampled_from(open_questions))
    value = data.draw(st.sampled_from(Unsafety) if name == "q2_unsafety" else st.booleans())
    assert evaluate(replace(answers, **{name: value})).decision == Decision.REPORT


@given(answers_strategy)
def test_a_disclosure_can_only_add_to_the_reporting_norms(answers):
    without = evaluate(replace(answers, disclosure=False))
    with_disclosure = evaluate(replace(answers, disclosure=True))
    assert with_disclosure.decision == Decision.REPORT
    assert without.reporting_norms <= with_disclosure.reporting_norms
