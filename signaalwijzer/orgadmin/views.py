"""The organisation administrator's screens (/admin-org/): users, teams, settings, instruments, cases to hand
over, and the change log. Only an organisation administrator gets them (403 for every other role); a user,
team, upload or case outside the administrator's organisation is a 404. Every change goes through
orgadmin/services.py, which checks it and writes the change log; these views only read forms and render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import can_manage_organisation
from signaalwijzer.accounts.services import signed_in_user
from signaalwijzer.cases.recording import add_service_errors
from signaalwijzer.instruments.caveat import caveat_for
from signaalwijzer.orgadmin import selectors, services
from signaalwijzer.orgadmin.forms import (
    DeactivateForm,
    InviteForm,
    NewOwnerForm,
    SecondFactorResetForm,
    SettingsForm,
    SingleSignOnForm,
    TeamForm,
    UploadForm,
    UserForm,
)


def _administrator(request: HttpRequest) -> tuple[User, int]:
    user = signed_in_user(request)
    if not can_manage_organisation(user.roles) or user.organisation_id is None:
        raise PermissionDenied
    return user, user.organisation_id


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    admin, organisation_id = _administrator(request)
    return render(
        request,
        "orgadmin/index.html",
        {
            "organisation": selectors.organisation(organisation_id),
            "handover_count": selectors.handover_count(admin),
        },
    )


# --- Users --------------------------------------------------------------------------------------------


@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    _admin, organisation_id = _administrator(request)
    return render(
        request, "orgadmin/user_list.html", {"users": selectors.users_of(organisation_id)}
    )


@require_http_methods(["GET", "POST"])
def user_invite(request: HttpRequest) -> HttpResponse:
    admin, organisation_id = _administrator(request)
    teams = selectors.teams_of(organisation_id)
    form = InviteForm(request.POST if request.method == "POST" else None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invite_user(
                admin,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                roles=form.cleaned_data["roles"],
                team_ids=form.team_ids(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The account has been made. %(name)s gets an e-mail with a link to choose a password."
                )
                % {"name": user.get_full_name()},
            )
            return redirect("orgadmin:user_detail", user_id=user.pk)
    return render(
        request,
        "orgadmin/user_invite.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _user(organisation_id: int, user_id: int) -> User:
    user = selectors.user_of(organisation_id, user_id)
    if user is None:
        raise Http404
    return user


@require_http_methods(["GET", "POST"])
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    admin, organisation_id = _administrator(request)
    user = _user(organisation_id, user_id)
    teams = selectors.teams_of(organisation_id)
    form = UserForm.for_user(user, teams, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.change_user(
                admin,
                user.pk,
                full_name=form.cleaned_data["full_name"],
                roles=form.cleaned_data["roles"],
                team_ids=form.team_ids(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if change is None:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(request, _("The changes have been saved and logged."))
            return redirect("orgadmin:user_detail", user_id=user.pk)
    return render(
        request,
        "orgadmin/user_detail.html",
        {
            "person": user,
            "is_self": user.pk == admin.pk,
            "form": form,
            "deactivate_form": DeactivateForm(prefix="deactivate"),
        },
        status=400 if request.method == "POST" else 200,
    )


def _user_action(
    request: HttpRequest, user_id: int, act: Callable[[Any, int], object], done: str
) -> HttpResponse:
    """One of the POST buttons on a user's page: the service acts (its ValidationError is the message shown,
    nothing changed), then back to the user's page."""
    admin, organisation_id = _administrator(request)
    user = _user(organisation_id, user_id)
    try:
        act(admin, user.pk)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, done)
    return redirect("orgadmin:user_detail", user_id=user.pk)


@require_POST
def user_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    form = DeactivateForm(request.POST, prefix="deactivate")

    def deactivate(admin: Any, pk: int) -> None:
        if not form.is_valid():
            raise ValidationError(list(form.errors.get("reason", [])))
        services.deactivate_user(admin, pk, reason=form.cleaned_data["reason"])

    return _user_action(
        request,
        user_id,
        deactivate,
        _(
            "The account is deactivated. Open cases of this user are listed under To be handed over."
        ),
    )


@require_POST
def user_reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _user_action(
        request, user_id, services.reactivate_user, _("The account is active again.")
    )


@require_POST
def user_invitation(request: HttpRequest, user_id: int) -> HttpResponse:
    return _user_action(
        request,
        user_id,
        services.send_new_invitation,
        _("A new link to choose a password is being sent."),
    )


@require_http_methods(["GET", "POST"])
def user_second_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    admin, organisation_id = _administrator(request)
    user = _user(organisation_id, user_id)
    form = SecondFactorResetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_second_factor(admin, user.pk, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The second step has been reset. The user sets up a new one at the next login."),
            )
            return redirect("orgadmin:user_detail", user_id=user.pk)
    return render(
        request,
        "orgadmin/user_second_factor.html",
        {"person": user, "is_self": user.pk == admin.pk, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- Teams ----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def team_list(request: HttpRequest) -> HttpResponse:
    admin, organisation_id = _administrator(request)
    form = TeamForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.create_team(admin, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Team %(name)s has been created.") % {"name": team.name})
            return redirect("orgadmin:teams")
    return render(
        request,
        "orgadmin/team_list.html",
        {"teams": selectors.teams_of(organisation_id), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, team_id: int) -> HttpResponse:
    admin, organisation_id = _administrator(request)
    team = selectors.team_of(organisation_id, team_id)
    if team is None:
        raise Http404
    form = TeamForm(request.POST if request.method == "POST" else None, initial={"name": team.name})
    if request.method == "POST" and form.is_valid():
        try:
            change = services.rename_team(admin, team.pk, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if change is None:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(request, _("The team has been renamed."))
            return redirect("orgadmin:teams")
    return render(
        request,
        "orgadmin/team_edit.html",
        {"team": team, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def team_remove(request: HttpRequest, team_id: int) -> HttpResponse:
    admin, organisation_id = _administrator(request)
    team = selectors.team_of(organisation_id, team_id)
    if team is None:
        raise Http404
    try:
        services.remove_team(admin, team.pk)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("orgadmin:team_edit", team_id=team.pk)
    messages.success(request, _("The team has been removed."))
    return redirect("orgadmin:teams")


# --- Organisation settings ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def organisation_settings(request: HttpRequest) -> HttpResponse:
    admin, organisation_id = _administrator(request)
    organisation = selectors.organisation(organisation_id)
    form = SettingsForm.for_organisation(
        organisation, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = services.change_settings(admin, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if change is None:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(request, _("The settings have been saved and logged."))
            return redirect("orgadmin:settings")
    return render(
        request,
        "orgadmin/settings.html",
        {"organisation": organisation, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- Single sign-on ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def single_sign_on(request: HttpRequest) -> HttpResponse:
    """The own organisation's part of single sign-on; the provider itself is shown, not changed, here."""
    admin, organisation_id = _administrator(request)
    provider = selectors.identity_provider(organisation_id)
    form = None
    if provider is not None:
        form = SingleSignOnForm.for_provider(
            provider, request.POST if request.method == "POST" else None
        )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            change = services.save_single_sign_on(admin, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if change is None:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(request, _("Single sign-on has been saved and logged."))
            return redirect("orgadmin:sso")
    slug = selectors.sso_slug(organisation_id)
    return render(
        request,
        "orgadmin/single_sign_on.html",
        {
            "provider": provider,
            "domains": [d.domain for d in provider.domains.all()] if provider else [],
            "secret_present": selectors.sso_secret_present(provider),
            "redirect_uri": request.build_absolute_uri(
                reverse("signaalwijzer_sso_callback", kwargs={"provider_id": slug})
            ),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Instruments ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def instrument_list(request: HttpRequest) -> HttpResponse:
    admin, organisation_id = _administrator(request)
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            upload = services.upload_instrument(admin, content=uploaded.read())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The file passed the checks. Read what it contains, then activate it."),
            )
            return redirect("orgadmin:instrument_upload", upload_id=upload.pk)
    return render(
        request,
        "orgadmin/instrument_list.html",
        {
            "shipped": selectors.shipped_instruments(organisation_id),
            "uploads": selectors.uploaded_instruments(organisation_id),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def instrument_upload(request: HttpRequest, upload_id: int) -> HttpResponse:
    _admin, organisation_id = _administrator(request)
    instrument = selectors.uploaded_instrument(organisation_id, upload_id)
    if instrument is None:
        raise Http404
    return render(
        request,
        "orgadmin/instrument_upload.html",
        {
            "instrument": instrument,
            "definition": instrument.loaded.definition if instrument.loaded else None,
            "caveat": caveat_for(instrument.loaded) if instrument.loaded else None,
        },
    )


def _active(request: HttpRequest) -> bool:
    value = request.POST.get("active")
    if value not in ("1", "0"):
        raise Http404
    return value == "1"


@require_POST
def instrument_upload_active(request: HttpRequest, upload_id: int) -> HttpResponse:
    admin, _organisation_id = _administrator(request)
    active = _active(request)
    try:
        services.set_upload_active(admin, upload_id, active=active)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            _("Activated: professionals can use it now.") if active else _("Deactivated."),
        )
    return redirect("orgadmin:instrument_upload", upload_id=upload_id)


@require_POST
def instrument_shipped_active(request: HttpRequest, key: str) -> HttpResponse:
    admin, _organisation_id = _administrator(request)
    active = _active(request)
    services.set_shipped_active(admin, key, active=active)
    messages.success(
        request,
        _("Activated: professionals can use it now.") if active else _("Deactivated."),
    )
    return redirect("orgadmin:instruments")


# --- Cases whose owner left -----------------------------------------------------------------------------


@require_GET
def handover_list(request: HttpRequest) -> HttpResponse:
    admin, _organisation_id = _administrator(request)
    return render(request, "orgadmin/handover_list.html", {"rows": selectors.handover_rows(admin)})


@require_http_methods(["GET", "POST"])
def handover_case(request: HttpRequest, case_id: int) -> HttpResponse:
    admin, _organisation_id = _administrator(request)
    waiting = selectors.handover_case(admin, case_id)
    form = NewOwnerForm(
        request.POST if request.method == "POST" else None, users=waiting.candidates
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reassign_case(admin, case_id, new_owner_id=form.cleaned_data["user"].pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Case %(number)s has been handed over to %(name)s.")
                % {"number": case_id, "name": form.cleaned_data["user"].get_full_name()},
            )
            return redirect("orgadmin:handover")
    return render(
        request,
        "orgadmin/handover_case.html",
        {"row": waiting.row, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- The change log -------------------------------------------------------------------------------------


@require_GET
def change_log(request: HttpRequest) -> HttpResponse:
    _admin, organisation_id = _administrator(request)
    return render(
        request,
        "orgadmin/change_log.html",
        {"changes": selectors.changes_page(organisation_id, request.GET.get("page"))},
    )
