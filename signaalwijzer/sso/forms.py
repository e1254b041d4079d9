"""allauth's login form, refusing a password for an address of an organisation that signs in through SSO."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django.core.exceptions import ValidationError

from signaalwijzer.sso.selectors import password_login_refused


class LoginForm(AllauthLoginForm):
    def clean(self) -> dict[str, Any]:
        from signaalwijzer.sso.adapters import password_refused_message

        email = self.cleaned_data.get("login")
        provider = password_login_refused(email=email) if isinstance(email, str) else None
        if provider is not None:
            # Before the password is checked: it is not the way in for this organisation.
            raise ValidationError(password_refused_message(provider), code="sso_only")
        cleaned: dict[str, Any] = super().clean()
        return cleaned
