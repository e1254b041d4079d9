"""manage.py rotate_keys: re-encrypt everything with the newest key in FIELD_ENCRYPTION_KEYS.

Put the new key first (FIELD_ENCRYPTION_KEYS=new,old), run this, check, then remove the old key.
Resumable: rows already encrypted with the newest key are skipped, each batch is committed on its own,
so an interrupted run can simply be started again. Then every blind index (BlindIndexField) is recomputed
with the key derived from the newest encryption key; an index that is already right is left alone.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from signaalwijzer.encryption import (
    BlindIndexField,
    EncryptedTextField,
    blind_index,
    is_encrypted_with_primary_key,
    rotate_token,
)

ALLAUTH_SECRET_KEYS = ("secret", "seed")


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields (and MFA secrets) with the newest field-encryption key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args: Any, batch: int, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            columns = [
                field.column
                for field in model._meta.concrete_fields
                if isinstance(field, EncryptedTextField)
            ]
            if columns:
                total += self._rotate_table(
                    model._meta.db_table, model._meta.pk.column, columns, batch
                )
        total += self._rotate_mfa_secrets(batch)
        self.stdout.write(f"Re-encrypted {total} value(s) with the newest key.")
        indexed = sum(self._reindex(model, batch) for model in apps.get_models())
        self.stdout.write(f"Recomputed {indexed} blind index value(s) with the newest key.")

    def _reindex(self, model: Any, batch: int) -> int:
        """Recompute each BlindIndexField from its (decrypted) source field; one batch per transaction."""
        fields = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
        if not fields:
            return 0
        names = [name for field in fields for name in (field.attname, field.source)]
        changed, last = 0, 0
        while True:
            with transaction.atomic():
                rows = list(
                    model._default_manager.filter(pk__gt=last)
                    .order_by("pk")
                    .values_list("pk", *names)[:batch]
                )
                for pk, *values in rows:
                    updates = {}
                    for field, stored, source in zip(
                        fields, values[::2], values[1::2], strict=True
                    ):
                        wanted = blind_index(source)
                        if stored != wanted:
                            updates[field.attname] = wanted
                    if updates:
                        model._default_manager.filter(pk=pk).update(**updates)
                        changed += len(updates)
            if len(rows) < batch:
                return changed
            last = rows[-1][0]

    def _rotate_table(self, table: str, pk: str, columns: list[str], batch: int) -> int:
        """Raw SQL on purpose: the stored tokens are rotated without passing through the model fields."""
        quote = connection.ops.quote_name
        changed, last = 0, None
        select = f"SELECT {quote(pk)}, {', '.join(quote(c) for c in columns)} FROM {quote(table)}"  # noqa: S608  # nosec B608
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                where = f" WHERE {quote(pk)} > %s" if last is not None else ""
                cursor.execute(
                    f"{select}{where} ORDER BY {quote(pk)} LIMIT %s",
                    [*([last] if last is not None else []), batch],
                )
                rows = cursor.fetchall()
                for row in rows:
                    updates = {
                        column: rotate_token(value)
                        for column, value in zip(columns, row[1:], strict=True)
                        if value and not is_encrypted_with_primary_key(value)
                    }
                    if updates:
                        assignments = ", ".join(f"{quote(column)} = %s" for column in updates)
                        cursor.execute(
                            f"UPDATE {quote(table)} SET {assignments} WHERE {quote(pk)} = %s",  # noqa: S608  # nosec B608
                            [*updates.values(), row[0]],
                        )
                        changed += len(updates)
            if len(rows) < batch:
                return changed
            last = rows[-1][0]

    def _rotate_mfa_secrets(self, batch: int) -> int:
        from allauth.mfa.models import Authenticator

        changed = 0
        for authenticator in Authenticator.objects.order_by("pk").iterator(chunk_size=batch):
            data = dict(authenticator.data)
            keys = [k for k in ALLAUTH_SECRET_KEYS if isinstance(data.get(k), str)]
            stale = [k for k in keys if not is_encrypted_with_primary_key(data[k])]
            if stale:
                for key in stale:
                    data[key] = rotate_token(data[key])
                Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
                changed += len(stale)
        return changed
