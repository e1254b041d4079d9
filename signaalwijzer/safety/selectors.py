"""Reading the safety records of a case the caller already has access to; ``case_part`` for the case page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model
from django.http import Http404
from django.utils import timezone

from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.presence import wanted
from signaalwijzer.safety.models import MissingEpisode, SafetyPlan
from signaalwijzer.safety.rules import review_due


def case_missing_episode(access: CaseAccess, episode_id: int) -> MissingEpisode:
    """A missing episode of this case; one of another case is a 404, as if it did not exist."""
    episode = MissingEpisode.objects.filter(pk=episode_id, case=access.case).first()
    if episode is None:
        raise Http404
    return episode


def case_missing_episodes(access: CaseAccess) -> list[MissingEpisode]:
    return list(MissingEpisode.objects.filter(case=access.case).order_by("missing_from", "pk"))


def case_safety_plan(access: CaseAccess) -> SafetyPlan | None:
    return SafetyPlan.objects.filter(case=access.case).first()


@dataclass(frozen=True)
class SafetyPart:
    """Missing episodes and the safety plan of one case, for the case page (two queries)."""

    missing_episodes: list[MissingEpisode]
    safety_plan: SafetyPlan | None
    review_due: bool

    @property
    def still_missing(self) -> bool:
        return any(episode.still_missing for episode in self.missing_episodes)


def presence() -> dict[str, type[Model]]:
    """The kinds ``case_part`` can skip, for ``cases.presence.kinds_present``."""
    return {
        "safety.plan": SafetyPlan,
        "safety.missing_episodes": MissingEpisode,
    }


def case_part(access: CaseAccess, present: frozenset[str] | None = None) -> SafetyPart:
    plan = case_safety_plan(access) if wanted(present, "safety.plan") else None
    return SafetyPart(
        missing_episodes=case_missing_episodes(access)
        if wanted(present, "safety.missing_episodes")
        else [],
        safety_plan=plan,
        review_due=review_due(plan.review_on if plan else None, timezone.localdate()),
    )
