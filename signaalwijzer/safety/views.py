"""Pages for missing episodes and the safety plan. Thin: the write path and the services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from signaalwijzer.accounts.services import signed_in_user
from signaalwijzer.cases.history import record_history
from signaalwijzer.cases.recording import (
    add_service_errors,
    conflict,
    keep_input_on_version,
    record_form_view,
)
from signaalwijzer.cases.write_path import ConflictError, note_read, reading, writing
from signaalwijzer.safety import services
from signaalwijzer.safety.forms import MissingEpisodeForm, MissingEpisodeUpdateForm, SafetyPlanForm
from signaalwijzer.safety.selectors import case_missing_episode, case_safety_plan

ANCHOR = "#safety"


@require_http_methods(["GET", "POST"])
def missing_episode_create(request: HttpRequest, case_id: int) -> HttpResponse:
    return record_form_view(
        request,
        case_id,
        form_class=MissingEpisodeForm,
        save=services.record_missing_episode,
        purpose="missing_episode.create",
        title=_("Record a missing episode"),
        intro=_(
            "Record it as soon as the young person is missing. A young person under 18 who is missing "
            "is always reported to the police. Fill in the return and the return interview later."
        ),
        anchor="safety",
        success_message=_("The missing episode has been recorded."),
    )


@require_http_methods(["GET", "POST"])
def missing_episode_update(request: HttpRequest, case_id: int, episode_id: int) -> HttpResponse:
    if request.method == "POST":
        with writing(signed_in_user(request), case_id) as access:
            episode = case_missing_episode(access, episode_id)
            form = MissingEpisodeUpdateForm(request.POST, instance=episode)
            if form.is_valid():
                data = dict(form.cleaned_data)
                version = data.pop("version")
                try:
                    services.update_missing_episode(
                        access, episode, expected_version=version, changes=data
                    )
                except ConflictError:
                    current = case_missing_episode(access, episode_id)
                    conflict(request, form, current)
                    keep_input_on_version(form, current.version)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The missing episode has been saved."))
                    return redirect(access.case.get_absolute_url() + ANCHOR)
            note_read(access, "missing_episode.update.form", episode)
        status = 400
    else:
        with reading(signed_in_user(request), case_id) as access:
            episode = case_missing_episode(access, episode_id)
            note_read(access, "missing_episode.update.form", episode)
        form = MissingEpisodeUpdateForm(instance=episode, initial={"version": episode.version})
        status = 200
    context = {
        "case": access.case,
        "form": form,
        "title": _("Change a missing episode"),
        "intro": _("Fill in the return, the report to the police and the return interview."),
        "history": record_history(access, episode),
    }
    return render(request, "safety/record_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def safety_plan(request: HttpRequest, case_id: int) -> HttpResponse:
    if request.method == "POST":
        with writing(signed_in_user(request), case_id) as access:
            plan = case_safety_plan(access)
            form = SafetyPlanForm(request.POST, instance=plan)
            if form.is_valid():
                data = dict(form.cleaned_data)
                version = data.pop("version")
                try:
                    services.save_safety_plan(access, expected_version=version, data=data)
                except ConflictError:
                    current = case_safety_plan(access)
                    conflict(request, form, current)
                    keep_input_on_version(form, current.version if current else 0)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The safety plan has been saved."))
                    return redirect(access.case.get_absolute_url() + ANCHOR)
            note_read(access, "safety_plan.form", plan)
        status = 400
    else:
        with reading(signed_in_user(request), case_id) as access:
            plan = case_safety_plan(access)
            note_read(access, "safety_plan.form", plan)
        form = SafetyPlanForm(instance=plan, initial={"version": plan.version if plan else 0})
        status = 200
    context = {
        "case": access.case,
        "form": form,
        "title": _("Safety plan"),
        "intro": _(
            "Make the plan together with the young person, in words they understand: what the risks "
            "are, what you agree, and whom to call. Each change is kept."
        ),
        "history": record_history(access, plan) if plan else [],
    }
    return render(request, "safety/record_form.html", context, status=status)
