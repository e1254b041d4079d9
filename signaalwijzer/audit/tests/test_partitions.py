"""PostgreSQL: the access log partitioned by month — made ahead, append-only per partition, and a month past
retention exported, checked and dropped, after which the chain verifies from the archive (decision 49)."""

import gzip
import json
from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, connection, transaction

from signaalwijzer.audit import archive, partitions
from signaalwijzer.audit.chain import first_break
from signaalwijzer.audit.models import AccessEvent, LogAnchor
from signaalwijzer.audit.services import _append, _event
from signaalwijzer.audit.tests.test_checkpoints import _tamper
from signaalwijzer.audit.verification import verify
from signaalwijzer.cases.access import case_get_for_user
from signaalwijzer.jobs.registry import JOBS

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no partitions"
)


def _job(name):
    (job,) = [job for job in JOBS if job.name == name]
    return job


def _partition_of(event):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM audit_accessevent WHERE id = %s", [event.pk]
        )
        return cursor.fetchone()[0]


def _old_month(name, start, end):
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {name} PARTITION OF audit_accessevent FOR VALUES FROM (%s) TO (%s)",
            [start, end],
        )
        cursor.execute("SELECT audit_accessevent_guard_partition(%s::regclass)", [name])


def _dated(professional, case, at, n=1):
    """Events of another time, as the owner past the insert guard (migration audit 0011)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE audit_accessevent DISABLE TRIGGER audit_accessevent_insert_guard"
        )
    for _ in range(n):
        event = _event(
            user=professional,
            action=AccessEvent.Action.READ,
            purpose="test.read",
            basis="team",
            case=case,
            record=None,
            emergency=False,
        )
        event.at = at
        _append([event], single=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE audit_accessevent ENABLE TRIGGER audit_accessevent_insert_guard"
        )


def _lines(path):
    with gzip.open(path, "rt") as handle:
        return [json.loads(line) for line in handle]


def _refused(sql, match="append-only"):
    with (
        pytest.raises(DatabaseError, match=match),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(sql)


def test_events_go_to_their_month_and_months_are_made_ahead(professional, case):
    case_get_for_user(professional, case.pk, purpose="test.read")
    event = AccessEvent.objects.order_by("pk").last()
    assert _partition_of(event) == f"audit_accessevent_{event.at:%Y%m}"
    names = [partition.name for partition in partitions.partitions()]
    assert names[-1] == partitions.DEFAULT
    assert len([name for name in names if name[-6:].isdigit()]) >= 4  # this month and 3 ahead
    assert partitions.ensure_partitions() == 0  # made once
    assert partitions.ensure_partitions(6) == 3
    assert _job("audit-partitions").work() == 0


def test_every_partition_is_append_only(professional, case):
    case_get_for_user(professional, case.pk, purpose="test.read")
    month = _partition_of(AccessEvent.objects.order_by("pk").last())
    for sql in (
        f"UPDATE {month} SET purpose = 'x'",
        f"DELETE FROM {month}",
        f"TRUNCATE {month}",
        f"TRUNCATE {partitions.DEFAULT}",
    ):
        _refused(sql)
    assert verify(full=True).broken is None


def test_an_event_outside_every_month_is_kept_and_the_job_says_so(professional, case):
    _dated(professional, case, datetime(2099, 5, 1, tzinfo=UTC))
    assert _partition_of(AccessEvent.objects.order_by("pk").last()) == partitions.DEFAULT
    with pytest.raises(partitions.EventsOutsideTheirMonth, match="1 access event"):
        _job("audit-partitions").work()
    assert verify(full=True).broken is None


def test_a_young_month_is_never_dropped(professional, case):
    case_get_for_user(professional, case.pk, purpose="test.read")
    month = _partition_of(AccessEvent.objects.order_by("pk").last())
    with (
        pytest.raises(DatabaseError, match="at least five years"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT audit_accessevent_drop_partition(%s)", [month])
    with (
        pytest.raises(DatabaseError, match="not a partition"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT audit_accessevent_drop_partition('accounts_user')")
    assert archive.archive_due("/nonexistent") == []  # nothing is due


def test_a_month_past_retention_is_exported_checked_and_dropped(professional, case, tmp_path):
    _old_month("audit_accessevent_201903", "2019-03-01T00:00:00Z", "2019-04-01T00:00:00Z")
    _old_month("audit_accessevent_201904", "2019-04-01T00:00:00Z", "2019-05-01T00:00:00Z")
    before = AccessEvent.objects.count()  # the case's creation, this month
    _dated(professional, case, datetime(2019, 3, 20, tzinfo=UTC), 4)
    # Written last in March, numbered after an April row: it goes with March's file.
    _dated(professional, case, datetime(2019, 4, 2, tzinfo=UTC), 1)
    _dated(professional, case, datetime(2019, 3, 31, 23, 59, 59, tzinfo=UTC), 1)
    _dated(professional, case, datetime(2019, 4, 3, tzinfo=UTC), 2)
    case_get_for_user(professional, case.pk, purpose="test.read")
    total = AccessEvent.objects.count()
    assert verify(full=True).broken is None

    assert archive.archive_due(None) == []  # without AUDIT_ARCHIVE_DIR nothing is dropped
    dropped = archive.archive_due(tmp_path, now=datetime(2024, 4, 15, tzinfo=UTC))
    assert dropped == [
        "audit_accessevent_201903"
    ]  # April ends 2019-05-01: less than five years back
    march = tmp_path / "audit_accessevent_201903.jsonl.gz"
    rows = _lines(march)
    # The case's creation (first in the chain), March's rows and the April row numbered before March's last.
    assert len(rows) == before + 6
    assert oct(march.stat().st_mode)[-3:] == "600"
    anchor = LogAnchor.objects.get(kind=LogAnchor.Kind.ARCHIVED)
    assert (anchor.archive, anchor.rows, anchor.partitions) == (
        march.name,
        before + 6,
        "audit_accessevent_201903",
    )
    assert "audit_accessevent_201903" not in [p.name for p in partitions.partitions()]

    result = verify(full=True)
    assert (result.broken, result.total, result.walked) == (None, total, total - before - 6)
    _job("audit-archive")  # registered
    dropped = archive.archive_due(tmp_path, now=datetime(2024, 6, 2, tzinfo=UTC))
    assert dropped == ["audit_accessevent_201904"]
    april = _lines(tmp_path / "audit_accessevent_201904.jsonl.gz")
    assert len(april) == 2 and april[0]["previous_hash"] == rows[-1]["hash"]
    assert verify(full=True).total == total
    assert verify().broken is None


def test_an_export_that_does_not_continue_the_chain_drops_nothing(professional, case, tmp_path):
    _old_month("audit_accessevent_201801", "2018-01-01T00:00:00Z", "2018-02-01T00:00:00Z")
    _dated(professional, case, datetime(2018, 1, 5, tzinfo=UTC), 3)
    target = AccessEvent.objects.order_by("pk").last()
    _tamper(("UPDATE audit_accessevent SET purpose = 'x' WHERE id = %s", [target.pk]))
    with pytest.raises(archive.ArchiveRefused, match="content was changed"):
        archive.archive_due(tmp_path, now=datetime(2024, 1, 1, tzinfo=UTC))
    assert "audit_accessevent_201801" in [p.name for p in partitions.partitions()]
    assert not LogAnchor.objects.filter(kind=LogAnchor.Kind.ARCHIVED).exists()
    rows = list(archive._rows_of(tmp_path / "audit_accessevent_201801.jsonl.gz"))
    assert first_break(rows) is not None


def test_a_row_with_a_number_or_time_of_the_past_is_refused(professional, case):
    """Nothing can hide behind a verified anchor or in a month about to be archived."""
    case_get_for_user(professional, case.pk, purpose="test.read")
    first = AccessEvent.objects.order_by("pk").first()
    columns = (
        "id, at, roles, on_behalf_of, record_type, action, purpose, basis, emergency, "
        "previous_hash, hash"
    )
    values = "'', '', '', 'read', 'forged', 'team', false, 'x', 'y'"
    _refused(
        f"INSERT INTO audit_accessevent ({columns}) VALUES ({first.pk}, now(), {values})",
        match="numbered by its sequence|currval",
    )
    _refused(
        f"INSERT INTO audit_accessevent ({columns}) "
        f"VALUES (nextval('audit_accessevent_id_seq'), now() - interval '6 years', {values})",
        match="written when it happens",
    )
    assert verify(full=True).broken is None
