"""On PostgreSQL the access log and its chain head also refuse TRUNCATE, and the head refuses DELETE.

TRUNCATE skips row triggers, so migration 0002's guard did not stop it; a statement-level trigger does.
A table's owner can still switch triggers off: run the application as a role that does not own these tables
and has no TRUNCATE, UPDATE or DELETE on the log (audit/privileges.py, docs/operations.md). Django's flush
lifts the guard outside production only (audit/management/commands/flush.py). SQLite has no TRUNCATE.
"""

from django.db import migrations

CREATE = """
DROP TRIGGER IF EXISTS audit_accessevent_no_truncate ON audit_accessevent;
CREATE TRIGGER audit_accessevent_no_truncate
    BEFORE TRUNCATE ON audit_accessevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_accessevent_append_only();
DROP TRIGGER IF EXISTS audit_chainhead_no_truncate ON audit_chainhead;
CREATE TRIGGER audit_chainhead_no_truncate
    BEFORE TRUNCATE ON audit_chainhead
    FOR EACH STATEMENT EXECUTE FUNCTION audit_accessevent_append_only();
DROP TRIGGER IF EXISTS audit_chainhead_no_delete ON audit_chainhead;
CREATE TRIGGER audit_chainhead_no_delete
    BEFORE DELETE ON audit_chainhead
    FOR EACH ROW EXECUTE FUNCTION audit_accessevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_accessevent_no_truncate ON audit_accessevent;
DROP TRIGGER IF EXISTS audit_chainhead_no_truncate ON audit_chainhead;
DROP TRIGGER IF EXISTS audit_chainhead_no_delete ON audit_chainhead;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_leaner_indexes")]
    operations = [migrations.RunPython(create, drop)]
