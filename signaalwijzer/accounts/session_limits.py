"""An absolute session lifetime on top of the idle timeout: a session ends after N hours, however busy."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "signaalwijzer.session_started_at"
# A login path may end its session sooner (single sign-on: the identity provider's maximum session).
SESSION_ENDS_AT_KEY = "signaalwijzer.session_ends_at"


@receiver(user_logged_in)
def remember_login_time(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = time.time()


class AbsoluteSessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            limit = settings.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600
            ends_at = request.session.get(SESSION_ENDS_AT_KEY)
            now = time.time()
            if started is None or now - started > limit or (ends_at is not None and now > ends_at):
                logout(request)
                messages.info(
                    request, _("For your safety you have been logged out. Please log in again.")
                )
                return redirect("account_login")
        return self.get_response(request)
