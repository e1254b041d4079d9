"""The dirty mark: a database trigger on the case table marks the (organisation, year) of every case that is
created, changed or deleted, in the same transaction as the change. Pure: SQL text only, run by a migration.

Every change to one of a case's records already updates the case row (its content stamp, cases/stamp.py), so one
trigger on the case table sees them all: a service, the admin, a queryset ``update()``, raw SQL, the destruction
of a case. A case's year is its creation year in the local time zone; the trigger marks the UTC years of
``created_at`` 14 hours before and after (the widest time-zone offsets), so it never misses the local year near
New Year and at most marks one year too many (rebuilt for nothing).
"""

from __future__ import annotations

TABLE = "sw_statistics_statisticsdirty"
CASE_TABLE = "cases_case"
TRIGGER = "cases_case_marks_statistics"
MARGIN_HOURS = 14

_PG_FUNCTION = f"""CREATE OR REPLACE FUNCTION statistics_mark_dirty() RETURNS trigger AS $$
DECLARE
    row_ RECORD;
    year_ integer;
BEGIN
    FOR row_ IN SELECT OLD.organisation_id AS organisation_id, OLD.created_at AS created_at
                WHERE TG_OP <> 'INSERT'
                UNION
                SELECT NEW.organisation_id, NEW.created_at WHERE TG_OP <> 'DELETE'
    LOOP
        FOR year_ IN SELECT DISTINCT EXTRACT(YEAR FROM (row_.created_at AT TIME ZONE 'UTC') + shift)::integer
                     FROM (VALUES (interval '-{MARGIN_HOURS} hours'), (interval '{MARGIN_HOURS} hours')) AS s(shift)
        LOOP
            INSERT INTO {TABLE} (organisation_id, year, generation) VALUES (row_.organisation_id, year_, 1)
            ON CONFLICT (organisation_id, year) DO UPDATE SET generation = {TABLE}.generation + 1;
        END LOOP;
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql"""  # noqa: S608  # nosec B608 (constants of this module only)


def _sqlite_marks(alias: str) -> str:
    statements = []
    for shift in (f"-{MARGIN_HOURS} hours", f"+{MARGIN_HOURS} hours"):
        statements.append(
            f"INSERT INTO {TABLE} (organisation_id, year, generation) VALUES ({alias}.organisation_id, "  # noqa: S608  # nosec B608
            f"CAST(strftime('%Y', {alias}.created_at, '{shift}') AS INTEGER), 1) "
            f"ON CONFLICT (organisation_id, year) DO UPDATE SET generation = generation + 1;"
        )
    return " ".join(statements)


def install_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            _PG_FUNCTION,
            f"DROP TRIGGER IF EXISTS {TRIGGER} ON {CASE_TABLE}",
            f"""CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {CASE_TABLE}
    FOR EACH ROW EXECUTE FUNCTION statistics_mark_dirty()""",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {TRIGGER}_insert",
        f"CREATE TRIGGER {TRIGGER}_insert AFTER INSERT ON {CASE_TABLE} BEGIN "
        f"{_sqlite_marks('NEW')} END",
        f"DROP TRIGGER IF EXISTS {TRIGGER}_update",
        f"CREATE TRIGGER {TRIGGER}_update AFTER UPDATE ON {CASE_TABLE} BEGIN "
        f"{_sqlite_marks('OLD')} {_sqlite_marks('NEW')} END",
        f"DROP TRIGGER IF EXISTS {TRIGGER}_delete",
        f"CREATE TRIGGER {TRIGGER}_delete AFTER DELETE ON {CASE_TABLE} BEGIN "
        f"{_sqlite_marks('OLD')} END",
    ]


def uninstall_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {TRIGGER} ON {CASE_TABLE}",
            "DROP FUNCTION IF EXISTS statistics_mark_dirty()",
        ]
    return [f"DROP TRIGGER IF EXISTS {TRIGGER}_{op}" for op in ("insert", "update", "delete")]
