"""Every role against every URL of the project (ASVS V4): who gets in, who gets a 404/403/redirect.

The URL list is taken from the URL configuration itself, so a new page without an entry in EXPECTED makes
this test fail until someone decides who may open it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from signaalwijzer.accounts.roles import Role
from signaalwijzer.cases import services
from signaalwijzer.cases.destruction import record_destruction_request
from signaalwijzer.instruments.loader import shipped_definitions
from signaalwijzer.instruments.services import start_assessment
from signaalwijzer.meldcode import services as meldcode_services
from signaalwijzer.safety.services import record_missing_episode
from tests.factories import enrol_totp, make_user, sign_in

ROLES = [
    "anonymous",
    "owner",
    "team_member",
    "other_team",
    "other_organisation",
    "meldcode_officer",
    "log_manager",
    "researcher",
    "organisation_admin",
]
TEAM = {"owner", "team_member"}
CASE_WORKERS = {"owner", "team_member", "other_team", "other_organisation", "meldcode_officer"}
EVERYONE_LOGGED_IN = set(ROLES) - {"anonymous"}

# Pages that only take a POST (a one-click action): allowed means it redirects back after doing it.
POST_ONLY = {"cases:contact_logged", "register:convert", "directory:contact_verify"}

# url name -> roles that get the page (200). Everyone else must be refused.
EXPECTED: dict[str, set[str]] = {
    "cases:dashboard": EVERYONE_LOGGED_IN,
    "cases:start": CASE_WORKERS,
    "cases:emergency_access": {"meldcode_officer"},
    "cases:officer_overview": {"meldcode_officer"},
    "cases:detail": TEAM,
    "cases:case_records": TEAM,
    "cases:edit": TEAM,
    "cases:close": TEAM,
    "cases:reopen": TEAM,
    "cases:team": TEAM,
    "cases:subject_access": {"owner"},
    "cases:dossier": TEAM,
    "cases:subject_access_download": {"owner"},
    "cases:destruction_request_create": TEAM,
    "cases:destruction_decide": {"owner"},
    "cases:observation_create": TEAM,
    "cases:consultation_create": TEAM,
    "cases:conversation_create": TEAM,
    "cases:step3_skip": TEAM,
    "cases:consent_create": TEAM,
    "cases:share_create": TEAM,
    "cases:weighing": TEAM,
    "cases:action_create": TEAM,
    "cases:veilig_thuis_package": TEAM,
    "cases:comensha": TEAM,
    "cases:action_update": TEAM,
    "cases:feedback_create": TEAM,
    "cases:instrument_start": TEAM,
    "cases:assessment_fill": TEAM,
    "cases:assessment_result": TEAM,
    "cases:contact_logged": TEAM,
    "cases:missing_episode_create": TEAM,
    "cases:missing_episode_update": TEAM,
    "cases:safety_plan": TEAM,
    "cases:link_create": TEAM,
    # Only a meldcode officer or organisation administrator in the case team (nobody in this world; see
    # cases/tests/test_legal_hold_page.py): the professionals of the team get a 404 too.
    "cases:legal_hold": set(),
    "statistics:dashboard": {"meldcode_officer", "researcher", "organisation_admin"},
    "statistics:download": {"meldcode_officer", "researcher", "organisation_admin"},
    "statistics:exports": {"meldcode_officer", "researcher", "organisation_admin"},
    # An export belongs to whoever asked for it: nobody else gets it.
    "statistics:export_download": set(),
    "audit:search": {"log_manager"},
    "audit:unusual": {"log_manager"},
    "audit:emergency_reviews": {"log_manager"},
    # Each organisation's own signal register: its case workers and meldcode officer. Another organisation's
    # worker gets their own (empty) register, never a signal of this one.
    "register:list": CASE_WORKERS,
    "register:convert": CASE_WORKERS - {"other_organisation"},
    # The regional contacts (national data): only an organisation administrator verifies and corrects.
    "directory:contact_list": {"organisation_admin"},
    "directory:contact_edit": {"organisation_admin"},
    "directory:contact_verify": {"organisation_admin"},
}


@pytest.fixture
def world(
    team, other_team, other_organisation, professional, colleague, outsider_team, outsider_org
):
    organisation = team.organisation
    people = {
        "owner": professional,
        "team_member": colleague,
        "other_team": outsider_team,
        "other_organisation": outsider_org,
    }
    for role, name in [
        (Role.MELDCODE_OFFICER, "meldcode_officer"),
        (Role.LOG_MANAGER, "log_manager"),
        (Role.RESEARCHER, "researcher"),
        (Role.ORGANISATION_ADMIN, "organisation_admin"),
    ]:
        user = make_user(f"{name}@example.org", organisation=organisation, roles=(role,))
        enrol_totp(user)
        people[name] = user
    case = services.open_case(
        user=professional, pseudonym="M.", concern="Zorgen.", date_of_birth=dt.date(2010, 5, 1)
    )
    access = services.CaseAccess(case=case, user=professional, basis="owner")
    services.add_team_member(access, member=colleague)
    report = meldcode_services.add_action(
        access,
        kind="report_veilig_thuis",
        owner=professional,
        reported_on=dt.date.today(),
        channel="phone",
        informed_beforehand=True,
        informed_who="moeder",
    )
    loaded = next(
        item for item in shipped_definitions() if item.definition.key == "signalenlijst-uitbuiting"
    )
    assessment = start_assessment(access, loaded=loaded)
    destruction = record_destruction_request(
        access, requested_by="parents", requested_on=dt.date.today()
    )
    episode = record_missing_episode(access, missing_from=timezone.now() - dt.timedelta(hours=3))
    from signaalwijzer.register.services import record_signal
    from signaalwijzer.statistics.models import StatisticsExport

    signal = record_signal(user=professional, observed_on=dt.date.today(), description="Gezien.")

    exporter = make_user(
        "exporter@example.org", organisation=organisation, roles=(Role.RESEARCHER,)
    )
    export = StatisticsExport.objects.create(
        requested_by=exporter, year=2026, status="done", content=b"PK"
    )
    from signaalwijzer.directory.models import CoordinatorEntry

    entry = CoordinatorEntry.objects.create(key="test-entry", region="Regio", organisation="Org")
    arguments = {
        "entry_id": entry.pk,
        "export_id": export.pk,
        "signal_id": signal.pk,
        "case_id": case.pk,
        "action_id": report.pk,
        "assessment_id": assessment.pk,
        "request_id": destruction.pk,
        "episode_id": episode.pk,
        "fmt": "json",
        "key": "forms.csv",
        "kind": "timeline",
    }
    return people, arguments


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


def _project_urls():
    """Our own pages: every named URL of the cases and audit apps."""
    return sorted(
        {
            name
            for name, _entry in _patterns()
            if name.split(":")[0] in {"cases", "audit", "statistics", "register", "directory"}
        }
    )


def test_every_project_url_has_an_expectation():
    assert set(_project_urls()) == set(EXPECTED)


@pytest.mark.parametrize("url_name", sorted(EXPECTED))
def test_role_route_matrix(client, world, url_name):
    people, arguments = world
    pattern = dict(_patterns())[url_name]
    kwargs = {name: arguments[name] for name in pattern.pattern.converters}
    url = reverse(url_name, kwargs=kwargs)
    outcomes = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            sign_in(client, people[role])
        if url_name in POST_ONLY:
            status = client.post(url, {"contact": "veilig_thuis"}).status_code
        else:
            status = client.get(url).status_code
        outcomes[role] = status
        allowed = role in EXPECTED[url_name]
        if allowed:
            assert status == (302 if url_name in POST_ONLY else 200), (url_name, role, status)
        else:
            # Refused: a 404 (case data: not even confirmed to exist), a 403 (a role page), or, when not
            # logged in, a redirect to the login.
            assert status in (302, 403, 404), (url_name, role, status)
            if role == "anonymous":
                assert status == 302
            elif url_name.startswith("cases:") and "case_id" in kwargs:
                assert status == 404, (url_name, role, status)
    assert outcomes  # the loop ran for every role
