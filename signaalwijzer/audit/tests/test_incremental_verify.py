"""`audit verify` starts at the last verified anchor: it walks the new rows only, and still finds every change
that recomputed the hashes, and every change among the new rows (decision 49)."""

import json
from io import StringIO

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from signaalwijzer.audit import checkpoints
from signaalwijzer.audit.models import AccessEvent, LogAnchor
from signaalwijzer.audit.services import checkpoint_line, write_checkpoint
from signaalwijzer.audit.tests.test_checkpoints import _recompute_hashes, _tamper
from signaalwijzer.audit.verification import LogBroken, verify, verify_or_raise
from signaalwijzer.cases.access import case_get_for_user
from signaalwijzer.jobs.registry import JOBS


def _events(professional, case, n):
    for _ in range(n):
        case_get_for_user(professional, case.pk, purpose="test.read")


def _command(*arguments):
    out = StringIO()
    call_command("audit", "verify", *arguments, stdout=out)
    return out.getvalue()


def test_the_second_verification_walks_only_the_new_rows(professional, case):
    _events(professional, case, 6)
    n = AccessEvent.objects.count()  # the case's creation is logged too
    first = verify()
    assert (first.broken, first.mode, first.walked, first.total) == (None, "full", n, n)
    anchor = LogAnchor.objects.get(kind=LogAnchor.Kind.VERIFIED)
    assert anchor.last_id == AccessEvent.objects.order_by("pk").last().pk and anchor.rows == n
    _events(professional, case, 3)
    second = verify()
    assert (second.broken, second.mode, second.walked, second.total) == (
        None,
        "incremental",
        3,
        n + 3,
    )
    assert second.start.last_id == anchor.last_id
    assert f"intact: {n + 3} rows (0 new since the verified anchor" in _command()
    assert f"intact: {n + 3} rows" in _command("--full")


def test_a_change_among_the_new_rows_is_found(professional, case):
    _events(professional, case, 4)
    assert verify().broken is None
    _events(professional, case, 3)
    target = AccessEvent.objects.order_by("pk")[5]
    _tamper(("UPDATE audit_accessevent SET purpose = 'x' WHERE id = %s", [target.pk]))
    result = verify()
    assert result.mode == "incremental"
    assert result.broken.id == target.pk and "content was changed" in result.broken.reason
    with pytest.raises(CommandError, match=f"broken at row {target.pk}"):
        _command()


def test_old_rows_rewritten_with_recomputed_hashes_are_found_at_the_anchor(professional, case):
    _events(professional, case, 5)
    assert verify().broken is None
    anchored = LogAnchor.objects.get(kind=LogAnchor.Kind.VERIFIED).last_id
    first = AccessEvent.objects.order_by("pk").first()
    _tamper(("DELETE FROM audit_accessevent WHERE id = %s", [first.pk]))
    _recompute_hashes()
    result = verify()
    assert result.broken.id == anchored
    assert "hash is not the one" in result.broken.reason


def test_a_removed_anchored_row_is_found(professional, case):
    _events(professional, case, 3)
    assert verify().broken is None
    anchored = LogAnchor.objects.get(kind=LogAnchor.Kind.VERIFIED).last_id
    _tamper(("DELETE FROM audit_accessevent WHERE id = %s", [anchored]))
    result = verify()
    assert result.broken.id == anchored and "gone" in result.broken.reason


def test_an_edit_before_the_anchor_is_left_to_the_full_walk(professional, case):
    """The limit of the incremental walk, stated honestly: a content change without recomputing hashes."""
    _events(professional, case, 4)
    assert verify().broken is None
    first = AccessEvent.objects.order_by("pk").first()
    _tamper(("UPDATE audit_accessevent SET purpose = 'x' WHERE id = %s", [first.pk]))
    assert verify().broken is None
    full = verify(full=True)
    assert full.broken.id == first.pk and full.mode == "full"


def test_a_forged_or_relabelled_anchor_is_ignored_and_reported(professional, case):
    _events(professional, case, 3)
    last = AccessEvent.objects.order_by("pk").last()
    forged = checkpoints.sign(
        at="2026-12-01T00:00:00+00:00",
        last_id=last.pk,
        last_hash=last.hash,
        rows=3,
        key=Ed25519PrivateKey.generate(),
        purpose="verified",
    )
    LogAnchor.objects.create(kind=LogAnchor.Kind.VERIFIED, last_id=last.pk, rows=3, line=forged)
    result = verify()
    assert result.mode == "full" and result.broken is None
    assert "not with the verification key" in result.ignored[0]
    # A genuine checkpoint line passed off as a verified anchor: signed for another purpose.
    line = write_checkpoint()
    LogAnchor.objects.create(kind=LogAnchor.Kind.VERIFIED, last_id=last.pk + 10, rows=99, line=line)
    relabelled = verify()
    assert any("signed as a checkpoint" in note for note in relabelled.ignored)
    assert (
        relabelled.start.last_id == last.pk
    )  # from the genuine verified anchor, not the relabelled one
    err = StringIO()
    call_command("audit", "verify", stdout=StringIO(), stderr=err)
    assert "ignored (its signature does not hold)" in err.getvalue()


def test_checkpoints_before_the_anchor_are_looked_up(professional, case, tmp_path):
    """A rewrite the daily job signed over is still found by the checkpoints kept outside the database."""
    _events(professional, case, 3)
    path = tmp_path / "checkpoints.jsonl"
    write_checkpoint(path)
    named = json.loads(path.read_text().splitlines()[-1])["last_id"]
    _events(professional, case, 2)
    first = AccessEvent.objects.order_by("pk").first()
    _tamper(("DELETE FROM audit_accessevent WHERE id = %s", [first.pk]))
    _recompute_hashes()
    assert verify().broken is None  # no earlier anchor: the rewritten chain adds up on its own
    _events(professional, case, 1)
    with pytest.raises(CommandError, match=f"broken at row {named}: its hash is not the one"):
        _command("--checkpoint", str(path))
    assert "intact" in _command()  # without the file the incremental walk cannot know


def test_a_checkpoint_counts_on_from_the_latest_anchor(professional, case, tmp_path):
    _events(professional, case, 4)
    write_checkpoint(tmp_path / "c.jsonl")
    _events(professional, case, 2)
    line = json.loads(checkpoint_line())
    assert line["rows"] == AccessEvent.objects.count() >= 6
    assert line["last_id"] == AccessEvent.objects.order_by("pk").last().pk


def test_the_daily_job_verifies_and_fails_on_a_break(professional, case):
    (job,) = [job for job in JOBS if job.name == "audit-verify"]
    _events(professional, case, 3)
    assert job.work() == AccessEvent.objects.count()
    _events(professional, case, 2)
    assert verify_or_raise() == 2
    target = AccessEvent.objects.order_by("pk").last()
    _tamper(("UPDATE audit_accessevent SET basis = 'x' WHERE id = %s", [target.pk]))
    with pytest.raises(LogBroken, match=f"row {target.pk}"):
        job.work()
