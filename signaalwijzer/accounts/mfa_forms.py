"""allauth's second-factor forms with our limits on wrong tries (settings.MFA_FORMS, code_attempts).

The code form checks TOTP codes and recovery codes alike; the passkey forms check a WebAuthn answer.
Passwordless passkey login (no user known before the check) is left to allauth: a passkey cannot be
guessed, and counting there would let anyone lock out anyone.
"""

from __future__ import annotations

from typing import Any

from allauth.core import context
from allauth.mfa.adapter import get_adapter
from allauth.mfa.base import forms as base_forms
from allauth.mfa.webauthn import forms as webauthn_forms

from signaalwijzer.accounts.code_attempts import code_attempt


class AuthenticateForm(base_forms.AuthenticateForm):
    def clean_code(self) -> str:
        with code_attempt(context.request, self.user, at_login=True):
            return super().clean_code()


class ReauthenticateForm(base_forms.ReauthenticateForm):
    def clean_code(self) -> str:
        with code_attempt(context.request, self.user, at_login=False):
            return super().clean_code()


class _LimitedPasskeyAnswer:
    at_login: bool

    def clean_credential(self) -> Any:
        with code_attempt(context.request, self.user, at_login=self.at_login):  # type: ignore[attr-defined]
            try:
                return super().clean_credential()  # type: ignore[misc]
            except KeyError:
                # A browser answer without a required part: allauth would fail with a 500.
                raise get_adapter().validation_error("incorrect_code") from None


class AuthenticateWebAuthnForm(_LimitedPasskeyAnswer, webauthn_forms.AuthenticateWebAuthnForm):
    at_login = True


class ReauthenticateWebAuthnForm(_LimitedPasskeyAnswer, webauthn_forms.ReauthenticateWebAuthnForm):
    at_login = False
