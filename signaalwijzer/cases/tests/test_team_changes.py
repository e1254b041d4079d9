"""Team changes need membership; emergency access grants nothing that outlives it; the owner removes members."""

from django.urls import reverse

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.models import CaseMember, EmergencyAccess, TimelineEntry
from tests.factories import sign_in


def test_emergency_access_cannot_make_itself_lasting(client, officer, case):
    sign_in(client, officer)
    client.post(
        reverse("cases:emergency_access"),
        {"case": case.pk, "reason": "Moeder belt: jongere is vermist sinds gisteren."},
    )
    team_url = reverse("cases:team", args=[case.pk])
    page = client.get(team_url)
    assert page.status_code == 200 and page.context["officer_form"] is None
    client.post(team_url, {"add": "officer", "user": officer.pk})
    assert not CaseMember.objects.filter(case=case, user=officer).exists()

    EmergencyAccess.objects.update(expires_at=EmergencyAccess.objects.get().granted_at)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(reverse("cases:dossier", args=[case.pk])).status_code == 404


def test_the_owner_removes_a_member_who_gets_404_at_once(
    signed_in_client, client, professional, colleague, case
):
    membership = CaseMember.objects.create(
        case=case, user=colleague, role=CaseMember.Role.MEMBER, added_by=professional
    )
    team_url = reverse("cases:team", args=[case.pk])
    assert signed_in_client.post(team_url, {"remove": membership.pk}).status_code == 302
    assert not CaseMember.objects.filter(pk=membership.pk).exists()
    event = AccessEvent.objects.filter(case=case, purpose="case.team.remove").get()
    assert event.user == professional
    assert TimelineEntry.objects.filter(case=case, kind="member_removed").exists()

    sign_in(client, colleague)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_only_the_owner_removes_and_never_the_owner(client, professional, colleague, case):
    CaseMember.objects.create(case=case, user=colleague, role=CaseMember.Role.MEMBER)
    owner = CaseMember.objects.get(case=case, user=professional)
    sign_in(client, colleague)
    client.post(reverse("cases:team", args=[case.pk]), {"remove": owner.pk})
    assert CaseMember.objects.filter(pk=owner.pk).exists()
    sign_in(client, professional)
    response = client.post(reverse("cases:team", args=[case.pk]), {"remove": owner.pk})
    assert response.status_code == 302
    assert CaseMember.objects.filter(pk=owner.pk).exists()


def test_a_record_of_another_case_under_my_case_leaves_no_read_event(
    signed_in_client, professional, case, report_action
):
    from signaalwijzer.cases import services

    other = services.open_case(user=professional, pseudonym="K.", concern="Ook zorgen.")
    before = AccessEvent.objects.count()
    url = reverse(
        "cases:action_update", kwargs={"case_id": other.pk, "action_id": report_action.pk}
    )
    assert signed_in_client.get(url).status_code == 404
    assert AccessEvent.objects.count() == before
