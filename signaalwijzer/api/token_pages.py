"""The page where a user makes and revokes API tokens (after using the second factor just now)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from signaalwijzer.accounts.mfa import fresh_second_factor_required
from signaalwijzer.accounts.services import signed_in_user
from signaalwijzer.api import tokens
from signaalwijzer.api.forms import TokenForm
from signaalwijzer.cases.recording import add_service_errors


@fresh_second_factor_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = TokenForm(request.POST if request.POST.get("action") == "create" else None)
    new_token = None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        token_id = request.POST.get("token", "")
        if (
            token_id.isascii()
            and token_id.isdigit()
            and len(token_id) < 19
            and tokens.revoke_token(user, int(token_id))
        ):
            messages.success(request, _("The token has been revoked."))
        else:
            messages.error(request, _("This token could not be found. Nothing was changed."))
        return redirect("api_tokens")
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = tokens.create_token(user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = TokenForm()
    context = {"form": form, "tokens": tokens.tokens_of(user), "new_token": new_token}
    return render(request, "api/tokens.html", context)
