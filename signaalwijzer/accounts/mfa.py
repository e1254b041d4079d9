"""Second factors: which count, and whether this session has passed one."""

from allauth.account.internal.flows.login import (
    get_authentication_records,
    record_authentication,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest

# Recovery codes alone are a fallback, not a second factor one can enrol with.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_second_factor(user: object) -> bool:
    return bool(is_mfa_enabled(user, SECOND_FACTORS))


def session_passed_second_factor(request: HttpRequest) -> bool:
    """Did this session prove a second factor (at login, or by enrolling one just now)?"""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def record_enrolment_as_second_factor(request: HttpRequest, authenticator: Authenticator) -> None:
    # Enrolling proves possession of the factor (a valid code or a passkey ceremony), so the
    # session that enrolled does not have to log in again.
    record_authentication(request, request.user, "mfa", type=authenticator.type, enrolled=True)
