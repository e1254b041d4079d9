"""{% session_timeout %}: the timeout warning, the "logged out" notice and the draft notice, with their script.

Signed in, it renders the dialog (``#session-dialog``) with the session's time left and the texts the script
shows; signed out (the login page), only the script, which then just notes that a form's submission ended on
the login page (so its drafts are kept: static/js/session.js). Works without a request (error pages).
"""

from __future__ import annotations

import math
from typing import Any

from django import template
from django.conf import settings
from django.utils.crypto import salted_hmac

from signaalwijzer.accounts.session_limits import (
    EXPIRES_IN_CONTEXT,
    session_clock_after_this_request,
)

register = template.Library()


def draft_owner(user_id: object) -> str:
    """Marks a draft as this user's without naming them: a keyed hash of the user id."""
    return salted_hmac("signaalwijzer.accounts.drafts", str(user_id)).hexdigest()[:24]


@register.inclusion_tag("accounts/session_timeout.html", takes_context=True)
def session_timeout(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if (
        request is None
        or user is None
        or not user.is_authenticated
        or not hasattr(request, "session")
    ):
        return {"signed_in": False}
    expires_in = context.get(EXPIRES_IN_CONTEXT)
    if expires_in is None:
        expires_in = session_clock_after_this_request(request).expires_in
    warn_before = settings.SESSION_WARNING_SECONDS
    return {
        "signed_in": True,
        "expires_in": expires_in,
        "warn_before": warn_before,
        "warn_minutes": max(1, math.ceil(warn_before / 60)),
        "absolute_hours": settings.SESSION_ABSOLUTE_TIMEOUT_HOURS,
        "draft_owner": draft_owner(user.pk),
        # Drafts older than the longest a session can last are never offered.
        "draft_max_age": settings.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600,
    }
