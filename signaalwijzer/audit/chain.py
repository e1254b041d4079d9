"""The hash chain of the access log. Pure: no Django.

Every event's hash covers its own content and the previous event's hash, so changing or removing any row
breaks the chain from that row on. The latest hash, stored outside the database ("anchor"), also shows
when rows were cut off at the end.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(content: Mapping[str, Any]) -> str:
    """The one text form of an event's content that its hash covers."""
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def digest(previous_hash: str, content: Mapping[str, Any]) -> str:
    """SHA-256 of the previous hash, a newline and the canonical content, as UTF-8, in hex.

    PostgreSQL computes the same in one statement (audit/services.py, _append_in_one_statement).
    """
    return hashlib.sha256(f"{previous_hash}\n{canonical(content)}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainRow:
    id: int
    previous_hash: str
    hash: str
    content: Mapping[str, Any]


@dataclass(frozen=True)
class Break:
    id: int
    reason: str


def first_break(rows: Iterable[ChainRow]) -> Break | None:
    """Walk rows in order; the first row whose links or content do not add up, or None."""
    expected_previous = GENESIS
    for row in rows:
        if row.previous_hash != expected_previous:
            return Break(
                row.id, "does not follow the row before it (a row was removed or inserted)"
            )
        if digest(row.previous_hash, row.content) != row.hash:
            return Break(row.id, "its content was changed after it was written")
        expected_previous = row.hash
    return None
