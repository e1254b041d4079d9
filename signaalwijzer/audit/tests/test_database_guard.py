"""PostgreSQL guards the log against TRUNCATE, and an application role that does not own it cannot rewrite it."""

import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from signaalwijzer.audit.apps import application_cannot_rewrite_the_log
from signaalwijzer.audit.models import AccessEvent, ChainHead
from signaalwijzer.audit.privileges import grant_statements, rewrite_rights
from signaalwijzer.audit.services import record_access, verify_chain
from signaalwijzer.cases.access import case_get_for_user

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database guards are PostgreSQL's"
)


def _refused(sql, params=(), match="append-only"):
    with (
        pytest.raises(DatabaseError, match=match),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(sql, list(params))


@postgresql_only
def test_postgresql_refuses_to_truncate_the_log_or_remove_its_head(professional, case):
    case_get_for_user(professional, case.pk, purpose="test.read")
    for sql in (
        "TRUNCATE audit_accessevent",
        "TRUNCATE audit_accessevent CASCADE",
        "TRUNCATE audit_chainhead",
        "DELETE FROM audit_chainhead",
    ):
        _refused(sql)
    assert ChainHead.objects.count() == 1 and verify_chain() is None


def test_flush_is_refused_in_production(settings, db):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="refused in production"):
        call_command("flush", interactive=False, verbosity=0)


def test_the_grants_refuse_a_strange_role_name(db):
    with pytest.raises(ValueError, match="role name"):
        grant_statements('app"; DROP TABLE x; --', "signaalwijzer")


@postgresql_only
def test_an_application_role_that_does_not_own_the_tables_cannot_rewrite_the_log(
    professional, case, settings
):
    """The documented set-up: the owner migrates, `audit grants <role>` gives the app role its rights."""
    case_get_for_user(professional, case.pk, purpose="test.read")  # the chain head exists
    role = (
        f"sw_app_test_{uuid.uuid4().hex[:12]}"  # roles are per cluster; rolled back with the test
    )
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
    call_command("audit", "grants", role, "--apply", verbosity=0)
    assert sorted(rewrite_rights()) != []  # the owner (here the superuser) can
    assert rewrite_rights(role) == []
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")
    try:
        # What the application does: read, and append events (lock the head, insert, move the head).
        event = record_access(
            user=professional, action=AccessEvent.Action.READ, purpose="test.read", basis="owner"
        )
        assert AccessEvent.objects.filter(pk=event.pk).exists()
        assert rewrite_rights() == []
        # It makes months ahead through the owner's function, and gets no rewrite rights on them.
        with connection.cursor() as cursor:
            cursor.execute("SELECT audit_accessevent_ensure_partitions(8)")
            cursor.execute(
                "SELECT inhrelid::regclass::text FROM pg_inherits "
                "WHERE inhparent = 'audit_accessevent'::regclass"
            )
            months = [name for (name,) in cursor.fetchall()]
            assert len(months) >= 10  # this month, 8 ahead and the default
            for month in months:
                for privilege in ("UPDATE", "DELETE", "TRUNCATE"):
                    cursor.execute(
                        "SELECT has_table_privilege(%s, %s, %s)", [role, month, privilege]
                    )
                    assert cursor.fetchone() == (False,), (month, privilege)
        assert rewrite_rights(role) == []  # the system check sees the months too
        settings.PRODUCTION = True
        assert application_cannot_rewrite_the_log(None, databases=["default"]) == []
        for sql, match in (
            ("TRUNCATE audit_accessevent", "permission denied"),
            ("DELETE FROM audit_accessevent", "permission denied"),
            ("UPDATE audit_accessevent SET purpose = 'x'", "permission denied"),
            ("TRUNCATE audit_chainhead", "permission denied"),
            ("DELETE FROM audit_chainhead", "permission denied"),
            (
                "ALTER TABLE audit_accessevent DISABLE TRIGGER audit_accessevent_append_only",
                "must be owner",
            ),
            ("DROP TRIGGER audit_accessevent_no_truncate ON audit_accessevent", "must be owner"),
            (f"DELETE FROM {months[0]}", "permission denied"),
            (f"TRUNCATE {months[-2]}", "permission denied"),
            (f"DROP TABLE {months[-2]}", "must be owner"),
        ):
            _refused(sql, match=match)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert verify_chain() is None
    warnings = application_cannot_rewrite_the_log(None, databases=["default"])
    assert [warning.id for warning in warnings] == ["audit.W003"]


def test_the_grants_command_prints_the_statements_it_applies(db):
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("audit", "grants", "signaalwijzer_app")
        return
    from io import StringIO

    out = StringIO()
    call_command("audit", "grants", "signaalwijzer_app", stdout=out)
    text = out.getvalue()
    assert "REVOKE UPDATE, DELETE, TRUNCATE ON audit_accessevent FROM" in text
    assert "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO" in text


def test_operations_documents_exactly_the_statements_of_audit_grants():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[3] / "docs" / "operations.md").read_text()
    for statement in grant_statements("signaalwijzer_app", "signaalwijzer"):
        assert f"{statement};" in text
