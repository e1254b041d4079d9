"""Reads on a real streaming replica (decision 47): our own primary and hot standby (tests/reliability/clusters.py),
the app against both in its own process (replica_scenario.py).

What it shows: the statistics page, its download and the log manager's search read from the replica while the
primary takes writes, and every write (the access event for reading the log, the cache, the session) goes to the
primary; with the replica stopped the pages still answer 200 from the primary; with replay paused past
DATABASE_REPLICA_MAX_LAG_SECONDS they read from the primary; once it catches up, from the replica again.
"""

import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest
from django.db import connection

from tests.reliability import clusters

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not clusters.available(),
        reason="PostgreSQL, its server binaries, and root or the postgres user",
    ),
]


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def _tables(queries: list[str]) -> str:
    return "\n".join(queries)


def _reads(sql: str, table: str) -> bool:
    return sql.lstrip().upper().startswith("SELECT") and f'FROM "{table}' in sql


def test_pages_read_from_a_streaming_replica_and_fall_back_to_the_primary():
    with clusters.streaming_pair() as pair:
        env = {
            **os.environ,
            "DATABASE_URL": pair.url(pair.primary_port),
            "DATABASE_REPLICA_URL": pair.url(pair.replica_port),
            "DATABASE_REPLICA_MAX_LAG_SECONDS": "1",
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            "REPLICA_PAIR": json.dumps(
                {**asdict(pair), "base": str(pair.base), "bin": str(pair.bin)}
            ),
        }
        migrate = _run(["manage.py", "migrate", "--no-input", "-v0"], env)
        assert migrate.returncode == 0, migrate.stderr[-3000:]
        scenario = _run(["tests/reliability/replica_scenario.py"], env)
        assert scenario.returncode == 0, scenario.stderr[-5000:]
        seen = json.loads(scenario.stdout.strip().splitlines()[-1])

    assert (int(seen["primary_port"]), int(seen["replica_port"])) == (
        pair.primary_port,
        pair.replica_port,
    )
    # Served from the replica while the primary took writes.
    for name, table in [
        ("dashboard", "statistics_"),
        ("download", "statistics_"),
        ("search", "audit_accessevent"),
    ]:
        result = seen[name]
        assert result["status"] == 200, name
        assert table in _tables(result["replica"]), name
        # The page's own reads are not on the primary (its writes are: the access event, the cache).
        assert not any(_reads(sql, table) for sql in result["default"]), name
        assert result["warnings"] == [], name
        # Nothing is ever written on the replica (it would refuse: a standby is read-only).
        assert not any(
            sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
            for sql in result["replica"]
        )
    # The access event for reading the log is written on the primary; the cache is read on the primary.
    assert "INSERT INTO audit_accessevent" in _tables(seen["search"]["default"])
    assert "signaalwijzer_cache" in _tables(seen["dashboard"]["default"])
    assert "signaalwijzer_cache" not in _tables(seen["dashboard"]["replica"])

    # The replica stopped: still 200, from the primary; a warning when it is found down (then the result is kept
    # for a few seconds, so the next page goes to the primary straight away, without a new warning).
    for name in ("down_at_once", "down_search", "down_checked"):
        result = seen[name]
        assert result["status"] == 200, name
        assert result["replica"] == [], name
    assert "audit_accessevent" in _tables(seen["down_search"]["default"])
    assert "statistics_" in _tables(seen["down_at_once"]["default"])
    assert "replica failed during a request" in seen["down_at_once"]["warnings"][0]
    assert "replica unavailable" in seen["down_checked"]["warnings"][0]

    # Started again: reads return to it.
    assert seen["back"]["status"] == 200
    assert "statistics_" in _tables(seen["back"]["replica"])

    # Replay paused past the limit: the primary, with a warning; caught up: the replica again.
    lagging = seen["lagging"]
    assert lagging["status"] == 200
    assert lagging["replica"] == []
    assert "statistics_" in _tables(lagging["default"])
    assert "replica lags behind" in lagging["warnings"][0]
    assert "statistics_" in _tables(seen["caught_up"]["replica"])
    # No personal data in the warnings.
    for result in seen.values():
        if isinstance(result, dict):
            assert not any("@" in message for message in result["warnings"])
