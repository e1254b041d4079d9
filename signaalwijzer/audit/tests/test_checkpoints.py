"""Signed checkpoints outside the database: a rewritten, cut-off or truncated log no longer verifies.

Each attack below is one the outside review carried out on a database copy. The plain chain walk (no
checkpoint) is fooled by it, which the tests show first; `audit verify --checkpoint` is not.
"""

import base64
import json
import logging
from io import StringIO

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.audit import checkpoints
from signaalwijzer.audit.apps import checkpoints_can_be_signed
from signaalwijzer.audit.chain import GENESIS, Anchor, ChainRow, digest, first_break
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.audit.services import verify_chain
from signaalwijzer.audit.tasks import run_checkpoint
from signaalwijzer.cases.access import case_get_for_user

POSTGRESQL = connection.vendor == "postgresql"
GUARDS = {
    "audit_accessevent": ["audit_accessevent_append_only", "audit_accessevent_no_truncate"],
    "audit_chainhead": ["audit_chainhead_no_truncate", "audit_chainhead_no_delete"],
}


# --- The pure part: anchors on the chain ---------------------------------------------------------------


def _chain(n):
    rows, previous = [], GENESIS
    for index in range(1, n + 1):
        content = {"n": index}
        hash_ = digest(previous, content)
        rows.append(ChainRow(index, previous, hash_, content))
        previous = hash_
    return rows


def _anchor(rows, upto):
    return Anchor(rows[upto - 1].id, rows[upto - 1].hash, upto, "test anchor")


@given(st.integers(2, 15), st.data())
def test_an_untouched_chain_holds_every_anchor(n, data):
    rows = _chain(n)
    anchors = [_anchor(rows, data.draw(st.integers(1, n))) for _ in range(3)]
    assert first_break(rows, anchors) is None


@given(st.integers(3, 15), st.data())
def test_a_chain_cut_off_before_an_anchor_breaks_at_the_anchor(n, data):
    rows = _chain(n)
    upto = data.draw(st.integers(2, n))
    kept = data.draw(st.integers(1, upto - 1))
    broken = first_break(rows[:kept], [_anchor(rows, upto)])
    assert broken.id == rows[upto - 1].id and "gone" in broken.reason


@given(st.integers(3, 15), st.data())
def test_a_recomputed_chain_breaks_at_the_anchor(n, data):
    rows = _chain(n)
    upto = data.draw(st.integers(2, n))
    removed = data.draw(st.integers(0, upto - 2))  # a row before the anchored one
    rechained, previous = [], GENESIS
    for row in [row for index, row in enumerate(rows) if index != removed]:
        hash_ = digest(previous, row.content)
        rechained.append(ChainRow(row.id, previous, hash_, row.content))
        previous = hash_
    assert first_break(rechained) is None  # the chain alone adds up again
    assert first_break(rechained, [_anchor(rows, upto)]) is not None


# --- The real log ----------------------------------------------------------------------------------------


def _events(professional, case, n):
    for _ in range(n):
        case_get_for_user(professional, case.pk, purpose="test.read")


def _guards(cursor):
    """The guard triggers, with the TRUNCATE guard of every partition of the log (migration audit 0008)."""
    guards = [(table, trigger) for table, triggers in GUARDS.items() for trigger in triggers]
    cursor.execute(
        "SELECT inhrelid::regclass::text FROM pg_inherits "
        "WHERE inhparent = to_regclass('audit_accessevent')"
    )
    return guards + [(name, "audit_accessevent_no_truncate") for (name,) in cursor.fetchall()]


def _tamper(*statements):
    """Rewrite the log as someone with database access would (on PostgreSQL, the owner past the guards)."""
    with connection.cursor() as cursor:
        if POSTGRESQL:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            guards = _guards(cursor)
            for table, trigger in guards:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        for sql, params in statements:
            cursor.execute(sql, params)
        if POSTGRESQL:
            for table, trigger in guards:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")


def _recompute_hashes():
    """Re-chain every row that is left and move the head: the plain chain walk adds up again."""
    previous, statements = GENESIS, []
    for event in AccessEvent.objects.order_by("pk"):
        hash_ = digest(previous, event.chain_content())
        statements.append(
            (
                "UPDATE audit_accessevent SET previous_hash = %s, hash = %s WHERE id = %s",
                [previous, hash_, event.pk],
            )
        )
        previous = hash_
    statements.append(("UPDATE audit_chainhead SET last_hash = %s WHERE id = 1", [previous]))
    _tamper(*statements)


def _checkpoint(path):
    out = StringIO()
    call_command("audit", "checkpoint", "--output", str(path), stdout=out)
    return out.getvalue().strip()


def _verify(*paths, **options):
    out = StringIO()
    arguments = [argument for path in paths for argument in ("--checkpoint", str(path))]
    call_command("audit", "verify", *arguments, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def checkpoint_file(tmp_path):
    return tmp_path / "audit-checkpoints.jsonl"


def test_an_untouched_log_holds_every_checkpoint(professional, case, checkpoint_file):
    _events(professional, case, 3)
    _checkpoint(checkpoint_file)
    _events(professional, case, 2)
    _checkpoint(checkpoint_file)
    _events(professional, case, 2)  # after the latest checkpoint: fine
    assert "2 checkpoint(s) hold" in _verify(checkpoint_file)
    lines = checkpoint_file.read_text().splitlines()
    assert len(lines) == 2
    assert set(json.loads(lines[0])) == {
        "kind",
        "v",
        "at",
        "last_id",
        "last_hash",
        "rows",
        "key_id",
        "signature",
    }


def test_deleting_rows_and_recomputing_the_hashes_fails_against_a_checkpoint(
    professional, case, checkpoint_file
):
    _events(professional, case, 10)
    _checkpoint(checkpoint_file)
    ids = list(AccessEvent.objects.order_by("pk").values_list("pk", flat=True))
    _tamper(*[("DELETE FROM audit_accessevent WHERE id = %s", [pk]) for pk in ids[2:8]])
    _recompute_hashes()
    assert verify_chain() is None  # what the review saw: "intact"
    with pytest.raises(
        CommandError, match=f"row {ids[-1]}: its hash is not the one the checkpoint"
    ):
        _verify(checkpoint_file)


def test_cutting_off_the_last_rows_after_a_checkpoint_fails(professional, case, checkpoint_file):
    _events(professional, case, 6)
    _checkpoint(checkpoint_file)
    ids = list(AccessEvent.objects.order_by("pk").values_list("pk", flat=True))
    kept = AccessEvent.objects.get(pk=ids[2])
    _tamper(
        ("DELETE FROM audit_accessevent WHERE id > %s", [kept.pk]),
        ("UPDATE audit_chainhead SET last_hash = %s WHERE id = 1", [kept.hash]),
    )
    assert verify_chain() is None  # the head was moved back: the plain walk is fooled
    with pytest.raises(CommandError, match=f"row {ids[-1]}: this row is gone"):
        _verify(checkpoint_file)


def test_a_truncated_log_fails_against_a_checkpoint(professional, case, checkpoint_file):
    _events(professional, case, 4)
    _checkpoint(checkpoint_file)
    if POSTGRESQL:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks
            cursor.execute("TRUNCATE audit_accessevent")
        _tamper(("TRUNCATE audit_accessevent", []))  # the owner, past the guard
    else:
        _tamper(("DELETE FROM audit_accessevent", []))  # SQLite has no TRUNCATE
    _tamper(("UPDATE audit_chainhead SET last_hash = %s WHERE id = 1", [GENESIS]))
    assert "intact: 0 rows" in _verify()
    with pytest.raises(CommandError, match="this row is gone"):
        _verify(checkpoint_file)


def _forge(line, **changes):
    fields = json.loads(line)
    fields.update(changes)
    return json.dumps(fields)


def test_a_forged_checkpoint_line_fails(professional, case, checkpoint_file, tmp_path):
    _events(professional, case, 3)
    line = _checkpoint(checkpoint_file)
    first = AccessEvent.objects.order_by("pk").first()
    other_key = Ed25519PrivateKey.generate()
    cases = {
        # A checkpoint moved back to fit a shortened log, signature kept: it no longer matches.
        "moved": (
            _forge(line, last_id=first.pk, last_hash=first.hash, rows=1),
            "signature does not match",
        ),
        "resigned": (
            checkpoints.sign(
                at="2026-01-01T00:00:00+00:00",
                last_id=first.pk,
                last_hash=first.hash,
                rows=1,
                key=other_key,
            ),
            "signed with key",
        ),
        "garbage": ("not json at all", "not a checkpoint"),
        "unsigned": (_forge(line, signature="AAAA"), "signature does not match"),
    }
    for name, (forged, message) in cases.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_text(line + "\n" + forged + "\n")
        with pytest.raises(CommandError, match=f"{name}.jsonl line 2: .*{message}"):
            _verify(path)


def test_an_empty_or_missing_checkpoint_file_fails(checkpoint_file):
    checkpoint_file.write_text("\n")
    with pytest.raises(CommandError, match="no checkpoints"):
        _verify(checkpoint_file)
    with pytest.raises(CommandError, match="cannot read"):
        _verify(checkpoint_file.with_name("missing.jsonl"))


def test_a_checkpoint_of_an_empty_log_holds(checkpoint_file, db):
    _checkpoint(checkpoint_file)
    assert json.loads(checkpoint_file.read_text())["last_id"] == 0
    assert "1 checkpoint(s) hold" in _verify(checkpoint_file)


def test_the_checkpoint_file_is_only_appended_to(professional, case, checkpoint_file):
    checkpoint_file.write_text("earlier line kept as it was\n")
    _checkpoint(checkpoint_file)
    _checkpoint(checkpoint_file)
    lines = checkpoint_file.read_text().splitlines()
    assert lines[0] == "earlier line kept as it was" and len(lines) == 3


def test_checkpoint_to_standard_output_only(professional, case, tmp_path, settings):
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "configured.jsonl")
    line = _checkpoint("-")
    assert json.loads(line)["kind"] == checkpoints.KIND
    assert not (tmp_path / "configured.jsonl").exists()


def test_verification_uses_a_separate_public_key(professional, case, checkpoint_file, tmp_path):
    _events(professional, case, 2)
    _checkpoint(checkpoint_file)
    out = StringIO()
    call_command("audit", "public-key", stdout=out)
    public = checkpoints.load_public_key(out.getvalue())
    pem = tmp_path / "audit-verify.pem"
    pem.write_bytes(
        public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    assert "hold" in _verify(checkpoint_file, public_key=str(pem))
    wrong = tmp_path / "wrong.pub"
    wrong.write_text(checkpoints.public_text(Ed25519PrivateKey.generate().public_key()))
    with pytest.raises(CommandError, match="signed with key"):
        _verify(checkpoint_file, public_key=str(wrong))


def test_a_pem_signing_key_works(professional, case, checkpoint_file, settings):
    key = Ed25519PrivateKey.generate()
    settings.AUDIT_SIGNING_KEY = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    _checkpoint(checkpoint_file)
    settings.AUDIT_SIGNING_KEY = None
    settings.AUDIT_VERIFY_PUBLIC_KEY = base64.b64encode(
        key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ).decode()
    assert "hold" in _verify(checkpoint_file)


def test_production_without_a_signing_key_refuses_checkpoints(checkpoint_file, settings, db):
    settings.PRODUCTION = True
    settings.AUDIT_SIGNING_KEY = None
    with pytest.raises(CommandError, match="AUDIT_SIGNING_KEY is not set"):
        _checkpoint(checkpoint_file)
    assert not checkpoint_file.exists()
    assert [message.id for message in checkpoints_can_be_signed(None)] == ["audit.W002"]
    settings.AUDIT_SIGNING_KEY = "not a key"
    with pytest.raises(CommandError, match="not an Ed25519 private key"):
        _checkpoint(checkpoint_file)


def test_the_checkpoint_job_writes_and_logs_and_queues_nothing(
    professional, case, checkpoint_file, settings, caplog
):
    settings.AUDIT_CHECKPOINT_FILE = str(checkpoint_file)
    _events(professional, case, 2)
    with caplog.at_level(logging.INFO, logger="signaalwijzer.audit.checkpoint"):
        line = run_checkpoint.call()
    assert checkpoint_file.read_text() == line + "\n"
    assert line in caplog.text
    assert not DBTaskResult.objects.exists()  # the scheduler queues the next one, not the task
    assert "hold" in _verify(checkpoint_file)


def test_audit_schedule_is_a_deprecated_no_op(db):
    err = StringIO()
    call_command("audit", "schedule", stdout=StringIO(), stderr=err)
    assert "deprecated" in err.getvalue()
    assert not DBTaskResult.objects.exists()


def test_the_checkpoint_modules_are_pure():
    import ast
    from pathlib import Path

    package = Path(checkpoints.__file__).parent
    for name in ("chain.py", "checkpoints.py"):
        tree = ast.parse((package / name).read_text())
        imported = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ]
        imported += [
            node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        ]
        assert imported and not [module for module in imported if module.startswith("django")]
