"""The meldcode officer's overview: progress only, own organisation, logged, a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import Case, CaseMember
from signaalwijzer.casework.overview import officer_overview
from signaalwijzer.casework.stappenplan import StepState
from signaalwijzer.meldcode import services as meldcode_services
from tests.factories import sign_in

TODAY = dt.date.today()
URL = "/cases/overview/"


@pytest.fixture
def officer_client(client, officer):
    sign_in(client, officer)
    return client


def _open(user, pseudonym="K.", concern="Zorgen."):
    case = services.open_case(user=user, pseudonym=pseudonym, concern=concern)
    return case, CaseAccess(case=case, user=user, basis=CaseMember.Role.OWNER)


def test_the_url_is_the_named_page():
    assert reverse("cases:officer_overview") == URL


def test_no_case_content_is_shown(officer_client, professional):
    case, access = _open(professional, "Zeldzaampseudo", "Zeldzamezorg over de jongere")
    services.record_observation(
        access, observed_on=TODAY, description="Zeldzaamsignaal", source="own", nature="fact"
    )
    case.reference = "Zeldzaamref"
    case.save()
    page = officer_client.get(URL).content.decode()
    assert f"Casus {case.pk}" in page or f"Case {case.pk}" in page
    for secret in ("Zeldzaampseudo", "Zeldzamezorg", "Zeldzaamsignaal", "Zeldzaamref"):
        assert secret not in page


def test_only_the_officers_own_organisation(officer_client, professional, outsider_org):
    own, _ = _open(professional)
    foreign, _ = _open(outsider_org)
    numbers = {row.number for row in officer_client.get(URL).context["overview"].rows}
    assert numbers == {own.pk}
    assert foreign.pk not in numbers


def test_a_professional_is_refused(signed_in_client, professional):
    _open(professional)
    assert signed_in_client.get(URL).status_code == 403


def test_each_case_shown_gets_a_list_event(officer_client, officer, professional):
    first, _ = _open(professional)
    second, _ = _open(professional)
    officer_client.get(URL)
    events = AccessEvent.objects.filter(action=AccessEvent.Action.LIST, user=officer)
    assert sorted(events.values_list("case_id", flat=True)) == sorted([first.pk, second.pk])
    assert {(e.purpose, e.basis) for e in events} == {
        ("officer_overview", "meldcode_officer_overview")
    }


def test_one_page_of_25_is_shown_and_logged(officer, professional):
    for _ in range(27):
        _open(professional)
    first = officer_overview(officer, page=1)
    second = officer_overview(officer, page=2)
    assert (len(first.rows), len(second.rows), first.pages, first.total) == (25, 2, 2, 27)
    assert AccessEvent.objects.filter(action=AccessEvent.Action.LIST, user=officer).count() == 27


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def _report(access, professional, reported_on=TODAY):
    meldcode_services.add_action(
        access,
        kind="report_veilig_thuis",
        owner=professional,
        reported_on=reported_on,
        channel="phone",
        informed_beforehand=True,
        informed_who="moeder",
    )


def test_the_number_of_queries_does_not_grow_with_the_cases(officer_client, professional):
    for _ in range(2):
        _, access = _open(professional)
        _report(access, professional)
    with_two = _queries(officer_client)
    for _ in range(8):
        _, access = _open(professional)
        _report(access, professional)
    assert _queries(officer_client) == with_two


def test_step_states_of_a_case_with_a_signal(officer, professional):
    _, access = _open(professional)
    services.record_observation(
        access, observed_on=TODAY, description="x", source="own", nature="fact"
    )
    (row,) = officer_overview(officer, page=1).rows
    assert [step.state for step in row.steps] == [
        StepState.DONE,
        StepState.TODO,
        StepState.TODO,
        StepState.TODO,
        StepState.TODO,
    ]


def test_the_flags(officer, professional):
    case, access = _open(professional)
    long_ago = TODAY - dt.timedelta(days=20)
    meldcode_services.add_action(
        access, kind="report_veilig_thuis", owner=professional, due_on=long_ago
    )
    _report(access, professional, long_ago)
    due = TODAY + dt.timedelta(days=10)
    meldcode_services.add_action(access, kind="monitoring", owner=professional, due_on=due)
    (row,) = officer_overview(officer, page=1).rows
    assert (row.report_overdue, row.feedback_overdue, row.monitoring_open) == (True, True, True)
    assert row.monitoring_due_on == due
    assert not row.inactive
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now() - dt.timedelta(days=31))
    (row,) = officer_overview(officer, page=1).rows
    assert row.inactive


def test_a_fresh_case_has_no_flags(officer, professional):
    _open(professional)
    (row,) = officer_overview(officer, page=1).rows
    flags = (row.report_overdue, row.feedback_overdue, row.monitoring_open, row.inactive)
    assert flags == (False, False, False, False)


def test_a_link_only_for_a_member(officer_client, officer, professional):
    member_case, access = _open(professional)
    other_case, _ = _open(professional)
    services.ask_meldcode_officer(access, officer=officer)
    page = officer_client.get(URL).content.decode()
    assert reverse("cases:detail", args=[member_case.pk]) in page
    assert reverse("cases:detail", args=[other_case.pk]) not in page
    assert reverse("cases:emergency_access") in page


def test_the_dashboard_links_the_overview_for_officers_only(client, officer, professional):
    sign_in(client, officer)
    assert URL in client.get(reverse("cases:dashboard")).content.decode()
    sign_in(client, professional)
    assert URL not in client.get(reverse("cases:dashboard")).content.decode()
