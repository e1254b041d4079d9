"""The weighing page, the case page and the API all keep every weighing as a dated version."""

import pytest
from django.test import Client
from django.urls import reverse

from signaalwijzer.api.models import PersonalAccessToken
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.meldcode.models import Weighing, WeighingVersion

PAGE_REPORT = {
    "q1_suspicion": "yes",
    "q1_reason": "Combinatie van signalen.",
    "q2_unsafety": "acute",
    "q2_reason": "Vermoeden van mensenhandel.",
    "final_decision": "report",
}
API_REPORT = {
    "q1_suspicion": True,
    "q1_reason": "Signalen.",
    "q2_unsafety": "acute",
    "q2_reason": "Uitbuiting.",
    "final_decision": "report",
}


def _api(user):
    _token, raw = PersonalAccessToken.issue(user=user, name="test", scope="write", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def api(professional):
    return _api(professional)


def _post_page(client, case, data):
    current = Weighing.objects.filter(case=case).first()
    version = current.version if current else 0
    return client.post(reverse("cases:weighing", args=[case.pk]), {"version": version, **data})


def _put_api(api, case, data):
    url = reverse("api:weighing", args=[case.pk])
    etag = api.get(url)["ETag"]
    return api.put(url, data, content_type="application/json", HTTP_IF_MATCH=etag)


def test_two_saves_on_the_page_and_two_through_the_api_leave_four_versions(
    signed_in_client, api, case
):
    assert (
        _post_page(
            signed_in_client, case, {"q1_suspicion": "yes", "q1_reason": "Eerst."}
        ).status_code
        == 302
    )
    assert _post_page(signed_in_client, case, PAGE_REPORT).status_code == 302
    assert _put_api(api, case, {**API_REPORT, "report_needed": True}).status_code == 200
    response = _put_api(api, case, {**API_REPORT, "report_needed": True, "help_possible": True})
    assert response.status_code == 200
    assert (response.json()["report_needed"], response.json()["help_possible"]) == (True, True)
    versions = WeighingVersion.objects.filter(case=case).order_by("number")
    assert [v.number for v in versions] == [1, 2, 3, 4]
    assert versions[0].q1_reason == "Eerst." and versions[0].final_decision == ""
    assert versions[3].help_possible is True and versions[2].help_possible is None


def test_the_case_page_shows_the_current_weighing_and_the_earlier_ones(signed_in_client, case):
    _post_page(signed_in_client, case, {"q1_suspicion": "yes", "q1_reason": "Eerst."})
    _post_page(
        signed_in_client, case, {**PAGE_REPORT, "report_needed": "yes", "help_possible": "yes"}
    )
    html = signed_in_client.get(case.get_absolute_url()).content.decode()
    assert "Eerdere afwegingen (1)" in html
    assert "Versie 2, opgeslagen op" in html
    assert "Is melden noodzakelijk? <strong>ja</strong>" in html
    assert "Is hulp bieden of organiseren (ook) mogelijk? <strong>ja</strong>" in html
    assert "Versie 1," in html and "Het afwegingskader gaf: <strong>Niet af</strong>" in html


def test_the_form_asks_both_decisions_of_step_5(signed_in_client, case):
    html = signed_in_client.get(reverse("cases:weighing", args=[case.pk])).content.decode()
    assert "Is melden noodzakelijk?" in html
    assert "Is hulp bieden of organiseren (ook) mogelijk?" in html


def test_the_guidance_of_question_5_says_to_report_when_the_unsafety_goes_on(
    signed_in_client, case
):
    signed_in_client.cookies["django_language"] = "en"
    html = signed_in_client.get(reverse("cases:weighing", args=[case.pk])).content.decode()
    assert "Does the unsafety not stop, or does it come back? Then you report (again)." in html


def test_a_contradiction_on_the_page_is_a_clear_message_and_saves_nothing(signed_in_client, case):
    response = _post_page(
        signed_in_client,
        case,
        {
            "q1_suspicion": "no",
            "q1_reason": "Geen vermoeden.",
            "q2_unsafety": "acute",
            "q2_reason": "Toch acuut.",
            "final_decision": "close",
        },
    )
    assert response.status_code == 400
    assert "Je hebt vraag 1 met nee beantwoord" in response.content.decode()
    assert not WeighingVersion.objects.exists() and not Weighing.objects.exists()


def test_a_contradiction_through_the_api_is_a_400_naming_the_question(api, case):
    body = {**API_REPORT, "q2_unsafety": "none", "q3_can_help": False, "q3_reason": "x"}
    body |= {"q4_help_accepted": True, "q4_reason": "y", "final_decision": ""}
    response = _put_api(api, case, body)
    assert response.status_code == 400
    assert "q4_help_accepted" in response.json()["errors"]
    assert not WeighingVersion.objects.exists()


def test_after_the_report_the_case_page_shows_what_questions_3_to_5_lead_to(
    signed_in_client, case, report_action
):
    answers = {
        **PAGE_REPORT,
        "q3_can_help": "yes",
        "q3_reason": "Wij bieden hulp.",
        "q4_help_accepted": "yes",
        "q4_reason": "Zij doet mee.",
    }
    _post_page(signed_in_client, case, answers)
    html = signed_in_client.get(case.get_absolute_url()).content.decode()
    assert "hulp voortzetten in afstemming met Veilig Thuis" in html
    _post_page(
        signed_in_client,
        case,
        {**answers, "q5_help_effective": "no", "q5_reason": "Zij wordt weer opgehaald."},
    )
    html = signed_in_client.get(case.get_absolute_url()).content.decode()
    assert "opnieuw melden" in html


def test_the_versions_endpoint_lists_every_version_newest_first_and_logs_a_read(api, case):
    _put_api(api, case, {"q1_suspicion": True, "q1_reason": "Eerst."})
    _put_api(api, case, {**API_REPORT, "report_needed": True, "help_possible": False})
    response = api.get(reverse("api:weighing_versions", args=[case.pk]))
    assert response.status_code == 200
    newest, oldest = response.json()
    assert (newest["version"], oldest["version"]) == (2, 1)
    assert (newest["report_needed"], newest["help_possible"]) == (True, False)
    assert (oldest["report_needed"], oldest["help_possible"]) == (None, None)
    assert newest["decided_at"] and oldest["decided_at"] is None
    assert oldest["q1_reason"] == "Eerst." and newest["outcome"] == "report"
    assert newest["author"] == case.members.get().user_id
    events = AccessEvent.objects.filter(case=case, purpose="api.weighing.versions")
    assert list(events.values_list("action", flat=True)) == ["read"]


def test_a_stranger_gets_a_404_on_the_versions(outsider_team, case):
    response = _api(outsider_team).get(reverse("api:weighing_versions", args=[case.pk]))
    assert response.status_code == 404
    assert not AccessEvent.objects.filter(case=case, purpose="api.weighing.versions").exists()
