from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from signaalwijzer.accounts.services import signed_in_user
from signaalwijzer.cases.access import (
    CaseAccess,
    case_get_for_user,
)
from signaalwijzer.cases.history import record_history
from signaalwijzer.cases.recording import (
    add_service_errors,
    conflict,
    keep_input_on_version,
    record_form_view,
)
from signaalwijzer.cases.write_path import note_export, note_read, reading, writing
from signaalwijzer.consent.services import check_sharing
from signaalwijzer.consent.sharing import LegalBasis, Purpose
from signaalwijzer.meldcode import services
from signaalwijzer.meldcode.afwegingskader import evaluate
from signaalwijzer.meldcode.forms import (
    ActionForm,
    ActionUpdateForm,
    ComenshaForm,
    ConsultationForm,
    ConversationForm,
    FeedbackForm,
    Step3SkipForm,
    WeighingForm,
    yes_no,
)
from signaalwijzer.meldcode.models import Action, Weighing
from signaalwijzer.meldcode.selectors import case_action, case_weighing


@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest, case_id: int) -> HttpResponse:
    return record_form_view(
        request,
        case_id,
        form_class=ConsultationForm,
        save=services.record_consultation,
        purpose="consultation.create",
        title=_("Record a consultation"),
        intro=_(
            "Discuss the signals with an expert colleague, such as your meldcode officer. You can "
            "also ask Veilig Thuis for advice; an advice request is anonymous."
        ),
        anchor="step-2",
        success_message=_("The consultation has been recorded."),
    )


@require_http_methods(["GET", "POST"])
def conversation_create(request: HttpRequest, case_id: int) -> HttpResponse:
    return record_form_view(
        request,
        case_id,
        form_class=ConversationForm,
        save=services.record_conversation,
        purpose="conversation.create",
        title=_("Record a conversation"),
        intro=_(
            "Talk with the young person, and with the parents if the young person is under 16. "
            "Say what worries you, listen, and ask for consent to share information."
        ),
        anchor="step-3",
        success_message=_("The conversation has been recorded."),
    )


@require_http_methods(["GET", "POST"])
def step3_skip(request: HttpRequest, case_id: int) -> HttpResponse:
    return record_form_view(
        request,
        case_id,
        form_class=Step3SkipForm,
        save=services.record_step3_skip,
        purpose="step3_skip.create",
        title=_("Skip the conversation for now"),
        intro=_(
            "You may only skip the conversation when talking would endanger the young person, "
            "yourself or others, or when the young person would probably break off contact."
        ),
        anchor="step-3",
        success_message=_("The reason has been recorded."),
    )


def _weighing_initial(weighing: Weighing | None) -> dict[str, Any]:
    if weighing is None:
        return {"version": 0}
    initial: dict[str, Any] = {
        "version": weighing.version,
        "q2_unsafety": weighing.q2_unsafety,
        "disclosure": weighing.disclosure,
        "final_decision": weighing.final_decision,
        "deviation_reason": weighing.deviation_reason,
        "no_expert_consultation_reason": weighing.no_expert_consultation_reason,
        "no_coordinator_contact_reason": weighing.no_coordinator_contact_reason,
        "exploiter_in_household": yes_no(weighing.exploiter_in_household),
        "report_needed": yes_no(weighing.report_needed),
        "help_possible": yes_no(weighing.help_possible),
    }
    for answer, reason in services.QUESTIONS:
        value = getattr(weighing, answer)
        initial[answer] = value if answer == "q2_unsafety" else yes_no(value)
        initial[reason] = getattr(weighing, reason)
    return initial


def _render_weighing(
    request: HttpRequest, access: CaseAccess, form: WeighingForm, status: int = 200
) -> HttpResponse:
    weighing = case_weighing(access)
    outcome = evaluate(services.answers_of(weighing))
    context = {
        "case": access.case,
        "form": form,
        "weighing": weighing,
        "outcome": outcome,
        "is_adult": services.is_adult_today(access.case),
    }
    return render(request, "meldcode/weighing.html", context, status=status)


@require_http_methods(["GET", "POST"])
def weighing(request: HttpRequest, case_id: int) -> HttpResponse:
    if request.method == "POST":
        with writing(signed_in_user(request), case_id) as access:
            form = WeighingForm(request.POST)
            if form.is_valid():
                data = dict(form.cleaned_data)
                try:
                    services.save_weighing(access, expected_version=data.pop("version"), data=data)
                except services.ConflictError:
                    current = case_weighing(access)
                    conflict(request, form, current)
                    keep_input_on_version(form, current.version if current else 0)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The weighing has been saved."))
                    return redirect(access.case.get_absolute_url() + "#step-4")
            note_read(access, "weighing.form")
        return _render_weighing(request, access, form, status=400)
    access = case_get_for_user(signed_in_user(request), case_id, purpose="weighing.form")
    current = case_weighing(access)
    return _render_weighing(request, access, WeighingForm(initial=_weighing_initial(current)))


def _owners(access: CaseAccess) -> dict[str, Any]:
    return {"owners": services.action_owner_choices(access)}


@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, case_id: int) -> HttpResponse:
    return record_form_view(
        request,
        case_id,
        form_class=ActionForm,
        save=services.add_action,
        purpose="action.create",
        title=_("Add an action"),
        intro=_(
            "Decide what is needed and who does it. For a report to Veilig Thuis, also record when and "
            "how you reported, the reference, and whether those involved were told beforehand."
        ),
        anchor="step-5",
        form_kwargs=_owners,
        template="meldcode/action_form.html",
        success_message=_("The action has been added."),
    )


@require_http_methods(["GET", "POST"])
def action_update(request: HttpRequest, case_id: int, action_id: int) -> HttpResponse:
    if request.method == "POST":
        with writing(signed_in_user(request), case_id) as access:
            action = case_action(access, action_id)
            form = ActionUpdateForm(
                request.POST, instance=action, owners=services.action_owner_choices(access)
            )
            if form.is_valid():
                data = dict(form.cleaned_data)
                version = data.pop("version")
                try:
                    services.update_action(access, action, expected_version=version, changes=data)
                except services.ConflictError:
                    current_action = case_action(access, action_id)
                    conflict(request, form, current_action)
                    keep_input_on_version(form, current_action.version)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The action has been saved."))
                    return redirect(access.case.get_absolute_url() + "#step-5")
            note_read(access, "action.update.form", action)
        status = 400
    else:
        with reading(signed_in_user(request), case_id) as access:
            action = case_action(access, action_id)
            note_read(access, "action.update.form", action)
        form = ActionUpdateForm(
            instance=action,
            owners=services.action_owner_choices(access),
            initial={"version": action.version},
        )
        status = 200
    context = {
        "case": access.case,
        "form": form,
        "action": action,
        "title": _("Change an action"),
        "history": record_history(access, action),
    }
    return render(request, "meldcode/action_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def feedback_create(request: HttpRequest, case_id: int, action_id: int) -> HttpResponse:
    def save(access: CaseAccess, **data: Any) -> Any:
        return services.record_feedback(access, case_action(access, action_id), **data)

    return record_form_view(
        request,
        case_id,
        form_class=FeedbackForm,
        save=save,
        purpose="feedback.create",
        title=_("Record feedback from Veilig Thuis"),
        intro=_(
            "Veilig Thuis gives feedback twice: after its safety assessment (within 5 working days) "
            "and after any investigation."
        ),
        anchor="step-5",
        success_message=_("The feedback has been recorded."),
        form_kwargs=lambda access: _no_kwargs_after(case_action(access, action_id)),
    )


def _no_kwargs_after(_checked: object) -> dict[str, Any]:
    """For form_kwargs hooks that only check something (and raise 404) before the form is built."""
    return {}


@require_http_methods(["POST"])
def contact_logged(request: HttpRequest, case_id: int) -> HttpResponse:
    with writing(signed_in_user(request), case_id) as access:
        contact = request.POST.get("contact", "")
        who = _contact_name(access, contact, request.POST.get("coordinator", ""))
        try:
            services.log_contact(access, contact=contact, who=who)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The call has been recorded under step 5."))
    return redirect(access.case.get_absolute_url() + "#step-5")


def _contact_name(access: CaseAccess, contact: str, coordinator_key: str) -> str:
    """Who was called, from our own directory (never from the request: nothing is taken on trust)."""
    if contact == "veilig_thuis":
        return "Veilig Thuis"
    from signaalwijzer.directory.selectors import coordinators_for

    for coordinator in coordinators_for(access.case.municipality_code, None):
        if coordinator.key == coordinator_key:
            return coordinator.organisation
    raise Http404


@require_http_methods(["GET", "POST"])
def comensha_registration(request: HttpRequest, case_id: int) -> HttpResponse:
    """The data for a CoMensha registration: only with the written consent the age rule requires."""
    user = signed_in_user(request)
    access_for = writing if request.method == "POST" else reading
    with access_for(user, case_id) as access:
        refusal = ""
        try:
            check_sharing(
                access.case,
                purpose=Purpose.COMENSHA,
                basis=LegalBasis.CONSENT,
                day=timezone.localdate(),
            )
        except ValidationError as error:
            refusal = " ".join(error.messages)
        form = ComenshaForm(request.POST or None)
        registration = None
        if request.method == "POST" and not refusal and form.is_valid():
            registration = comensha_summary(access, nationality=form.cleaned_data["nationality"])
            services.add_action(
                access,
                kind=Action.Kind.COMENSHA,
                owner=user,
                status=Action.Status.DONE,
                description=_("Registration data for CoMensha prepared."),
            )
            note_export(access, "comensha.registration")
        else:
            note_read(access, "comensha.registration.form")
    context = {"case": access.case, "form": form, "refusal": refusal, "registration": registration}
    return render(
        request,
        "meldcode/comensha.html",
        context,
        status=403 if refusal and request.method == "POST" else 200,
    )


def comensha_summary(access: CaseAccess, *, nationality: str) -> list[tuple[str, str]]:
    from signaalwijzer.cases.comensha import comensha_codes
    from signaalwijzer.consent.age_rules import age_on

    case = access.case
    age = age_on(case.date_of_birth, timezone.localdate()) if case.date_of_birth else None
    return [
        (_("Form of exploitation"), ", ".join(case.exploitation_form_labels()) or "–"),
        (_("CoMensha form code"), ", ".join(comensha_codes(case.exploitation_forms)) or "–"),
        (_("Nationality"), nationality or "–"),
        (_("Age"), str(age) if age is not None else "–"),
        (_("Gender"), case.get_gender_display()),
    ]
