from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.accounts.roles import (
    Role,
    can_manage_organisation,
    can_read_audit_log,
    can_view_statistics,
    can_work_on_cases,
)

role_sets = st.frozensets(st.sampled_from(list(Role)))


@given(role_sets)
def test_only_professionals_and_meldcode_officers_work_on_cases(roles):
    expected = Role.PROFESSIONAL in roles or Role.MELDCODE_OFFICER in roles
    assert can_work_on_cases(roles) is expected


def test_a_researcher_alone_never_sees_cases_but_sees_statistics():
    assert not can_work_on_cases({Role.RESEARCHER})
    assert can_view_statistics({Role.RESEARCHER})


@given(role_sets)
def test_only_the_log_manager_reads_the_audit_log(roles):
    assert can_read_audit_log(roles) is (Role.LOG_MANAGER in roles)


@given(role_sets)
def test_only_the_organisation_admin_manages_the_organisation(roles):
    assert can_manage_organisation(roles) is (Role.ORGANISATION_ADMIN in roles)


def test_no_role_opens_nothing():
    none: frozenset[Role] = frozenset()
    assert not any(
        check(none)
        for check in (
            can_work_on_cases,
            can_view_statistics,
            can_read_audit_log,
            can_manage_organisation,
        )
    )
