"""The case page and the overview follow the urgency: report now, overdue items and Veilig Thuis feedback at
the top; a report counts as information shared; one call completes the planned contact action."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import RecordChange
from signaalwijzer.casework.case_page import case_page
from signaalwijzer.casework.urgent import urgent_for
from signaalwijzer.consent import services as consent_services
from signaalwijzer.directory.selectors import coordinators_for
from signaalwijzer.meldcode import services as meldcode_services
from signaalwijzer.meldcode.models import Action

TODAY = timezone.localdate()


def _weigh_acute_report(access):
    meldcode_services.save_weighing(
        access,
        expected_version=0,
        data={
            "q1_suspicion": True,
            "q1_reason": "Signalen.",
            "q2_unsafety": "acute",
            "q2_reason": "Direct gevaar.",
            "final_decision": "report",
            "report_needed": True,
        },
    )


def _report(access, user, day=TODAY):
    return meldcode_services.add_action(
        access,
        kind="report_veilig_thuis",
        owner=user,
        reported_on=day,
        channel="phone",
        reference="VT-1",
        informed_beforehand=False,
        not_informed_reason="Gevaar.",
    )


def _html(client, case):
    client.cookies["django_language"] = "en"
    return client.get(case.get_absolute_url()).content.decode()


# the case page


def test_acute_unsafety_and_a_decision_to_report_put_report_now_first(
    signed_in_client, owner_access, case
):
    _weigh_acute_report(owner_access)
    html = _html(signed_in_client, case)
    package = reverse("cases:veilig_thuis_package", args=[case.pk])
    assert 'id="report-now"' in html
    report_now = html.index('id="report-now"')
    # First in "What now?", before what the current step misses, and before the five steps.
    assert html.index('id="next-title"') < report_now < html.index("Record at least one signal")
    assert report_now < html.index('class="sw-stepper"')
    assert f'href="{package}"' in html[report_now : report_now + 2000]
    assert "Report to Veilig Thuis now (0800-2000)" in html


def test_report_now_goes_once_the_report_is_recorded(
    signed_in_client, owner_access, case, professional
):
    _weigh_acute_report(owner_access)
    assert case_page(owner_access).report_urgent
    _report(owner_access, professional)
    assert not case_page(owner_access).report_urgent
    assert 'id="report-now"' not in _html(signed_in_client, case)


def test_a_planned_report_that_is_not_made_keeps_report_now(owner_access, professional):
    _weigh_acute_report(owner_access)
    meldcode_services.add_action(owner_access, kind="report_veilig_thuis", owner=professional)
    page = case_page(owner_access)
    assert page.report_urgent and page.next_steps[0] == "report_now"


def test_new_feedback_from_veilig_thuis_stands_at_the_top(
    signed_in_client, owner_access, case, professional
):
    report = _report(owner_access, professional, TODAY - dt.timedelta(days=3))
    meldcode_services.record_feedback(
        owner_access, report, received_on=TODAY, stage="safety_assessment", summary="Gezien."
    )
    html = _html(signed_in_client, case)
    assert "sw-new-feedback" in html
    assert html.index("sw-new-feedback") < html.index('class="sw-stepper"')


# information shared: a report to Veilig Thuis is a sharing of information


def test_a_report_shows_under_information_shared_on_the_meldrecht(
    signed_in_client, owner_access, case, professional
):
    _report(owner_access, professional)
    (line,) = case_page(owner_access).shared
    assert (line.shared_on, line.recipient, line.report) == (TODAY, "Veilig Thuis", True)
    with translation.override("en"):
        assert "Meldrecht" in str(case_page(owner_access).shared[0].basis)
    html = _html(signed_in_client, case)
    sharing = html[html.index('id="sharing"') :]
    assert "data-report" in sharing
    assert "Nothing shared yet." not in sharing


def test_a_report_with_everyones_consent_shows_consent_as_its_basis(owner_access, professional):
    for party in ("young_person", "parents"):
        consent_services.record_consent(
            owner_access, party=party, purpose="veilig_thuis", status="given", recorded_on=TODAY
        )
    _report(owner_access, professional)
    with translation.override("en"):
        assert "Consent" in str(case_page(owner_access).shared[0].basis)


# consent: a refusal is an answer, not "missing"


def test_a_refusal_is_named_as_refused_not_as_missing(owner_access):
    consent_services.record_consent(
        owner_access, party="parents", purpose="partners", status="refused", recorded_on=TODAY
    )
    with translation.override("en"), pytest.raises(Exception) as raised:
        consent_services.check_sharing(
            owner_access.case, purpose="partners", basis="consent", day=TODAY
        )
    message = " ".join(raised.value.messages)
    assert "refused or withdrawn by: parents" in message
    assert "missing from: the young person" in message
    assert "missing from: parents" not in message


def test_a_refused_consent_counts_as_recorded_for_step_3(owner_access):
    for party in ("young_person", "parents"):
        consent_services.record_consent(
            owner_access, party=party, purpose="partners", status="refused", recorded_on=TODAY
        )
    assert "consent" not in case_page(owner_access).steps[2].missing


# "I called the coordinator"


def _koraal(owner_access, case):
    services.update_case(
        owner_access, expected_version=case.version, changes={"municipality_code": "GM0988"}
    )
    return next(c for c in coordinators_for("GM0988", None) if c.organisation == "Koraal")


def test_the_call_completes_the_planned_coordinator_action(
    signed_in_client, owner_access, case, professional
):
    koraal = _koraal(owner_access, case)
    planned = meldcode_services.add_action(
        owner_access, kind="care_coordinator", owner=professional, due_on=TODAY
    )
    response = signed_in_client.post(
        reverse("cases:contact_logged", args=[case.pk]),
        {"contact": "coordinator", "coordinator": koraal.key},
    )
    assert response.status_code == 302
    (action,) = Action.objects.filter(case=case)
    assert action.pk == planned.pk
    assert (action.status, action.completed_on, action.version) == ("done", TODAY, 2)
    assert "Koraal" in action.description
    assert RecordChange.objects.filter(
        case=case, record_type="meldcode.action", record_id=planned.pk
    ).exists()


def test_without_a_planned_action_the_call_adds_one(
    signed_in_client, owner_access, case, professional
):
    koraal = _koraal(owner_access, case)
    done = meldcode_services.add_action(
        owner_access, kind="care_coordinator", owner=professional, status="done"
    )
    signed_in_client.post(
        reverse("cases:contact_logged", args=[case.pk]),
        {"contact": "coordinator", "coordinator": koraal.key},
    )
    added = Action.objects.filter(case=case).exclude(pk=done.pk).get()
    assert (added.kind, added.status) == ("care_coordinator", "done")


# the overview


def _open(user, pseudonym="X."):
    case = services.open_case(user=user, pseudonym=pseudonym, concern="Zorg.")
    return case, CaseAccess(case=case, user=user, basis="owner")


def _urgent_case(user, n):
    case, access = _open(user, f"U{n}.")
    _weigh_acute_report(access)
    meldcode_services.add_action(
        access, kind="police", owner=user, due_on=TODAY - dt.timedelta(days=2)
    )
    old = _report(access, user, TODAY - dt.timedelta(days=20))  # no feedback: overdue
    newer = _report(access, user, TODAY - dt.timedelta(days=20))
    meldcode_services.record_feedback(
        access, newer, received_on=TODAY, stage="safety_assessment", summary="Gezien."
    )
    return case, old


def test_the_overview_lists_report_now_overdue_and_feedback(professional, colleague):
    reported, _old = _urgent_case(professional, 1)
    to_report, access = _open(professional, "R.")
    _weigh_acute_report(access)
    _others, others_access = _open(colleague, "Z.")
    _weigh_acute_report(others_access)
    items = urgent_for(professional)
    kinds = [(item.kind, item.case.pk) for item in items]
    assert kinds[0] == ("report_now", to_report.pk)
    assert ("feedback_overdue", reported.pk) in kinds
    assert ("action_overdue", reported.pk) in kinds
    assert ("feedback_new", reported.pk) in kinds
    assert all(item.case.pk != _others.pk for item in items)  # only the user's own cases
    assert ("report_now", reported.pk) not in kinds  # a report has been made there
    listed = set(
        AccessEvent.objects.filter(purpose="dashboard.urgent").values_list("case_id", flat=True)
    )
    assert listed == {reported.pk, to_report.pk}


def test_the_urgent_block_is_at_the_top_of_the_overview(signed_in_client, professional):
    _case, access = _open(professional, "R.")
    _weigh_acute_report(access)
    html = signed_in_client.get(reverse("cases:dashboard")).content.decode()
    assert 'data-urgent="report_now"' in html
    assert html.index('id="urgent"') < html.index('id="my-actions"')


def test_the_overview_costs_the_same_queries_for_1_or_6_urgent_cases(
    signed_in_client, professional
):
    url = reverse("cases:dashboard")
    _urgent_case(professional, 0)
    with CaptureQueriesContext(connection) as few:
        assert signed_in_client.get(url).status_code == 200
    for n in range(1, 6):
        _urgent_case(professional, n)
    with CaptureQueriesContext(connection) as many:
        assert signed_in_client.get(url).status_code == 200
    assert len(many) == len(few)
    assert signed_in_client.get(url).content.decode().count('data-urgent="') == 6 * 3


def test_urgent_for_costs_the_same_queries_at_two_sizes(professional, django_assert_num_queries):
    _urgent_case(professional, 0)
    with CaptureQueriesContext(connection) as few:
        urgent_for(professional)
    for n in range(1, 5):
        _urgent_case(professional, n)
    with django_assert_num_queries(len(few)):
        assert len(urgent_for(professional)) == 5 * 3
