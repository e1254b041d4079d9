#!/usr/bin/env python3
"""Make the secrets compose.yaml reads, as files in ./secrets/ (Docker secrets): python3 deploy/trial-secrets.py

Only the standard library. An existing file is never overwritten: without the field-encryption key the
encrypted data cannot be read again. Keep a copy of the keys apart from the database backups
(docs/operations.md "Backups"); never commit them (.gitignore has secrets/).
"""

from __future__ import annotations

import base64
import os
import secrets
import sys
from pathlib import Path


def new_secrets(database_password: str) -> dict[str, str]:
    return {
        "secret_key": secrets.token_urlsafe(50),
        # A Fernet key: URL-safe base64 of 32 random bytes.
        "field_encryption_keys": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        # The Ed25519 private key for the access log's checkpoints: base64 of 32 random bytes.
        "audit_signing_key": base64.b64encode(os.urandom(32)).decode(),
        "postgres_password": database_password,
        "database_url": f"postgres://signaalwijzer:{database_password}@db:5432/signaalwijzer",
    }


def write(directory: Path) -> list[str]:
    """Write the missing secret files; returns the names written."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    existing = directory / "postgres_password"
    password = (
        existing.read_text(encoding="utf-8").strip()
        if existing.exists()
        else secrets.token_urlsafe(24)
    )
    written = []
    for name, value in new_secrets(password).items():
        path = directory / name
        if path.exists():
            continue
        path.write_text(value + "\n", encoding="utf-8")
        # Readable by the container's user (Compose mounts the file as it is); the folder is the owner's only.
        path.chmod(0o644)
        written.append(name)
    return written


def main(argv: list[str]) -> int:
    directory = Path(argv[1]) if len(argv) > 1 else Path("secrets")
    written = write(directory)
    print(f"{directory}/: written {', '.join(written) or 'nothing (all there already)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
