"""Reading configuration from the environment.

Every setting that differs between machines comes from an environment variable. A secret may
instead come from a file named by ``<NAME>_FILE`` (Docker/Kubernetes secrets, systemd credentials),
so that it never has to appear in a process listing or a shell history.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


def get(name: str, default: str | None = None) -> str | None:
    """The value of ``name``, or the content of the file named by ``name_FILE``."""
    value = os.environ.get(name)
    if value is not None:
        return value
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"{name}_FILE points to a file that cannot be read"
            ) from error
    return default


def get_bool(name: str, default: bool) -> bool:
    value = get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false")


def get_int(name: str, default: int) -> int:
    value = get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number") from error


def get_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; empty items are dropped."""
    value = get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]
