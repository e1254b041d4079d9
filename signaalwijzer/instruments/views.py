from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from signaalwijzer.accounts.services import signed_in_user
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.ages import age_on
from signaalwijzer.cases.recording import add_service_errors, conflict, keep_input_on_version
from signaalwijzer.cases.write_path import ConflictError, note_read, reading, writing
from signaalwijzer.instruments import registry, selectors, services
from signaalwijzer.instruments.forms import (
    ChecklistPartForm,
    JudgementForm,
    StartForm,
    checklist_parts,
)
from signaalwijzer.instruments.scoring import ChecklistResult


def _language() -> str:
    return translation.get_language() or "nl"


@require_http_methods(["GET", "POST"])
def instrument_start(request: HttpRequest, case_id: int) -> HttpResponse:
    access_for = writing if request.method == "POST" else reading
    with access_for(signed_in_user(request), case_id) as access:
        available = registry.available_for(access.case.organisation)
        by_choice = {f"{item.definition.key}@{item.sha256}": item for item in available}
        options = [
            (choice, item.definition.title.get(_language())) for choice, item in by_choice.items()
        ]
        form = StartForm(request.POST or None, options=options)
        if request.method == "POST" and form.is_valid():
            try:
                assessment = services.start_assessment(
                    access, loaded=by_choice[form.cleaned_data["instrument"]]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(
                    "cases:assessment_fill", case_id=case_id, assessment_id=assessment.pk
                )
        note_read(access, "assessment.start.form")
    context = {"case": access.case, "form": form, "available": by_choice.values()}
    return render(
        request, "instruments/start.html", context, status=400 if request.method == "POST" else 200
    )


def _fill_context(
    access: CaseAccess, scored: selectors.ScoredAssessment, part_index: int
) -> dict[str, Any]:
    definition = scored.loaded.definition
    parts = checklist_parts(definition) if definition.is_checklist else []
    return {
        "case": access.case,
        "assessment": scored.assessment,
        "definition": definition,
        "parts": parts,
        "part_index": part_index,
        "part": parts[part_index] if parts else None,
        "is_last": not parts or part_index == len(parts) - 1,
        "language": _language(),
        "age_warning": _age_warning(access, definition),
    }


def _age_warning(access: CaseAccess, definition: Any) -> dict[str, int] | None:
    """When the young person's age today lies outside the range the instrument was made for."""
    born = access.case.date_of_birth
    age = age_on(born, timezone.localdate()) if born else None
    if definition.fits_age(age):
        return None
    return {"age": age or 0, "min": definition.age_min, "max": definition.age_max}


def _form(
    scored: selectors.ScoredAssessment, part_index: int, data: Any = None
) -> ChecklistPartForm | JudgementForm:
    definition = scored.loaded.definition
    initial = {"version": scored.assessment.version}
    if definition.is_checklist:
        part = checklist_parts(definition)[part_index]
        return ChecklistPartForm(
            data,
            part=part,
            language=_language(),
            answers=scored.assessment.answers,
            initial=initial,
        )
    return JudgementForm(
        data,
        definition=definition,
        language=_language(),
        answers=scored.assessment.answers,
        initial=initial,
    )


def _part_index(request: HttpRequest, scored: selectors.ScoredAssessment) -> int:
    definition = scored.loaded.definition
    count = len(checklist_parts(definition)) if definition.is_checklist else 1
    try:
        index = int(request.POST.get("part") or request.GET.get("part") or 0)
    except ValueError:
        index = 0
    return min(max(index, 0), count - 1)


@require_http_methods(["GET", "POST"])
def assessment_fill(request: HttpRequest, case_id: int, assessment_id: int) -> HttpResponse:
    fill_url = reverse(
        "cases:assessment_fill", kwargs={"case_id": case_id, "assessment_id": assessment_id}
    )
    if request.method == "POST":
        with writing(signed_in_user(request), case_id) as access:
            scored = selectors.case_assessment(access, assessment_id)
            index = _part_index(request, scored)
            form = _form(scored, index, request.POST)
            move = request.POST.get("move", "next")
            if form.is_valid():
                try:
                    services.save_answers(
                        access,
                        scored.assessment,
                        scored.loaded,
                        expected_version=form.cleaned_data["version"],
                        part=form.part_answers(),
                        finish=move == "finish",
                    )
                except ConflictError:
                    current = selectors.case_assessment(access, assessment_id).assessment
                    conflict(request, form)
                    keep_input_on_version(form, current.version)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    if move == "finish":
                        messages.success(request, _("The assessment is finished."))
                        return redirect(
                            "cases:assessment_result", case_id=case_id, assessment_id=assessment_id
                        )
                    if move == "draft":
                        messages.success(request, _("Saved as a draft. You can continue later."))
                        return redirect(access.case.get_absolute_url() + "#step-1")
                    step = -1 if move == "previous" else 1
                    return redirect(f"{fill_url}?part={max(index + step, 0)}")
            note_read(access, "assessment.fill", scored.assessment)
        return render(
            request,
            "instruments/fill.html",
            {**_fill_context(access, scored, index), "form": form},
            status=400,
        )
    with reading(signed_in_user(request), case_id) as access:
        scored = selectors.case_assessment(access, assessment_id)
        note_read(access, "assessment.fill", scored.assessment)
    if scored.assessment.is_finished:
        return redirect("cases:assessment_result", case_id=case_id, assessment_id=assessment_id)
    index = _part_index(request, scored)
    return render(
        request,
        "instruments/fill.html",
        {**_fill_context(access, scored, index), "form": _form(scored, index)},
    )


def assessment_result(request: HttpRequest, case_id: int, assessment_id: int) -> HttpResponse:
    with reading(signed_in_user(request), case_id) as access:
        scored = selectors.case_assessment(access, assessment_id)
        note_read(access, "assessment.result", scored.assessment)
    definition = scored.loaded.definition
    language = _language()
    context: dict[str, Any] = {
        "case": access.case,
        "scored": scored,
        "definition": definition,
        "language": language,
        "comparison": selectors.previous_changes(access, scored),
    }
    if isinstance(scored.result, ChecklistResult):
        context["area_rows"] = [
            {
                "area": area,
                "result": scored.result.area(area.key),
                "present": [
                    s for s in area.signals if s.key in scored.result.area(area.key).present
                ],
                "unknown": [
                    s for s in area.signals if s.key in scored.result.area(area.key).unknown
                ],
            }
            for area in definition.areas
        ]
        context["protective"] = [
            factor
            for cluster in definition.clusters
            for factor in cluster.factors
            if factor.key in scored.result.protective_present
        ]
        context["labels"] = {item.key: item.label.get(language) for item in definition.all_items()}
        context["area_titles"] = {area.key: area.title.get(language) for area in definition.areas}
    else:
        context["levels"] = {level.key: level for level in definition.levels}
    context["age_warning"] = _age_warning(access, definition)
    return render(request, "instruments/result.html", context)
