"""Personal access tokens for the API, and remembered responses for idempotent POSTs."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "swt_"  # noqa: S105  # nosec B105


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class PersonalAccessToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    # Only the hash is stored; the token itself is shown once, when it is made.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @classmethod
    def issue(
        cls, *, user: object, name: str, scope: str, days: int
    ) -> tuple[PersonalAccessToken, str]:
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            token_hash=hash_token(raw),
            prefix=raw[:10],
            scope=scope,
            expires_at=timezone.now() + timedelta(days=days),
        )
        return token, raw

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class IdempotencyKey(models.Model):
    """What a retry of a POST with an Idempotency-Key needs, and nothing of the case itself.

    No response body is kept: a retry re-reads the record through the access check (and is logged like
    any read). The key and the request body are kept only as keyed hashes, so a client's key cannot hold
    personal data in clear and a different body with the same key is refused. Rows expire after
    ``IDEMPOTENCY_KEY_HOURS`` and go with their case when it is destroyed.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key_hash = models.CharField(max_length=64)
    request_hash = models.CharField(max_length=64)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    record_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key_hash"], name="idempotency_key_hash_unique")
        ]

    def __str__(self) -> str:
        return self.key_hash[:12]
