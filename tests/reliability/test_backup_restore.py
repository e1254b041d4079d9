"""Backup and restore (docs/operations.md) round-trip every case and the audit chain (PostgreSQL)."""

import shutil
import subprocess

import psycopg
import pytest
from django.db import connection

from signaalwijzer.audit.chain import ChainRow, first_break
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services
from signaalwijzer.cases.access import case_get_for_user

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not shutil.which("pg_dump"),
        reason="pg_dump/pg_restore on PostgreSQL",
    ),
]

FIELDS = [
    "id",
    "at",
    "user_id",
    "organisation_id",
    "roles",
    "on_behalf_of",
    "case_id",
    "record_type",
    "record_id",
    "action",
    "purpose",
    "basis",
    "emergency",
    "client_address",
    "previous_hash",
    "hash",
]


def _dsn(name: str) -> str:
    settings = connection.settings_dict
    return f"host={settings['HOST'] or '127.0.0.1'} port={settings['PORT'] or 5432} user={settings['USER']} dbname={name}"


def test_pg_dump_and_pg_restore_round_trip_cases_and_the_chain(
    transactional_db, professional, tmp_path
):
    cases = [
        services.open_case(user=professional, pseudonym=f"B{i}.", concern="Back-up.")
        for i in range(5)
    ]
    for case in cases:
        case_get_for_user(professional, case.pk, purpose="backup.read")
    source = connection.settings_dict["NAME"]
    target = f"{source}_restored"
    dump = tmp_path / "signaalwijzer.dump"
    host = [
        "-h",
        connection.settings_dict["HOST"] or "127.0.0.1",
        "-U",
        connection.settings_dict["USER"],
    ]
    subprocess.run(["pg_dump", *host, "--format=custom", f"--file={dump}", source], check=True)
    subprocess.run(["dropdb", *host, "--if-exists", target], check=True)
    subprocess.run(["createdb", *host, target], check=True)
    try:
        subprocess.run(
            ["pg_restore", *host, "--no-owner", f"--dbname={target}", str(dump)], check=True
        )
        with psycopg.connect(_dsn(target)) as restored:
            ids = [row[0] for row in restored.execute("SELECT id FROM cases_case ORDER BY id")]
            rows = restored.execute(
                f"SELECT {', '.join(FIELDS)} FROM audit_accessevent ORDER BY id"
            ).fetchall()
        assert ids == [case.pk for case in cases]
        events = [AccessEvent(**dict(zip(FIELDS, row, strict=True))) for row in rows]
        assert len(events) == AccessEvent.objects.count()
        chain = [ChainRow(e.pk, e.previous_hash, e.hash, e.chain_content()) for e in events]
        assert first_break(chain) is None
        assert events[-1].hash == AccessEvent.objects.order_by("-pk").first().hash
    finally:
        subprocess.run(["dropdb", *host, "--if-exists", target], check=True)
