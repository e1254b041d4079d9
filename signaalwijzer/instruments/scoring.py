"""Scoring an assessment: a pure function of (definition, answers). Pure: no Django.

Because the stored assessment keeps the definition's key, version and hash, an old assessment is scored
with its own definition and renders the same after new versions appear.

Answers are plain data (as stored, JSON):
- signal checklist: ``{"marks": {item_key: "present" | "absent" | "unknown"}}``
- structured judgement: ``{"ratings": {factor_key: level_key}, "notes": {factor_key: text},
  "final": {"level": level_key, "reasons": text}}``
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from signaalwijzer.instruments.schema import (
    AllOf,
    AnyOf,
    AreaMin,
    Condition,
    Definition,
    MinAreasWithSignal,
    MinScore,
    Profile,
    SignalPresent,
)


class Mark(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class AreaResult:
    key: str
    present: tuple[str, ...]
    unknown: tuple[str, ...]
    unanswered: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.present)


@dataclass(frozen=True)
class ChecklistResult:
    score: float
    areas_with_signal: int
    areas: tuple[AreaResult, ...]
    protective_present: tuple[str, ...]
    profile: Profile
    reasons: tuple[str, ...]  # which conditions of the profile held, as codes (see ``describe``)
    complete: bool  # every item has a mark

    def area(self, key: str) -> AreaResult:
        return next(area for area in self.areas if area.key == key)


@dataclass(frozen=True)
class JudgementResult:
    ratings: Mapping[str, str]
    summary_level: str | None  # computed: only advice
    final_level: str | None  # the professional's own rating
    final_reasons: str
    complete: bool  # every factor rated and a final rating with reasons


class AnswerError(ValueError):
    """Answers that do not fit the definition (an unknown key or value)."""


def validate_answers(definition: Definition, answers: Mapping[str, Any]) -> list[str]:
    """Problems with answers for this definition; empty when they fit."""
    problems: list[str] = []
    if definition.is_checklist:
        keys = {item.key for item in definition.all_items()}
        marks = answers.get("marks", {})
        if not isinstance(marks, Mapping):
            return ["marks must be a mapping"]
        for key, mark in marks.items():
            if key not in keys:
                problems.append(f"unknown item {key!r}")
            elif mark not in Mark.__members__.values():
                problems.append(f"{key}: unknown mark {mark!r}")
        return problems
    levels = set(definition.level_keys())
    factors = {factor.key for factor in definition.factors}
    ratings = answers.get("ratings", {})
    if not isinstance(ratings, Mapping):
        return ["ratings must be a mapping"]
    for key, level in ratings.items():
        if key not in factors:
            problems.append(f"unknown factor {key!r}")
        elif level not in levels:
            problems.append(f"{key}: unknown level {level!r}")
    final = answers.get("final") or {}
    if final.get("level") and final["level"] not in levels:
        problems.append(f"final: unknown level {final['level']!r}")
    return problems


def _holds(condition: Condition, facts: _Facts) -> bool:
    if isinstance(condition, MinScore):
        return facts.score >= condition.value
    if isinstance(condition, MinAreasWithSignal):
        return facts.areas_with_signal >= condition.value
    if isinstance(condition, AreaMin):
        return facts.per_area.get(condition.area, 0) >= condition.signals
    if isinstance(condition, SignalPresent):
        return condition.signal in facts.present
    if isinstance(condition, AllOf):
        return all(_holds(part, facts) for part in condition.conditions)
    if isinstance(condition, AnyOf):
        return any(_holds(part, facts) for part in condition.conditions)
    raise TypeError(condition)


def _reasons(condition: Condition, facts: _Facts) -> list[str]:
    """The simple conditions that hold, so the result page can say what drove the profile."""
    if isinstance(condition, AllOf | AnyOf):
        return [reason for part in condition.conditions for reason in _reasons(part, facts)]
    if not _holds(condition, facts):
        return []
    if isinstance(condition, MinScore):
        return [f"min_score:{condition.value:g}"]
    if isinstance(condition, MinAreasWithSignal):
        return [f"min_areas_with_signal:{condition.value}"]
    if isinstance(condition, SignalPresent):
        return [f"signal_present:{condition.signal}"]
    assert isinstance(condition, AreaMin)
    return [f"area_min:{condition.area}:{condition.signals}"]


@dataclass(frozen=True)
class _Facts:
    score: float
    areas_with_signal: int
    per_area: Mapping[str, int]
    present: frozenset[str]


def score_checklist(definition: Definition, answers: Mapping[str, Any]) -> ChecklistResult:
    problems = validate_answers(definition, answers)
    if problems:
        raise AnswerError("; ".join(problems))
    assert definition.profile_rule is not None
    marks: Mapping[str, str] = answers.get("marks", {})
    areas = tuple(
        AreaResult(
            key=area.key,
            present=tuple(s.key for s in area.signals if marks.get(s.key) == Mark.PRESENT),
            unknown=tuple(s.key for s in area.signals if marks.get(s.key) == Mark.UNKNOWN),
            unanswered=tuple(s.key for s in area.signals if s.key not in marks),
        )
        for area in definition.areas
    )
    weights = {item.key: item.weight for item in definition.all_items()}
    signal_weight = sum(weights[key] for area in areas for key in area.present)
    protective = tuple(
        factor.key
        for cluster in definition.clusters
        for factor in cluster.factors
        if marks.get(factor.key) == Mark.PRESENT
    )
    protective_weight = definition.profile_rule.protective_weight * sum(
        weights[key] for key in protective
    )
    facts = _Facts(
        score=max(0.0, signal_weight - protective_weight),
        areas_with_signal=sum(1 for area in areas if area.count),
        per_area={area.key: area.count for area in areas},
        present=frozenset(key for area in areas for key in area.present),
    )
    profile = definition.profile_rule.profiles[0]
    for candidate in definition.profile_rule.profiles[1:]:
        if candidate.when is not None and _holds(candidate.when, facts):
            profile = candidate
    return ChecklistResult(
        score=facts.score,
        areas_with_signal=facts.areas_with_signal,
        areas=areas,
        protective_present=protective,
        profile=profile,
        reasons=tuple(_reasons(profile.when, facts)) if profile.when is not None else (),
        complete=all(item.key in marks for item in definition.all_items()),
    )


def score_judgement(definition: Definition, answers: Mapping[str, Any]) -> JudgementResult:
    problems = validate_answers(definition, answers)
    if problems:
        raise AnswerError("; ".join(problems))
    ratings: Mapping[str, str] = answers.get("ratings", {})
    order = {key: index for index, key in enumerate(definition.level_keys())}
    rated = [ratings[factor.key] for factor in definition.factors if factor.key in ratings]
    summary = max(rated, key=order.__getitem__) if rated else None
    final = answers.get("final") or {}
    final_level = final.get("level") or None
    reasons = str(final.get("reasons") or "")
    complete = (
        len(rated) == len(definition.factors) and final_level is not None and bool(reasons.strip())
    )
    return JudgementResult(
        ratings=dict(ratings),
        summary_level=summary,
        final_level=final_level,
        final_reasons=reasons,
        complete=complete,
    )


def score(definition: Definition, answers: Mapping[str, Any]) -> ChecklistResult | JudgementResult:
    if definition.is_checklist:
        return score_checklist(definition, answers)
    return score_judgement(definition, answers)


@dataclass(frozen=True)
class AreaChange:
    key: str
    before: int
    after: int
    added: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def compare(previous: ChecklistResult, current: ChecklistResult) -> tuple[AreaChange, ...]:
    """Per area: which signals are new and which are no longer present since the previous assessment."""
    changes = []
    for area in current.areas:
        before = next((a for a in previous.areas if a.key == area.key), None)
        before_present = set(before.present) if before else set()
        changes.append(
            AreaChange(
                key=area.key,
                before=len(before_present),
                after=area.count,
                added=tuple(key for key in area.present if key not in before_present),
                removed=tuple(sorted(before_present - set(area.present))),
            )
        )
    return tuple(changes)
