"""manage.py load_directory: load zorgcoördinatoren and municipalities from the data files (idempotent).

What an organisation administrator corrected (CoordinatorEntry.corrected_fields) or verified stays as it is:
the loader writes only the other fields. An entry changed in the Django admin (edited_in_admin) is left whole.
"""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from signaalwijzer.directory import coordinators, municipalities
from signaalwijzer.directory.models import CoordinatorEntry, MunicipalityEntry


def _fields(item: coordinators.Coordinator) -> dict[str, Any]:
    return {
        "region": item.region,
        "organisation": item.organisation,
        "phones": list(item.phones),
        "email": item.email or "",
        "website": item.website or "",
        "age_min": item.age_min,
        "age_max": item.age_max,
        "national_fallback": item.national_fallback,
        "safety_regions": list(item.safety_regions),
        "note": item.note or "",
        "source": item.source or "",
        "source_url": item.source_url or "",
        "last_verified": item.last_verified,
    }


def file_fields_for(entry: CoordinatorEntry, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields of the file that may overwrite this entry: not what an administrator corrected."""
    kept = set(entry.corrected_fields or ())
    if entry.verified_by_id and (
        fields["last_verified"] is None
        or (entry.last_verified and entry.last_verified >= fields["last_verified"])
    ):
        kept.add("last_verified")
    return {name: value for name, value in fields.items() if name not in kept}


class Command(BaseCommand):
    help = "Load the directory (zorgcoördinatoren, municipalities) from the data files."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        created = updated = kept = 0
        for item in coordinators.load():
            fields = _fields(item)
            entry = CoordinatorEntry.objects.filter(key=item.key).first()
            if entry is None:
                CoordinatorEntry.objects.create(key=item.key, **fields)
                created += 1
            elif entry.edited_in_admin:
                kept += 1
            else:
                CoordinatorEntry.objects.filter(pk=entry.pk).update(
                    **file_fields_for(entry, fields)
                )
                updated += 1
        with municipalities.DATA_FILE.open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        for row in rows:
            MunicipalityEntry.objects.update_or_create(
                code=row["gemeentecode"],
                defaults={
                    "name": row["gemeentenaam"],
                    "safety_region": row["veiligheidsregio_code"],
                },
            )
        self.stdout.write(
            f"Zorgcoördinatoren: {created} new, {updated} updated (corrected fields kept), "
            f"{kept} kept (corrected in the Django admin). Municipalities: {len(rows)}."
        )
