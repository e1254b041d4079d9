"""API: the Veilig Thuis package (an audited export, refused without the consent it needs) and conversations."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from signaalwijzer.api.models import PersonalAccessToken
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services as case_services
from signaalwijzer.cases.models import TimelineEntry
from signaalwijzer.consent import services as consent_services
from signaalwijzer.meldcode.models import Conversation

TODAY = dt.date.today()
CONVERSATION = {
    "kind": "step3",
    "held_on": TODAY.isoformat(),
    "with_young_person": True,
    "with_parents": False,
    "discussed": "De dure kleding en de tweede telefoon.",
    "reaction": "Schrok, wil er later over praten.",
}


def _api(user, scope="write"):
    _token, raw = PersonalAccessToken.issue(user=user, name="test", scope=scope, days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def api(professional):
    return _api(professional)


def _package_url(case):
    return reverse("api:veilig_thuis_package", args=[case.pk])


def _signal(access):
    case_services.record_observation(
        access,
        observed_on=TODAY,
        description="Stapt in bij een oudere man.",
        source="third_party",
        source_name="buurvrouw Jansen",
        nature="fact",
    )


def _events(case):
    return list(
        AccessEvent.objects.filter(case=case).order_by("pk").values_list("action", "purpose")
    )


def test_the_package_is_text_and_sections_and_an_export_in_the_log(api, case, owner_access):
    _signal(owner_access)
    before = AccessEvent.objects.filter(case=case).count()
    response = api.get(_package_url(case))
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"basis", "text", "sections"} and body["basis"] == "meldrecht"
    assert [section["key"] for section in body["sections"]] == [
        "reporter",
        "people_involved",
        "concern",
        "weighing",
        "conversations",
        "consent",
        "instruments",
        "our_help",
        "support_network",
        "other",
    ]
    assert all(set(section) == {"key", "title", "lines"} for section in body["sections"])
    # The text is the sections, each title in capitals followed by its lines.
    for section in body["sections"]:
        assert section["title"].upper() in body["text"]
        assert all(f"- {line}" in body["text"] for line in section["lines"])
    assert "J." in body["text"] and "buurvrouw Jansen" in body["text"]
    assert _events(case)[before:] == [("export", "api.veilig_thuis_package.meldrecht")]


def test_an_advice_request_through_the_api_leaves_out_what_identifies(api, case, owner_access):
    _signal(owner_access)
    body = api.get(_package_url(case), {"basis": "advice"}).json()
    assert body["basis"] == "advice"
    assert "J." not in body["text"] and "buurvrouw Jansen" not in body["text"]
    assert "2011" not in body["text"]
    assert "Stapt in bij een oudere man." in body["text"]
    assert ("export", "api.veilig_thuis_package.advice") in _events(case)


def test_a_report_with_consent_is_a_400_while_consent_is_missing_and_changes_nothing(api, case):
    before = _events(case)
    response = api.get(_package_url(case), {"basis": "consent"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Invalid input" and problem["errors"]["non_field_errors"]
    # It says what is missing, and nothing of the case.
    assert "J." not in response.content.decode() and "2011" not in response.content.decode()
    assert _events(case) == before


def test_a_report_with_the_consent_it_needs(api, case, owner_access):
    for party in ("young_person", "parents"):
        consent_services.record_consent(
            owner_access, party=party, purpose="veilig_thuis", status="given", recorded_on=TODAY
        )
    response = api.get(_package_url(case), {"basis": "consent"})
    assert response.status_code == 200, response.content
    assert response.json()["basis"] == "consent"
    assert ("export", "api.veilig_thuis_package.consent") in _events(case)


@pytest.mark.parametrize("basis", ["unknown", ""])
def test_an_unknown_basis_is_a_400_that_names_the_parameter(api, case, basis):
    before = _events(case)
    response = api.get(_package_url(case), {"basis": basis})
    assert response.status_code == 400
    assert "basis" in response.json()["errors"]
    assert _events(case) == before


def test_the_package_of_a_strangers_case_is_a_404_without_a_trace(outsider_org, case):
    before = _events(case)
    response = _api(outsider_org).get(_package_url(case))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert not [event for event in _events(case)[len(before) :] if event[0] == "export"]


def test_the_package_needs_credentials(client, case):
    response = client.get(_package_url(case))
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/problem+json"


def test_a_read_token_may_read_the_package(professional, case):
    assert _api(professional, "read").get(_package_url(case)).status_code == 200


# Conversations


def test_a_conversation_is_recorded_once_per_key_listed_and_audited(api, case):
    url = reverse("api:conversations", args=[case.pk])
    first = api.post(url, CONVERSATION, content_type="application/json", HTTP_IDEMPOTENCY_KEY="g-1")
    assert first.status_code == 201, first.content
    again = api.post(url, CONVERSATION, content_type="application/json", HTTP_IDEMPOTENCY_KEY="g-1")
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    conversation = Conversation.objects.get(case=case)
    assert conversation.recorded_by.email == "sanne@example.org"
    assert (conversation.discussed, conversation.reaction) == (
        CONVERSATION["discussed"],
        CONVERSATION["reaction"],
    )
    assert TimelineEntry.objects.filter(case=case, kind="conversation_step3").count() == 1
    assert ("create", "conversation.create") in _events(case)
    listed = api.get(url)
    assert listed.status_code == 200
    (item,) = listed.json()
    assert {key: item[key] for key in CONVERSATION} == CONVERSATION
    assert item["others_present"] == "" and item["id"] == conversation.pk
    assert ("read", "api.conversations.list") in _events(case)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"with_young_person": False, "with_parents": False}, "non_field_errors"),
        ({"held_on": (TODAY + dt.timedelta(days=1)).isoformat()}, "held_on"),
        ({"discussed": ""}, "discussed"),
        ({"kind": "chat"}, "kind"),
    ],
)
def test_a_wrong_conversation_is_a_400_and_changes_nothing(api, case, change, field):
    before = (_events(case), TimelineEntry.objects.filter(case=case).count())
    response = api.post(
        reverse("api:conversations", args=[case.pk]),
        {**CONVERSATION, **change},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Conversation.objects.exists()
    assert (_events(case), TimelineEntry.objects.filter(case=case).count()) == before


def test_conversations_of_a_strangers_case_are_a_404(outsider_team, case):
    stranger = _api(outsider_team)
    url = reverse("api:conversations", args=[case.pk])
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, CONVERSATION, content_type="application/json").status_code == 404
    assert not Conversation.objects.exists()


def test_a_read_token_cannot_record_a_conversation(professional, case):
    response = _api(professional, "read").post(
        reverse("api:conversations", args=[case.pk]), CONVERSATION, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Conversation.objects.exists()
