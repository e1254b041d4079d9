"""PostgreSQL: run the application as a role that does not own the tables and may not rewrite the access log.

The owner role runs the migrations (and createcachetable); the application role gets only what it needs.
A table's owner can always switch off its triggers or truncate it, so the triggers of migrations audit 0002
and 0005 hold against the application only when it is not the owner. docs/operations.md has the steps;
`manage.py audit grants <role>` prints (or with --apply runs) these statements as the owner.
"""

from __future__ import annotations

import re

from django.db import connection

ROLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def grant_statements(role: str, database: str) -> list[str]:
    """What the application role needs, and the rights on the access log it must not have."""
    if not ROLE_NAME.fullmatch(role):
        raise ValueError("a role name is letters, digits and underscores, at most 63")
    quote = connection.ops.quote_name
    app, db = quote(role), quote(database)
    statements = [
        f"GRANT CONNECT ON DATABASE {db} TO {app}",
        f"GRANT USAGE ON SCHEMA public TO {app}",
        # Every table: read and write rows, but no TRUNCATE, TRIGGER or REFERENCES.
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
        # Tables that later migrations make (run by the same owner) get the same rights.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app}",
        # The access log: read and append only. The chain head: read, create once, move on; never delete.
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_accessevent FROM {app}",
        f"REVOKE DELETE, TRUNCATE ON audit_chainhead FROM {app}",
    ]
    # The monthly partitions (migration audit 0008): no direct rewrite of any of them either; the owner's
    # functions make months ahead and drop a month past five years for the application (partitions made
    # later by the job lose these rights for the role that runs it, in the function itself).
    # Constants and a checked, quoted role name:
    revoke_on_months = (
        "DO $$ DECLARE p regclass; BEGIN FOR p IN SELECT inhrelid::regclass FROM pg_inherits "  # noqa: S608  # nosec B608
        "WHERE inhparent = 'audit_accessevent'::regclass LOOP "
        f"EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %s FROM {app}', p); END LOOP; END $$"
    )
    statements += [
        revoke_on_months,
        f"GRANT EXECUTE ON FUNCTION audit_accessevent_ensure_partitions(integer) TO {app}",
        f"GRANT EXECUTE ON FUNCTION audit_accessevent_drop_partition(text) TO {app}",
    ]
    return statements


def apply(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def rewrite_rights(role: str | None = None) -> list[str]:
    """What ``role`` (default: the connected one) could do to rewrite the log: own it, update, delete, truncate."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.table_name, r.privilege
            FROM (
                VALUES ('audit_accessevent'), ('audit_chainhead')
                UNION ALL  -- the log's monthly partitions (migration audit 0008)
                SELECT inhrelid::regclass::text FROM pg_inherits
                WHERE inhparent = to_regclass('audit_accessevent')
            ) AS t(table_name),
                 (VALUES ('OWNER'), ('UPDATE'), ('DELETE'), ('TRUNCATE')) AS r(privilege)
            WHERE to_regclass(t.table_name) IS NOT NULL
              AND NOT (t.table_name = 'audit_chainhead' AND r.privilege = 'UPDATE')
              AND CASE r.privilege
                  WHEN 'OWNER' THEN pg_has_role(
                      coalesce(%s, current_user),
                      (SELECT relowner FROM pg_class WHERE oid = to_regclass(t.table_name)),
                      'USAGE')
                  ELSE has_table_privilege(coalesce(%s, current_user), t.table_name, r.privilege)
              END
            ORDER BY 1, 2
            """,
            [role, role],
        )
        return [f"{privilege} {table}" for table, privilege in cursor.fetchall()]
