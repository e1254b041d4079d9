"""Missing episodes and the safety plan: written through the write path, history kept, stale saves refused."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.models import RecordChange, TimelineEntry
from signaalwijzer.cases.write_path import ConflictError
from signaalwijzer.safety import rules, services
from signaalwijzer.safety.models import MissingEpisode, SafetyPlan
from signaalwijzer.safety.selectors import case_part

NOW = timezone.now()
TODAY = timezone.localdate()


def _episode(access, **extra):
    return services.record_missing_episode(
        access, missing_from=NOW - dt.timedelta(hours=5), **extra
    )


def _plan_data(**extra):
    return {
        "risks": "Gaat mee met een oudere jongen uit de stad.",
        "agreements_phone": "Telefoon 's nachts in de huiskamer.",
        "whom_to_call": "Mentor Sanne, 06-12345678.",
        "review_on": TODAY + dt.timedelta(days=14),
        **extra,
    }


def test_recording_a_missing_episode_writes_timeline_and_access_event(owner_access, case):
    episode = _episode(owner_access, whereabouts="Bij een vriend in Rotterdam")
    assert episode.version == 1 and episode.still_missing
    entry = TimelineEntry.objects.get(case=case, kind="missing_episode")
    assert "Rotterdam" not in entry.summary  # the timeline says when, never where or with whom
    assert AccessEvent.objects.filter(
        case=case, action=AccessEvent.Action.CREATE, purpose="missing_episode.create"
    ).exists()
    assert case_part(owner_access).still_missing


def test_free_text_of_an_episode_is_stored_encrypted(owner_access):
    from django.db import connection

    episode = _episode(owner_access, whereabouts="Bij Kevin in Rotterdam")
    with connection.cursor() as cursor:
        cursor.execute("SELECT whereabouts FROM safety_missingepisode WHERE id = %s", [episode.pk])
        (stored,) = cursor.fetchone()
    assert "Kevin" not in stored
    assert MissingEpisode.objects.get(pk=episode.pk).whereabouts == "Bij Kevin in Rotterdam"


def test_filling_in_the_return_keeps_the_history(owner_access, case):
    episode = _episode(owner_access)
    returned = NOW - dt.timedelta(hours=1)
    updated = services.update_missing_episode(
        owner_access,
        episode,
        expected_version=1,
        changes={"missing_until": returned, "whereabouts": "Bij een vriend"},
    )
    assert updated.version == 2 and not updated.still_missing
    change = RecordChange.objects.get(case=case, record_type="safety.missingepisode")
    diff = json.loads(change.changes)
    assert diff["missing_until"][0] is None
    assert diff["whereabouts"] == ["", "Bij een vriend"]


def test_a_stale_episode_update_is_refused_and_changes_nothing(owner_access):
    episode = _episode(owner_access)
    services.update_missing_episode(
        owner_access, episode, expected_version=1, changes={"police_reference": "PL-1"}
    )
    with pytest.raises(ConflictError):
        services.update_missing_episode(
            owner_access, episode, expected_version=1, changes={"police_reference": "PL-2"}
        )
    assert MissingEpisode.objects.get(pk=episode.pk).police_reference == "PL-1"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"missing_until": NOW - dt.timedelta(hours=9)}, "missing_until"),  # back before gone
        ({"reported_to_police_at": NOW + dt.timedelta(hours=2)}, "reported_to_police_at"),
        ({"return_interview_on": TODAY}, "return_interview_on"),  # not back yet
    ],
)
def test_impossible_episodes_are_refused_with_a_field_message(owner_access, extra, field):
    with pytest.raises(ValidationError) as error:
        _episode(owner_access, return_interview_by="Mentor", **extra)
    assert field in error.value.message_dict
    assert not MissingEpisode.objects.exists()


def test_a_safety_plan_is_made_once_then_changed_with_history(owner_access, case):
    plan = services.save_safety_plan(owner_access, expected_version=0, data=_plan_data())
    assert plan.version == 1
    with pytest.raises(ConflictError):  # a second "new" plan: someone made one already
        services.save_safety_plan(owner_access, expected_version=0, data=_plan_data())
    changed = services.save_safety_plan(
        owner_access,
        expected_version=1,
        data=_plan_data(agreements_online="Geen nieuwe contacten via Snapchat."),
    )
    assert changed.version == 2
    diff = json.loads(RecordChange.objects.get(record_type="safety.safetyplan").changes)
    assert list(diff) == ["agreements_online"]
    assert SafetyPlan.objects.filter(case=case).count() == 1
    kinds = set(TimelineEntry.objects.filter(case=case).values_list("kind", flat=True))
    assert {"safety_plan", "safety_plan_updated"} <= kinds


def test_a_stale_safety_plan_save_is_refused(owner_access):
    services.save_safety_plan(owner_access, expected_version=0, data=_plan_data())
    services.save_safety_plan(owner_access, expected_version=1, data=_plan_data(risks="Nieuw"))
    with pytest.raises(ConflictError):
        services.save_safety_plan(owner_access, expected_version=1, data=_plan_data(risks="Oud"))
    assert SafetyPlan.objects.get().risks == "Nieuw"


def test_a_plan_needs_risks_whom_to_call_and_a_review_date_not_passed(owner_access):
    with pytest.raises(ValidationError) as error:
        services.save_safety_plan(
            owner_access,
            expected_version=0,
            data=_plan_data(risks=" ", review_on=TODAY - dt.timedelta(days=1)),
        )
    assert set(error.value.message_dict) == {"risks", "review_on"}
    assert not SafetyPlan.objects.exists()


def test_a_closed_case_takes_no_new_episode(owner_access, case):
    case.status = "closed"
    case.save()
    with pytest.raises(ValidationError):
        _episode(owner_access)


def test_rules_are_pure():
    episode = rules.Episode(
        missing_from=dt.datetime(2026, 1, 1, 20, 0),
        missing_until=dt.datetime(2026, 1, 2, 9, 0),
        reported_to_police_at=dt.datetime(2026, 1, 1, 21, 0),
        return_interview_on=dt.date(2026, 1, 1),
        return_interview_by="",
    )
    assert rules.episode_problems(episode, dt.datetime(2026, 1, 3)) == [
        ("return_interview_on", "before_return"),
        ("return_interview_by", "required"),
    ]
    assert rules.review_due(dt.date(2026, 1, 3), dt.date(2026, 1, 3))
    assert not rules.review_due(None, dt.date(2026, 1, 3))
