"""Errors as JSON problem details (RFC 9457), never HTML or a traceback."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from signaalwijzer.cases.services import ConflictError

PROBLEM = "application/problem+json"


def problem(status_code: int, title: str, detail: Any = None, **extra: Any) -> Response:
    body = {"type": "about:blank", "title": title, "status": status_code}
    if detail is not None:
        body["detail"] = detail
    body.update(extra)
    return Response(body, status=status_code, content_type=PROBLEM)


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return problem(status.HTTP_400_BAD_REQUEST, "Invalid input", errors=detail)
    if isinstance(exc, ConflictError):
        return problem(
            status.HTTP_412_PRECONDITION_FAILED,
            "The record changed since you read it",
            "Read it again (GET) and send the new version in If-Match.",
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return problem(response.status_code, "Invalid input", errors=response.data)
    data: Any = response.data
    message = data.get("detail") if isinstance(data, dict) else data
    result = problem(response.status_code, str(getattr(exc, "default_detail", "Error")), message)
    for header in ("WWW-Authenticate", "Retry-After"):
        if header in response:
            result[header] = response[header]
    return result


def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(
        {"type": "about:blank", "title": "Not found", "status": 404},
        status=404,
        content_type=PROBLEM,
    )


def server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {"type": "about:blank", "title": "Server error", "status": 500},
        status=500,
        content_type=PROBLEM,
    )
