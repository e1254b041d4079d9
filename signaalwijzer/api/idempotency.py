"""Remembered answers for POSTs with an Idempotency-Key."""

from __future__ import annotations

from typing import Any

from signaalwijzer.api.models import IdempotencyKey


def stored(user: Any, key: str) -> IdempotencyKey | None:
    return IdempotencyKey.objects.filter(user=user, key=key).first()


def remember(user: Any, key: str, *, path: str, status: int, body: Any) -> None:
    IdempotencyKey.objects.create(user=user, key=key, path=path, status=status, body=body)
