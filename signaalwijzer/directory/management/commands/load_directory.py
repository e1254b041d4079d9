"""manage.py load_directory: load zorgcoördinatoren and municipalities from the data files (idempotent).

Entries corrected in the admin are left as they are.
"""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from signaalwijzer.directory import coordinators, municipalities
from signaalwijzer.directory.models import CoordinatorEntry, MunicipalityEntry


class Command(BaseCommand):
    help = "Load the directory (zorgcoördinatoren, municipalities) from the data files."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        created = updated = kept = 0
        for item in coordinators.load():
            fields = {
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
                "last_verified": item.last_verified,
            }
            entry = CoordinatorEntry.objects.filter(key=item.key).first()
            if entry is None:
                CoordinatorEntry.objects.create(key=item.key, **fields)
                created += 1
            elif entry.edited_in_admin:
                kept += 1
            else:
                CoordinatorEntry.objects.filter(pk=entry.pk).update(**fields)
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
            f"Zorgcoördinatoren: {created} new, {updated} updated, {kept} kept (corrected in the admin). "
            f"Municipalities: {len(rows)}."
        )
