"""allauth adapters for single sign-on.

``SocialAccountAdapter`` builds allauth's apps from the ``IdentityProvider`` rows (one per organisation;
no SocialApp rows, no settings) and turns a verified sign-in into a Signaalwijzer user (``sign_in``).
``AccountAdapter`` extends the accounts adapter: password and passkey login are refused where the
organisation switched them off, the identity provider's MFA replaces our second step, and an SSO session
ends after the provider's ``session_hours``.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.internal.stagekit import clear_login
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from signaalwijzer.accounts.adapters import AccountAdapter as BaseAccountAdapter
from signaalwijzer.accounts.mfa import record_second_factor_at_identity_provider
from signaalwijzer.accounts.session_limits import SESSION_ENDS_AT_KEY
from signaalwijzer.sso.models import IdentityProvider
from signaalwijzer.sso.provider import PROVIDER
from signaalwijzer.sso.selectors import (
    client_secret,
    enabled_providers,
    password_login_refused,
    provider_by_slug,
)
from signaalwijzer.sso.sign_in import SignInRefused, sign_in

logger = logging.getLogger("signaalwijzer.security")

# Where a verified single sign-on keeps its outcome on allauth's SocialLogin.state (server side).
STATE_KEY = "signaalwijzer_sso"


def social_app(provider: IdentityProvider, secret: str) -> SocialApp:
    """The allauth app of an organisation's identity provider (not saved: there are no SocialApp rows)."""
    return SocialApp(
        provider=PROVIDER,
        provider_id=provider.slug,
        name=provider.organisation.name,
        client_id=provider.client_id,
        secret=secret,
        settings={
            "server_url": provider.issuer,
            # Claims only from the ID token, whose signature is checked (provider.SsoOAuth2Adapter).
            "fetch_userinfo": False,
            "oauth_pkce_enabled": True,
        },
    )


def sso_state(sociallogin: SocialLogin | None) -> dict[str, Any]:
    if sociallogin is None or sociallogin.account.provider is None:
        return {}
    state = sociallogin.state.get(STATE_KEY)
    return state if isinstance(state, dict) else {}


def _refuse(request: HttpRequest, message: str) -> None:
    messages.error(request, message)
    raise ImmediateHttpResponse(redirect("account_login"))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        apps = []
        for row in enabled_providers():
            if provider not in (None, PROVIDER, row.slug):
                continue
            if client_id is not None and row.client_id != client_id:
                continue
            try:
                secret = client_secret(row)
            except ImproperlyConfigured:
                secret = None
            if not secret:
                logger.warning("single sign-on %s: client secret variable not set", row.slug)
                continue
            apps.append(social_app(row, secret))
        return apps

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if sociallogin.state.get("process", "login") != "login":
            _refuse(request, _("Only signing in is possible with single sign-on."))
        provider = provider_by_slug(sociallogin.account.provider)
        claims = (sociallogin.account.extra_data or {}).get("id_token")
        if provider is None or not isinstance(claims, dict):
            _refuse(request, _("Single sign-on is not available for this organisation."))
            return
        linked = sociallogin.user if sociallogin.is_existing else None
        try:
            outcome = sign_in(provider, claims, linked=linked)
        except SignInRefused as refused:
            _refuse(request, refused.message)
            return
        # Keep only the reference to the provider's subject, not the token's personal data.
        sociallogin.account.extra_data = {
            "id_token": {"iss": claims.get("iss"), "sub": claims.get("sub")}
        }
        if sociallogin.is_existing:
            sociallogin.account.save(update_fields=["extra_data"])
            sociallogin.user = outcome.user
        else:
            sociallogin.user = outcome.user
            sociallogin.save(request, connect=True)
        sociallogin.state[STATE_KEY] = {
            "provider": provider.slug,
            "mfa": outcome.mfa,
            "ends_at": outcome.session_ends_at,
        }


class AccountAdapter(BaseAccountAdapter):
    def get_login_stages(self) -> list[str]:
        return [
            "signaalwijzer.sso.stages.AuthenticateStage"
            if path == "allauth.mfa.stages.AuthenticateStage"
            else path
            for path in super().get_login_stages()
        ]

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        sociallogin = (kwargs.get("signal_kwargs") or {}).get("sociallogin")
        if not sso_state(sociallogin):
            # A password, passkey or other login: refused where the organisation signs in through its
            # identity provider only (a person removed there must not get in with an old password).
            provider = password_login_refused(
                organisation_id=getattr(user, "organisation_id", None)
            )
            if provider is not None:
                clear_login(request)
                messages.error(request, password_refused_message(provider))
                return redirect("account_login")
        response: HttpResponse | None = super().pre_login(request, user, **kwargs)
        return response

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().post_login(request, user, **kwargs)
        state = sso_state((kwargs.get("signal_kwargs") or {}).get("sociallogin"))
        if state:
            request.session[SESSION_ENDS_AT_KEY] = float(state["ends_at"])
            if state.get("mfa"):
                record_second_factor_at_identity_provider(request, str(state["provider"]))
        return response


def password_refused_message(provider: IdentityProvider) -> str:
    return _(
        "%(organisation)s signs in with single sign-on. Use the button "
        "'Sign in with %(organisation)s' below."
    ) % {"organisation": provider.organisation.name}
