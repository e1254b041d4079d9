"""Idempotent POSTs: what a retry with the same Idempotency-Key needs, never the response body.

A first POST stores the keyed hashes of its key and body, its path and status, and the id of the record it
made. A retry with the same key and body gets that record *read again* through the access check (so it is
logged, and a record the user may no longer see, or that was destroyed, is not shown); a retry with another
body or path is refused. Rows older than ``IDEMPOTENCY_KEY_HOURS`` are forgotten.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from signaalwijzer.api.models import IdempotencyKey

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
