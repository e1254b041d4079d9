"""The case's content stamp: a number the database changes whenever the case or any of its records changes.

The case page cache (cases/page_cache.py) keys a rendered page on it, so a cached page can never outlive a
change. Triggers, not application code, keep it: a write through a service, the admin, a queryset
``update()`` or raw SQL all change it. Every table with a ``case_id`` that the case page shows has the
trigger; the access log (audit_accessevent) does not: a read must not change the page.

PostgreSQL takes the stamp from a sequence, so it never repeats; SQLite (the embedded default) from
``random()``, a 64-bit number. Pure: SQL text only, run by the migrations.
"""

from __future__ import annotations

# Tables whose rows the case page shows, keyed by case_id. A new one needs a migration that calls
# record_trigger_sql (cases/tests/test_content_stamp.py fails until it has one); migrations name their
# tables themselves, as a table added here does not exist yet when an earlier migration runs.
RECORD_TABLES = (
    "cases_casemember",
    "cases_observation",
    "cases_timelineentry",
    "cases_emergencyaccess",
    "cases_destructionrequest",
    "meldcode_consultation",
    "meldcode_conversation",
    "meldcode_step3skip",
    "meldcode_weighing",
    "meldcode_weighingversion",
    "meldcode_action",
    "meldcode_veiligthuisfeedback",
    "instruments_assessment",
    "consent_consentrecord",
    "consent_sharerecord",
    "safety_missingepisode",
    "safety_safetyplan",
    "links_caselink",
)

# Tables with a case_id that the case page never shows, so a write to them must not change its stamp.
UNSTAMPED_TABLES = (
    "audit_accessevent",  # a read writes an access event; it must not invalidate the page
    "api_idempotencykey",  # ids and hashes for API retries
    "cases_recordchange",  # written only with an update of a stamped record, which changes the stamp itself
    "register_loosesignal",  # a signal turned into a case points to it; the case page does not show it
)

CASE_TABLE = "cases_case"
COLUMN = "content_stamp"


# The statements that change the stamp, with the names written out (they are CASE_TABLE and COLUMN).
_NEW_STAMP_FUNCTION = """CREATE OR REPLACE FUNCTION cases_case_new_stamp() RETURNS trigger AS $$
BEGIN
    NEW.content_stamp := nextval('cases_case_content_stamp_seq');
    RETURN NEW;
END;
$$ LANGUAGE plpgsql"""
_RECORD_CHANGED_FUNCTION = """CREATE OR REPLACE FUNCTION cases_case_record_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE cases_case SET content_stamp = 0 WHERE id = OLD.case_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE cases_case SET content_stamp = 0 WHERE id = NEW.case_id;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql"""
_SQLITE_TOUCH = "UPDATE cases_case SET content_stamp = random() WHERE id ="


def trigger_name(table: str) -> str:
    return f"{table}_stamps_case"


def case_trigger_sql(vendor: str) -> list[str]:
    """The case row gets a new stamp on every insert and update, whatever the update set it to."""
    if vendor == "postgresql":
        return [
            f"CREATE SEQUENCE IF NOT EXISTS {CASE_TABLE}_{COLUMN}_seq",
            _NEW_STAMP_FUNCTION,
            f"DROP TRIGGER IF EXISTS {trigger_name(CASE_TABLE)} ON {CASE_TABLE}",
            f"""CREATE TRIGGER {trigger_name(CASE_TABLE)} BEFORE INSERT OR UPDATE ON {CASE_TABLE}
    FOR EACH ROW EXECUTE FUNCTION {CASE_TABLE}_new_stamp()""",
            _RECORD_CHANGED_FUNCTION,
        ]
    # SQLite cannot change NEW; an AFTER trigger sets the stamp (recursive triggers are off, so it does
    # not fire itself).
    return [
        f"DROP TRIGGER IF EXISTS {trigger_name(CASE_TABLE)}_insert",
        f"CREATE TRIGGER {trigger_name(CASE_TABLE)}_insert AFTER INSERT ON {CASE_TABLE} BEGIN "
        + _SQLITE_TOUCH
        + " NEW.id; END",
        f"DROP TRIGGER IF EXISTS {trigger_name(CASE_TABLE)}_update",
        f"CREATE TRIGGER {trigger_name(CASE_TABLE)}_update AFTER UPDATE ON {CASE_TABLE} BEGIN "
        + _SQLITE_TOUCH
        + " NEW.id; END",
    ]


def record_trigger_sql(vendor: str, table: str) -> list[str]:
    """Any insert, update or delete in ``table`` gives the case(s) of the row a new stamp."""
    name = trigger_name(table)
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"""CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {CASE_TABLE}_record_changed()""",
        ]
    touch = _SQLITE_TOUCH
    return [
        f"DROP TRIGGER IF EXISTS {name}_insert",
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {touch} NEW.case_id; END",
        f"DROP TRIGGER IF EXISTS {name}_update",
        f"""CREATE TRIGGER {name}_update AFTER UPDATE ON {table} BEGIN
    {touch} OLD.case_id; {touch} NEW.case_id;
END""",
        f"DROP TRIGGER IF EXISTS {name}_delete",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {touch} OLD.case_id; END",
    ]


def install_sql(vendor: str, tables: tuple[str, ...] = RECORD_TABLES) -> list[str]:
    statements = case_trigger_sql(vendor)
    for table in tables:
        statements += record_trigger_sql(vendor, table)
    return statements
