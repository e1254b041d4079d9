from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from signaalwijzer.api.models import TOKEN_PREFIX, PersonalAccessToken, hash_token


class PersonalAccessTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer swt_…``; the token's hash is looked up, never the token itself."""

    keyword = "Bearer"

    def authenticate(self, request: Any) -> tuple[Any, PersonalAccessToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header.startswith(f"{self.keyword} "):
            return None
        raw = header[len(self.keyword) + 1 :].strip()
        if not raw.startswith(TOKEN_PREFIX):
            raise exceptions.AuthenticationFailed("invalid token")
        token = (
            PersonalAccessToken.objects.select_related("user")
            .filter(token_hash=hash_token(raw))
            .first()
        )
        if token is None or not token.is_usable or not token.user.is_active:
            raise exceptions.AuthenticationFailed("invalid, expired or revoked token")
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return self.keyword


class PersonalAccessTokenScheme(OpenApiAuthenticationExtension):
    """Tells the OpenAPI schema how tokens are sent."""

    target_class = "signaalwijzer.api.authentication.PersonalAccessTokenAuthentication"
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token: swt_...",
        }
