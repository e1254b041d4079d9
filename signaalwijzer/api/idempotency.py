"""Idempotent POSTs: what a retry with the same Idempotency-Key needs, never the response body.

A first POST stores the keyed hashes of its key and body, its path and status, and the id of the record it
made. A retry with the same key and body gets that record *read again* through the access check (so it is
logged, and a record the user may no longer see, or that was destroyed, is not shown); a retry with another
body or path is refused. Rows older than ``IDEMPOTENCY_KEY_HOURS`` are forgotten.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from signaalwijzer.api.models import IdempotencyKey
from signaalwijzer.api.problems import problem

MAX_KEY_LENGTH = 200


def _keyed_hash(purpose: str, value: str) -> str:
    return salted_hmac(
        f"signaalwijzer.api.idempotency.{purpose}", value, algorithm="sha256"
    ).hexdigest()


def key_hash(key: str) -> str:
    return _keyed_hash("key", key)


def request_hash(path: str, body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return _keyed_hash("request", f"{path}\n{canonical}")


def _cutoff() -> Any:
    return timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)


def forget_expired() -> int:
    """Delete every remembered key past its lifetime; returns how many."""
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=_cutoff()).delete()
    return deleted


def stored(user: Any, key: str) -> IdempotencyKey | None:
    return IdempotencyKey.objects.filter(
        user=user, key_hash=key_hash(key), created_at__gte=_cutoff()
    ).first()


def remember(
    user: Any, key: str, *, path: str, body: Any, status: int, case_id: int, record_id: int
) -> None:
    IdempotencyKey.objects.create(
        user=user,
        key_hash=key_hash(key),
        request_hash=request_hash(path, body),
        path=path,
        status=status,
        case_id=case_id,
        record_id=record_id,
    )


def same_request(stored_key: IdempotencyKey, *, path: str, body: Any) -> bool:
    return stored_key.path == path and stored_key.request_hash == request_hash(path, body)


Created = tuple[Any, int, Response]  # (the record made, its case id, the answer)


def run_once(
    request: Request, create: Callable[[], Created], replay: Callable[[int], Response]
) -> Response:
    """Run ``create`` once per (user, Idempotency-Key); a retry gets the record read again by ``replay``.

    Nothing of the answer is stored (see ``idempotency``): ``replay`` reads the record through the access
    check, so the retry is logged and a record the user may no longer see is a 404.
    """
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return create()[2]
    if len(key) > MAX_KEY_LENGTH:
        return problem(status.HTTP_400_BAD_REQUEST, "Idempotency-Key is too long")
    user = request.user
    forget_expired()
    previous = stored(user, key)
    if previous is None:
        try:
            with transaction.atomic():
                record, case_id, response = create()
                if response.status_code >= 400:
                    return response
                remember(
                    user,
                    key,
                    path=request.path,
                    body=request.data,
                    status=response.status_code,
                    case_id=case_id,
                    record_id=record.pk,
                )
                return response
        except IntegrityError:  # the same key, sent twice at the same moment: the other one won
            previous = stored(user, key)
            assert previous is not None
    if not same_request(previous, path=request.path, body=request.data):
        return problem(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            "This Idempotency-Key was used for another request",
            "Use a new Idempotency-Key for a new request.",
        )
    response = replay(previous.record_id)
    response.status_code = previous.status
    response["Idempotent-Replayed"] = "true"
    return response
