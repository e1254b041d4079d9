"""Free text written through every route is never in clear in the database file, its WAL or the log."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CANARY = "KANARIE-Lotte-de-Vries-0612345678"


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="reads the SQLite file; the same code runs on both"
)
def test_the_canary_is_nowhere_in_clear(tmp_path):
    database = tmp_path / "probe.sqlite3"
    env = {
        **os.environ,
        "SQLITE_PATH": str(database),
        "LOG_LEVEL": "DEBUG",
        "CASE_PAGE_CACHE_SECONDS": "300",
    }
    env.pop("DATABASE_URL", None)
    # Keep the WAL: no checkpoint on close, so the test sees what was written to it.
    result = subprocess.run(
        [sys.executable, "-m", "tests.privacy.free_text_probe", CANARY],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "probe done" in result.stdout
    files = [path for path in tmp_path.iterdir() if path.name.startswith("probe.sqlite3")]
    assert database in files
    for path in files:
        content = path.read_bytes()
        for form in (CANARY.encode(), CANARY.encode("utf-16-le")):
            assert form not in content, f"in clear in {path.name}"
    assert CANARY not in result.stdout + result.stderr, "in the log"
    assert (
        len(result.stderr) > 1000
    )  # DEBUG logging really ran (so the check above means something)


@pytest.mark.django_db
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="an SQLite setting")
def test_sqlite_overwrites_what_is_deleted():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
