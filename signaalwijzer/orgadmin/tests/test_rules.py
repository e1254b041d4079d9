"""The pure rules: an administrator keeps their own role and account, settings stay within their bounds."""

from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.accounts.roles import Role
from signaalwijzer.cases.retention import MAXIMUM_RETENTION_YEARS, MINIMUM_RETENTION_YEARS
from signaalwijzer.orgadmin import rules
from signaalwijzer.register.periods import MAXIMUM_MONTHS, MINIMUM_MONTHS

roles = st.sets(st.sampled_from(list(Role)))


@given(roles, st.integers(1, 5), st.integers(1, 5))
def test_only_the_own_admin_role_is_protected(new_roles, actor, target):
    problem = rules.role_change_problem(actor_id=actor, target_id=target, new_roles=new_roles)
    if not new_roles:
        assert problem is rules.Problem.NO_ROLE
    elif actor == target and Role.ORGANISATION_ADMIN not in new_roles:
        assert problem is rules.Problem.OWN_ADMIN_ROLE
    else:
        assert problem is None


def test_no_one_deactivates_or_resets_themselves():
    assert rules.deactivation_problem(actor_id=1, target_id=1) is rules.Problem.OWN_ACCOUNT_INACTIVE
    assert rules.deactivation_problem(actor_id=1, target_id=2) is None
    assert (
        rules.second_factor_reset_problem(actor_id=3, target_id=3)
        is rules.Problem.OWN_SECOND_FACTOR
    )
    assert rules.second_factor_reset_problem(actor_id=3, target_id=4) is None


@given(st.integers(-5, 120), st.integers(-5, 40))
def test_settings_bounds(years, months):
    problems = rules.settings_problems(retention_years=years, signal_register_months=months)
    assert ("retention_years" in problems) == (
        not MINIMUM_RETENTION_YEARS <= years <= MAXIMUM_RETENTION_YEARS
    )
    assert ("signal_register_months" in problems) == (
        not MINIMUM_MONTHS <= months <= MAXIMUM_MONTHS
    )


def test_the_law_sets_the_minimum_retention():
    assert MINIMUM_RETENTION_YEARS == 20
    assert rules.settings_problems(retention_years=19, signal_register_months=6) == {
        "retention_years": rules.Problem.RETENTION_OUT_OF_BOUNDS
    }


def test_changed_keeps_only_differences_as_old_and_new():
    assert rules.changed({"a": 1, "b": [1]}, {"a": 1, "b": [1, 2], "c": "x"}) == {
        "b": [[1], [1, 2]],
        "c": [None, "x"],
    }
