"""allauth's second-factor stage, skipped when the identity provider asserted multi-factor authentication."""

from __future__ import annotations

from allauth.mfa.stages import AuthenticateStage as AllauthAuthenticateStage
from django.http import HttpRequest


class AuthenticateStage(AllauthAuthenticateStage):
    def _should_handle(self, request: HttpRequest) -> bool:
        from signaalwijzer.sso.adapters import sso_state

        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sso_state(sociallogin).get("mfa") is True:
            return False
        return bool(super()._should_handle(request))
