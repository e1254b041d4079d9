"""The team page: colleagues with team and role, outside the team only when confirmed; handing a case over;
removing a member (404 at once, also from a cached case page and the API); reopening; the paginated access list."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from signaalwijzer.accounts.roles import Role
from signaalwijzer.api.models import PersonalAccessToken
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import Case, CaseMember, RecordChange, TimelineEntry
from tests.factories import enrol_totp, make_user, sign_in


def _team_url(case, **query):
    suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    return reverse("cases:team", args=[case.pk]) + suffix


def _options(response):
    form = response.context["member_form"]
    return {
        user.pk: label
        for user, label in (
            (u, form.fields["user"].label_from_instance(u)) for u in form.fields["user"].queryset
        )
    }


def _role(case, user):
    return CaseMember.objects.filter(case=case, user=user).values_list("role", flat=True).first()


def test_the_picker_names_team_and_role_and_keeps_to_the_team(
    signed_in_client, case, colleague, outsider_team, outsider_org
):
    own = _options(signed_in_client.get(_team_url(case), HTTP_ACCEPT_LANGUAGE="en"))
    assert set(own) == {colleague.pk}
    assert own[colleague.pk].startswith("Mo – Team A – Professional")
    everyone = _options(signed_in_client.get(_team_url(case, outside=1), HTTP_ACCEPT_LANGUAGE="en"))
    assert set(everyone) == {colleague.pk, outsider_team.pk}  # never another organisation
    assert "Team B" in everyone[outsider_team.pk]


def test_a_colleague_outside_the_team_needs_a_confirmation(signed_in_client, case, outsider_team):
    url = _team_url(case)
    refused = signed_in_client.post(
        url, {"add": "member", "user": outsider_team.pk, "outside": "1"}
    )
    assert refused.status_code == 302 and "outside=1" in refused["Location"]
    assert _role(case, outsider_team) is None
    signed_in_client.post(
        url, {"add": "member", "user": outsider_team.pk, "outside": "1", "confirm_outside": "on"}
    )
    assert _role(case, outsider_team) == CaseMember.Role.MEMBER


def test_the_owner_hands_the_case_over(signed_in_client, case, professional, colleague):
    response = signed_in_client.post(_team_url(case), {"add": "transfer", "user": colleague.pk})
    assert response.status_code == 302
    assert (_role(case, colleague), _role(case, professional)) == ("owner", "member")
    assert TimelineEntry.objects.filter(case=case, kind="owner_changed").exists()
    assert AccessEvent.objects.filter(
        case=case, action=AccessEvent.Action.GRANT, purpose="case.owner.transfer", user=professional
    ).exists()
    # The old owner can no longer hand it over (they are a member now).
    again = signed_in_client.post(_team_url(case), {"add": "transfer", "user": professional.pk})
    assert again.status_code == 404


def test_a_meldcode_officer_in_the_team_hands_over_a_leavers_case(
    client, case, professional, colleague, officer
):
    CaseMember.objects.create(
        case=case, user=officer, role=CaseMember.Role.CONSULTANT, added_by=professional
    )
    sign_in(client, officer)
    client.post(_team_url(case), {"add": "transfer", "user": colleague.pk})
    assert _role(case, colleague) == "owner"


def test_a_member_cannot_hand_over_and_no_one_outside_the_organisation_can_receive(
    client, signed_in_client, case, professional, colleague, outsider_org
):
    refused = signed_in_client.post(_team_url(case), {"add": "transfer", "user": outsider_org.pk})
    assert refused.status_code == 302 and _role(case, outsider_org) is None
    services.add_team_member(
        CaseAccess(case=case, user=professional, basis="owner"), member=colleague
    )
    sign_in(client, colleague)
    assert (
        client.post(_team_url(case), {"add": "transfer", "user": colleague.pk}).status_code == 404
    )
    assert _role(case, professional) == "owner"


def test_strangers_get_404_on_the_team_page(client, case, outsider_team, outsider_org):
    for stranger in (outsider_team, outsider_org):
        client.logout()
        sign_in(client, stranger)
        assert client.get(_team_url(case)).status_code == 404
        assert (
            client.post(_team_url(case), {"add": "transfer", "user": stranger.pk}).status_code
            == 404
        )


def _case_urls(case):
    """Every page of the casework URL configuration that takes only the case number."""
    from signaalwijzer.casework import urls

    for pattern in urls.urlpatterns:
        if isinstance(pattern, URLPattern) and set(pattern.pattern.converters) == {"case_id"}:
            kwargs = {"case_id": case.pk}
            if "fmt" in str(pattern.pattern):
                continue
            yield reverse(f"cases:{pattern.name}", kwargs=kwargs)


def test_a_removed_member_gets_404_at_once_everywhere(client, case, professional, colleague):
    owner = CaseAccess(case=case, user=professional, basis="owner")
    membership = services.add_team_member(owner, member=colleague)
    sign_in(client, colleague)
    _token, raw = PersonalAccessToken.issue(user=colleague, name="t", scope="read", days=30)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(case.get_absolute_url()).status_code == 200
    assert client.get(case.get_absolute_url()).status_code == 200  # now served from the page cache
    assert api.get(reverse("api:case", args=[case.pk])).status_code == 200

    services.remove_team_member(owner, member=membership)

    assert client.get(case.get_absolute_url()).status_code == 404  # the cached page is not served
    urls = list(_case_urls(case))
    assert len(urls) > 10
    for url in urls:
        response = client.get(url)
        if response.status_code == 405:  # a one-click action takes only a POST
            response = client.post(url)
        assert response.status_code == 404, url
    assert api.get(reverse("api:case", args=[case.pk])).status_code == 404
    assert [c["id"] for c in api.get(reverse("api:cases"), {"status": "all"}).json()] == []
    assert AccessEvent.objects.filter(purpose="case.team.remove", case=case).exists()


def test_reopening_needs_a_reason_and_keeps_the_history(signed_in_client, case, owner_access):
    services.close_case(owner_access, reason="Hulp loopt.")
    url = reverse("cases:reopen", args=[case.pk])
    case.refresh_from_db()
    refused = signed_in_client.post(url, {"reason": "  ", "version": case.version})
    assert refused.status_code == 400
    assert Case.objects.get(pk=case.pk).status == "closed"
    signed_in_client.post(url, {"reason": "Nieuwe signalen.", "version": case.version})
    case.refresh_from_db()
    assert case.status == "open" and case.closed_at is None
    kinds = list(TimelineEntry.objects.filter(case=case).values_list("kind", flat=True))
    assert {"case_closed", "case_reopened"} <= set(kinds)
    reopened = TimelineEntry.objects.get(case=case, kind="case_reopened")
    assert reopened.summary == "Nieuwe signalen."
    statuses = [
        change.changes
        for change in RecordChange.objects.filter(case=case, record_type="cases.case")
    ]
    assert any('"status": ["closed", "open"]' in change for change in statuses)
    assert AccessEvent.objects.filter(case=case, action=AccessEvent.Action.REOPEN).exists()


def _log_queries(client, case, page=None):
    url = _team_url(case, log_page=page) if page else _team_url(case)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response, len(queries)


def test_the_access_list_is_paginated_with_constant_queries(signed_in_client, case, owner_access):
    for _ in range(5):
        owner_access.record(AccessEvent.Action.READ, "test")
    _response, few = _log_queries(signed_in_client, case)
    for _ in range(60):
        owner_access.record(AccessEvent.Action.READ, "test")
    response, many = _log_queries(signed_in_client, case)
    assert many == few
    log = response.context["access_log"]
    assert len(log.object_list) == 25 and log.paginator.num_pages >= 3
    assert b"log_page=2#who-saw" in response.content
    last, _queries = _log_queries(signed_in_client, case, page=log.paginator.num_pages)
    assert 0 < len(last.context["access_log"].object_list) <= 25


def test_colleagues_without_a_case_role_are_not_offered(signed_in_client, case, organisation, team):
    admin = make_user("admin@example.org", team=team, roles=(Role.ORGANISATION_ADMIN,))
    enrol_totp(admin)
    offered = _options(signed_in_client.get(_team_url(case, outside=1)))
    assert admin.pk not in offered
