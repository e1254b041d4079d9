"""Verifying the access log from the last verified anchor: the cost follows the new events (decision 49).

A full walk (`audit verify --full`) reads every row from the first; at tens of millions of events a year that
takes ever longer. After a walk that held, the verifier keeps a signed anchor (``LogAnchor``, kind
``verified``: the last row, its hash, the rows up to it). The next verification starts there:
1. the anchor's signature must hold (a row forged in the database without the signing key is refused);
2. the anchored row must still be there with the same hash — rewriting or removing older rows and
   recomputing the hashes changes it, so this one look-up covers every such change before it;
3. every row after it is walked as in the full walk (links, content, checkpoints from files, the head).
What only the full walk finds: a row before the anchor whose content was changed without recomputing any hash.
Run the full walk now and then (docs/operations.md); it keeps its anchor too.

When months were archived and dropped (audit/archive.py), the chain starts after the latest ``archived``
anchor: the full walk starts there instead of at the first row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from signaalwijzer.audit import checkpoints
from signaalwijzer.audit.chain import Anchor, Break, digest
from signaalwijzer.audit.models import AccessEvent, LogAnchor
from signaalwijzer.audit.services import (
    Walked,
    signing_key,
    verification_key,
    verify_chain,
)


@dataclass(frozen=True)
class Verification:
    broken: Break | None
    mode: str  # "full" or "incremental"
    walked: int  # rows checked in this run
    total: int  # rows in the chain up to its last row (after the archived ones)
    start: Anchor | None


class AnchorRefused(Exception):
    """The stored anchor's signature does not hold: nothing can start from it (run the full walk)."""


def keep_anchor(kind: str, line: str, **fields: str) -> LogAnchor:
    """Store a signed checkpoint line as an anchor of ``kind``; its numbers come from the line."""
    checkpoint = checkpoints.parse(line, signing_key().public_key())
    return LogAnchor.objects.create(
        kind=kind, last_id=checkpoint.last_id, rows=checkpoint.rows, line=line, **fields
    )


def sign_and_keep(kind: str, walked: Walked, **fields: str) -> LogAnchor:
    from django.utils import timezone

    line = checkpoints.sign(
        at=timezone.now().isoformat(),
        last_id=walked.last_id,
        last_hash=walked.last_hash,
        rows=walked.total,
        key=signing_key(),
    )
    return keep_anchor(kind, line, **fields)


def _anchor(row: LogAnchor, key: object) -> Anchor:
    try:
        checkpoint = checkpoints.parse(row.line, key)  # type: ignore[arg-type]
    except checkpoints.CheckpointError as error:
        raise AnchorRefused(
            f"the stored {row.kind} anchor at row {row.last_id}: {error}"
        ) from error
    return checkpoint.anchor(f" ({row.kind} {checkpoint.at})")


def latest(kinds: Iterable[str]) -> Anchor | None:
    """The latest anchor of these kinds whose signature holds; AnchorRefused when the latest is forged."""
    row = LogAnchor.objects.filter(kind__in=list(kinds)).order_by("-last_id", "-pk").first()
    if row is None:
        return None
    return _anchor(row, verification_key())


def archived_start() -> Anchor | None:
    """Where the chain starts now: after the rows archived and dropped, or None (the first row)."""
    return latest([LogAnchor.Kind.ARCHIVED])


def rows_up_to(last_id: int) -> int:
    """Rows of the chain up to ``last_id``, counted on from the latest signed anchor at or before it."""
    base = None
    if settings.AUDIT_SIGNING_KEY:
        row = LogAnchor.objects.filter(last_id__lte=last_id).order_by("-last_id", "-pk").first()
        if row is not None:
            try:
                base = _anchor(row, verification_key())
            except AnchorRefused:
                base = None
    if base is None:
        return AccessEvent.objects.filter(pk__lte=last_id).count()
    return base.rows + AccessEvent.objects.filter(pk__gt=base.last_id, pk__lte=last_id).count()


def _anchored_row_holds(start: Anchor) -> Break | None:
    event = AccessEvent.objects.filter(pk=start.last_id).first()
    found = event.hash if event is not None else None
    if event is None:
        return Break(
            start.last_id,
            f"this row is gone, but the {start.label} verified the chain up to it",
        )
    if found != start.last_hash:
        return Break(
            start.last_id,
            f"its hash is not the one the {start.label} recorded (rows up to it were changed or removed "
            "and the hashes recomputed)",
        )
    if digest(event.previous_hash, event.chain_content()) != event.hash:
        return Break(start.last_id, "its content was changed after it was written")
    return None


def verify(
    *, full: bool = False, anchors: Iterable[Anchor] = (), keep: bool = True
) -> Verification:
    """Verify the log, incrementally from the last verified anchor unless ``full`` or there is none.

    On success a new ``verified`` anchor is kept (when a signing key is set and ``keep``).
    """
    can_sign = bool(settings.AUDIT_SIGNING_KEY)
    archived = archived_start() if can_sign else None
    start = None if full or not can_sign else latest([LogAnchor.Kind.VERIFIED])
    if start is not None and archived is not None and archived.last_id > start.last_id:
        start = None  # verified before the archive: the chain now starts after the archived rows
    mode = "incremental" if start is not None else "full"
    if start is None:
        start = archived
        broken = None
    else:
        broken = _anchored_row_holds(start)
    walked: list[Walked] = []
    if broken is None:
        broken = verify_chain(anchors=list(anchors), start=start, walked=walked)
    if broken is not None or not walked:
        return Verification(broken, mode, 0, 0, start)
    result = walked[0]
    moved = start is None or result.last_id != start.last_id
    if keep and can_sign and result.last_id > 0 and moved:
        sign_and_keep(LogAnchor.Kind.VERIFIED, result)
    return Verification(None, mode, result.rows, result.total, start)


class LogBroken(Exception):
    """The scheduled verification found a break (the message names the row, never its content)."""


def verify_or_raise() -> int:
    """The job "audit-verify": incremental verification; the rows walked, or LogBroken."""
    result = verify()
    if result.broken is not None:
        raise LogBroken(f"access log broken at row {result.broken.id}: {result.broken.reason}")
    return result.walked
