"""The test users' claims, kept in a JSON file beside the provider's database (shared by its threads)."""

from __future__ import annotations

import json
import threading
from typing import Any

from django.conf import settings

_LOCK = threading.Lock()


def _path() -> Any:
    return settings.DATA / "claims.json"


def claims_of(username: str) -> dict[str, Any]:
    with _LOCK:
        path = _path()
        data = json.loads(path.read_text()) if path.exists() else {}
    found = data.get(username, {})
    return found if isinstance(found, dict) else {}


def set_claims(username: str, claims: dict[str, Any]) -> None:
    with _LOCK:
        path = _path()
        data = json.loads(path.read_text()) if path.exists() else {}
        data[username] = claims
        path.write_text(json.dumps(data))
