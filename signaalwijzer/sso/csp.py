"""The login page's forms lead to an identity provider: its origin must be in the page's CSP form-action.

Browsers check form-action on every redirect after a form is sent, so "Sign in with <organisation>"
(a POST to our own URL, answered with a redirect to the provider) would be blocked by ``form-action
'self'``. A page that shows such a form names the providers' origins (``allow_form_action``); the
middleware adds them to that response's policy only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponseBase

ATTRIBUTE = "_sso_form_action"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def allow_form_action(request: HttpRequest | None, urls: Iterable[str]) -> None:
    if request is None:
        return
    origins: set[str] = getattr(request, ATTRIBUTE, set())
    origins.update(origin_of(url) for url in urls)
    setattr(request, ATTRIBUTE, origins)


class SsoFormActionMiddleware:
    """Listed after django-csp's middleware, so that it marks the response before the policy is built."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase = self.get_response(request)
        origins = getattr(request, ATTRIBUTE, None)
        if origins:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), *sorted(origins)]
            response._csp_update = update  # type: ignore[attr-defined]
        return response
