"""The access log is a hash chain: any change, removal or insertion is found, and the command says where."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.audit.chain import GENESIS, ChainRow, digest, first_break
from signaalwijzer.audit.models import AccessEvent, ChainHead
from signaalwijzer.audit.services import record_access, verify_chain
from signaalwijzer.cases.access import case_get_for_user


def _chain(contents):
    rows, previous = [], GENESIS
    for index, content in enumerate(contents, start=1):
        hash_ = digest(previous, content)
        rows.append(ChainRow(index, previous, hash_, content))
        previous = hash_
    return rows


contents = st.lists(
    st.dictionaries(st.sampled_from("abcd"), st.integers(0, 9)), min_size=2, max_size=12
)


@given(contents)
def test_an_untouched_chain_verifies(items):
    assert first_break(_chain(items)) is None


@given(contents, st.data())
def test_changing_any_row_is_found_at_that_row(items, data):
    rows = _chain(items)
    index = data.draw(st.integers(0, len(rows) - 1))
    row = rows[index]
    rows[index] = ChainRow(row.id, row.previous_hash, row.hash, {**row.content, "tampered": True})
    assert first_break(rows).id == row.id


@given(contents, st.data())
def test_removing_any_row_but_the_last_is_found_at_the_next(items, data):
    rows = _chain(items)
    index = data.draw(st.integers(0, len(rows) - 2))
    removed = rows.pop(index)
    assert first_break(rows).id == removed.id + 1


def _events(professional, case, n=5):
    for _ in range(n):
        case_get_for_user(professional, case.pk, purpose="test.read")


def _raw(sql, params):
    """Tamper with the log as someone with database access would (on PostgreSQL past the trigger)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE audit_accessevent DISABLE TRIGGER audit_accessevent_append_only"
            )
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE audit_accessevent ENABLE TRIGGER audit_accessevent_append_only"
            )


def test_the_real_log_verifies_and_the_command_says_so(professional, case):
    _events(professional, case)
    assert verify_chain() is None
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "intact" in out.getvalue()


def test_editing_one_row_makes_verify_fail_and_name_it(professional, case):
    _events(professional, case)
    target = AccessEvent.objects.order_by("pk")[2]
    _raw("UPDATE audit_accessevent SET purpose = %s WHERE id = %s", ["iets anders", target.pk])
    with pytest.raises(CommandError, match=f"row {target.pk}: its content was changed"):
        call_command("audit", "verify")


def test_deleting_a_row_makes_verify_fail_at_the_next(professional, case):
    _events(professional, case)
    rows = list(AccessEvent.objects.order_by("pk"))
    _raw("DELETE FROM audit_accessevent WHERE id = %s", [rows[1].pk])
    broken = verify_chain()
    assert broken.id == rows[2].pk
    assert "removed" in broken.reason


def test_cutting_off_the_last_rows_is_found_too(professional, case):
    _events(professional, case)
    last = AccessEvent.objects.order_by("-pk").first()
    _raw("DELETE FROM audit_accessevent WHERE id = %s", [last.pk])
    broken = verify_chain()
    assert broken is not None and "after it were removed" in broken.reason


def test_anchor_prints_the_latest_hash(professional, case):
    _events(professional, case, 2)
    out = StringIO()
    call_command("audit", "anchor", stdout=out)
    last = AccessEvent.objects.order_by("-pk").first()
    assert out.getvalue().split() == [str(last.pk), last.at.isoformat(), last.hash]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database guard is PostgreSQL's")
def test_postgresql_refuses_to_change_or_delete_log_rows(professional, case):
    from django.db import DatabaseError

    _events(professional, case, 1)
    event = AccessEvent.objects.first()
    for sql in (
        "UPDATE audit_accessevent SET purpose = 'x' WHERE id = %s",
        "DELETE FROM audit_accessevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])


def test_the_client_address_is_logged(signed_in_client, case):
    signed_in_client.get(case.get_absolute_url(), REMOTE_ADDR="192.0.2.7")
    assert (
        AccessEvent.objects.filter(case=case, action="read").latest("pk").client_address
        == "192.0.2.7"
    )


def test_a_single_event_is_written_in_plain_sql_with_the_same_hash(professional, case):
    """PostgreSQL: one statement that hashes in SQL; SQLite: head, insert, head, in plain SQL."""
    _events(professional, case, 1)  # the chain head exists from here on
    with CaptureQueriesContext(connection) as queries:
        event = record_access(
            user=professional,
            action=AccessEvent.Action.READ,
            purpose="zorgcoördinator ‘test’ \\ % é",
            basis="owner",
            case=case,
        )
    statements = [
        query["sql"]
        for query in queries
        if not query["sql"].upper().startswith(("SAVEPOINT", "RELEASE"))
    ]
    assert len(statements) == (1 if connection.vendor == "postgresql" else 3), statements
    stored = AccessEvent.objects.get(pk=event.pk)
    assert stored.hash == event.hash == digest(stored.previous_hash, stored.chain_content())
    assert stored.previous_hash == AccessEvent.objects.filter(pk__lt=event.pk).latest("pk").hash
    assert ChainHead.objects.get().last_hash == stored.hash
    assert verify_chain() is None
