"""Reading assessments with their definitions and results, for the case page and the result page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model
from django.http import Http404

from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.presence import wanted
from signaalwijzer.instruments.loader import LoadedDefinition
from signaalwijzer.instruments.models import Assessment
from signaalwijzer.instruments.registry import DefinitionIndex, definitions_index
from signaalwijzer.instruments.scoring import (
    AreaChange,
    ChecklistResult,
    JudgementResult,
    compare,
    score,
)


@dataclass
class ScoredAssessment:
    assessment: Assessment
    loaded: LoadedDefinition
    result: ChecklistResult | JudgementResult


def _scored(assessment: Assessment, index: DefinitionIndex) -> ScoredAssessment | None:
    loaded = index.get(
        (assessment.instrument_key, assessment.instrument_version, assessment.instrument_hash)
    )
    if loaded is None:
        return None  # its definition was withdrawn; the case page says so
    return ScoredAssessment(assessment, loaded, score(loaded.definition, assessment.answers))


def case_assessments(access: CaseAccess) -> list[ScoredAssessment | Assessment]:
    """All assessments of a case with their results (two queries, however many there are; one when none)."""
    assessments = list(Assessment.objects.filter(case=access.case).select_related("recorded_by"))
    if not assessments:
        return []
    index = definitions_index(access.case.organisation_id)
    return [_scored(assessment, index) or assessment for assessment in assessments]


def case_assessment(access: CaseAccess, assessment_id: int) -> ScoredAssessment:
    assessment = Assessment.objects.filter(pk=assessment_id, case=access.case).first()
    if assessment is None:
        raise Http404
    scored = _scored(assessment, definitions_index(access.case.organisation_id))
    if scored is None:
        raise Http404
    return scored


def previous_changes(
    access: CaseAccess, scored: ScoredAssessment
) -> tuple[ScoredAssessment, tuple[AreaChange, ...]] | None:
    """What changed per area since the previous finished assessment with the same instrument."""
    if not isinstance(scored.result, ChecklistResult):
        return None
    previous = (
        Assessment.objects.filter(
            case=access.case,
            instrument_key=scored.assessment.instrument_key,
            status=Assessment.Status.FINISHED,
            recorded_at__lt=scored.assessment.recorded_at,
        )
        .order_by("-recorded_at", "-pk")
        .first()
    )
    if previous is None:
        return None
    earlier = _scored(previous, definitions_index(access.case.organisation_id))
    if earlier is None or not isinstance(earlier.result, ChecklistResult):
        return None
    return earlier, compare(earlier.result, scored.result)


def presence() -> dict[str, type[Model]]:
    """The kinds ``case_part`` can skip, for ``cases.presence.kinds_present``."""
    return {"instruments.assessments": Assessment}


def case_part(
    access: CaseAccess, present: frozenset[str] | None = None
) -> list[ScoredAssessment | Assessment]:
    """The instrument part of the case page: every assessment with its result."""
    return case_assessments(access) if wanted(present, "instruments.assessments") else []


def finished_count(items: list[ScoredAssessment | Assessment]) -> int:
    return sum(
        1 for item in items if isinstance(item, ScoredAssessment) and item.assessment.is_finished
    )
