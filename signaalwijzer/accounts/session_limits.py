"""Session limits: the idle timeout's clock, the absolute lifetime, and requests that do not count as activity.

The idle timeout itself is Django's: the session is saved on every request (``SESSION_SAVE_EVERY_REQUEST``), so
it ends ``SESSION_COOKIE_AGE`` seconds after the last request. On top of that:

- ``AbsoluteSessionTimeoutMiddleware`` ends a session ``SESSION_ABSOLUTE_TIMEOUT_HOURS`` after the login;
- ``SessionActivityMiddleware`` notes the time of every request that counts as activity in the session, so
  the time left can be told without extending it (``session_clock``);
- a view can mark its request as not counting (``leave_session_alone``): the session middleware
  (``audit/middleware.py``) then does not save the session, so neither the idle timeout nor the noted time
  moves. The session-status endpoint the warning script asks does this (``accounts/views.py``).
"""

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

from signaalwijzer.accounts.session_clock import SessionClock, clock, clock_after_activity

SESSION_STARTED_KEY = "signaalwijzer.session_started_at"
# A login path may end its session sooner (single sign-on: the identity provider's maximum session).
SESSION_ENDS_AT_KEY = "signaalwijzer.session_ends_at"
LAST_ACTIVITY_KEY = "signaalwijzer.last_activity_at"
_LEFT_ALONE = "_signaalwijzer_session_left_alone"
# A page shows its session's time left ({% session_timeout %}); a page rendered with this name in its context
# shows that value instead: the case-page cache (casework/page_cache.py) puts a placeholder there and each
# response's own time left in its place, as it does with the CSRF token.
EXPIRES_IN_CONTEXT = "session_expires_in"


@receiver(user_logged_in)
def remember_login_time(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_STARTED_KEY] = now
        request.session[LAST_ACTIVITY_KEY] = now


def leave_session_alone(request: HttpRequest) -> None:
    """This request only looks at the session: do not save it (its expiry and activity time stay)."""
    setattr(request, _LEFT_ALONE, True)


def session_left_alone(request: HttpRequest) -> bool:
    return bool(getattr(request, _LEFT_ALONE, False))


def note_activity(request: HttpRequest) -> None:
    request.session[LAST_ACTIVITY_KEY] = time.time()


def _limits(request: HttpRequest, now: float) -> dict[str, Any]:
    started = float(request.session.get(SESSION_STARTED_KEY, now))
    absolute = settings.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600
    ends_at = request.session.get(SESSION_ENDS_AT_KEY)
    if ends_at is not None:  # a single sign-on session may end sooner (the provider's maximum)
        absolute = min(absolute, max(0, int(float(ends_at) - started)))
    return {
        "idle_seconds": settings.SESSION_COOKIE_AGE,
        "started": started,
        "absolute_seconds": absolute,
    }


def session_clock(request: HttpRequest) -> SessionClock:
    """The clock as it stands, for a request that does not count as activity."""
    now = time.time()
    last_activity = float(request.session.get(LAST_ACTIVITY_KEY, now))
    return clock(now=now, last_activity=last_activity, **_limits(request, now))


def session_clock_after_this_request(request: HttpRequest) -> SessionClock:
    """The clock once this request (which counts as activity) has saved the session: what a page shows."""
    now = time.time()
    return clock_after_activity(now=now, **_limits(request, now))


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


class SessionActivityMiddleware:
    """Notes when a logged-in user's request counted as activity (the session save that follows moves the
    idle timeout by the same request), so that the status endpoint can tell the time left."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not session_left_alone(request)
            and not request.session.is_empty()
        ):
            note_activity(request)
        return response
