"""The rules for a missing episode and a safety plan. Pure: no Django, no database.

Each check returns the problems as (field, code) pairs; the service turns the codes into messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Episode:
    missing_from: datetime | None
    missing_until: datetime | None
    reported_to_police_at: datetime | None
    return_interview_on: date | None
    return_interview_by: str


def episode_problems(episode: Episode, now: datetime) -> list[tuple[str, str]]:
    """What is wrong with a missing episode as it would be saved (empty: nothing)."""
    problems: list[tuple[str, str]] = []
    start = episode.missing_from
    for name in ("missing_from", "missing_until", "reported_to_police_at"):
        moment = getattr(episode, name)
        if moment is not None and moment > now:
            problems.append((name, "future"))
    if start is not None:
        if episode.missing_until is not None and episode.missing_until < start:
            problems.append(("missing_until", "before_start"))
        if episode.reported_to_police_at is not None and episode.reported_to_police_at < start:
            problems.append(("reported_to_police_at", "before_start"))
    interview = episode.return_interview_on
    if interview is not None:
        if interview > now.date():
            problems.append(("return_interview_on", "future"))
        if episode.missing_until is None:
            problems.append(("return_interview_on", "not_back"))
        elif interview < episode.missing_until.date():
            problems.append(("return_interview_on", "before_return"))
        if not episode.return_interview_by.strip():
            problems.append(("return_interview_by", "required"))
    elif episode.return_interview_by.strip():
        problems.append(("return_interview_on", "required"))
    return problems


def review_problems(review_on: date | None, today: date) -> list[tuple[str, str]]:
    """Saving a plan is looking at it: it needs a review date that has not passed."""
    if review_on is None:
        return [("review_on", "required")]
    if review_on < today:
        return [("review_on", "past")]
    return []


def review_due(review_on: date | None, today: date) -> bool:
    return review_on is not None and review_on <= today
