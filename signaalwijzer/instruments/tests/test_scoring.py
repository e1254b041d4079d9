"""Scoring is deterministic, monotone in signals, and never crashes on answers the schema allows."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.instruments.schema import parse_definition
from signaalwijzer.instruments.scoring import (
    AnswerError,
    Mark,
    compare,
    score,
    score_checklist,
    score_judgement,
)
from signaalwijzer.instruments.tests.samples import CHECKLIST, JUDGEMENT

LIST = parse_definition(CHECKLIST)
JUDGE = parse_definition(JUDGEMENT)
ITEM_KEYS = [item.key for item in LIST.all_items()]
SIGNAL_KEYS = [s.key for area in LIST.areas for s in area.signals]
PROFILE_ORDER = [p.key for p in LIST.profile_rule.profiles]

marks_strategy = st.dictionaries(st.sampled_from(ITEM_KEYS), st.sampled_from(list(Mark)))


def rank(result):
    return PROFILE_ORDER.index(result.profile.key)


def test_no_signals_is_the_lowest_profile():
    result = score_checklist(LIST, {"marks": {}})
    assert (result.profile.key, result.score, result.complete) == ("none", 0, False)


def test_a_weighted_signal_counts_double():
    result = score_checklist(LIST, {"marks": {"second_phone": "present"}})
    assert result.score == 2
    assert result.profile.key == "risk"
    assert result.reasons == ("min_score:2",)


def test_signals_in_two_areas_reach_risk_through_the_area_rule():
    result = score_checklist(LIST, {"marks": {"unknown_contacts": "present", "truancy": "present"}})
    assert result.profile.key == "risk"
    assert "min_areas_with_signal:2" in result.reasons


def test_one_signal_in_a_critical_area_is_enough_for_elevated():
    result = score_checklist(LIST, {"marks": {"nights_away": "present"}})
    assert result.profile.key == "elevated"
    assert result.reasons == ("area_min:running_away:1",)


def test_protective_factors_lower_the_score():
    marks = {"second_phone": "present"}
    without = score_checklist(LIST, {"marks": marks})
    with_factor = score_checklist(LIST, {"marks": {**marks, "trusted_adult": "present"}})
    assert with_factor.score == without.score - 0.5
    assert with_factor.protective_present == ("trusted_adult",)


def test_unknown_counts_as_not_present_but_is_shown():
    result = score_checklist(LIST, {"marks": {"truancy": "unknown"}})
    assert result.score == 0
    assert result.area("school").unknown == ("truancy",)


def test_answers_that_do_not_fit_are_refused():
    with pytest.raises(AnswerError):
        score_checklist(LIST, {"marks": {"tweede_telefoon": "present"}})
    with pytest.raises(AnswerError):
        score_checklist(LIST, {"marks": {"truancy": "misschien"}})


@given(marks_strategy)
def test_scoring_never_crashes_and_is_deterministic(marks):
    first = score(LIST, {"marks": marks})
    assert first == score(LIST, {"marks": dict(reversed(list(marks.items())))})
    assert first.score >= 0
    assert first.complete is (set(marks) == set(ITEM_KEYS))


@given(marks_strategy, st.sampled_from(SIGNAL_KEYS))
def test_one_more_signal_never_lowers_the_profile(marks, signal):
    before = score_checklist(LIST, {"marks": marks})
    after = score_checklist(LIST, {"marks": {**marks, signal: "present"}})
    assert rank(after) >= rank(before)
    assert after.score >= before.score


@given(marks_strategy, st.sampled_from([f.key for c in LIST.clusters for f in c.factors]))
def test_a_protective_factor_never_raises_the_score(marks, factor):
    before = score_checklist(LIST, {"marks": {**marks, factor: "absent"}})
    after = score_checklist(LIST, {"marks": {**marks, factor: "present"}})
    assert after.score <= before.score


def test_the_judgement_summary_is_the_most_serious_rating():
    result = score_judgement(JUDGE, {"ratings": {"consent": "yellow", "equality": "red"}})
    assert (result.summary_level, result.complete) == ("red", False)


def test_a_judgement_is_complete_only_with_a_final_rating_and_reasons():
    answers = {"ratings": {"consent": "green", "equality": "green"}, "final": {"level": "yellow"}}
    assert not score_judgement(JUDGE, answers).complete
    answers["final"]["reasons"] = "Het gedrag past niet bij de context."
    result = score_judgement(JUDGE, answers)
    assert result.complete
    # The professional may rate differently from the computed summary: it only advises.
    assert (result.summary_level, result.final_level) == ("green", "yellow")


@given(
    st.dictionaries(
        st.sampled_from(["consent", "equality"]),
        st.sampled_from(["green", "yellow", "red", "black"]),
    )
)
def test_the_judgement_summary_never_crashes_and_is_a_rated_level(ratings):
    result = score_judgement(JUDGE, {"ratings": ratings})
    assert result.summary_level in ({None} if not ratings else set(ratings.values()))


def test_compare_shows_what_changed_per_area():
    before = score_checklist(LIST, {"marks": {"truancy": "present"}})
    after = score_checklist(LIST, {"marks": {"grades_drop": "present", "nights_away": "present"}})
    changes = {change.key: change for change in compare(before, after)}
    assert (changes["school"].added, changes["school"].removed) == (("grades_drop",), ("truancy",))
    assert changes["running_away"].added == ("nights_away",)
    assert not changes["online"].changed


def test_one_serious_signal_alone_is_never_no_risk_in_the_shipped_list():
    from signaalwijzer.instruments.loader import shipped_definitions

    shipped = next(
        item.definition
        for item in shipped_definitions()
        if item.definition.key == "signalenlijst-uitbuiting"
    )
    result = score_checklist(shipped, {"marks": {"taken_to_addresses": "present"}})
    assert result.profile.key != shipped.profile_rule.profiles[0].key
    assert "signal_present:taken_to_addresses" in result.reasons
