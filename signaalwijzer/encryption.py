"""Encryption of sensitive text at rest with the keys in FIELD_ENCRYPTION_KEYS.

MultiFernet: the first key encrypts, every key decrypts, so a key can be rotated by putting a new
key first and re-saving (see docs/operations.md). The keys are separate from SECRET_KEY.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from signaalwijzer.text_input import validate_free_text


class DecryptionError(Exception):
    """Stored text could not be decrypted with any configured key."""


@cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in keys])
    except (ValueError, UnicodeEncodeError) as error:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes)"
        ) from error


def _fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_text(plain: str) -> str:
    return _fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise DecryptionError("stored text cannot be decrypted with the configured keys") from error


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; the database only ever sees ciphertext.

    Encrypted values cannot be searched or sorted by the database: keep such fields out of filters.
    Model forms and API serializers check the text with ``validate_free_text``.
    """

    default_validators = [validate_free_text]

    def from_db_value(
        self, value: str | None, expression: object, connection: object
    ) -> str | None:
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value: object) -> str | None:
        prepared = super().get_prep_value(value)
        if prepared is None or prepared == "":
            return None if prepared is None else ""
        return encrypt_text(str(prepared))


class EncryptedDateField(EncryptedTextField):
    """A date stored encrypted (ISO text inside the ciphertext); for dates that identify a person."""

    def from_db_value(self, value: str | None, expression: object, connection: object) -> Any:
        text = super().from_db_value(value, expression, connection)
        return date.fromisoformat(text) if text else None

    def to_python(self, value: object) -> object:
        if value is None or value == "" or isinstance(value, date):
            return value or None
        return date.fromisoformat(str(value))

    def get_prep_value(self, value: object) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, date):
            value = value.isoformat()
        return super().get_prep_value(value)

    def formfield(
        self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any
    ) -> Any:
        from django import forms

        return forms.DateField(**{"required": not self.blank, "label": self.verbose_name, **kwargs})


def primary_fernet() -> Fernet:
    return Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode("ascii"))


def is_encrypted_with_primary_key(token: str) -> bool:
    try:
        primary_fernet().decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def rotate_token(token: str) -> str:
    """Re-encrypt a stored token with the first (newest) key; the plaintext never leaves this function."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as error:
        raise DecryptionError("stored text cannot be decrypted with the configured keys") from error
