"""The table of the database cache (settings.CACHES): part of `migrate`, so no release step can forget it.

Without it the login fails with a 500 (rate limits and used-TOTP markers live in this cache). This runs
Django's own `createcachetable`, which skips a table that exists: safe after `make migrate` and on
databases where the table was made by hand.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_organisation_retention_years")]

    operations = [
        # Reversing leaves the table: it holds nothing that an older version could not use.
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop),
    ]
