from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.consent.age_rules import (
    ConsentPolicy,
    Party,
    age_on,
    comensha_signatories,
    required_consenters,
)

BOTH = frozenset({Party.YOUNG_PERSON, Party.PARENTS})
PARENTS = frozenset({Party.PARENTS})
YOUNG_PERSON = frozenset({Party.YOUNG_PERSON})
REPRESENTATIVE = frozenset({Party.REPRESENTATIVE})
DUAL = ConsentPolicy.DUAL_FROM_12
ALONE = ConsentPolicy.YOUNG_PERSON_FROM_12

BORN = date(2010, 6, 15)
LEAP_BORN = date(2008, 2, 29)


@st.composite
def birth_and_day(draw):
    born = draw(st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31)))
    day = draw(st.dates(min_value=born, max_value=born + timedelta(days=30 * 366)))
    return born, day


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (date(2010, 6, 15), 0),
        (date(2011, 6, 14), 0),
        (date(2011, 6, 15), 1),
        (date(2022, 6, 14), 11),
        (date(2022, 6, 15), 12),
        (date(2026, 6, 14), 15),
        (date(2026, 6, 15), 16),
        (date(2026, 12, 31), 16),
    ],
)
def test_age_counts_completed_years(day, age):
    assert age_on(BORN, day) == age


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (date(2009, 2, 28), 0),
        (date(2009, 3, 1), 1),
        (date(2012, 2, 28), 3),
        (date(2012, 2, 29), 4),
        (date(2020, 2, 28), 11),
        (date(2020, 2, 29), 12),
        (date(2024, 2, 28), 15),
        (date(2024, 2, 29), 16),
    ],
)
def test_a_leap_day_birthday_counts_on_the_leap_day_itself_in_leap_years(day, age):
    assert age_on(LEAP_BORN, day) == age


@pytest.mark.parametrize(
    ("day", "age"),
    [(date(2021, 2, 28), 12), (date(2021, 3, 1), 13), (date(2023, 2, 28), 14)],
)
def test_a_leap_day_birthday_counts_on_1_march_in_common_years(day, age):
    assert age_on(LEAP_BORN, day) == age


def test_an_age_before_birth_is_refused():
    with pytest.raises(ValueError):
        age_on(BORN, BORN - timedelta(days=1))


def test_consenters_before_birth_are_refused():
    with pytest.raises(ValueError):
        required_consenters(BORN, BORN - timedelta(days=1))


def test_under_12_the_parents_consent():
    assert required_consenters(BORN, date(2015, 1, 1)) == PARENTS


def test_the_day_before_the_12th_birthday_the_parents_still_consent_alone():
    assert required_consenters(BORN, date(2022, 6, 14)) == PARENTS


def test_on_the_12th_birthday_the_young_person_and_the_parents_both_consent():
    assert required_consenters(BORN, date(2022, 6, 15)) == BOTH


def test_the_day_before_the_16th_birthday_both_still_consent():
    assert required_consenters(BORN, date(2026, 6, 14)) == BOTH


def test_on_the_16th_birthday_the_young_person_consents_alone():
    assert required_consenters(BORN, date(2026, 6, 15)) == YOUNG_PERSON


def test_an_adult_consents_alone():
    assert required_consenters(BORN, date(2031, 1, 1)) == YOUNG_PERSON


@pytest.mark.parametrize(
    "day", [date(2022, 6, 15), date(2024, 1, 1), date(2026, 6, 15), date(2028, 6, 14)]
)
def test_a_young_person_of_12_to_17_who_is_not_competent_is_represented_by_the_parents(day):
    assert required_consenters(BORN, day, competent=False) == PARENTS


@pytest.mark.parametrize("day", [date(2028, 6, 15), date(2029, 8, 1), date(2060, 1, 1)])
def test_an_adult_who_is_not_competent_is_represented_by_the_representative_not_the_parents(day):
    # From 18 parental authority has ended: a curator, mentor or written authorised person decides.
    assert required_consenters(BORN, day, competent=False) == REPRESENTATIVE


def test_a_19_year_old_who_is_not_competent_needs_the_representative():
    assert age_on(BORN, date(2029, 8, 1)) == 19
    assert required_consenters(BORN, date(2029, 8, 1), competent=False) == REPRESENTATIVE


def test_the_default_policy_is_dual_consent_from_12():
    day = date(2024, 1, 1)
    assert required_consenters(BORN, day) == required_consenters(BORN, day, policy=DUAL) == BOTH


@pytest.mark.parametrize("day", [date(2022, 6, 15), date(2024, 1, 1), date(2026, 6, 14)])
def test_under_the_legal_minimum_policy_a_competent_young_person_of_12_to_15_consents_alone(day):
    assert required_consenters(BORN, day, policy=ALONE) == YOUNG_PERSON


@pytest.mark.parametrize("policy", list(ConsentPolicy))
def test_a_14_year_old_whose_parents_may_be_involved_needs_only_their_own_consent(policy):
    day = date(2024, 8, 1)
    assert age_on(BORN, day) == 14
    assert required_consenters(BORN, day, policy=policy, parents_involved=True) == YOUNG_PERSON


def test_the_policy_may_be_given_as_its_stored_value():
    assert (
        required_consenters(BORN, date(2024, 1, 1), policy="young_person_from_12") == YOUNG_PERSON
    )


def test_an_unknown_policy_is_refused_rather_than_read_as_one_of_the_two():
    with pytest.raises(ValueError):
        required_consenters(BORN, date(2024, 1, 1), policy="whatever")


@pytest.mark.parametrize("parents_involved", [False, True])
def test_under_12_the_parents_decide_even_when_they_may_be_involved(parents_involved):
    # The rule does not pick who else decides then (a guardian, the court): the parents' field stays the
    # legal one; the dossier records the danger and step 3 says so.
    assert required_consenters(BORN, date(2015, 1, 1), parents_involved=parents_involved) == PARENTS


@pytest.mark.parametrize(
    ("day", "competent", "signatories"),
    [
        (date(2015, 1, 1), True, PARENTS),
        (date(2022, 6, 15), True, PARENTS),
        (date(2026, 6, 14), True, PARENTS),
        (date(2026, 6, 14), False, PARENTS),
        (date(2026, 6, 15), True, YOUNG_PERSON),
        (date(2026, 6, 15), False, PARENTS),
        (date(2028, 6, 14), False, PARENTS),
        (date(2028, 6, 15), False, REPRESENTATIVE),
        (date(2029, 8, 1), True, YOUNG_PERSON),
    ],
)
def test_comensha_form_from_16_the_young_person_signs_under_16_the_parents(
    day, competent, signatories
):
    assert comensha_signatories(BORN, day, competent=competent) == signatories


def test_comensha_signatories_before_birth_are_refused():
    with pytest.raises(ValueError):
        comensha_signatories(BORN, BORN - timedelta(days=1))


def test_under_12_competence_changes_nothing():
    assert required_consenters(BORN, date(2015, 1, 1), competent=False) == PARENTS


def test_born_on_a_leap_day_the_young_person_is_asked_from_1_march_when_the_12th_year_is_common():
    # 12 and 16 are multiples of 4, so only a century year like 2100 can make that birthday common.
    born = date(2088, 2, 29)
    assert required_consenters(born, date(2100, 2, 28)) == PARENTS
    assert required_consenters(born, date(2100, 3, 1)) == BOTH


def test_born_on_a_leap_day_the_young_person_consents_alone_from_1_march_when_16_in_a_common_year():
    born = date(2084, 2, 29)
    assert required_consenters(born, date(2100, 2, 28)) == BOTH
    assert required_consenters(born, date(2100, 3, 1)) == YOUNG_PERSON


def test_born_on_a_leap_day_the_young_person_is_asked_from_the_leap_day_in_a_leap_year():
    assert required_consenters(LEAP_BORN, date(2020, 2, 28)) == PARENTS
    assert required_consenters(LEAP_BORN, date(2020, 2, 29)) == BOTH


@given(birth_and_day(), st.integers(min_value=0, max_value=5000))
def test_age_never_decreases_as_time_passes(pair, later_by):
    born, day = pair
    assert age_on(born, day + timedelta(days=later_by)) >= age_on(born, day)


@given(birth_and_day())
def test_age_matches_the_calendar_years_passed_within_one(pair):
    born, day = pair
    assert (day.year - born.year) - 1 <= age_on(born, day) <= day.year - born.year


# Every combination: age and birthday (birth_and_day), competence, policy, parents involved.
situations = st.tuples(
    birth_and_day(), st.booleans(), st.sampled_from(list(ConsentPolicy)), st.booleans()
)


def _consenters(situation):
    (born, day), competent, policy, parents_involved = situation
    return required_consenters(
        born, day, competent=competent, policy=policy, parents_involved=parents_involved
    )


@given(situations)
def test_someone_must_always_consent(situation):
    assert _consenters(situation)


@given(situations)
def test_the_young_person_is_never_asked_under_12_or_when_not_competent(situation):
    (born, day), competent, _policy, _involved = situation
    if age_on(born, day) < 12 or not competent:
        assert Party.YOUNG_PERSON not in _consenters(situation)


@given(situations)
def test_the_representative_is_only_ever_asked_for_an_adult_who_is_not_competent(situation):
    (born, day), competent, _policy, _involved = situation
    asked = Party.REPRESENTATIVE in _consenters(situation)
    assert asked == (age_on(born, day) >= 18 and not competent)


@given(situations)
def test_the_representative_is_always_asked_alone(situation):
    consenters = _consenters(situation)
    if Party.REPRESENTATIVE in consenters:
        assert consenters == REPRESENTATIVE


@given(situations)
def test_the_parents_are_never_asked_from_18(situation):
    (born, day), _competent, _policy, _involved = situation
    if age_on(born, day) >= 18:
        assert Party.PARENTS not in _consenters(situation)


@given(situations)
def test_the_parents_are_never_asked_for_a_competent_young_person_of_16_or_over(situation):
    (born, day), competent, _policy, _involved = situation
    if age_on(born, day) >= 16 and competent:
        assert Party.PARENTS not in _consenters(situation)


@given(situations)
def test_a_competent_young_person_of_12_or_over_is_always_asked(situation):
    (born, day), competent, _policy, _involved = situation
    if age_on(born, day) >= 12 and competent:
        assert Party.YOUNG_PERSON in _consenters(situation)


@given(situations)
def test_parents_being_involved_never_adds_anyone(situation):
    (born, day), competent, policy, _involved = situation
    involved = required_consenters(
        born, day, competent=competent, policy=policy, parents_involved=True
    )
    assert involved <= required_consenters(born, day, competent=competent, policy=policy)


@given(situations)
def test_a_competent_young_person_of_12_to_15_whose_parents_may_be_involved_decides_alone(
    situation,
):
    (born, day), competent, policy, _involved = situation
    if 12 <= age_on(born, day) < 16 and competent:
        assert (
            required_consenters(born, day, competent=True, policy=policy, parents_involved=True)
            == YOUNG_PERSON
        )


@given(situations)
def test_the_policy_only_matters_for_a_competent_young_person_of_12_to_15(situation):
    (born, day), competent, _policy, parents_involved = situation
    dual, alone = (
        required_consenters(
            born, day, competent=competent, policy=policy, parents_involved=parents_involved
        )
        for policy in (DUAL, ALONE)
    )
    if dual != alone:
        assert 12 <= age_on(born, day) < 16 and competent and not parents_involved
        assert (dual, alone) == (BOTH, YOUNG_PERSON)


@given(situations)
def test_the_legal_minimum_never_asks_more_than_the_dual_policy(situation):
    (born, day), competent, _policy, parents_involved = situation
    alone = required_consenters(
        born, day, competent=competent, policy=ALONE, parents_involved=parents_involved
    )
    dual = required_consenters(
        born, day, competent=competent, policy=DUAL, parents_involved=parents_involved
    )
    assert alone <= dual


@given(situations)
def test_competence_decides_between_the_young_person_and_a_representative_from_12(situation):
    # Someone of 12 or over either decides (and is asked) or is represented (and not asked), never both.
    (born, day), competent, _policy, _involved = situation
    if age_on(born, day) >= 12:
        consenters = _consenters(situation)
        assert (Party.YOUNG_PERSON in consenters) == competent


@given(birth_and_day(), st.booleans())
def test_comensha_someone_always_signs_and_never_both_young_person_and_parents(pair, competent):
    born, day = pair
    signatories = comensha_signatories(born, day, competent=competent)
    assert len(signatories) == 1


@given(birth_and_day(), st.booleans())
def test_comensha_the_young_person_signs_exactly_when_16_or_over_and_competent(pair, competent):
    born, day = pair
    signs = Party.YOUNG_PERSON in comensha_signatories(born, day, competent=competent)
    assert signs == (age_on(born, day) >= 16 and competent)


@given(birth_and_day(), st.booleans())
def test_comensha_the_representative_signs_only_for_an_adult_who_is_not_competent(pair, competent):
    born, day = pair
    signs = Party.REPRESENTATIVE in comensha_signatories(born, day, competent=competent)
    assert signs == (age_on(born, day) >= 18 and not competent)


@given(birth_and_day(), st.booleans())
def test_comensha_and_the_sharing_rule_agree_from_16(pair, competent):
    # From 16 both rules follow the law alone: no policy, no practice.
    born, day = pair
    if age_on(born, day) >= 16:
        assert comensha_signatories(born, day, competent=competent) == required_consenters(
            born, day, competent=competent
        )
