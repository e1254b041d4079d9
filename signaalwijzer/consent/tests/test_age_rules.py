from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.consent.age_rules import Party, age_on, required_consenters

BOTH = frozenset({Party.YOUNG_PERSON, Party.PARENTS})
PARENTS = frozenset({Party.PARENTS})
YOUNG_PERSON = frozenset({Party.YOUNG_PERSON})

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


@pytest.mark.parametrize("day", [date(2022, 6, 15), date(2024, 1, 1), date(2026, 6, 15)])
def test_a_young_person_of_12_or_over_who_is_not_competent_is_represented_by_the_parents(day):
    assert required_consenters(BORN, day, competent=False) == PARENTS


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


@given(birth_and_day(), st.booleans())
def test_someone_must_always_consent(pair, competent):
    born, day = pair
    assert required_consenters(born, day, competent=competent)


@given(birth_and_day(), st.booleans())
def test_the_young_person_is_never_asked_under_12_or_when_not_competent(pair, competent):
    born, day = pair
    if age_on(born, day) < 12 or not competent:
        assert Party.YOUNG_PERSON not in required_consenters(born, day, competent=competent)


@given(birth_and_day())
def test_the_parents_are_never_asked_for_a_competent_young_person_of_16_or_over(pair):
    born, day = pair
    if age_on(born, day) >= 16:
        assert Party.PARENTS not in required_consenters(born, day)


@given(birth_and_day())
def test_a_competent_young_person_of_12_or_over_is_always_asked(pair):
    born, day = pair
    if age_on(born, day) >= 12:
        assert Party.YOUNG_PERSON in required_consenters(born, day)
