"""The hash chain of the access log. Pure: no Django.

Every event's hash covers its own content and the previous event's hash, so changing or removing any row
breaks the chain from that row on. But someone who can write to the database can also recompute every hash
after a change, or cut rows off the end and move the head back: the chain alone then still adds up. Anchors
close that gap: an anchor (a signed checkpoint, audit/checkpoints.py) is kept outside the database and says
which row was the last one at some moment, with which hash, and how many rows there were up to it. A row it
names that is gone, or has another hash, or another number of rows before it, is a break.
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


@dataclass(frozen=True)
class Anchor:
    """The chain as recorded outside the database at one moment: the last row, its hash, the rows up to it."""

    last_id: int
    last_hash: str
    rows: int
    label: str  # names the anchor in a message, e.g. "checkpoint of 2026-05-01T03:00:00+00:00"


def _gone(anchor: Anchor) -> Break:
    return Break(
        anchor.last_id,
        f"this row is gone, but the {anchor.label} recorded it with {anchor.rows} rows up to it "
        "(rows were removed, cut off or truncated)",
    )


def first_break(
    rows: Iterable[ChainRow], anchors: Iterable[Anchor] = (), start: Anchor | None = None
) -> Break | None:
    """Walk rows in order; the first row whose links, content or anchors do not add up, or None.

    ``start``: the rows begin right after this anchor's row (verified before, or archived), so the first row
    must follow its hash and the count goes on from its rows; anchors at or before it were checked then.
    """
    begin = start.last_id if start is not None else 0
    # An anchor of an empty log (last id 0) holds nothing that could be missing later.
    pending = sorted((a for a in anchors if a.last_id > begin), key=lambda anchor: anchor.last_id)
    next_anchor = 0
    expected_previous = start.last_hash if start is not None else GENESIS
    offset = start.rows if start is not None else 0
    for seen, row in enumerate(rows, start=offset + 1):
        if next_anchor < len(pending) and pending[next_anchor].last_id < row.id:
            return _gone(pending[next_anchor])
        if row.previous_hash != expected_previous:
            return Break(
                row.id, "does not follow the row before it (a row was removed or inserted)"
            )
        if digest(row.previous_hash, row.content) != row.hash:
            return Break(row.id, "its content was changed after it was written")
        while next_anchor < len(pending) and pending[next_anchor].last_id == row.id:
            anchor = pending[next_anchor]
            if anchor.last_hash != row.hash:
                return Break(
                    row.id,
                    f"its hash is not the one the {anchor.label} recorded "
                    "(rows before it were changed or removed and the hashes recomputed)",
                )
            if anchor.rows != seen:
                return Break(
                    row.id,
                    f"the {anchor.label} counted {anchor.rows} rows up to this one, now there are "
                    f"{seen} (rows were removed or inserted)",
                )
            next_anchor += 1
        expected_previous = row.hash
    if next_anchor < len(pending):
        return _gone(pending[next_anchor])
    return None
