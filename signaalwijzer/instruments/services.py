"""Filling in an instrument on a case: start, save a part (draft), finish. Audited like every record."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.services import (
    record_created,
    require_open,
)
from signaalwijzer.cases.write_path import update_record
from signaalwijzer.instruments.caveat import caveat_for
from signaalwijzer.instruments.loader import LoadedDefinition
from signaalwijzer.instruments.models import Assessment
from signaalwijzer.instruments.scoring import ChecklistResult, score, validate_answers


@transaction.atomic
def start_assessment(access: CaseAccess, *, loaded: LoadedDefinition) -> Assessment:
    require_open(access)
    definition = loaded.definition
    assessment = Assessment.objects.create(
        case=access.case,
        recorded_by=access.user,
        instrument_key=definition.key,
        instrument_version=definition.version,
        instrument_hash=loaded.sha256,
    )
    record_created(
        access,
        assessment,
        kind="assessment_started",
        purpose="assessment.create",
        summary=definition.title.nl,
    )
    return assessment


def merge_answers(current: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    """A page sends only its own part; keep what the other pages answered."""
    merged = {
        key: dict(value) if isinstance(value, dict) else value for key, value in current.items()
    }
    for section in ("marks", "ratings", "notes"):
        if section in part:
            merged[section] = {**merged.get(section, {}), **part[section]}
    if "final" in part:
        merged["final"] = part["final"]
    return merged


@transaction.atomic
def save_answers(
    access: CaseAccess,
    assessment: Assessment,
    loaded: LoadedDefinition,
    *,
    expected_version: int,
    part: dict[str, Any],
    finish: bool = False,
) -> Assessment:
    require_open(access)
    if assessment.is_finished:
        raise ValidationError(
            _("This assessment is finished and can no longer be changed. Start a new one.")
        )
    answers = merge_answers(assessment.answers, part)
    problems = validate_answers(loaded.definition, answers)
    if problems:
        raise ValidationError(
            _("Some answers do not fit this instrument: %(problems)s")
            % {"problems": "; ".join(problems)}
        )
    result = score(loaded.definition, answers)
    changes: dict[str, Any] = {
        "answers_json": json.dumps(answers, sort_keys=True),
        "updated_at": timezone.now(),
    }
    if finish:
        if not result.complete:
            raise ValidationError(
                _(
                    "Not everything is filled in yet. Mark every signal (present, not present or unknown)."
                )
                if loaded.definition.is_checklist
                else _("Rate every criterion, and give your own final rating with your reasons.")
            )
        result_key = (
            result.profile.key
            if isinstance(result, ChecklistResult)
            else (result.final_level or "")
        )
        changes.update(
            status=Assessment.Status.FINISHED, finished_at=timezone.now(), result_key=result_key
        )
    summary = ""
    if finish:
        outcome = (
            result.profile.label.nl
            if isinstance(result, ChecklistResult)
            else (result.final_level or "")
        )
        # The timeline is written in Dutch; the result says what it is worth there too.
        with translation.override("nl"):
            worth = caveat_for(loaded).label
        summary = f"{loaded.definition.title.nl}: {outcome} ({worth})"
    assessment = update_record(
        access,
        assessment,
        expected_version=expected_version,
        changes=changes,
        purpose="assessment.save",
        timeline_kind="assessment_finished" if finish else None,
        timeline_summary=summary,
    )
    return assessment
