"""The one writer of access events. Called inside the transaction of the read or write it records.

Each event is chained to the one before it (audit/chain.py). Writers queue on the single ChainHead row,
so the chain has no forks even with many web processes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.db.models import Field
from django.utils import timezone

from signaalwijzer.audit import checkpoints
from signaalwijzer.audit.chain import (
    GENESIS,
    Anchor,
    Break,
    ChainRow,
    canonical,
    digest,
    first_break,
)
from signaalwijzer.audit.context import client_address
from signaalwijzer.audit.models import AccessEvent, ChainHead, LogAnchor

if TYPE_CHECKING:
    from signaalwijzer.accounts.models import User


def _roles(user: User | None) -> str:
    return ",".join(sorted(role.value for role in user.roles)) if user is not None else "system"


def _locked_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = ChainHead.objects.create(pk=1, last_hash=GENESIS)
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


def _append(events: list[AccessEvent], *, single: bool = False) -> list[AccessEvent]:
    if not settings.AUDIT_LOG_ENABLED:
        # Only the benchmark turns this off, to measure what auditing costs (bench/settings.py);
        # a system check refuses it in production.
        return events
    # A single event (record_access, the most frequent write) in plain SQL: on PostgreSQL one statement,
    # elsewhere three in one transaction. Lists keep the ORM path whatever their length, so a page's query
    # count does not depend on how many cases it lists.
    if single:
        (event,) = events
        if connection.vendor == "postgresql":
            appended = _append_in_one_statement(event)
        else:
            appended = _append_in_plain_sql(event)
        if appended is not None:
            return [appended]
    return _append_locked(events)


# Lock the head, chain the event to it, move the head and insert the event, in one statement: one round
# trip for the most frequent write (every case page read), and the head is locked only while it runs.
# The hash is chain.digest's, computed by PostgreSQL: sha256(previous hash || newline || canonical content).
# FOR UPDATE makes a waiting writer read the head as its predecessor left it, so the chain does not fork.
_ONE_STATEMENT = """
WITH previous AS (
    SELECT last_hash FROM audit_chainhead WHERE id = 1 FOR UPDATE
), head AS (
    UPDATE audit_chainhead
    SET last_hash = encode(sha256(convert_to(previous.last_hash || E'\\n' || %s, 'UTF8')), 'hex')
    FROM previous
    WHERE audit_chainhead.id = 1
    RETURNING previous.last_hash AS previous_hash, audit_chainhead.last_hash AS hash
)
INSERT INTO audit_accessevent ({columns}, previous_hash, hash)
SELECT {values}, head.previous_hash, head.hash FROM head
RETURNING id, previous_hash, hash
"""


@cache
def _columns() -> tuple[list[Field[Any, Any]], str]:
    """The event's fields that the writer fills, and their quoted columns; once per process."""
    fields = [
        field
        for field in AccessEvent._meta.concrete_fields
        if field.name not in {"id", "previous_hash", "hash"}
    ]
    return fields, ", ".join(connection.ops.quote_name(field.column) for field in fields)


def _values(event: AccessEvent, fields: list[Field[Any, Any]]) -> list[Any]:
    return [field.get_db_prep_save(getattr(event, field.attname), connection) for field in fields]


@cache
def _one_statement() -> str:
    fields, columns = _columns()
    return _ONE_STATEMENT.format(
        columns=columns,
        values=", ".join(f"%s::{field.db_type(connection)}" for field in fields),
    )


def _written(event: AccessEvent, pk: int) -> AccessEvent:
    event.pk = pk
    event._state.adding = False
    event._state.db = connection.alias
    return event


def _append_in_one_statement(event: AccessEvent) -> AccessEvent | None:
    """PostgreSQL only. None when there is no head yet (a new or emptied database): take the ORM path."""
    fields, _columns_sql = _columns()
    parameters = [canonical(event.chain_content()), *_values(event, fields)]
    with connection.cursor() as cursor:
        cursor.execute(_one_statement(), parameters)
        row = cursor.fetchone()
    if row is None:
        return None
    pk, event.previous_hash, event.hash = row
    return _written(event, pk)


_INSERT = "INSERT INTO audit_accessevent ({columns}, previous_hash, hash) VALUES ({values})"


def _append_in_plain_sql(event: AccessEvent) -> AccessEvent | None:
    """Other databases (SQLite): read the head, insert, move the head, in one transaction.

    SQLite's transactions here are IMMEDIATE (settings.py): the transaction holds the write lock from its
    start, so no other writer comes between reading the head and moving it. None when there is no head.
    """
    fields, columns = _columns()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT last_hash FROM audit_chainhead WHERE id = 1")
        row = cursor.fetchone()
        if row is None:
            return None
        event.previous_hash = row[0]
        event.hash = digest(event.previous_hash, event.chain_content())
        cursor.execute(
            _INSERT.format(columns=columns, values=", ".join(["%s"] * (len(fields) + 2))),
            [*_values(event, fields), event.previous_hash, event.hash],
        )
        pk = cursor.lastrowid
        cursor.execute("UPDATE audit_chainhead SET last_hash = %s WHERE id = 1", [event.hash])
    return _written(event, pk)


@transaction.atomic
def _append_locked(events: list[AccessEvent]) -> list[AccessEvent]:
    head = _locked_head()
    previous = head.last_hash
    for event in events:
        event.previous_hash = previous
        event.hash = digest(previous, event.chain_content())
        previous = event.hash
    created = AccessEvent.objects.bulk_create(events)
    head.last_hash = previous
    head.save(update_fields=["last_hash"])
    return created


def _event(
    *,
    user: User | None,
    action: str,
    purpose: str,
    basis: str,
    case: models.Model | None,
    record: models.Model | None,
    emergency: bool,
    organisation_id: int | None = None,
    on_behalf_of: str = "",
    case_id: int | None = None,
) -> AccessEvent:
    return AccessEvent(
        at=timezone.now(),
        user=user,
        organisation_id=user.organisation_id if user is not None else organisation_id,
        roles=_roles(user),
        on_behalf_of=on_behalf_of,
        case_id=case.pk if case is not None else case_id,
        record_type=record._meta.label_lower if record is not None else "",
        record_id=record.pk if record is not None else None,
        action=action,
        purpose=purpose,
        basis=basis,
        emergency=emergency,
        client_address=client_address.get(),
    )


# Read events of a web request wait for the request's session save and are written in its transaction
# (audit/context.py, SessionAndReadsMiddleware): one commit per page instead of two. They are written
# before the response leaves the server, and a failure to write them turns the response into an error.
_deferred_reads: ContextVar[list[AccessEvent] | None] = ContextVar("deferred_reads", default=None)


@contextmanager
def reads_deferred() -> Iterator[list[AccessEvent]]:
    """Within this block ``record_access`` queues READ events; the caller writes them."""
    pending: list[AccessEvent] = []
    token = _deferred_reads.set(pending)
    try:
        yield pending
    finally:
        _deferred_reads.reset(token)


def deferred_reads() -> list[AccessEvent]:
    """The read events waiting in this request (empty outside ``reads_deferred``)."""
    return _deferred_reads.get() or []


def write_deferred(pending: list[AccessEvent]) -> None:
    while pending:
        _append([pending.pop(0)], single=True)


def record_access(
    *,
    user: User,
    action: str,
    purpose: str,
    basis: str,
    case: models.Model | None = None,
    record: models.Model | None = None,
    emergency: bool = False,
) -> AccessEvent:
    event = _event(
        user=user,
        action=action,
        purpose=purpose,
        basis=basis,
        case=case,
        record=record,
        emergency=emergency,
    )
    pending = _deferred_reads.get()
    if pending is not None and action == AccessEvent.Action.READ:
        pending.append(event)
        return event
    (created,) = _append([event], single=True)
    return created


def record_list_access(
    *, user: User, cases: Iterable[tuple[models.Model, str]], purpose: str
) -> None:
    """One LIST event per case shown in a list, written in one query."""
    events = [
        _event(
            user=user,
            action=AccessEvent.Action.LIST,
            purpose=purpose,
            basis=basis,
            case=case,
            record=None,
            emergency=False,
        )
        for case, basis in cases
    ]
    if events:
        _append(events)


@dataclass(frozen=True)
class Walked:
    """What a verification walked: the rows it checked and the last of them (the new anchor)."""

    rows: int
    last_id: int
    last_hash: str
    total: int  # rows up to the last one, counted from the start anchor


def verify_chain(
    chunk_size: int = 2000,
    anchors: Iterable[Anchor] = (),
    start: Anchor | None = None,
    walked: list[Walked] | None = None,
) -> Break | None:
    """The first row where the chain breaks, or None when every row adds up (and none was cut off).

    Without anchors this trusts the chain head in the same database: someone who can write there can
    recompute the hashes or move the head back. With the anchors of signed checkpoints (kept outside the
    database) every row they name must still be there, with the same hash and the same rows before it.
    ``start``: walk only the rows after this anchor (audit/verification.py: incremental verification, or the
    first row kept after an archive). ``walked`` receives what was walked.
    """
    last: list[AccessEvent] = []
    count = [0]
    events = AccessEvent.objects.order_by("pk")
    if start is not None:
        events = events.filter(pk__gt=start.last_id)

    def rows() -> Iterable[ChainRow]:
        for event in events.iterator(chunk_size=chunk_size):
            last[:] = [event]
            count[0] += 1
            yield ChainRow(event.pk, event.previous_hash, event.hash, event.chain_content())

    broken = first_break(rows(), anchors, start=start)
    if broken is not None:
        return broken
    head = ChainHead.objects.filter(pk=1).first()
    if last:
        last_id, last_hash = last[0].pk, last[0].hash
    elif start is not None:
        last_id, last_hash = start.last_id, start.last_hash
    else:
        last_id, last_hash = 0, GENESIS
    if head is not None and head.last_hash != last_hash:
        return Break(last_id, "the rows after it were removed")
    if walked is not None:
        offset = start.rows if start is not None else 0
        walked.append(Walked(count[0], last_id, last_hash, offset + count[0]))
    return None


# --- Signed checkpoints (audit/checkpoints.py) ----------------------------------------------------------


def signing_key() -> Ed25519PrivateKey:
    """The checkpoint signing key from AUDIT_SIGNING_KEY; ImproperlyConfigured when there is none."""
    if not settings.AUDIT_SIGNING_KEY:
        raise ImproperlyConfigured(
            "AUDIT_SIGNING_KEY is not set, so no checkpoint can be signed (production has no development "
            "key). Set AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE; see docs/operations.md."
        )
    try:
        return checkpoints.load_private_key(settings.AUDIT_SIGNING_KEY)
    except checkpoints.BadKey as error:
        raise ImproperlyConfigured(f"AUDIT_SIGNING_KEY: {error}") from error


def verification_key(text: str | None = None) -> Ed25519PublicKey:
    """The given public key, else AUDIT_VERIFY_PUBLIC_KEY, else the public half of the signing key."""
    text = text or settings.AUDIT_VERIFY_PUBLIC_KEY
    if not text:
        return signing_key().public_key()
    try:
        return checkpoints.load_public_key(text)
    except checkpoints.BadKey as error:
        raise ImproperlyConfigured(f"verification key: {error}") from error


def checkpoint_line() -> str:
    """A signed checkpoint of the log as it is now: the last row, its hash, the rows up to it."""
    from signaalwijzer.audit.verification import rows_up_to

    key = signing_key()
    last = AccessEvent.objects.order_by("-pk").values_list("pk", "hash").first()
    last_id, last_hash = last if last is not None else (0, GENESIS)
    # Writers take ids in chain order and commit in that order (they queue on the head), so no row with a
    # smaller id can appear after this. Counted from the latest signed anchor, so the cost follows the new rows.
    rows = rows_up_to(last_id)
    return checkpoints.sign(
        at=timezone.now().isoformat(), last_id=last_id, last_hash=last_hash, rows=rows, key=key
    )


def append_line(path: str | Path, line: str) -> None:
    """Append one line and flush it to disk; never truncates (the file may be append-only, chattr +a)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, f"{line}\n".encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_checkpoint(path: str | Path | None = None) -> str:
    """Sign a checkpoint and append it to ``path`` (default AUDIT_CHECKPOINT_FILE, if set); the line."""
    from signaalwijzer.audit.verification import keep_anchor

    line = checkpoint_line()
    target = path or settings.AUDIT_CHECKPOINT_FILE
    if target:
        append_line(target, line)
    keep_anchor(LogAnchor.Kind.CHECKPOINT, line)
    return line


def read_checkpoints(
    sources: Iterable[tuple[str, Iterable[str]]], key: Ed25519PublicKey
) -> list[Anchor]:
    """The anchors of every checkpoint line in (name, lines) sources; CheckpointError names file and line."""
    anchors = []
    for name, lines in sources:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                checkpoint = checkpoints.parse(line, key)
            except checkpoints.CheckpointError as error:
                raise checkpoints.CheckpointError(f"{name} line {number}: {error}") from error
            anchors.append(checkpoint.anchor(f" ({name} line {number})"))
    return anchors


def record_system_event(
    *, action: str, purpose: str, organisation_id: int, case_id: int | None, actor: str
) -> AccessEvent:
    """An event of the system itself (no user), e.g. the retention task destroying a case."""
    event = _event(
        user=None,
        action=action,
        purpose=purpose,
        basis="retention",
        case=None,
        record=None,
        emergency=False,
        organisation_id=organisation_id,
        on_behalf_of=actor,
        case_id=case_id,
    )
    (created,) = _append([event], single=True)
    return created
