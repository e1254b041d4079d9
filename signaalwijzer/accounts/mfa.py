"""Second factors: which count, and whether this session has passed one."""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from allauth.account.internal.flows.login import (
    get_authentication_records,
    record_authentication,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Recovery codes alone are a fallback, not a second factor one can enrol with.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_second_factor(user: object) -> bool:
    return bool(is_mfa_enabled(user, SECOND_FACTORS))


# The authentication record of a sign-in whose identity provider asserted multi-factor authentication
# (single sign-on, signaalwijzer/sso): it counts as this session's second factor.
IDENTITY_PROVIDER_FACTOR = "identity_provider"


def record_second_factor_at_identity_provider(request: HttpRequest, provider: str) -> None:
    """Called after a single sign-on whose verified ID token says the provider used more than a password."""
    record_authentication(
        request, request.user, "mfa", type=IDENTITY_PROVIDER_FACTOR, provider=provider
    )


def session_passed_second_factor_at_identity_provider(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(
        record.get("method") == "mfa" and record.get("type") == IDENTITY_PROVIDER_FACTOR
        for record in records
    )


def session_passed_second_factor(request: HttpRequest) -> bool:
    """Did this session prove a second factor (at login, or by enrolling one just now)?"""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def record_enrolment_as_second_factor(request: HttpRequest, authenticator: Authenticator) -> None:
    # Enrolling proves possession of the factor (a valid code or a passkey ceremony), so the
    # session that enrolled does not have to log in again.
    record_authentication(request, request.user, "mfa", type=authenticator.type, enrolled=True)


def passed_second_factor_within(request: HttpRequest, minutes: int) -> bool:
    records = get_authentication_records(request, request.user)
    latest = max((r.get("at", 0) for r in records if r.get("method") == "mfa"), default=0)
    return time.time() - latest < minutes * 60


def fresh_second_factor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the most sensitive pages (the access log): the second factor must have been used just now."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not passed_second_factor_within(request, settings.FRESH_SECOND_FACTOR_MINUTES):
            return redirect(
                f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}"
            )
        return view(request, *args, **kwargs)

    return wrapped
