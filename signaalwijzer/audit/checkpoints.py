"""Signed checkpoints of the access log. Pure: no Django.

A checkpoint says "at this moment the log's last row was row I with hash H, and there were N rows up to it",
signed with an Ed25519 key that is kept outside the database. Written regularly to a place the application
cannot rewrite (an append-only file or syslog that operations collects), checkpoints make the log's evidence
independent of the database: deleting, truncating or rewriting rows and recomputing the hashes, or cutting
rows off and moving the head back, no longer verifies once a checkpoint names a row that changed
(audit/chain.py, Anchor). A checkpoint is one line of JSON.

Keys: an Ed25519 private key as PEM (PKCS#8, e.g. from ``openssl genpkey -algorithm ed25519``) or as the base64
of its 32 raw bytes; public keys likewise as PEM (SubjectPublicKeyInfo) or base64 of 32 raw bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from signaalwijzer.audit.chain import Anchor

KIND = "signaalwijzer.audit.checkpoint"
VERSION = 1
_SIGNED_FIELDS = ("kind", "v", "at", "last_id", "last_hash", "rows", "key_id")
# Version 2 also signs what the line is for (``purpose``: a checkpoint, or an anchor the database keeps:
# "verified", "archived") and a ``detail`` (an archive's file, SHA-256 and partitions), so a line signed for one
# purpose cannot be passed off as another (decision 49). Plain checkpoints stay version 1.
VERSION_2 = 2
_SIGNED_FIELDS_2 = (*_SIGNED_FIELDS, "purpose", "detail")
CHECKPOINT = "checkpoint"


class BadKey(ValueError):
    """A key that cannot be read (the message never contains the key)."""


class CheckpointError(ValueError):
    """A checkpoint line that is malformed, or whose signature does not hold."""


def _raw_or_pem(text: str) -> tuple[bytes | None, bytes | None]:
    stripped = text.strip()
    if stripped.startswith("-----BEGIN"):
        return None, stripped.encode()
    try:
        return base64.b64decode(stripped, validate=True), None
    except (binascii.Error, ValueError):
        return None, None


def load_private_key(text: str) -> Ed25519PrivateKey:
    raw, pem = _raw_or_pem(text)
    try:
        if raw is not None and len(raw) == 32:
            return Ed25519PrivateKey.from_private_bytes(raw)
        if pem is not None:
            key = serialization.load_pem_private_key(pem, password=None)
            if isinstance(key, Ed25519PrivateKey):
                return key
    except (ValueError, TypeError):
        pass
    raise BadKey(
        "not an Ed25519 private key (expected PEM or the base64 of 32 bytes, without a password)"
    )


def load_public_key(text: str) -> Ed25519PublicKey:
    raw, pem = _raw_or_pem(text)
    try:
        if raw is not None and len(raw) == 32:
            return Ed25519PublicKey.from_public_bytes(raw)
        if pem is not None:
            key = serialization.load_pem_public_key(pem)
            if isinstance(key, Ed25519PublicKey):
                return key
    except (ValueError, TypeError):
        pass
    raise BadKey("not an Ed25519 public key (expected PEM or the base64 of 32 bytes)")


def public_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_text(key: Ed25519PublicKey) -> str:
    """The public key as base64 of its 32 bytes (what AUDIT_VERIFY_PUBLIC_KEY takes)."""
    return base64.b64encode(public_raw(key)).decode()


def key_id(key: Ed25519PublicKey) -> str:
    """A short name of the key, so a checkpoint says which key signed it."""
    return hashlib.sha256(public_raw(key)).hexdigest()[:16]


def _message(fields: dict[str, Any]) -> bytes:
    names = _SIGNED_FIELDS_2 if fields.get("v") == VERSION_2 else _SIGNED_FIELDS
    signed = {name: fields[name] for name in names}
    return json.dumps(signed, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


@dataclass(frozen=True)
class Checkpoint:
    at: str
    last_id: int
    last_hash: str
    rows: int
    key_id: str
    purpose: str = CHECKPOINT
    detail: str = ""

    def anchor(self, where: str = "") -> Anchor:
        return Anchor(
            last_id=self.last_id,
            last_hash=self.last_hash,
            rows=self.rows,
            label=f"checkpoint of {self.at}{where}",
        )


def sign(
    *,
    at: str,
    last_id: int,
    last_hash: str,
    rows: int,
    key: Ed25519PrivateKey,
    purpose: str = CHECKPOINT,
    detail: str = "",
) -> str:
    """One checkpoint line (JSON, no newline); version 2 when it is for another purpose or has a detail."""
    fields: dict[str, Any] = {
        "kind": KIND,
        "v": VERSION if purpose == CHECKPOINT and not detail else VERSION_2,
        "at": at,
        "last_id": last_id,
        "last_hash": last_hash,
        "rows": rows,
        "key_id": key_id(key.public_key()),
    }
    if fields["v"] == VERSION_2:
        fields |= {"purpose": purpose, "detail": detail}
    fields["signature"] = base64.b64encode(key.sign(_message(fields))).decode()
    return json.dumps(fields, sort_keys=True, separators=(",", ":"))


def _field(fields: dict[str, Any], name: str, kind: type) -> Any:
    value = fields.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise CheckpointError(f"the field {name!r} is missing or not a {kind.__name__}")
    return value


def parse(line: str, key: Ed25519PublicKey) -> Checkpoint:
    """The checkpoint in ``line`` if it is well-formed and signed by ``key``; CheckpointError otherwise."""
    try:
        fields = json.loads(line)
    except ValueError as error:
        raise CheckpointError("not a checkpoint (no valid JSON)") from error
    if not isinstance(fields, dict) or fields.get("kind") != KIND:
        raise CheckpointError("not a checkpoint of the access log")
    if fields.get("v") not in (VERSION, VERSION_2):
        raise CheckpointError(f"unknown checkpoint version {fields.get('v')!r}")
    second = fields.get("v") == VERSION_2
    checkpoint = Checkpoint(
        at=_field(fields, "at", str),
        last_id=_field(fields, "last_id", int),
        last_hash=_field(fields, "last_hash", str),
        rows=_field(fields, "rows", int),
        key_id=_field(fields, "key_id", str),
        purpose=_field(fields, "purpose", str) if second else CHECKPOINT,
        detail=_field(fields, "detail", str) if second else "",
    )
    if checkpoint.last_id < 0 or checkpoint.rows < 0 or checkpoint.rows > checkpoint.last_id:
        raise CheckpointError("the row numbers do not add up")
    expected = key_id(key)
    if checkpoint.key_id != expected:
        raise CheckpointError(
            f"signed with key {checkpoint.key_id}, not with the verification key {expected}"
        )
    try:
        signature = base64.b64decode(_field(fields, "signature", str), validate=True)
        key.verify(signature, _message(fields))
    except (binascii.Error, ValueError, InvalidSignature) as error:
        raise CheckpointError(
            "the signature does not match: the line was forged or changed after signing"
        ) from error
    return checkpoint
