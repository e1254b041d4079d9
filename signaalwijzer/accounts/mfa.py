"""Which second factors count as 'MFA enrolled'."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

# Recovery codes alone are a fallback, not a second factor one can enrol with.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_second_factor(user: object) -> bool:
    return bool(is_mfa_enabled(user, SECOND_FACTORS))
