"""Files past their retention period are destroyed; requests to destroy earlier are decided and executed."""

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.audit.services import verify_chain
from signaalwijzer.cases import services
from signaalwijzer.cases.models import Case, DestructionRequest, Observation

TODAY = dt.date.today()


def _close_years_ago(owner_access, years, days=1):
    services.close_case(owner_access, reason="Afgerond.")
    Case.objects.filter(pk=owner_access.case.pk).update(
        closed_at=timezone.now() - dt.timedelta(days=365 * years + years // 4 + days)
    )


def test_the_daily_run_destroys_a_case_past_retention_and_logs_it(owner_access, case, organisation):
    organisation.retention_years = 1
    organisation.save()
    services.record_observation(
        owner_access, observed_on=TODAY, description="x", source="own", nature="fact"
    )
    _close_years_ago(owner_access, 1, days=2)
    out = StringIO()
    call_command("retention", "run", stdout=out)
    assert "1 case(s) destroyed" in out.getvalue()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Observation.objects.exists()
    event = AccessEvent.objects.get(action="delete")
    assert (event.case_id, event.user, event.purpose) == (case.pk, None, "retention.destroy")
    assert verify_chain() is None


def test_a_case_within_its_retention_period_is_kept(owner_access, case):
    _close_years_ago(owner_access, 19)
    call_command("retention", "run", stdout=StringIO())
    assert Case.objects.filter(pk=case.pk).exists()


def test_an_open_case_is_never_destroyed(case):
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - dt.timedelta(days=365 * 40))
    call_command("retention", "run", stdout=StringIO())
    assert Case.objects.filter(pk=case.pk).exists()


def test_retention_schedule_is_a_deprecated_no_op(db):
    err = StringIO()
    call_command("retention", "schedule", stdout=StringIO(), stderr=err)
    assert "deprecated" in err.getvalue()
    assert not DBTaskResult.objects.exists()


def test_a_young_person_of_12_or_older_can_ask_for_destruction_and_the_owner_approves(
    signed_in_client, case
):
    response = signed_in_client.post(
        reverse("cases:destruction_request_create", args=[case.pk]),
        {"requested_by": "young_person", "requested_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    request = DestructionRequest.objects.get()
    response = signed_in_client.post(
        reverse("cases:destruction_decide", args=[case.pk, request.pk]),
        {"decision": "approve", "reason": "Geen wettelijke reden om te bewaren."},
    )
    assert response["Location"] == reverse("cases:dashboard")
    assert not Case.objects.filter(pk=case.pk).exists()
    assert AccessEvent.objects.filter(case_id=case.pk, action="delete").exists()


def test_a_refusal_needs_a_reason_and_keeps_the_file(signed_in_client, owner_access, case):
    from signaalwijzer.cases.destruction import record_destruction_request

    request = record_destruction_request(owner_access, requested_by="parents", requested_on=TODAY)
    url = reverse("cases:destruction_decide", args=[case.pk, request.pk])
    assert signed_in_client.post(url, {"decision": "refuse", "reason": ""}).status_code == 400
    assert (
        signed_in_client.post(
            url, {"decision": "refuse", "reason": "Lopend onderzoek."}
        ).status_code
        == 302
    )
    request.refresh_from_db()
    assert (request.decision, request.decision_reason) == ("refused", "Lopend onderzoek.")
    assert Case.objects.filter(pk=case.pk).exists()


def test_under_12_the_young_person_cannot_ask_but_the_parents_can(signed_in_client, case):
    Case.objects.filter(pk=case.pk).update(date_of_birth=TODAY.replace(year=TODAY.year - 10))
    response = signed_in_client.post(
        reverse("cases:destruction_request_create", args=[case.pk]),
        {"requested_by": "young_person", "requested_on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert not DestructionRequest.objects.exists()


def test_only_the_owner_decides(client, owner_access, colleague, case):
    from signaalwijzer.cases.destruction import record_destruction_request
    from tests.factories import sign_in

    services.add_team_member(owner_access, member=colleague)
    request = record_destruction_request(owner_access, requested_by="parents", requested_on=TODAY)
    sign_in(client, colleague)
    url = reverse("cases:destruction_decide", args=[case.pk, request.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "approve", "reason": "x"}).status_code == 404
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_case_on_legal_hold_is_not_destroyed_on_request(signed_in_client, professional, case):
    Case.objects.filter(pk=case.pk).update(
        legal_hold_since=timezone.now(), legal_hold_reason="Politieonderzoek."
    )
    request = DestructionRequest.objects.create(
        case=case,
        recorded_by=professional,
        requested_by=DestructionRequest.Party.YOUNG_PERSON,
        requested_on=TODAY,
    )
    url = reverse("cases:destruction_decide", args=[case.pk, request.pk])
    page = signed_in_client.get(url).content.decode()
    assert 'id="form-warning"' in page and "vernietigingsstop" in page.lower()
    response = signed_in_client.post(
        url, {"decision": "approve", "reason": "Geen wettelijke reden om te bewaren."}
    )
    assert response.status_code == 400
    assert "Er is niets veranderd" in response.content.decode()
    assert Case.objects.filter(pk=case.pk).exists()
    request.refresh_from_db()
    assert request.decision == DestructionRequest.Decision.PENDING
    assert not AccessEvent.objects.filter(case_id=case.pk, action="delete").exists()
