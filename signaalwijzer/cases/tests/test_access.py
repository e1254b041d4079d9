"""Only the case team sees a case: everyone else gets a 404 on every case URL, also for sub-records."""

import datetime as dt

import pytest
from django.urls import reverse

from signaalwijzer.accounts.roles import Role
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services
from signaalwijzer.cases.access import case_get_for_user
from tests.factories import enrol_totp, make_user, sign_in

CASE_PAGES = [
    "detail",
    "edit",
    "close",
    "reopen",
    "team",
    "observation_create",
    "consultation_create",
    "conversation_create",
    "step3_skip",
    "consent_create",
    "share_create",
    "weighing",
    "action_create",
]
ACTION_PAGES = ["action_update", "feedback_create"]


def _urls(case, action):
    urls = [reverse(f"cases:{name}", kwargs={"case_id": case.pk}) for name in CASE_PAGES]
    urls += [
        reverse(f"cases:{name}", kwargs={"case_id": case.pk, "action_id": action.pk})
        for name in ACTION_PAGES
    ]
    return urls


@pytest.fixture(params=["outsider_team", "outsider_org", "researcher_in_team"])
def stranger(request, team):
    if request.param == "researcher_in_team":
        user = make_user("onderzoek@example.org", team=team, roles=(Role.RESEARCHER,))
        enrol_totp(user)
        return user
    return request.getfixturevalue(request.param)


def test_a_stranger_gets_404_on_every_case_url_and_writes_nothing(
    client, stranger, case, report_action
):
    sign_in(client, stranger)
    events_before = AccessEvent.objects.count()
    for url in _urls(case, report_action):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "x", "description": "x"}).status_code == 404, url
    assert AccessEvent.objects.count() == events_before
    case.refresh_from_db()
    assert case.is_open


def test_an_action_of_another_case_is_404_under_my_case(
    signed_in_client, professional, case, report_action
):
    other = services.open_case(user=professional, pseudonym="K.", concern="Ook zorgen.")
    for name in ACTION_PAGES:
        url = reverse(f"cases:{name}", kwargs={"case_id": other.pk, "action_id": report_action.pk})
        assert signed_in_client.get(url).status_code == 404


def test_a_case_id_that_does_not_exist_is_404(signed_in_client):
    assert signed_in_client.get(reverse("cases:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", CASE_PAGES)
def test_every_case_page_read_leaves_exactly_one_access_event(
    signed_in_client, professional, case, name
):
    before = set(AccessEvent.objects.values_list("pk", flat=True))
    response = signed_in_client.get(reverse(f"cases:{name}", kwargs={"case_id": case.pk}))
    assert response.status_code == 200
    (event,) = AccessEvent.objects.exclude(pk__in=before)
    assert (event.user, event.case, event.action, event.basis) == (
        professional,
        case,
        "read",
        "owner",
    )
    assert event.organisation == professional.organisation


def test_a_team_member_added_by_the_owner_can_read(client, owner_access, colleague, case):
    services.add_team_member(owner_access, member=colleague)
    sign_in(client, colleague)
    assert client.get(case.get_absolute_url()).status_code == 200


def test_only_the_owner_may_add_colleagues(client, owner_access, colleague, outsider_team, case):
    services.add_team_member(owner_access, member=colleague)
    sign_in(client, colleague)
    response = client.post(
        reverse("cases:team", args=[case.pk]), {"add": "member", "user": outsider_team.pk}
    )
    assert response.status_code == 404
    assert not case.members.filter(user=outsider_team).exists()


def test_a_colleague_of_another_organisation_cannot_be_added(owner_access, outsider_org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.add_team_member(owner_access, member=outsider_org)


def test_the_meldcode_officer_gets_access_when_asked_until_the_case_closes(
    client, team, owner_access, case
):
    officer = make_user(
        "af@example.org", organisation=team.organisation, roles=(Role.MELDCODE_OFFICER,)
    )
    enrol_totp(officer)
    sign_in(client, officer)
    assert client.get(case.get_absolute_url()).status_code == 404

    services.ask_meldcode_officer(owner_access, officer=officer)
    assert client.get(case.get_absolute_url()).status_code == 200
    grant = AccessEvent.objects.get(case=case, action="grant")
    assert grant.purpose == "case.meldcode_officer.ask"

    services.close_case(owner_access, reason="Afgerond.")
    assert client.get(case.get_absolute_url()).status_code == 404


def test_only_the_owner_sees_who_looked(client, signed_in_client, owner_access, colleague, case):
    services.add_team_member(owner_access, member=colleague)
    owner_page = signed_in_client.get(reverse("cases:team", args=[case.pk]))
    assert owner_page.context["access_log"]
    sign_in(client, colleague)
    member_page = client.get(reverse("cases:team", args=[case.pk]))
    assert member_page.context["access_log"] is None


def test_reading_through_the_access_function_leaves_one_event(professional, case):
    case_get_for_user(professional, case.pk, purpose="test.read")
    (event,) = AccessEvent.objects.filter(case=case, purpose="test.read")
    assert (event.user, event.action) == (professional, "read")


def test_identifying_fields_are_encrypted_in_the_database(case):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pseudonym, concern, date_of_birth FROM cases_case WHERE id = %s", [case.pk]
        )
        row = cursor.fetchone()
    assert "J." not in row[0]
    assert "telefoon" not in row[1]
    assert "2011" not in row[2]
    assert case.date_of_birth == dt.date(2011, 3, 14)
