"""The session's clock for the timeout warning (static/js/session.js): read it, or stay logged in.

Both answer JSON and never redirect: a request without a (valid) session gets a 403 with
``{"signed_in": false}``, so the script can show "you have been logged out" instead of following a redirect
to the login page. Neither answer holds anything about the user: only seconds and a flag.
"""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from signaalwijzer.accounts.mfa import has_second_factor, session_passed_second_factor
from signaalwijzer.accounts.session_clock import SessionClock
from signaalwijzer.accounts.session_limits import (
    leave_session_alone,
    session_clock,
    session_clock_after_this_request,
)


def _signed_in(request: HttpRequest) -> bool:
    """Logged in as the pages behind the login see it (RequireMFAMiddleware): a user with a second factor
    must have used it in this session; a user still enrolling one may keep their session too."""
    user = request.user
    if not user.is_authenticated:
        return False
    return not has_second_factor(user) or session_passed_second_factor(request)


def _answer(clock: SessionClock) -> JsonResponse:
    return JsonResponse(
        {"signed_in": True, "expires_in": clock.expires_in, "extendable": clock.extendable}
    )


def _signed_out() -> JsonResponse:
    return JsonResponse({"signed_in": False, "expires_in": 0, "extendable": False}, status=403)


@login_not_required
@never_cache
@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """GET: the time left. Does not count as activity: the session is not saved, its expiry stays."""
    leave_session_alone(request)
    if not _signed_in(request):
        return _signed_out()
    return _answer(session_clock(request))


@login_not_required
@never_cache
@require_POST
def session_keep_alive(request: HttpRequest) -> JsonResponse:
    """POST (CSRF-protected): "stay logged in". Counts as activity, so the session is saved and its idle
    timeout starts again; answers the new time left."""
    if not _signed_in(request):
        if request.user.is_authenticated:
            # A session that got in without its second factor is ended (as RequireMFAMiddleware does),
            # not kept alive.
            logout(request)
        return _signed_out()
    return _answer(session_clock_after_this_request(request))
