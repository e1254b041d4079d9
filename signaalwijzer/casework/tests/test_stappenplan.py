from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.casework.stappenplan import (
    CaseFacts,
    StepState,
    StepStatus,
    current_step,
    progress,
)
from signaalwijzer.meldcode.afwegingskader import Decision

TODO, IN_PROGRESS, DONE, SKIPPED = (
    StepState.TODO,
    StepState.IN_PROGRESS,
    StepState.DONE,
    StepState.SKIPPED,
)
FINAL_DECISIONS = [d.value for d in Decision if d != Decision.INCOMPLETE]
# How far along a step is, to say that one state is no worse than another.
RANK = {TODO: 0, IN_PROGRESS: 1, DONE: 2, SKIPPED: 2}


def step(number, facts):
    return progress(facts)[number - 1]


def status(number, state, *missing):
    return StepStatus(number, state, tuple(missing))


counts = st.integers(min_value=0, max_value=3)


@st.composite
def case_facts(draw):
    actions = draw(counts)
    return CaseFacts(
        observations=draw(counts),
        assessments=draw(counts),
        consultations=draw(counts),
        conversations=draw(counts),
        step3_skipped=draw(st.booleans()),
        consent_recorded=draw(st.booleans()),
        weighing_started=draw(st.booleans()),
        weighing_decision=draw(st.none() | st.sampled_from(FINAL_DECISIONS)),
        weighing_presented=draw(st.booleans()),
        actions=actions,
        open_actions=draw(st.integers(min_value=0, max_value=actions)),
        report_made=draw(st.booleans()),
        follow_up_planned=draw(st.booleans()),
        weighing_discussed_with_experts=draw(st.booleans()),
        exploitation_suspected=draw(st.booleans()),
        coordinator_contacted=draw(st.booleans()),
    )


# step 1: risks and signals


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (CaseFacts(), status(1, TODO, "observation")),
        (CaseFacts(observations=1), status(1, DONE)),
        (CaseFacts(assessments=1), status(1, DONE)),
    ],
)
def test_step_1_is_done_with_an_observation_or_an_assessment(facts, expected):
    assert step(1, facts) == expected


# step 2: consultation


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (CaseFacts(), status(2, TODO, "consultation")),
        (CaseFacts(consultations=2), status(2, DONE)),
    ],
)
def test_step_2_is_done_with_a_consultation(facts, expected):
    assert step(2, facts) == expected


# step 3: conversation and consent


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (CaseFacts(), status(3, TODO, "conversation", "consent")),
        (CaseFacts(conversations=1), status(3, IN_PROGRESS, "consent")),
        (CaseFacts(consent_recorded=True), status(3, IN_PROGRESS, "conversation")),
        (CaseFacts(conversations=1, consent_recorded=True), status(3, DONE)),
    ],
)
def test_step_3_needs_a_conversation_and_recorded_consent(facts, expected):
    assert step(3, facts) == expected


def test_step_3_skipped_with_a_reason_is_skipped_and_owes_nothing():
    assert step(3, CaseFacts(step3_skipped=True)) == status(3, SKIPPED)


def test_step_3_skipped_stays_skipped_even_after_a_conversation():
    assert step(3, CaseFacts(step3_skipped=True, conversations=1)) == status(3, SKIPPED)


# step 4: the weighing


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (CaseFacts(), status(4, TODO, "weighing", "weighing_presented", "expert_consultation")),
        (
            CaseFacts(weighing_started=True),
            status(4, IN_PROGRESS, "weighing", "weighing_presented", "expert_consultation"),
        ),
        (
            CaseFacts(weighing_started=True, weighing_decision="report"),
            status(4, IN_PROGRESS, "weighing_presented", "expert_consultation"),
        ),
        (
            CaseFacts(weighing_decision="report", weighing_discussed_with_experts=True),
            status(4, IN_PROGRESS, "weighing_presented"),
        ),
        (
            CaseFacts(
                weighing_decision="report",
                weighing_presented=True,
                weighing_discussed_with_experts=True,
            ),
            status(4, DONE),
        ),
        (
            CaseFacts(weighing_presented=True),
            status(4, TODO, "weighing", "expert_consultation"),
        ),
        (
            CaseFacts(weighing_decision="report", weighing_presented=True),
            status(4, IN_PROGRESS, "expert_consultation"),
        ),
    ],
)
def test_step_4_needs_a_completed_weighing_that_was_presented(facts, expected):
    assert step(4, facts) == expected


def test_when_step_3_was_skipped_the_weighing_need_not_be_presented():
    facts = CaseFacts(
        step3_skipped=True, weighing_decision="report", weighing_discussed_with_experts=True
    )
    assert step(4, facts) == status(4, DONE)


def test_when_step_3_was_skipped_the_weighing_itself_is_still_needed():
    assert step(4, CaseFacts(step3_skipped=True)) == status(
        4, TODO, "weighing", "expert_consultation"
    )


# step 5: actions


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (CaseFacts(), status(5, TODO, "action")),
        (CaseFacts(actions=2, open_actions=1), status(5, IN_PROGRESS)),
        (CaseFacts(actions=2), status(5, DONE)),
        (CaseFacts(weighing_decision="report"), status(5, TODO, "action", "report")),
        (
            CaseFacts(weighing_decision="report", actions=1),
            status(5, IN_PROGRESS, "report"),
        ),
        (CaseFacts(weighing_decision="report", actions=1, report_made=True), status(5, DONE)),
        (
            CaseFacts(weighing_decision="report", actions=1, open_actions=1, report_made=True),
            status(5, IN_PROGRESS),
        ),
        (
            CaseFacts(weighing_decision="organise_help", actions=1),
            status(5, IN_PROGRESS, "follow_up"),
        ),
        (
            CaseFacts(weighing_decision="organise_help"),
            status(5, TODO, "action", "follow_up"),
        ),
        (
            CaseFacts(weighing_decision="close_with_monitoring", actions=1),
            status(5, IN_PROGRESS, "follow_up"),
        ),
        (
            CaseFacts(weighing_decision="close_with_monitoring", actions=1, follow_up_planned=True),
            status(5, DONE),
        ),
    ],
)
def test_step_5_needs_finished_actions_that_carry_out_the_decision(facts, expected):
    assert step(5, facts) == expected


def test_closing_after_question_1_finishes_step_5_without_actions():
    assert step(5, CaseFacts(weighing_decision="close")) == status(5, DONE)


def test_closing_with_an_open_action_leaves_step_5_in_progress():
    facts = CaseFacts(weighing_decision="close", actions=1, open_actions=1)
    assert step(5, facts) == status(5, IN_PROGRESS)


def test_a_report_or_follow_up_outside_its_decision_is_not_asked_for():
    facts = CaseFacts(weighing_decision="close_with_monitoring", actions=1, follow_up_planned=True)
    assert "report" not in step(5, facts).missing
    facts = CaseFacts(weighing_decision="report", actions=1, report_made=True)
    assert "follow_up" not in step(5, facts).missing


def test_the_decision_may_be_given_as_the_enum_itself():
    facts = CaseFacts(weighing_decision=Decision.REPORT, actions=1)
    assert step(5, facts) == status(5, IN_PROGRESS, "report")


# the facts themselves


@pytest.mark.parametrize("field", ["observations", "consultations", "actions", "open_actions"])
def test_a_negative_count_is_refused(field):
    with pytest.raises(ValueError):
        CaseFacts(**{field: -1})


def test_more_open_actions_than_actions_is_refused():
    with pytest.raises(ValueError):
        CaseFacts(actions=1, open_actions=2)


@pytest.mark.parametrize("decision", ["incomplete", "melden", ""])
def test_a_weighing_decision_that_is_not_final_is_refused(decision):
    with pytest.raises(ValueError):
        CaseFacts(weighing_decision=decision)


# the current step


def test_a_new_case_starts_at_step_1():
    assert current_step(progress(CaseFacts())) == 1


def test_after_signals_and_a_consultation_the_case_is_at_step_3():
    assert current_step(progress(CaseFacts(observations=1, consultations=1))) == 3


def test_a_skipped_step_3_counts_as_finished():
    facts = CaseFacts(observations=1, consultations=1, step3_skipped=True)
    assert current_step(progress(facts)) == 4


def test_going_back_is_possible_a_missing_consultation_is_the_current_step():
    facts = CaseFacts(observations=1, conversations=1, consent_recorded=True)
    assert current_step(progress(facts)) == 2


def test_a_fully_finished_case_stays_at_step_5():
    facts = CaseFacts(
        observations=1,
        consultations=1,
        conversations=1,
        consent_recorded=True,
        weighing_decision="close_with_monitoring",
        weighing_presented=True,
        weighing_discussed_with_experts=True,
        exploitation_suspected=True,
        coordinator_contacted=True,
        actions=2,
        follow_up_planned=True,
    )
    assert all(s.state == DONE for s in progress(facts))
    assert current_step(progress(facts)) == 5


# properties


@given(case_facts())
def test_there_are_always_five_steps_numbered_1_to_5(facts):
    assert [s.number for s in progress(facts)] == [1, 2, 3, 4, 5]


@given(case_facts())
def test_a_finished_step_owes_nothing(facts):
    for s in progress(facts):
        if s.state in {DONE, SKIPPED}:
            assert s.missing == ()


@given(case_facts())
def test_an_unfinished_step_says_what_is_missing_unless_only_actions_are_open(facts):
    for s in progress(facts):
        if s.state == TODO:
            assert s.missing
        if s.state == IN_PROGRESS and not s.missing:
            assert s.number == 5
            assert facts.open_actions > 0


@given(case_facts())
def test_only_step_3_is_ever_skipped_and_only_when_recorded_so(facts):
    skipped = [s.number for s in progress(facts) if s.state == SKIPPED]
    assert skipped == ([3] if facts.step3_skipped else [])


@given(case_facts())
def test_no_code_is_missing_twice(facts):
    for s in progress(facts):
        assert len(set(s.missing)) == len(s.missing)


@given(case_facts(), st.integers(min_value=1, max_value=3))
def test_recording_an_observation_never_sets_step_1_back(facts, more):
    later = replace(facts, observations=facts.observations + more)
    assert RANK[step(1, later).state] >= RANK[step(1, facts).state]
    assert step(1, later).state == DONE


@given(case_facts())
def test_recording_a_conversation_or_consent_never_sets_step_3_back(facts):
    for later in (
        replace(facts, conversations=facts.conversations + 1),
        replace(facts, consent_recorded=True),
    ):
        assert RANK[step(3, later).state] >= RANK[step(3, facts).state]
        assert set(step(3, later).missing) <= set(step(3, facts).missing)


@given(case_facts())
def test_the_current_step_is_the_first_unfinished_one(facts):
    statuses = progress(facts)
    current = current_step(statuses)
    before = statuses[: current - 1]
    assert all(s.state in {DONE, SKIPPED} for s in before)
    if any(s.state in {TODO, IN_PROGRESS} for s in statuses):
        assert statuses[current - 1].state in {TODO, IN_PROGRESS}
    else:
        assert current == 5


def test_step_5_needs_the_zorgcoordinator_for_a_suspected_victim():
    facts = CaseFacts(weighing_decision="report", actions=1, report_made=True)
    assert step(5, facts) == status(5, DONE)
    suspected = CaseFacts(
        weighing_decision="report", actions=1, report_made=True, exploitation_suspected=True
    )
    assert step(5, suspected) == status(5, IN_PROGRESS, "care_coordinator")
    contacted = CaseFacts(
        weighing_decision="report",
        actions=1,
        report_made=True,
        exploitation_suspected=True,
        coordinator_contacted=True,
    )
    assert step(5, contacted) == status(5, DONE)


@given(facts=case_facts())
def test_a_suspected_victim_never_shows_step_5_done_without_the_zorgcoordinator(facts):
    facts = replace(facts, exploitation_suspected=True, coordinator_contacted=False)
    closed_without_actions = facts.weighing_decision == "close" and facts.actions == 0
    assert closed_without_actions or step(5, facts).state != DONE


@given(facts=case_facts())
def test_step_4_is_never_done_without_the_experts_or_a_reason(facts):
    assert step(4, replace(facts, weighing_discussed_with_experts=False)).state != DONE
