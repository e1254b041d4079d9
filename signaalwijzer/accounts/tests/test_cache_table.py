"""Finding 12: `migrate` alone makes the database cache's table (login needs it)."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

TABLE = settings.CACHES["default"]["LOCATION"]


def _tables():
    return connection.introspection.table_names()


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_cache_table_and_a_second_run_changes_nothing():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(TABLE)}")
    call_command("migrate", "accounts", "0002", verbosity=0)
    assert TABLE not in _tables()

    # Every app: going back to accounts 0002 also unapplied the apps that depend on later accounts migrations.
    call_command("migrate", verbosity=0)
    assert TABLE in _tables()
    cache.set("probe", "ok")
    assert cache.get("probe") == "ok"

    # Again, as after `make migrate` (which also runs createcachetable): no error, table kept.
    call_command("migrate", "accounts", "0002", verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    assert TABLE in _tables()
