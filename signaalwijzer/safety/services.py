"""Writing missing episodes and the safety plan, through the case's write path."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.services import require_open
from signaalwijzer.cases.write_path import ConflictError, record_created, update_record
from signaalwijzer.safety import rules
from signaalwijzer.safety.models import MissingEpisode, SafetyPlan

EPISODE_FIELDS = (
    "missing_from",
    "missing_until",
    "reported_to_police_at",
    "police_reference",
    "whereabouts",
    "return_interview_on",
    "return_interview_by",
    "learned",
)
PLAN_FIELDS = (
    "risks",
    "agreements_phone",
    "agreements_online",
    "agreements_going_out",
    "agreements_return_home",
    "whom_to_call",
    "review_on",
)


def _messages() -> dict[str, str]:
    return {
        "future": _("This cannot be in the future."),
        "before_start": _("This cannot be before the young person went missing."),
        "not_back": _("A return interview is held after the return: fill in when they came back."),
        "before_return": _("The return interview cannot be before the return."),
        "required": _("Fill this in."),
        "past": _("This date has passed: choose when you will look at the plan again."),
    }


def _raise(problems: list[tuple[str, str]]) -> None:
    if not problems:
        return
    messages = _messages()
    errors: dict[str, list[str]] = {}
    for field, code in problems:
        errors.setdefault(field, []).append(messages[code])
    raise ValidationError(errors)


def _local(moment: datetime | None) -> datetime | None:
    return (
        timezone.localtime(moment) if moment is not None and timezone.is_aware(moment) else moment
    )


def _check_episode(data: dict[str, Any]) -> None:
    if data.get("missing_from") is None:
        _raise([("missing_from", "required")])
    episode = rules.Episode(
        missing_from=_local(data.get("missing_from")),
        missing_until=_local(data.get("missing_until")),
        reported_to_police_at=_local(data.get("reported_to_police_at")),
        return_interview_on=data.get("return_interview_on"),
        return_interview_by=str(data.get("return_interview_by") or ""),
    )
    _raise(rules.episode_problems(episode, timezone.localtime()))


def _episode_summary(episode: MissingEpisode) -> str:
    start = timezone.localtime(episode.missing_from).strftime("%d-%m-%Y %H:%M")
    if episode.missing_until is None:
        return _("Missing since %(start)s") % {"start": start}
    end = timezone.localtime(episode.missing_until).strftime("%d-%m-%Y %H:%M")
    return _("Missing from %(start)s until %(end)s") % {"start": start, "end": end}


@transaction.atomic
def record_missing_episode(access: CaseAccess, **data: Any) -> MissingEpisode:
    require_open(access)
    fields = {name: data[name] for name in EPISODE_FIELDS if name in data}
    _check_episode(fields)
    episode = MissingEpisode.objects.create(case=access.case, recorded_by=access.user, **fields)
    # The summary says when, never where or with whom: the timeline is shown to the whole team.
    record_created(
        access,
        episode,
        kind="missing_episode",
        purpose="missing_episode.create",
        summary=_episode_summary(episode),
    )
    return episode


@transaction.atomic
def update_missing_episode(
    access: CaseAccess,
    episode: MissingEpisode,
    *,
    expected_version: int,
    changes: dict[str, Any],
) -> MissingEpisode:
    """Fill in the return, the police report or the return interview; the previous values are kept."""
    require_open(access)
    allowed = {name: value for name, value in changes.items() if name in EPISODE_FIELDS}
    merged = {name: getattr(episode, name) for name in EPISODE_FIELDS} | allowed
    _check_episode(merged)
    updated = update_record(
        access,
        episode,
        expected_version=expected_version,
        changes={**allowed, "updated_at": timezone.now()},
        purpose="missing_episode.update",
        timeline_kind="missing_episode_updated",
    )
    return updated


def _schedule_review_reminder(plan: SafetyPlan) -> None:
    from signaalwijzer.safety.tasks import schedule_review_reminder

    transaction.on_commit(lambda: schedule_review_reminder(plan.pk))


@transaction.atomic
def save_safety_plan(
    access: CaseAccess, *, expected_version: int, data: dict[str, Any]
) -> SafetyPlan:
    """Write the case's safety plan: version 0 makes it, a higher version changes it.

    A save based on an older version is refused (``ConflictError``); every change is kept in the history.
    """
    require_open(access)
    fields = {name: data[name] for name in PLAN_FIELDS if name in data}
    missing = [
        (name, "required")
        for name in ("risks", "whom_to_call")
        if not str(fields.get(name) or "").strip()
    ]
    _raise(missing + rules.review_problems(fields.get("review_on"), timezone.localdate()))
    current = SafetyPlan.objects.filter(case=access.case).first()
    if expected_version == 0:
        if current is not None:
            raise ConflictError
        plan = SafetyPlan.objects.create(case=access.case, recorded_by=access.user, **fields)
        record_created(access, plan, kind="safety_plan", purpose="safety_plan.create", summary="")
    else:
        if current is None:
            raise ConflictError
        plan = update_record(
            access,
            current,
            expected_version=expected_version,
            changes={**fields, "updated_at": timezone.now()},
            purpose="safety_plan.update",
            timeline_kind="safety_plan_updated",
        )
    _schedule_review_reminder(plan)
    return plan
