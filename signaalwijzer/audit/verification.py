"""Verifying the access log from the last verified anchor: the cost follows the new events (decision 49).

A full walk (`audit verify --full`) reads every row from the first; at tens of millions of events a year that
takes ever longer. After a walk that held, the verifier keeps a signed anchor (``LogAnchor``, kind
``verified``: the last row, its hash, the rows up to it). The next verification starts there:
1. the anchor's signature must hold, signed for this purpose (a row forged or relabelled in the database without
   the signing key is ignored and reported);
2. the anchored row must still be there with the same hash and content — rewriting or removing older rows and
   recomputing the hashes changes it, so this one look-up covers every such change before it;
3. every row after it is walked as in the full walk (links, content, the head), with the checkpoints from files
   that fall there; checkpoints from before it are looked up (their row still there, with that hash).
What only the full walk finds: a row before the anchor whose content was changed without recomputing any hash.
Run the full walk now and then (docs/operations.md); it keeps its anchor too. Inserting a row with an id of the
past is refused by the database (migration audit 0011), so no row can hide behind an anchor.

When months were archived and dropped (audit/archive.py), the chain starts after the latest ``archived``
anchor: the full walk starts there instead of at the first row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from signaalwijzer.audit import checkpoints
from signaalwijzer.audit.chain import Anchor, Break, digest
from signaalwijzer.audit.models import AccessEvent, LogAnchor
from signaalwijzer.audit.services import (
    Walked,
    signing_key,
    verification_key,
    verify_chain,
)

LOOKUP_BATCH = 1000


@dataclass(frozen=True)
class Verification:
    broken: Break | None
    mode: str  # "full" or "incremental"
    walked: int  # rows checked in this run
    total: int  # rows in the chain up to its last row (after the archived ones)
    start: Anchor | None
    # Stored anchors whose signature does not hold (forged, relabelled, or signed with another key): skipped.
    ignored: list[str] = field(default_factory=list)
    # Checkpoints from files before the start: their rows looked up (present, same hash), not walked.
    looked_up: int = 0


class AnchorRefused(Exception):
    """An archived anchor cannot be checked: the chain's start is unknown (give the right key)."""


def keep_anchor(kind: str, line: str, **fields: str) -> LogAnchor:
    """Store a signed line as an anchor of ``kind``; its numbers come from the line."""
    checkpoint = checkpoints.parse(line, signing_key().public_key())
    return LogAnchor.objects.create(
        kind=kind, last_id=checkpoint.last_id, rows=checkpoint.rows, line=line, **fields
    )


def archive_detail(archive: str, sha256: str, partitions: str) -> str:
    """What an archived anchor signs besides the chain: the file, its SHA-256 and the partitions dropped."""
    return f"file={archive};sha256={sha256};partitions={partitions}"


def sign_and_keep(kind: str, walked: Walked, **fields: str) -> LogAnchor:
    detail = (
        archive_detail(fields["archive"], fields["archive_sha256"], fields["partitions"])
        if kind == LogAnchor.Kind.ARCHIVED
        else ""
    )
    line = checkpoints.sign(
        at=timezone.now().isoformat(),
        last_id=walked.last_id,
        last_hash=walked.last_hash,
        rows=walked.total,
        key=signing_key(),
        purpose=kind,
        detail=detail,
    )
    return keep_anchor(kind, line, **fields)


def _checked(row: LogAnchor, key: object) -> Anchor:
    """The anchor of a stored row whose line is signed by ``key`` for the row's kind (and detail)."""
    checkpoint = checkpoints.parse(row.line, key)  # type: ignore[arg-type]
    expected = (
        archive_detail(row.archive, row.archive_sha256, row.partitions)
        if row.kind == LogAnchor.Kind.ARCHIVED
        else ""
    )
    if checkpoint.purpose != row.kind or checkpoint.detail != expected:
        raise checkpoints.CheckpointError(f"signed as a {checkpoint.purpose}, not as this anchor")
    if checkpoint.last_id != row.last_id or checkpoint.rows != row.rows:
        raise checkpoints.CheckpointError("the row numbers differ from the signed ones")
    return checkpoint.anchor(f" ({row.kind} {checkpoint.at})")


def _latest(kinds: Iterable[str], key: object, ignored: list[str]) -> Anchor | None:
    """The latest stored anchor of these kinds whose signature holds; the others are noted in ``ignored``."""
    for row in LogAnchor.objects.filter(kind__in=list(kinds)).order_by("-last_id", "-pk"):
        try:
            return _checked(row, key)
        except checkpoints.CheckpointError as error:
            ignored.append(f"{row.kind} anchor {row.pk} at row {row.last_id}: {error}")
    return None


def latest_verified() -> Anchor | None:
    """The latest ``verified`` anchor whose signature holds, or None."""
    if not _verifiable():
        return None
    return _latest([LogAnchor.Kind.VERIFIED], verification_key(), [])


def _verifiable() -> bool:
    return bool(settings.AUDIT_SIGNING_KEY or settings.AUDIT_VERIFY_PUBLIC_KEY)


def archived_start(key: object | None = None) -> Anchor | None:
    """Where the chain starts now: after the rows archived and dropped, or None (the first row).

    Archived rows are gone from the database, so an archived anchor that cannot be checked leaves the start
    unknown: AnchorRefused (never silently the first row, which would report the archive as a break).
    """
    if not LogAnchor.objects.filter(kind=LogAnchor.Kind.ARCHIVED).exists():
        return None
    if key is None and not _verifiable():
        raise AnchorRefused(
            "months of the log were archived: set AUDIT_VERIFY_PUBLIC_KEY (or give --public-key) to "
            "check where the chain starts now"
        )
    ignored: list[str] = []
    start = _latest([LogAnchor.Kind.ARCHIVED], key or verification_key(), ignored)
    if ignored:
        raise AnchorRefused(
            f"{ignored[0]}; give the key it was signed with (--public-key) or investigate"
        )
    return start


def rows_up_to(last_id: int) -> int:
    """Rows of the chain up to ``last_id``, counted on from the latest valid signed anchor at or before it."""
    base = None
    if _verifiable():
        key = verification_key()
        for row in LogAnchor.objects.filter(last_id__lte=last_id).order_by("-last_id", "-pk"):
            try:
                base = _checked(row, key)
                break
            except checkpoints.CheckpointError:
                continue
    if base is None:
        return AccessEvent.objects.filter(pk__lte=last_id).count()
    return base.rows + AccessEvent.objects.filter(pk__gt=base.last_id, pk__lte=last_id).count()


def _anchored_row_holds(start: Anchor) -> Break | None:
    event = AccessEvent.objects.filter(pk=start.last_id).first()
    if event is None:
        return Break(
            start.last_id,
            f"this row is gone, but the {start.label} verified the chain up to it",
        )
    if event.hash != start.last_hash:
        return Break(
            start.last_id,
            f"its hash is not the one the {start.label} recorded (rows up to it were changed or removed "
            "and the hashes recomputed)",
        )
    if digest(event.previous_hash, event.chain_content()) != event.hash:
        return Break(start.last_id, "its content was changed after it was written")
    return None


def _earlier_checkpoints_hold(anchors: list[Anchor], after: int) -> Break | None:
    """Checkpoints at or before the start (and after the archived rows): each named row with its hash."""
    for begin in range(0, len(anchors), LOOKUP_BATCH):
        batch = anchors[begin : begin + LOOKUP_BATCH]
        found = dict(
            AccessEvent.objects.filter(pk__in=[a.last_id for a in batch]).values_list("pk", "hash")
        )
        for anchor in batch:
            if anchor.last_id not in found:
                return Break(
                    anchor.last_id,
                    f"this row is gone, but the {anchor.label} recorded it (rows were removed)",
                )
            if found[anchor.last_id] != anchor.last_hash:
                return Break(
                    anchor.last_id,
                    f"its hash is not the one the {anchor.label} recorded "
                    "(rows before it were changed or removed and the hashes recomputed)",
                )
    return None


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """PostgreSQL: the walk and the head read from one snapshot, so events committed meanwhile are neither
    half seen nor taken for rows cut off. SQLite's transactions would lock writers out: none there."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def verify(
    *,
    full: bool = False,
    anchors: Iterable[Anchor] = (),
    keep: bool = True,
    key: object | None = None,
) -> Verification:
    """Verify the log, incrementally from the last verified anchor unless ``full`` or there is none.

    ``key``: the public key that checks the stored anchors (default: AUDIT_VERIFY_PUBLIC_KEY or the signing
    key's). On success a new ``verified`` anchor is kept (when a signing key is set and ``keep``).
    """
    anchors = list(anchors)
    with _one_snapshot():
        ignored: list[str] = []
        archived = archived_start(key)
        start = None
        if not full and _verifiable():
            start = _latest([LogAnchor.Kind.VERIFIED], key or verification_key(), ignored)
        if start is not None and archived is not None and archived.last_id > start.last_id:
            start = (
                None  # verified before the archive: the chain now starts after the archived rows
            )
        mode = "incremental" if start is not None else "full"
        broken = None
        earlier: list[Anchor] = []
        if start is None:
            start = archived
        else:
            broken = _anchored_row_holds(start)
            floor = archived.last_id if archived is not None else 0
            earlier = [a for a in anchors if floor < a.last_id <= start.last_id]
            if broken is None:
                broken = _earlier_checkpoints_hold(earlier, floor)
        walked: list[Walked] = []
        if broken is None:
            broken = verify_chain(anchors=anchors, start=start, walked=walked)
        if broken is not None or not walked:
            return Verification(broken, mode, 0, 0, start, ignored, len(earlier))
        result = walked[0]
        moved = start is None or result.last_id != start.last_id
        if keep and settings.AUDIT_SIGNING_KEY and result.last_id > 0 and moved:
            sign_and_keep(LogAnchor.Kind.VERIFIED, result)
    return Verification(None, mode, result.rows, result.total, start, ignored, len(earlier))


class LogBroken(Exception):
    """The scheduled verification found a break (the message names the row, never its content)."""


def verify_or_raise() -> int:
    """The job "audit-verify": incremental verification; the rows walked, or LogBroken."""
    result = verify()
    if result.broken is not None:
        raise LogBroken(f"access log broken at row {result.broken.id}: {result.broken.reason}")
    return result.walked
