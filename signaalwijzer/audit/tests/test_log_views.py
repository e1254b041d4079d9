"""The log manager reads the log after a fresh second step; emergency access is flagged and reviewed."""

import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.urls import reverse

from signaalwijzer.accounts.roles import Role
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services
from signaalwijzer.cases.models import EmergencyAccess
from tests.factories import enrol_totp, make_user, sign_in


@pytest.fixture
def log_manager(organisation):
    user = make_user("log@example.org", organisation=organisation, roles=(Role.LOG_MANAGER,))
    enrol_totp(user)
    return user


@pytest.fixture
def officer(organisation):
    user = make_user("af@example.org", organisation=organisation, roles=(Role.MELDCODE_OFFICER,))
    enrol_totp(user)
    return user


def _age_second_factor(client, minutes):
    session = client.session
    for record in session[AUTHENTICATION_METHODS_SESSION_KEY]:
        record["at"] = time.time() - minutes * 60
    session.save()


def test_the_log_manager_searches_the_log_and_the_search_is_logged(
    client, log_manager, case, professional
):
    sign_in(client, log_manager)
    response = client.get(reverse("audit:search"), {"case": case.pk})
    assert response.status_code == 200
    assert response.context["page"].paginator.count >= 1
    assert all(event.case_id == case.pk for event in response.context["page"].object_list)
    assert AccessEvent.objects.filter(
        user=log_manager, action="log_view", purpose="audit.search"
    ).exists()


def test_an_old_second_factor_is_asked_again_before_the_log(client, log_manager):
    sign_in(client, log_manager)
    _age_second_factor(client, 60)
    response = client.get(reverse("audit:search"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


@pytest.mark.parametrize("url_name", ["audit:search", "audit:unusual", "audit:emergency_reviews"])
def test_only_the_log_manager_reads_the_log(signed_in_client, url_name):
    assert signed_in_client.get(reverse(url_name)).status_code == 403


def test_the_log_manager_sees_only_their_own_organisation(client, log_manager, outsider_org):
    other_case = services.open_case(user=outsider_org, pseudonym="Q.", concern="Elders.")
    sign_in(client, log_manager)
    response = client.get(reverse("audit:search"), {"case": other_case.pk})
    assert response.context["page"].paginator.count == 0


def test_break_the_glass_gives_flagged_temporary_access_that_is_reviewed(
    client, officer, log_manager, case
):
    sign_in(client, officer)
    assert client.get(case.get_absolute_url()).status_code == 404

    response = client.post(
        reverse("cases:emergency_access"),
        {"case": case.pk, "reason": "Moeder belt: jongere is vermist sinds gisteren."},
    )
    assert response["Location"] == case.get_absolute_url()
    assert client.get(case.get_absolute_url()).status_code == 200
    read = AccessEvent.objects.filter(case=case, user=officer, action="read").latest("pk")
    assert (read.emergency, read.basis) == (True, "emergency")
    assert AccessEvent.objects.filter(case=case, action="break_glass", emergency=True).count() == 1

    emergency = EmergencyAccess.objects.get()
    emergency.expires_at = emergency.granted_at
    emergency.save()
    assert client.get(case.get_absolute_url()).status_code == 404  # expired

    sign_in(client, log_manager)
    queue = client.get(reverse("audit:emergency_reviews"))
    assert emergency in queue.context["queue"]
    client.post(
        reverse("audit:emergency_reviews"), {"emergency": emergency.pk, "note": "Terecht gebruikt."}
    )
    emergency.refresh_from_db()
    assert emergency.reviewed_by == log_manager


def test_break_the_glass_needs_a_reason_and_the_meldcode_officer_role(
    client, officer, professional, case
):
    sign_in(client, officer)
    response = client.post(reverse("cases:emergency_access"), {"case": case.pk, "reason": ""})
    assert response.status_code == 400
    assert not EmergencyAccess.objects.exists()
    sign_in(client, professional)
    assert client.get(reverse("cases:emergency_access")).status_code == 403


def test_break_the_glass_cannot_reach_another_organisation(client, officer, outsider_org):
    other_case = services.open_case(user=outsider_org, pseudonym="Q.", concern="Elders.")
    sign_in(client, officer)
    response = client.post(
        reverse("cases:emergency_access"),
        {"case": other_case.pk, "reason": "Een goede reden om te kijken."},
    )
    assert response.status_code == 400
    assert (
        "geen casus met dit nummer" in response.content.decode().lower()
        or not EmergencyAccess.objects.exists()
    )
    assert not EmergencyAccess.objects.exists()
