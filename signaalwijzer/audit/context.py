"""Where a request comes from, for the access log, without passing the request to every service."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from signaalwijzer.client_address import address_of

__all__ = ["AuditContextMiddleware", "address_of", "client_address"]

client_address: ContextVar[str | None] = ContextVar("client_address", default=None)


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_address.set(address_of(request))
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)
