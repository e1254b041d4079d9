"""Retention of the access log: export a month past AUDIT_LOG_RETENTION_YEARS, check the file, drop the month.

PostgreSQL only (SQLite has no partitions, and nothing is dropped there). A month is dropped only when
AUDIT_ARCHIVE_DIR is set, and only after its rows were written to a file there and that file, read back,
continues the chain from where the previous archive ended (``audit.chain.first_break`` from the last
``archived`` anchor). The database function refuses a month that ended less than five years ago, whatever
the setting says (migration audit 0008).

The file holds the rows of the chain from the previous archive up to the partition's last row in chain order
(a row written at a month's last moment can get its number after one of the next month's first: it goes with
the earlier file, so every file is one unbroken stretch of the chain). One JSON object a line: ``id``,
``previous_hash``, ``hash`` and ``content`` (what the hash covers), gzip-compressed, mode 0600. No case
content: the log holds ids, roles, purposes, bases and client addresses.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from signaalwijzer.audit.chain import Anchor, ChainRow, first_break
from signaalwijzer.audit.models import AccessEvent, LogAnchor
from signaalwijzer.audit.partitions import Partition, partitions
from signaalwijzer.audit.services import Walked
from signaalwijzer.audit.verification import archived_start, sign_and_keep


class ArchiveRefused(Exception):
    """The written file does not continue the chain: nothing was dropped."""


def due(now: datetime | None = None) -> list[Partition]:
    """The months whose end lies AUDIT_LOG_RETENTION_YEARS (at least 5) back, oldest first."""
    years = max(5, int(settings.AUDIT_LOG_RETENTION_YEARS))
    now = now or timezone.now()
    # 29 February goes back to 28 February in a year without it.
    cutoff = now.replace(year=now.year - years, day=min(now.day, 28) if now.month == 2 else now.day)
    return [p for p in partitions() if p.ends is not None and p.ends <= cutoff]


def _rows_of(path: Path) -> Iterator[ChainRow]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            yield ChainRow(row["id"], row["previous_hash"], row["hash"], row["content"])


def _write(path: Path, start: Anchor | None, last_id: int) -> int:
    """Write the chain's rows after ``start`` up to ``last_id``; how many."""
    events = AccessEvent.objects.filter(
        pk__gt=start.last_id if start is not None else 0, pk__lte=last_id
    ).order_by("pk")
    partial = path.with_name(path.name + ".partial")
    count = 0
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as raw:
        # mtime 0: the same rows give the same bytes, so the same SHA-256.
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
            for event in events.iterator(chunk_size=5000):
                row = {
                    "id": event.pk,
                    "previous_hash": event.previous_hash,
                    "hash": event.hash,
                    "content": event.chain_content(),
                }
                handle.write((json.dumps(row, sort_keys=True, default=str) + "\n").encode())
                count += 1
        raw.flush()
        os.fsync(raw.fileno())
    os.replace(partial, path)
    return count


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _checked_file(path: Path, start: Anchor | None, last_id: int) -> ChainRow:
    """Read the file back as a stream: it must continue the chain from ``start`` and end at ``last_id``."""
    last: list[ChainRow] = []

    def rows() -> Iterator[ChainRow]:
        for row in _rows_of(path):
            last[:] = [row]
            yield row

    broken = first_break(rows(), start=start)
    if broken is not None:
        raise ArchiveRefused(f"{path.name}: row {broken.id}: {broken.reason}")
    if not last or last[0].id != last_id:
        raise ArchiveRefused(f"{path.name}: the file ends before row {last_id}")
    return last[0]


# One archiver at a time (two scheduled runs, or a run and `jobs run audit-archive`).
_LOCK = 0x5157_4152_4348  # "SWARCH"


def archive_partition(partition: Partition, directory: str | Path) -> LogAnchor | None:
    """Export, check and drop one month; its ``archived`` anchor (None for an empty month, just dropped)."""
    quote = connection.ops.quote_name
    anchor = None
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
            cursor.execute("SELECT to_regclass(%s)", [partition.name])
            if cursor.fetchone()[0] is None:
                return None  # another run archived it meanwhile
            cursor.execute(f"SELECT max(id) FROM {quote(partition.name)}")  # noqa: S608  # nosec B608
            (last_id,) = cursor.fetchone()
        start = archived_start()
        if last_id is not None and (start is None or last_id > start.last_id):
            path = Path(directory) / f"{partition.name}.jsonl.gz"
            count = _write(path, start, last_id)
            last = _checked_file(path, start, last_id)
            total = (start.rows if start is not None else 0) + count
            anchor = sign_and_keep(
                LogAnchor.Kind.ARCHIVED,
                Walked(count, last_id, last.hash, total),
                archive=path.name,
                archive_sha256=_sha256(path),
                partitions=partition.name,
            )
        with connection.cursor() as cursor:
            # Deferred foreign-key checks of rows written earlier in this transaction would block the drop.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SELECT audit_accessevent_drop_partition(%s)", [partition.name])
    return anchor


def archive_due(directory: str | Path | None = None, now: datetime | None = None) -> list[str]:
    """The retention job: every month past retention, oldest first; the names dropped."""
    target = directory or settings.AUDIT_ARCHIVE_DIR
    if not target or connection.vendor != "postgresql":
        return []
    dropped = []
    for partition in due(now):
        archive_partition(partition, target)
        dropped.append(partition.name)
    return dropped
