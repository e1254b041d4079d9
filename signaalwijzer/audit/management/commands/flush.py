"""Django's flush, aware of the access log's TRUNCATE guard.

On PostgreSQL the access log refuses TRUNCATE (migration audit 0005), and flush empties every table with
TRUNCATE. Outside production (tests between transactional test cases, a developer starting over) this lifts
the guard for the flush only, in the same transaction; that needs the table owner, as disabling any trigger
does. In production flush is refused: it would erase the access log.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

GUARDS = (
    ("audit_accessevent", "audit_accessevent_no_truncate"),
    ("audit_chainhead", "audit_chainhead_no_truncate"),
)


class Command(flush.Command):
    help = f"{flush.Command.help} Refused in production, where it would erase the access log."

    def handle(self, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("flush is refused in production: it would erase the access log.")
        alias = options.get("database", DEFAULT_DB_ALIAS)
        connection = connections[alias]
        if connection.vendor != "postgresql":
            super().handle(**options)
            return
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(
                # The log's partitions (migration audit 0008) carry the guard too.
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = ANY(%s) AND (c.relname = ANY(%s) OR c.oid IN ("
                "SELECT inhrelid FROM pg_inherits WHERE inhparent = to_regclass('audit_accessevent')))",
                [[name for _, name in GUARDS], [table for table, _ in GUARDS]],
            )
            present = cursor.fetchall()
            quote = connection.ops.quote_name
            for table, name in present:
                cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER {quote(name)}")
            super().handle(**options)
            for table, name in present:
                cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER {quote(name)}")
