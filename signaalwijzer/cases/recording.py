"""The request flow shared by every 'record something in a case' page.

GET: check access (one read event), show the form. POST: lock the case, validate, call the service
(which writes the record, the timeline entry and the access event in one transaction), redirect.
Invalid input re-shows the form with clear messages and saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from signaalwijzer.accounts.services import signed_in_user
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.history import saved_values
from signaalwijzer.cases.write_path import ConflictError, note_read, reading, writing

CONFLICT_MESSAGE = gettext_lazy(
    "Someone else saved a change here after you opened this page. Your change has NOT been saved. "
    "Check the current version below, then save again."
)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the fields it names, or on the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def record_form_view(
    request: HttpRequest,
    case_id: int,
    *,
    form_class: type[forms.BaseForm],
    save: Callable[..., Any],
    purpose: str,
    title: str,
    intro: str = "",
    anchor: str = "",
    form_kwargs: Callable[[CaseAccess], dict[str, Any]] | None = None,
    template: str = "cases/record_form.html",
    success_message: str = "",
    extra_context: Callable[[CaseAccess], dict[str, Any]] | None = None,
    redirect_to: Callable[[CaseAccess, Any], str | None] | None = None,
) -> HttpResponse:
    def kwargs_for(access: CaseAccess) -> dict[str, Any]:
        return form_kwargs(access) if form_kwargs else {}

    if request.method == "POST":
        with writing(signed_in_user(request), case_id) as access:
            form = form_class(request.POST, **kwargs_for(access))
            if form.is_valid():
                try:
                    result = save(access, **form.cleaned_data)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, success_message or _("Saved."))
                    target = redirect_to(access, result) if redirect_to else None
                    return redirect(
                        target or access.case.get_absolute_url() + (f"#{anchor}" if anchor else "")
                    )
            # The page shows the case again: that is a read.
            note_read(access, f"{purpose}.form")
    else:
        # One transaction: if the form cannot be built (a sub-record of another case: 404),
        # the read event is rolled back with it.
        with reading(signed_in_user(request), case_id) as access:
            note_read(access, f"{purpose}.form")
            form = form_class(**kwargs_for(access))
    context = {
        "case": access.case,
        "access": access,
        "form": form,
        "title": title,
        "intro": intro,
        **(extra_context(access) if extra_context else {}),
    }
    return render(request, template, context, status=400 if request.method == "POST" else 200)


def conflict(
    request: HttpRequest, form: forms.BaseForm, current: models.Model | None = None
) -> None:
    """Refused: someone saved first. The form keeps the user's input and shows what is saved now."""
    form.add_error(None, CONFLICT_MESSAGE)
    if current is not None:
        names = [name for name in form.fields if name != "version"]
        form.conflict_current = saved_values(current, names)  # type: ignore[attr-defined]


def keep_input_on_version(form: forms.BaseForm, version: int) -> None:
    """After a conflict: keep what the user typed, but base the next save on the version now saved."""
    data = QueryDict(mutable=True)
    data.update(form.data)
    data["version"] = str(version)
    form.data = data


__all__ = [
    "CONFLICT_MESSAGE",
    "ConflictError",
    "add_service_errors",
    "conflict",
    "record_form_view",
]
