"""Pages of the case itself: dashboard, start, overview, details, team, close/reopen, signals.

Views are thin: access functions and selectors for reads, services for writes. No view touches a
model's manager directly (a test checks this).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from signaalwijzer.accounts.roles import (
    Role,
    can_place_legal_hold,
    can_work_on_cases,
)
from signaalwijzer.accounts.services import signed_in_user
from signaalwijzer.cases import destruction, history, selectors, services
from signaalwijzer.cases.access import (
    CaseAccess,
    case_get_for_user,
)
from signaalwijzer.cases.forms import (
    CaseEditForm,
    CaseStartForm,
    DestructionDecisionForm,
    DestructionRequestForm,
    EmergencyAccessForm,
    LegalHoldForm,
    ObservationForm,
    ReasonForm,
    TeamMemberForm,
    TransferForm,
    UserChoiceForm,
)
from signaalwijzer.cases.recording import (
    add_service_errors,
    conflict,
    keep_input_on_version,
    record_form_view,
)
from signaalwijzer.cases.write_path import note_read, writing


def _require_case_worker(request: HttpRequest) -> None:
    if not can_work_on_cases(signed_in_user(request).roles):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def case_start(request: HttpRequest) -> HttpResponse:
    _require_case_worker(request)
    form = CaseStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = services.open_case(
                user=signed_in_user(request),
                pseudonym=data.pop("pseudonym"),
                concern=data.pop("concern"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The case has been created. Start with step 1: record what you saw or heard."),
            )
            return redirect(case)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/case_start.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    if request.method == "POST":
        with writing(signed_in_user(request), case_id) as access:
            form = CaseEditForm(request.POST, instance=access.case)
            if form.is_valid():
                data = dict(form.cleaned_data)
                version = data.pop("version")
                try:
                    services.update_case(access, expected_version=version, changes=data)
                except services.ConflictError:
                    current = selectors.case_as_saved(access)
                    conflict(request, form, current)
                    # Keep what the user typed; move the form onto the version now saved.
                    keep_input_on_version(form, current.version)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The details have been saved."))
                    return redirect(access.case)
            note_read(access, "case.edit.form")
        context = {
            "form": form,
            "case": access.case,
            "history": history.record_history(access, access.case),
        }
        return render(request, "cases/case_edit.html", context, status=400)
    access = case_get_for_user(signed_in_user(request), case_id, purpose="case.edit.form")
    form = CaseEditForm(instance=access.case, initial={"version": access.case.version})
    context = {
        "form": form,
        "case": access.case,
        "history": history.record_history(access, access.case),
    }
    return render(request, "cases/case_edit.html", context)


def _reason_view(request: HttpRequest, case_id: int, *, close: bool) -> HttpResponse:
    if close:
        title = _("Close the case")
        intro = _(
            "Write down why you close the case. You can reopen it later if new signals come up."
        )
        save = services.close_case
    else:
        title = _("Reopen the case")
        intro = _("Write down why you reopen the case, for example new signals.")
        save = services.reopen_case
    return record_form_view(
        request,
        case_id,
        form_class=ReasonForm,
        save=lambda access, reason: save(access, reason=reason),
        purpose="case.close" if close else "case.reopen",
        title=title,
        intro=intro,
        success_message=_("The case has been closed.")
        if close
        else _("The case has been reopened."),
    )


@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    return _reason_view(request, case_id, close=True)


@require_http_methods(["GET", "POST"])
def case_reopen(request: HttpRequest, case_id: int) -> HttpResponse:
    return _reason_view(request, case_id, close=False)


def _may_hold(access: CaseAccess) -> dict[str, object]:
    # Like the owner-only pages: a case page the user may not use is a 404.
    if not can_place_legal_hold(access.user.roles):
        raise Http404
    # The form carries what the user saw: the intended action and the case version.
    action = (
        destruction.LEGAL_HOLD_LIFT if access.case.on_legal_hold else destruction.LEGAL_HOLD_PLACE
    )
    return {"initial": {"action": action, "version": access.case.version}}


def _legal_hold_texts(access: CaseAccess) -> dict[str, object]:
    if access.case.on_legal_hold:
        return {
            "title": _("Lift the legal hold"),
            "intro": _(
                "Lift the hold only when the file is no longer needed for the investigation or court "
                "case. The file is then destroyed when its retention period has passed. Write down why."
            ),
        }
    return {
        "title": _("Place a legal hold"),
        "intro": _(
            "A legal hold keeps the file past its retention period, for example because the police, "
            "the public prosecutor or a court needs it. Write down why; you or another meldcode officer "
            "can lift it later."
        ),
    }


def _save_legal_hold(access: CaseAccess, *, reason: str, action: str, version: int) -> object:
    return destruction.change_legal_hold(
        access, action=action, reason=reason, expected_version=version
    )


@require_http_methods(["GET", "POST"])
def legal_hold(request: HttpRequest, case_id: int) -> HttpResponse:
    """Place or lift a legal hold (meldcode officer, organisation administrator in the case team; others 404)."""
    return record_form_view(
        request,
        case_id,
        form_class=LegalHoldForm,
        save=_save_legal_hold,
        purpose="case.legal_hold",
        title=_("Legal hold"),
        form_kwargs=_may_hold,
        extra_context=_legal_hold_texts,
        anchor="retention",
        success_message=_("The legal hold has been updated."),
    )


@require_http_methods(["GET", "POST"])
def observation_create(request: HttpRequest, case_id: int) -> HttpResponse:
    return record_form_view(
        request,
        case_id,
        form_class=ObservationForm,
        save=services.record_observation,
        purpose="observation.create",
        title=_("Record a signal"),
        intro=_(
            "Write down what you saw or heard, as factually as you can. Keep facts and your "
            "interpretation apart. One signal alone proves nothing; the combination matters."
        ),
        anchor="step-1",
        success_message=_("The signal has been recorded."),
    )


def _member_form(
    access: CaseAccess, data: object = None, *, outside: bool
) -> TeamMemberForm | None:
    if not access.is_owner:
        return None
    return TeamMemberForm(
        data,
        users=services.team_candidates(access, outside_team=outside),
        own_team_ids=services.own_team_ids(access.user),
    )


def _transfer_form(access: CaseAccess, data: object = None) -> TransferForm | None:
    if access.is_emergency or not services.may_transfer(access):
        return None
    return TransferForm(data, users=services.transfer_candidates(access))


def _first_error(form: UserChoiceForm) -> str:
    errors = [str(error) for errors in form.errors.values() for error in errors]
    return errors[0] if errors else _("Choose a colleague from the list.")


@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case team: add a colleague (owner), hand the case over (owner, meldcode officer), ask the meldcode
    officer (anyone), see who looked (owner, 25 events a page)."""
    outside = "1" in (request.GET.get("outside"), request.POST.get("outside"))
    if request.method == "POST":
        with writing(signed_in_user(request), case_id) as access:
            which = request.POST.get("add")
            if request.POST.get("remove") is not None and access.is_owner:
                return _remove_member(request, access)
            form: UserChoiceForm | None
            if which == "officer":
                form = UserChoiceForm(request.POST, users=services.meldcode_officers(access))
            elif which == "member":
                # Whoever is chosen must be confirmed when outside the team; the list is the whole organisation.
                form = _member_form(access, request.POST, outside=True)
            elif which == "transfer":
                form = _transfer_form(access, request.POST)
            else:
                form = None
            if form is None:
                raise Http404
            if form.is_valid():
                try:
                    if which == "officer":
                        services.ask_meldcode_officer(access, officer=form.cleaned_data["user"])
                        messages.success(request, _("Access has been given."))
                    elif which == "transfer":
                        services.transfer_ownership(access, new_owner=form.cleaned_data["user"])
                        messages.success(request, _("The case has a new owner."))
                    else:
                        services.add_team_member(access, member=form.cleaned_data["user"])
                        messages.success(request, _("Access has been given."))
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    return redirect("cases:team", case_id=case_id)
            note_read(access, "case.team")
            messages.error(request, _first_error(form))
            target = reverse("cases:team", args=[case_id])
            return redirect(f"{target}?outside=1#add-member" if outside else target)
    access = case_get_for_user(signed_in_user(request), case_id, purpose="case.team")
    context = {
        "case": access.case,
        "access": access,
        "members": selectors.case_page_members(access),
        "member_form": _member_form(access, outside=outside),
        "outside": outside,
        "transfer_form": _transfer_form(access),
        "officer_form": None
        if access.is_emergency
        else UserChoiceForm(users=services.meldcode_officers(access)),
        "removable": services.removable_members(access),
        "access_log": selectors.who_saw_page(access, request.GET.get("log_page"))
        if access.is_owner
        else None,
    }
    return render(request, "cases/team.html", context)


def _remove_member(request: HttpRequest, access: CaseAccess) -> HttpResponse:
    chosen = request.POST.get("remove", "")
    member = next(
        (m for m in services.removable_members(access) if str(m.pk) == chosen),
        None,
    )
    if member is None:
        note_read(access, "case.team")
        messages.error(request, _("This person cannot be removed from the case."))
    else:
        services.remove_team_member(access, member=member)
        messages.success(request, _("Access has been taken away."))
    return redirect("cases:team", case_id=access.case.pk)


@require_http_methods(["GET", "POST"])
def emergency_access(request: HttpRequest) -> HttpResponse:
    """Break the glass: a meldcode officer opens a case outside their access, in an emergency."""
    user = signed_in_user(request)
    if Role.MELDCODE_OFFICER not in user.roles:
        raise PermissionDenied
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            emergency = services.break_the_glass(
                user=user, case_id=form.cleaned_data["case"], reason=form.cleaned_data["reason"]
            )
        except services.NoSuchCaseError:
            form.add_error("case", _("There is no case with this number in your organisation."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.warning(
                request,
                _(
                    "Emergency access until %(time)s. Everything you do is recorded as emergency access."
                )
                % {"time": formats.time_format(timezone.localtime(emergency.expires_at), "H:i")},
            )
            return redirect(emergency.case)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/emergency_access.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def destruction_request_create(request: HttpRequest, case_id: int) -> HttpResponse:
    return record_form_view(
        request,
        case_id,
        form_class=DestructionRequestForm,
        save=destruction.record_destruction_request,
        purpose="destruction.request",
        title=_("Record a request to destroy the file"),
        intro=_(
            "A young person from 12, or the parents, may ask to destroy the file before the retention "
            "period ends. Decide within 3 months; a refusal needs a reason."
        ),
        anchor="retention",
        success_message=_("The request has been recorded."),
    )


@require_http_methods(["GET", "POST"])
def destruction_decide(request: HttpRequest, case_id: int, request_id: int) -> HttpResponse:
    def save(access: CaseAccess, *, decision: str, reason: str) -> bool:
        pending = selectors.destruction_request(access, request_id)
        return destruction.decide_destruction_request(
            access, pending, approve=decision == "approve", reason=reason
        )

    return record_form_view(
        request,
        case_id,
        form_class=DestructionDecisionForm,
        save=save,
        purpose="destruction.decide",
        title=_("Decide on the request to destroy the file"),
        intro=_(
            "If you approve, the file is destroyed at once and cannot be restored. "
            "The access log keeps that it happened."
        ),
        anchor="retention",
        success_message=_("The decision has been recorded."),
        form_kwargs=lambda access: _owner_only(access, request_id),
        extra_context=_legal_hold_warning,
        # After an approved destruction the case page is gone: back to the overview.
        redirect_to=lambda access, destroyed: reverse("cases:dashboard") if destroyed else None,
    )


def _legal_hold_warning(access: CaseAccess) -> dict[str, object]:
    since = access.case.legal_hold_since
    if since is None:
        return {}
    return {
        "warning": _(
            "This case is on legal hold since %(date)s: the file may not be destroyed, so you cannot "
            "approve the request now. You can refuse it with a reason, or decide after the hold is lifted."
        )
        % {"date": formats.date_format(timezone.localtime(since), "j F Y")}
    }


def _owner_only(access: CaseAccess, request_id: int) -> dict[str, object]:
    if not access.is_owner:
        raise Http404
    selectors.destruction_request(access, request_id)
    return {}
