"""MFA is mandatory: a logged-in user without a second factor can only reach enrolment."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from signaalwijzer.accounts.mfa import (
    has_second_factor,
    session_passed_second_factor,
    session_passed_second_factor_at_identity_provider,
)

# The pages a logged-in user without a second factor may still open: enrolling, and leaving.
ENROLMENT_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_list_webauthn",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "mfa_reauthenticate",
        "account_logout",
        "set_language",
    }
)


class RequireMFAMiddleware:
    """Default deny: every view that needs a login also needs a second factor, enrolled and used.

    Views that need no login at all (public pages, health, login itself) are left alone; Django's
    LoginRequiredMiddleware marks them with ``login_required = False``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if getattr(view_func, "login_required", True) is False:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in ENROLMENT_URL_NAMES:
            return None
        if session_passed_second_factor_at_identity_provider(request):
            # Single sign-on: the identity provider asserted its own multi-factor authentication.
            return None
        if not has_second_factor(user):
            return redirect("mfa_activate_totp")
        if not session_passed_second_factor(request):
            # A session that got in without its second factor (a login path we do not know of)
            # is ended rather than trusted.
            logout(request)
            messages.warning(request, _("Please log in again, with your second step."))
            return redirect("account_login")
        return None
