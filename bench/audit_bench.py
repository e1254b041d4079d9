"""The access log's verification cost follows the new events, not the log's size (issue 19, decision 49).

``compare(small, large, day)``: two databases of their own (PostgreSQL only: the log is partitioned there),
holding ``small`` and ``large`` chained events spread over the last twelve months in monthly partitions, each
with the signed ``verified`` anchor a previous day's verification leaves at its last row. In each, ``day`` new
events are appended (in a transaction that is rolled back afterwards, so the dataset stays as it was) and
``audit verify`` is timed as the daily job runs it (incremental, from the anchor). The ratio large / small is
``audit_verify_day_at_10m_vs_100k``. For information the full walk of the small log is timed too.

python -m bench.audit_bench --events N --day D   measures one database (JSON on stdout).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 5
PURPOSES = ("case.read", "case.list", "case.records.signals", "dossier.export", "case.update")
ROLES = ("professional", "meldcode_officer", "meldcode_officer,professional")


class Rollback(Exception):
    pass


def _month_partitions(first: datetime, months: int) -> None:
    """Past months' partitions (the migration makes this month and the next ones), as the owner."""
    from django.db import connection

    with connection.cursor() as cursor:
        for step in range(months):
            year, month = divmod(first.month - 1 + step, 12)
            start = datetime(first.year + year, month + 1, 1, tzinfo=UTC)
            year, month = divmod(start.month, 12)
            end = datetime(start.year + year, month + 1, 1, tzinfo=UTC)
            name = f"audit_accessevent_{start:%Y%m}"
            cursor.execute("SELECT to_regclass(%s)", [name])
            if cursor.fetchone()[0] is None:
                cursor.execute(
                    f"CREATE TABLE {name} PARTITION OF audit_accessevent "  # nosec B608 (a date)
                    "FOR VALUES FROM (%s) TO (%s)",
                    [start, end],
                )


def _append_chain(count: int, first_at: datetime, last_at: datetime, seed: int) -> tuple[int, str]:
    """COPY ``count`` chained events (times from first_at to last_at) after the head; the last id and hash."""
    from django.db import connection

    from signaalwijzer.audit.chain import canonical
    from signaalwijzer.audit.models import AccessEvent, ChainHead

    randomness = random.Random(seed)  # nosec B311 (synthetic data)
    head = ChainHead.objects.filter(pk=1).first()
    previous = head.last_hash if head is not None else "0" * 64
    columns = [
        "at",
        "roles",
        "on_behalf_of",
        "record_type",
        "record_id",
        "action",
        "purpose",
        "basis",
        "emergency",
        "client_address",
        "previous_hash",
        "hash",
        "case_id",
        "organisation_id",
        "user_id",
    ]
    step = (last_at - first_at) / max(count, 1)
    with connection.cursor() as cursor:
        # Synthetic events of the past year: past the insert guard (migration audit 0011), as the owner.
        cursor.execute("SET session_replication_role = replica")
    raw = connection.connection
    with (
        raw.cursor() as cursor,
        cursor.copy(
            f"COPY audit_accessevent ({', '.join(columns)}) FROM STDIN"  # nosec B608 (constants)
        ) as copy,
    ):
        for index in range(count):
            event = AccessEvent(
                at=first_at + step * index,
                roles=randomness.choice(ROLES),
                on_behalf_of="",
                record_type="",
                record_id=None,
                action="read",
                purpose=randomness.choice(PURPOSES),
                basis="team",
                emergency=False,
                client_address=f"10.{randomness.randrange(256)}.{randomness.randrange(256)}.1",
                case_id=randomness.randrange(1, 300_000),
                organisation_id=None,
                user_id=None,
            )
            hash_ = hashlib.sha256(
                f"{previous}\n{canonical(event.chain_content())}".encode()
            ).hexdigest()
            copy.write_row(
                [
                    event.at,
                    event.roles,
                    "",
                    "",
                    None,
                    "read",
                    event.purpose,
                    "team",
                    False,
                    event.client_address,
                    previous,
                    hash_,
                    event.case_id,
                    None,
                    None,
                ]
            )
            previous = hash_
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("SELECT currval('audit_accessevent_id_seq')")
        (last_id,) = cursor.fetchone()
    ChainHead.objects.update_or_create(pk=1, defaults={"last_hash": previous})
    return last_id, previous


def measure(events: int, day: int) -> dict[str, object]:
    from django.core.management import call_command
    from django.db import connection, transaction

    from signaalwijzer.audit.models import AccessEvent, LogAnchor
    from signaalwijzer.audit.services import Walked
    from signaalwijzer.audit.verification import latest_verified, sign_and_keep, verify

    call_command("migrate", verbosity=0)
    now = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    generated = 0.0
    existing = AccessEvent.objects.count()
    if existing != events:
        if existing:
            raise SystemExit(f"the database holds {existing} events, not {events}: drop it first")
        start = time.perf_counter()
        first_at = now - timedelta(days=365)
        with transaction.atomic():
            _month_partitions(first_at, 13)
            last_id, last_hash = _append_chain(events, first_at, now - timedelta(hours=1), seed=19)
            # What the previous day's verification left: the signed anchor at the last row.
            sign_and_keep(LogAnchor.Kind.VERIFIED, Walked(events, last_id, last_hash, events))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE audit_accessevent")
        generated = time.perf_counter() - start
    elif latest_verified() is None:
        # A dataset from before anchors signed their purpose (version 2 lines): sign it again at its last row.
        last = AccessEvent.objects.order_by("-pk").values_list("pk", "hash").first()
        assert last is not None
        sign_and_keep(LogAnchor.Kind.VERIFIED, Walked(events, last[0], last[1], events))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'audit_accessevent'::regclass"
        )
        (partition_count,) = cursor.fetchone()
    timings: list[float] = []
    walked = 0
    try:
        with transaction.atomic():
            _append_chain(day, now, now + timedelta(hours=20), seed=events)
            verify(keep=False)  # warm up: connection, imports, caches
            for _ in range(REPEAT):
                begin = time.perf_counter()
                result = verify(keep=False)
                timings.append((time.perf_counter() - begin) * 1000)
                assert result.broken is None and result.mode == "incremental", result
                walked = result.walked
            raise Rollback
    except Rollback:
        pass
    timings.sort()
    measured: dict[str, object] = {
        "events": events,
        "partitions": partition_count,
        "day_events": day,
        "walked": walked,
        "generate_s": round(generated, 1),
        "verify_day_ms": round(timings[len(timings) // 2], 1),
    }
    if events <= 1_000_000:
        begin = time.perf_counter()
        full = verify(full=True, keep=False)
        measured["verify_full_s"] = round(time.perf_counter() - begin, 2)
        assert full.broken is None and full.total == events, full
    return measured


def _database_env(events: int) -> dict[str, str]:
    from bench.statistics_bench import _create_postgres_database

    url = os.environ["DATABASE_URL"]
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'signaalwijzer_bench'}_log_{events}"
    _create_postgres_database(url, name)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": urlunsplit(parts._replace(path=f"/{name}")),
    }


def compare(small: int, large: int, day: int) -> dict[str, object]:
    """Verifying ``day`` new events with ``small`` and with ``large`` events in the log, each in its own
    database and process; PostgreSQL only (``{}`` elsewhere)."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return {}
    runs = {}
    for events in (small, large):
        print(f"Access log: {events:,} events, then a day of {day:,} ...", flush=True)
        output = subprocess.run(
            [sys.executable, "-m", "bench.audit_bench", "--events", str(events), "--day", str(day)],
            cwd=ROOT,
            env=_database_env(events),
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        runs[events] = json.loads(output.strip().splitlines()[-1])
    few, many = runs[small], runs[large]
    return {
        "ratio": round(float(many["verify_day_ms"]) / float(few["verify_day_ms"]), 3),
        "runs": {str(events): values for events, values in runs.items()},
    }


def main() -> int:
    import django

    parser = argparse.ArgumentParser(prog="python -m bench.audit_bench")
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--day", type=int, default=20_000)
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    print(json.dumps(measure(arguments.events, arguments.day)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
