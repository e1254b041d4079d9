"""The meldcode's scope: minors always; adults only when the exploiter is in the huiselijke kring."""

from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.meldcode.scope import Route, route


@given(age=st.none() | st.integers(min_value=0, max_value=17), household=st.none() | st.booleans())
def test_a_minor_is_always_a_meldcode_case(age, household):
    assert route(age, household) == Route.MELDCODE


@given(age=st.integers(min_value=18, max_value=30))
def test_an_adult_depends_on_who_the_exploiter_is(age):
    assert route(age, None) == Route.ASK_WHO
    assert route(age, True) == Route.MELDCODE
    assert route(age, False) == Route.CHAIN_OUTSIDE_MELDCODE
