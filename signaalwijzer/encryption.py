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


# --- Blind index: finding a case by its exact pseudonym or reference without decrypting rows ------------
#
# The stored value is HMAC-SHA256(key, normalised text). It reveals only which rows hold the same normalised
# value (and, to someone with the key, whether a guessed value matches). The key is derived (HKDF) from a
# field-encryption key, so it is as secret as that key and rotates with it: `rotate_keys` recomputes every
# index with the key derived from the newest encryption key; until then a search tries every configured key.

_BLIND_INDEX_INFO = b"signaalwijzer blind index v1"


def normalise_for_index(text: str) -> str:
    """Unicode NFKC, case-folded, outer whitespace removed and inner whitespace collapsed to one space."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@cache
def _index_key(fernet_key: str) -> bytes:
    import base64

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    material = base64.urlsafe_b64decode(fernet_key.encode("ascii"))
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_BLIND_INDEX_INFO).derive(
        material
    )


def _digest(fernet_key: str, normalised: str) -> str:
    import hashlib
    import hmac

    return hmac.new(_index_key(fernet_key), normalised.encode("utf-8"), hashlib.sha256).hexdigest()


def blind_index(text: str | None) -> str | None:
    """The index of ``text`` under the newest key; None for empty text (which nobody can search for)."""
    normalised = normalise_for_index(text or "")
    if not normalised:
        return None
    return _digest(settings.FIELD_ENCRYPTION_KEYS[0], normalised)


def blind_index_candidates(text: str) -> list[str]:
    """The index of ``text`` under every configured key: a row not yet re-indexed after a rotation matches."""
    normalised = normalise_for_index(text)
    if not normalised:
        return []
    return [_digest(key, normalised) for key in settings.FIELD_ENCRYPTION_KEYS]


class BlindIndexField(models.CharField):
    """The blind index of the encrypted field ``source`` of the same model, kept on every ``save()``.

    A queryset ``update()`` of the source must set it too (``blind_index(value)``); `rotate_keys` recomputes
    every such field after a key rotation.
    """

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for option, default in (("max_length", 64), ("null", True), ("blank", True)):
            if kwargs.get(option) == default:
                kwargs.pop(option)
        kwargs.pop("editable", None)
        if kwargs.get("db_index") is True:
            kwargs.pop("db_index")
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = blind_index(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
