"""API: missing episodes (list, create, idempotent retry) and the safety plan (GET, PUT with If-Match)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from signaalwijzer.api.models import PersonalAccessToken
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.safety.models import MissingEpisode, SafetyPlan

REVIEW_ON = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
PLAN = {
    "risks": "Wordt opgehaald door onbekenden.",
    "whom_to_call": "Mentor",
    "review_on": REVIEW_ON,
}


def _api(user):
    _token, raw = PersonalAccessToken.issue(user=user, name="test", scope="write", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def api(professional):
    return _api(professional)


def _since(hours: int) -> str:
    return (timezone.now() - dt.timedelta(hours=hours)).isoformat()


def test_create_and_list_missing_episodes_once_per_idempotency_key(api, case):
    url = reverse("api:missing_episodes", args=[case.pk])
    body = {"missing_from": _since(3), "whereabouts": "Onbekend"}
    first = api.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201, first.content
    again = api.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.json()["id"] == first.json()["id"]
    assert MissingEpisode.objects.filter(case=case).count() == 1
    listed = api.get(url).json()
    assert [item["whereabouts"] for item in listed] == ["Onbekend"]
    assert listed[0]["missing_until"] is None


def test_an_impossible_episode_is_a_400_and_saves_nothing(api, case):
    url = reverse("api:missing_episodes", args=[case.pk])
    body = {"missing_from": _since(1), "missing_until": _since(5)}
    response = api.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert "missing_until" in response.json()["errors"]
    assert not MissingEpisode.objects.exists()


def test_safety_plan_get_put_with_if_match(api, case):
    url = reverse("api:safety_plan", args=[case.pk])
    empty = api.get(url)
    assert empty.json() == {} and empty["ETag"] == '"0"'
    assert api.put(url, PLAN, content_type="application/json").status_code == 428
    made = api.put(url, PLAN, content_type="application/json", HTTP_IF_MATCH='"0"')
    assert made.status_code == 200 and made["ETag"] == '"1"'
    changed = api.put(
        url,
        {**PLAN, "agreements_online": "Geen DM's met onbekenden"},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = api.put(
        url, {**PLAN, "risks": "Oud"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 412
    assert SafetyPlan.objects.get(case=case).agreements_online.startswith("Geen")
    got = api.get(url)
    assert got["ETag"] == '"2"' and got.json()["risks"] == PLAN["risks"]
    assert AccessEvent.objects.filter(case=case, purpose="api.safety_plan.detail").exists()


def test_a_stranger_gets_a_404(outsider_team, case):
    stranger = _api(outsider_team)
    episodes = reverse("api:missing_episodes", args=[case.pk])
    plan = reverse("api:safety_plan", args=[case.pk])
    assert stranger.get(episodes).status_code == 404
    assert (
        stranger.post(
            episodes, {"missing_from": _since(2)}, content_type="application/json"
        ).status_code
        == 404
    )
    assert stranger.get(plan).status_code == 404
    assert (
        stranger.put(plan, PLAN, content_type="application/json", HTTP_IF_MATCH='"0"').status_code
        == 404
    )
    assert not MissingEpisode.objects.exists() and not SafetyPlan.objects.exists()
