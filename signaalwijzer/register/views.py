"""Pages of the signal register. Thin: the services check who may, validate and log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from signaalwijzer.accounts.services import signed_in_user
from signaalwijzer.cases.recording import add_service_errors
from signaalwijzer.register import services
from signaalwijzer.register.forms import ConvertForm, LooseSignalForm


@require_http_methods(["GET", "POST"])
def signal_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not services.may_use_register(user):
        raise PermissionDenied
    form = LooseSignalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_signal(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The signal has been recorded."))
            return redirect("register:list")
    assert user.organisation is not None
    return render(
        request,
        "register/signal_list.html",
        {
            "form": form,
            "signals": services.open_signals(user),
            "months": user.organisation.signal_register_months,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def convert(request: HttpRequest, signal_id: int) -> HttpResponse:
    user = signed_in_user(request)
    form = ConvertForm(request.POST)
    pseudonym = form.cleaned_data["pseudonym"] if form.is_valid() else ""
    case = services.convert_to_case(user=user, signal_id=signal_id, pseudonym=pseudonym)
    if case is None:
        messages.info(request, _("This signal is a case already."))
        return redirect("register:list")
    messages.success(request, _("The signal is now a case. It is the first signal in the case."))
    return redirect(case.get_absolute_url())
