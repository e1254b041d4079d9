"""allauth's OpenID Connect provider, per organisation, with the ID token's signature always checked.

allauth finds this module because the sso app is installed (``provider_classes`` below); its URLs are
``signaalwijzer.sso.urls``, included under /accounts/ by allauth. The apps (one per organisation) come
from ``IdentityProvider`` rows through ``adapters.SocialAccountAdapter.list_apps``.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.core.internal.deferred import jwt
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

logger = logging.getLogger("signaalwijzer.security")

PROVIDER = "signaalwijzer_sso"
# The endpoints of the discovery document that are used; each must be https (http only locally in tests).
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint")
# Asymmetric algorithms only: a token signed with a shared secret ("HS256") or not at all ("none") is refused.
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")


class SsoOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    @property
    def openid_config(self) -> dict[str, Any]:
        config: dict[str, Any] = super().openid_config
        # Discovery must describe the issuer we were configured with (OpenID Connect Discovery 4.3).
        configured = self.get_provider().app.settings["server_url"].rstrip("/")
        if str(config.get("issuer", "")).rstrip("/") != configured:
            raise OAuth2Error("issuer mismatch")
        from signaalwijzer.sso.claims import endpoint_problem
        from signaalwijzer.sso.services import allow_local_http

        for name in ENDPOINTS:
            value = config.get(name)
            if value is None and name == "userinfo_endpoint":
                continue  # optional, and not fetched (claims come from the ID token only)
            problem = endpoint_problem(value, allow_local_http=allow_local_http())
            if problem:
                logger.warning(
                    "single sign-on %s: discovery %s refused (%s)",
                    self.provider_id,
                    name,
                    problem,
                )
                raise OAuth2Error("endpoint not https")
        return config

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        """Always check the signature against the provider's published keys (allauth skips it when the
        token came straight from the token endpoint), with an asymmetric algorithm, and iss, aud, exp."""
        try:
            header = jwt.get_unverified_header(id_token)
            if header.get("alg") not in ALGORITHMS or not header.get("kid"):
                raise OAuth2Error("ID token not signed with a published key")
        except jwt.PyJWTError as error:
            raise OAuth2Error("Invalid id_token") from error
        data: dict[str, Any] = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        return data

    def get_callback_url(self, request: HttpRequest, app: SocialApp) -> str:
        from allauth.utils import build_absolute_uri

        url = reverse(f"{PROVIDER}_callback", kwargs={"provider_id": self.provider_id})
        return str(build_absolute_uri(request, url, self.redirect_uri_protocol))


class SsoProvider(OpenIDConnectProvider):
    id = PROVIDER
    name = "Single sign-on"
    oauth2_adapter_class = SsoOAuth2Adapter
    pkce_enabled_default = True

    def get_login_url(self, request: HttpRequest, **kwargs: Any) -> str:
        url = reverse(f"{PROVIDER}_login", kwargs={"provider_id": self.app.provider_id})
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self) -> str:
        return reverse(f"{PROVIDER}_callback", kwargs={"provider_id": self.app.provider_id})

    def verify_token(self, request: HttpRequest, token: Any) -> Any:
        # Logging in by posting a token (allauth's headless API) is not offered.
        raise OAuth2Error("token login not offered")


provider_classes = [SsoProvider]
