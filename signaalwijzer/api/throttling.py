"""API rate limits (DRF throttles), with the rate read from settings at each request so it can change."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from signaalwijzer.client_address import address_of


def _per_minute(limit: int) -> str | None:
    return f"{limit}/min" if limit > 0 else None


class UserThrottle(UserRateThrottle):
    def get_rate(self) -> str | None:
        return _per_minute(settings.API_RATE_LIMIT_PER_MINUTE)


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self) -> str | None:
        return _per_minute(settings.API_ANONYMOUS_RATE_LIMIT_PER_MINUTE)

    def get_ident(self, request: Any) -> str:
        # The same client address as the access log (behind PROXY_COUNT proxies, the client's).
        return address_of(request) or "unknown"
