"""The log manager reads the log after a fresh second step; emergency access is flagged and reviewed."""

import datetime as dt
import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from signaalwijzer.api.models import PersonalAccessToken
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.audit.services import _append, _event, record_access
from signaalwijzer.cases import services
from signaalwijzer.cases.models import EmergencyAccess
from tests.factories import sign_in


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


# --- Searching: a person by id, and bad input is a form error ---------------------------------------------


def test_the_log_is_searched_by_person_without_an_e_mail_address_in_the_url(
    client, log_manager, case, professional, colleague
):
    services.open_case(user=colleague, pseudonym="K.", concern="Iets anders.")
    sign_in(client, log_manager)
    page = client.get(reverse("audit:search"))
    assert f'value="{professional.pk}"' in page.content.decode()  # chosen from a list by id
    response = client.get(reverse("audit:search"), {"user": professional.pk})
    events = response.context["page"].object_list
    assert events and {event.user_id for event in events} == {professional.pk}
    assert "@" not in response.wsgi_request.get_full_path()
    # An e-mail address is no longer a way to search.
    response = client.get(reverse("audit:search"), {"user": professional.email})
    assert response.status_code == 200 and response.context["form"].errors["user"]


def test_a_person_of_another_organisation_cannot_be_chosen(client, log_manager, outsider_org):
    sign_in(client, log_manager)
    response = client.get(reverse("audit:search"), {"user": outsider_org.pk})
    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    assert response.context["page"] is None


@pytest.mark.parametrize(
    "query, field",
    [
        ({"case": "9" * 30}, "case"),
        ({"case": str(2**63)}, "case"),
        ({"user": "9" * 30}, "user"),
        ({"start": "0001-01-01"}, "start"),
        ({"end": "9999-12-31"}, "end"),
        ({"start": "1970-01-01", "end": "9999-12-31"}, "end"),
    ],
)
def test_a_huge_case_number_or_an_extreme_date_is_a_form_error(client, log_manager, query, field):
    sign_in(client, log_manager)
    response = client.get(reverse("audit:search"), query)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["page"] is None
    if field in {"start", "end"}:
        assert "Kies een datum tussen 1 januari 2000 en 31 december 2999." in (
            response.content.decode()
        )


def test_the_extreme_dates_still_allowed_search_without_error(client, log_manager):
    sign_in(client, log_manager)
    response = client.get(
        reverse("audit:search"), {"start": "2000-01-01", "end": "2999-12-31", "case": 2**63 - 1}
    )
    assert response.status_code == 200 and response.context["form"].is_valid()
    assert response.context["page"].paginator.count == 0


# --- Unusual access: every read-like route counts, in the database ------------------------------------------


def _cases(user, n):
    return [services.open_case(user=user, pseudonym=f"C{i}.", concern="Zorg.") for i in range(n)]


def _bulk(client, log_manager):
    sign_in(client, log_manager)
    response = client.get(reverse("audit:unusual"))
    assert response.status_code == 200
    return response


def test_32_pdf_exports_of_32_cases_in_a_day_are_flagged(client, log_manager, professional):
    for case in _cases(professional, 32):
        record_access(
            user=professional,
            action=AccessEvent.Action.EXPORT,
            purpose="dossier.pdf",
            basis="owner",
            case=case,
        )
    response = _bulk(client, log_manager)
    [row] = response.context["bulk"]
    assert (row.user, row.cases, row.exported, row.listed) == (professional, 32, 32, 0)
    assert "32 casussen (geëxporteerd of geprint: 32, in een lijst: 0)" in response.content.decode()


def test_32_cases_in_one_api_list_call_are_flagged(client, log_manager, professional):
    _cases(professional, 32)
    _token, raw = PersonalAccessToken.issue(user=professional, name="t", scope="read", days=1)
    listing = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(reverse("api:cases"))
    assert listing.status_code == 200 and len(listing.json()) == 32
    [row] = _bulk(client, log_manager).context["bulk"]
    assert (row.user, row.cases, row.listed) == (professional, 32, 32)


def test_fewer_than_30_cases_or_creating_cases_is_not_flagged(client, log_manager, professional):
    for case in _cases(professional, 29):  # 29 created (not a read), 29 read
        record_access(
            user=professional, action=AccessEvent.Action.READ, purpose="t", basis="owner", case=case
        )
    assert _bulk(client, log_manager).context["bulk"] == []


def _at(user, case, action, day, hour, minute=0):
    event = _event(
        user=user,
        action=action,
        purpose="t",
        basis="owner",
        case=case,
        record=None,
        emergency=False,
    )
    event.at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
    (written,) = _append([event])
    return written


def test_reads_and_exports_outside_office_hours_are_found_by_the_database(
    client, log_manager, professional, case
):
    today = timezone.localdate()
    tuesday = today - dt.timedelta(days=(today.weekday() - 1) % 7 + 7)
    saturday = today - dt.timedelta(days=(today.weekday() - 5) % 7 + 7)
    flagged = [
        _at(professional, case, "export", saturday, 10),
        _at(professional, case, "read", tuesday, 6, 59),
        _at(professional, case, "read", tuesday, 19, 0),
    ]
    _at(professional, case, "read", tuesday, 10)  # office hours
    _at(professional, case, "read", tuesday, 18, 59)
    _at(professional, case, "list", tuesday, 2)  # a list shows no case content
    outside = _bulk(client, log_manager).context["outside_office_hours"]
    assert sorted(event.pk for event in outside) == sorted(event.pk for event in flagged)
