"""The pages: record a missing episode, fill it in later, the safety plan; strangers get a 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.safety import services
from signaalwijzer.safety.models import MissingEpisode, SafetyPlan
from tests.factories import sign_in

TODAY = timezone.localdate()


def _when(hours_ago: int) -> str:
    return timezone.localtime(timezone.now() - dt.timedelta(hours=hours_ago)).strftime(
        "%Y-%m-%dT%H:%M"
    )


def _plan(version=0, **extra):
    return {
        "version": version,
        "risks": "Contact met een oudere man via Snapchat.",
        "whom_to_call": "Mentor Sanne",
        "review_on": (TODAY + dt.timedelta(days=7)).isoformat(),
        **extra,
    }


@pytest.fixture
def episode(owner_access):
    return services.record_missing_episode(
        owner_access, missing_from=timezone.now() - dt.timedelta(hours=6)
    )


def test_recording_a_missing_episode_on_the_page(signed_in_client, case):
    url = reverse("cases:missing_episode_create", args=[case.pk])
    assert signed_in_client.get(url).status_code == 200
    response = signed_in_client.post(
        url,
        {"missing_from": _when(4), "reported_to_police_at": _when(3), "police_reference": "PL-9"},
    )
    assert response.status_code == 302
    assert response.url.endswith("#safety")
    episode = MissingEpisode.objects.get(case=case)
    assert episode.police_reference == "PL-9" and episode.still_missing
    page = signed_in_client.get(case.get_absolute_url()).content.decode()
    assert "De jongere is nu vermist." in page or "The young person is missing now." in page


def test_a_return_before_the_start_gets_a_form_error_and_saves_nothing(signed_in_client, case):
    url = reverse("cases:missing_episode_create", args=[case.pk])
    response = signed_in_client.post(url, {"missing_from": _when(2), "missing_until": _when(5)})
    assert response.status_code == 400
    assert not MissingEpisode.objects.exists()
    assert AccessEvent.objects.filter(case=case, purpose="missing_episode.create.form").exists()


def test_filling_in_the_return_interview_and_a_stale_form(signed_in_client, case, episode):
    url = reverse("cases:missing_episode_update", args=[case.pk, episode.pk])
    assert signed_in_client.get(url).status_code == 200
    data = {
        "version": 1,
        "missing_from": _when(6),
        "missing_until": _when(1),
        "return_interview_on": TODAY.isoformat(),
        "return_interview_by": "Mentor Sanne",
        "learned": "Was bij een vriend van haar vriendje.",
    }
    assert signed_in_client.post(url, data).status_code == 302
    episode.refresh_from_db()
    assert episode.version == 2 and episode.learned.startswith("Was bij")
    page = signed_in_client.get(url).content.decode()
    assert "Was bij een vriend" in page  # the history on the page
    stale = signed_in_client.post(url, {**data, "learned": "Iets anders"})
    assert stale.status_code == 400
    episode.refresh_from_db()
    assert episode.learned.startswith("Was bij")


def test_making_and_changing_the_safety_plan(signed_in_client, case):
    url = reverse("cases:safety_plan", args=[case.pk])
    assert signed_in_client.get(url).status_code == 200
    assert signed_in_client.post(url, _plan()).status_code == 302
    assert (
        signed_in_client.post(
            url, _plan(1, agreements_phone="Telefoon om 22 uur inleveren")
        ).status_code
        == 302
    )
    plan = SafetyPlan.objects.get(case=case)
    assert plan.version == 2 and plan.agreements_phone.startswith("Telefoon")
    conflict = signed_in_client.post(url, _plan(1, risks="Oud"))
    assert conflict.status_code == 400
    assert SafetyPlan.objects.get(case=case).risks.startswith("Contact")
    assert AccessEvent.objects.filter(
        case=case, purpose="safety_plan.update", action=AccessEvent.Action.UPDATE
    ).exists()


@pytest.mark.parametrize(
    "name", ["missing_episode_create", "missing_episode_update", "safety_plan"]
)
def test_a_stranger_gets_a_404_and_changes_nothing(client, outsider_team, case, episode, name):
    sign_in(client, outsider_team)
    args = [case.pk, episode.pk] if name == "missing_episode_update" else [case.pk]
    url = reverse(f"cases:{name}", args=args)
    assert client.get(url).status_code == 404
    assert client.post(url, {**_plan(), "missing_from": _when(1)}).status_code == 404
    assert MissingEpisode.objects.count() == 1
    assert not SafetyPlan.objects.exists()
    assert not AccessEvent.objects.filter(
        case=case, user=outsider_team, action__in=["read", "create", "update"]
    ).exists()


def test_an_episode_of_another_case_is_a_404(signed_in_client, owner_access, professional, episode):
    from signaalwijzer.cases import services as case_services

    other = case_services.open_case(user=professional, pseudonym="K.", concern="Zorgen.")
    url = reverse("cases:missing_episode_update", args=[other.pk, episode.pk])
    assert signed_in_client.get(url).status_code == 404
