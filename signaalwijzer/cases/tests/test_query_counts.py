"""The number of queries for the case page and the lists does not grow with the data."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from signaalwijzer.cases import services
from signaalwijzer.consent import services as consent_services
from signaalwijzer.meldcode import services as meldcode_services

TODAY = dt.date.today()


def _fill(access, professional, n):
    for i in range(n):
        services.record_observation(
            access, observed_on=TODAY, description=f"Signaal {i}", source="own", nature="fact"
        )
        meldcode_services.record_consultation(
            access, consulted_on=TODAY, consultee="colleague", question="?", advice="!"
        )
        meldcode_services.record_conversation(
            access, held_on=TODAY, with_young_person=True, discussed="d", reaction="r"
        )
        consent_services.record_consent(
            access, party="young_person", purpose="partners", status="given", recorded_on=TODAY
        )
        action = meldcode_services.add_action(
            access,
            kind="report_veilig_thuis",
            owner=professional,
            due_on=TODAY,
            reported_on=TODAY,
            channel="phone",
            informed_beforehand=True,
            informed_who="moeder",
        )
        meldcode_services.record_feedback(
            access, action, received_on=TODAY, stage="safety_assessment", summary="ok"
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_case_page_costs_the_same_queries_for_1_or_8_records(
    signed_in_client, professional, owner_access, case
):
    _fill(owner_access, professional, 1)
    few = _queries(signed_in_client, case.get_absolute_url())
    _fill(owner_access, professional, 7)
    many = _queries(signed_in_client, case.get_absolute_url())
    assert many == few


def test_the_dashboard_costs_the_same_queries_for_1_or_8_cases(signed_in_client, professional):
    def start_case_with_action():
        case = services.open_case(user=professional, pseudonym="X.", concern="Zorg.")
        access = services.CaseAccess(case=case, user=professional, basis="owner")
        meldcode_services.add_action(access, kind="police", owner=professional, due_on=TODAY)

    start_case_with_action()
    few = _queries(signed_in_client, reverse("cases:dashboard"))
    for _ in range(7):
        start_case_with_action()
    many = _queries(signed_in_client, reverse("cases:dashboard"))
    assert many == few
