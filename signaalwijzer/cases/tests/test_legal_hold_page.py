"""The legal hold page: a meldcode officer in the case team places and lifts it; others cannot."""

import pytest
from django.urls import reverse

from signaalwijzer.accounts.roles import Role
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.models import Case, CaseMember
from tests.factories import enrol_totp, make_user, sign_in


@pytest.fixture
def team_officer(case, team):
    officer = make_user(
        "af@example.org", team=team, roles=(Role.PROFESSIONAL, Role.MELDCODE_OFFICER)
    )
    enrol_totp(officer)
    CaseMember.objects.create(case=case, user=officer, role=CaseMember.Role.MEMBER)
    return officer


def _hold_form(case, action, reason):
    """What the page posts: the intended action and the case version it was rendered with."""
    return {"action": action, "version": Case.objects.get(pk=case.pk).version, "reason": reason}


def test_the_officer_places_and_lifts_a_hold_and_the_case_page_shows_it(client, team_officer, case):
    sign_in(client, team_officer)
    url = reverse("cases:legal_hold", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Vernietigingsstop instellen" in html and 'name="reason"' in html
    response = client.post(url, _hold_form(case, "place", "Politieonderzoek loopt."))
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url() + "#retention"
    case.refresh_from_db()
    assert case.on_legal_hold and case.legal_hold_reason == "Politieonderzoek loopt."
    detail = client.get(case.get_absolute_url()).content.decode()
    assert 'id="legal-hold"' in detail
    assert "Politieonderzoek loopt." in detail
    assert 'value="lift"' in client.get(url).content.decode()
    assert client.post(url, _hold_form(case, "lift", "Onderzoek gesloten.")).status_code == 302
    case.refresh_from_db()
    assert not case.on_legal_hold
    assert AccessEvent.objects.filter(case=case, purpose="case.legal_hold.lift").exists()


def test_without_a_reason_nothing_changes(client, team_officer, case):
    sign_in(client, team_officer)
    response = client.post(
        reverse("cases:legal_hold", args=[case.pk]), _hold_form(case, "place", "  ")
    )
    assert response.status_code == 400
    assert not Case.objects.get(pk=case.pk).on_legal_hold


def test_a_professional_in_the_team_gets_404_and_sees_no_link(signed_in_client, case):
    url = reverse("cases:legal_hold", args=[case.pk])
    assert signed_in_client.get(url).status_code == 404
    assert signed_in_client.post(url, {"reason": "Bewaren."}).status_code == 404
    assert not Case.objects.get(pk=case.pk).on_legal_hold
    assert url not in signed_in_client.get(case.get_absolute_url()).content.decode()


def test_a_meldcode_officer_outside_the_case_gets_404(client, officer, case):
    sign_in(client, officer)
    assert client.get(reverse("cases:legal_hold", args=[case.pk])).status_code == 404


def test_a_double_submit_does_not_lift_the_hold_just_placed(client, team_officer, case):
    sign_in(client, team_officer)
    url = reverse("cases:legal_hold", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'name="action"' in page and 'value="place"' in page and 'name="version"' in page
    posted = _hold_form(case, "place", "Politieonderzoek loopt.")
    assert client.post(url, posted).status_code == 302
    again = client.post(url, posted)  # the same form again: a double click or a second tab
    assert again.status_code == 400
    assert "Er is niets veranderd" in again.content.decode()
    case.refresh_from_db()
    assert case.on_legal_hold and case.legal_hold_reason == "Politieonderzoek loopt."
    assert not AccessEvent.objects.filter(case=case, purpose="case.legal_hold.lift").exists()
    # The refused page is now based on the current state: it offers to lift.
    assert 'value="lift"' in again.content.decode()


def test_a_stale_page_is_refused_when_the_case_changed(client, team_officer, case):
    sign_in(client, team_officer)
    url = reverse("cases:legal_hold", args=[case.pk])
    stale = _hold_form(case, "place", "Politieonderzoek loopt.")
    Case.objects.filter(pk=case.pk).update(version=stale["version"] + 1)
    response = client.post(url, stale)
    assert response.status_code == 400
    assert "Er is niets veranderd" in response.content.decode()
    assert not Case.objects.get(pk=case.pk).on_legal_hold
