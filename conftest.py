"""Fixtures shared by every test: a small cast of organisations and people.

The cast: ``professional`` (team A of organisation 1, MFA enrolled), ``colleague`` (same team),
``outsider_team`` (team B of the same organisation), ``outsider_org`` (another organisation), and
``unenrolled`` (a professional without a second factor).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import caches

from signaalwijzer.accounts.roles import Role
from signaalwijzer.cases import services as case_services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import CaseMember
from signaalwijzer.meldcode import services as meldcode_services
from tests.factories import (
    OrganisationFactory,
    TeamFactory,
    enrol_totp,
    make_user,
    sign_in,
)


@pytest.fixture(autouse=True)
def _empty_case_page_cache():
    """Each test starts without cached case pages (the cache lives in the test process's memory)."""
    caches["case_pages"].clear()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Jeugdzorg Test")


@pytest.fixture
def team(organisation):
    return TeamFactory(organisation=organisation, name="Team A")


@pytest.fixture
def other_team(organisation):
    return TeamFactory(organisation=organisation, name="Team B")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="School Elders")


@pytest.fixture
def professional(team):
    user = make_user("sanne@example.org", team=team)
    enrol_totp(user)
    return user


@pytest.fixture
def colleague(team):
    user = make_user("mo@example.org", team=team)
    enrol_totp(user)
    return user


@pytest.fixture
def outsider_team(other_team):
    user = make_user("anouk@example.org", team=other_team)
    enrol_totp(user)
    return user


@pytest.fixture
def outsider_org(other_organisation):
    team = TeamFactory(organisation=other_organisation, name="Onderbouw")
    user = make_user("kees@example.org", team=team)
    enrol_totp(user)
    return user


@pytest.fixture
def unenrolled(team):
    return make_user("lotte@example.org", team=team)


@pytest.fixture
def signed_in_client(client, professional):
    """A test client of the professional, logged in with password and second factor."""
    sign_in(client, professional)
    return client


@pytest.fixture
def case(professional):
    return case_services.open_case(
        user=professional,
        pseudonym="J.",
        concern="Heeft sinds kort dure kleding en een tweede telefoon.",
        date_of_birth=dt.date(2011, 3, 14),
    )


@pytest.fixture
def owner_access(case, professional):
    return CaseAccess(case=case, user=professional, basis=CaseMember.Role.OWNER)


@pytest.fixture
def report_action(owner_access, professional):
    return meldcode_services.add_action(
        owner_access,
        kind="report_veilig_thuis",
        owner=professional,
        reported_on=dt.date.today(),
        channel="phone",
        reference="VT-2026-123",
        informed_beforehand=False,
        not_informed_reason="Vertellen brengt de jongere in gevaar.",
    )


@pytest.fixture
def officer(organisation):
    """A meldcode officer (aandachtsfunctionaris) of the organisation, in no case team."""
    user = make_user("af@example.org", organisation=organisation, roles=(Role.MELDCODE_OFFICER,))
    enrol_totp(user)
    return user


@pytest.fixture
def log_manager(organisation):
    user = make_user("log@example.org", organisation=organisation, roles=(Role.LOG_MANAGER,))
    enrol_totp(user)
    return user
