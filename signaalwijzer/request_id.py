"""A request id for every request: taken from the proxy's X-Request-ID when it is a safe token, else made here.

It is sent back in the X-Request-ID response header and put on every log record written while the request runs
(a context variable read by log_filters.AddRequestId), so one request's log lines can be found together and matched
with the proxy's. The middleware also writes one request line per request (method, path without the query
string, status, duration): the matched URL pattern rather than the path itself (``loggable_path``), never a query
string, a one-time key, an address or a user.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponseBase

from signaalwijzer.log_filters import current_request_id

HEADER = "X-Request-ID"
# Letters, digits, dot, underscore and hyphen, 8 to 128 of them: what proxies generate (UUIDs, hex, ULIDs).
# Nothing else is taken over, so no e-mail address, name or log-line break can come in through the header.
_SAFE_TOKEN = re.compile(r"[A-Za-z0-9._-]{8,128}")

request_log = logging.getLogger("signaalwijzer.request")


def is_safe_token(value: str) -> bool:
    return _SAFE_TOKEN.fullmatch(value) is not None


def new_request_id() -> str:
    return uuid.uuid4().hex


def request_id_for(request: HttpRequest) -> str:
    """The proxy's id when there is a proxy (PROXY_COUNT) and the id is a safe token; else a new one.

    Without a proxy in front, the header would come from the client itself, so it is not taken over.
    """
    offered = request.headers.get(HEADER, "")
    if settings.AXES_IPWARE_PROXY_COUNT and is_safe_token(offered):
        return offered
    return new_request_id()


def loggable_path(request: HttpRequest) -> str:
    """The URL pattern the request matched ("/cases/<int:case_id>/"), not its values: a path can carry a one-time
    key (a password-reset or invitation link) or an id someone could search for. Unmatched (a 404): "-"."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "-"
    return "/" + match.route.lstrip("^").rstrip("$")


class RequestIdMiddleware:
    """First in MIDDLEWARE, so that every response and every log line of the request carries the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_for(request)
        # Not reset when the middleware returns: Django logs a 4xx/5xx response after the middleware chain,
        # and that line belongs to the request too. It is cleared when the response is closed (below).
        current_request_id.set(request_id)
        started = time.monotonic()
        response = self.get_response(request)
        response[HEADER] = request_id
        duration_ms = round((time.monotonic() - started) * 1000)
        path = loggable_path(request)
        request_log.info(
            "%s %s %s %sms",
            request.method,
            path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response


def _forget_request_id(**kwargs: object) -> None:
    current_request_id.set(None)


# The server closes the response when it has been sent: from then on the thread's lines belong to no request.
request_finished.connect(_forget_request_id, dispatch_uid="signaalwijzer.request_id.forget")
