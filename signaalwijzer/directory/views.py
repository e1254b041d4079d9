"""The organisation administrator's screens for the regional contacts (not the Django admin).

Only an organisation administrator gets them (403 for every other role); every change goes through
directory/services.py, which writes the change log.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import can_manage_organisation
from signaalwijzer.accounts.services import signed_in_user
from signaalwijzer.directory import selectors, services
from signaalwijzer.directory.forms import CorrectionForm, VerifyForm


def _administrator(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not can_manage_organisation(user.roles):
        raise PermissionDenied
    return user


@require_GET
def contact_list(request: HttpRequest) -> HttpResponse:
    _administrator(request)
    return render(
        request,
        "directory/admin/contact_list.html",
        {"entries": selectors.entries_for_administrator(), "live_list": selectors.live_list()},
    )


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    user = _administrator(request)
    entry = selectors.entry_for_administrator(entry_id)
    if entry is None:
        raise Http404
    form = CorrectionForm.for_entry(entry, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        change = services.correct_entry(
            user, entry.pk, values=form.values(), comment=form.cleaned_data["comment"]
        )
        if change is None:
            messages.info(request, _("Nothing was changed."))
        else:
            messages.success(request, _("The correction has been saved and logged."))
        return redirect("directory:contact_edit", entry_id=entry.pk)
    return render(
        request,
        "directory/admin/contact_edit.html",
        {
            "entry": entry,
            "form": form,
            "verify_form": VerifyForm(prefix="verify"),
            "changes": selectors.changes_of(entry.pk),
            "live_list": selectors.live_list(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def contact_verify(request: HttpRequest, entry_id: int) -> HttpResponse:
    user = _administrator(request)
    entry = selectors.entry_for_administrator(entry_id)
    if entry is None:
        raise Http404
    form = VerifyForm(request.POST, prefix="verify")
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors.get("comment", [])))
        return redirect("directory:contact_edit", entry_id=entry.pk)
    services.verify_entry(user, entry.pk, comment=form.cleaned_data["comment"])
    messages.success(request, _("Marked as verified today, in your name and your organisation's."))
    return redirect("directory:contact_edit", entry_id=entry.pk)
