"""The Veilig Thuis region of a municipality. Pure: no Django.

data/veilig_thuis_regions.csv holds the 25 regions as CBS codes them (VT01-VT27, 2025), each with the safety
regions (VR codes) it covers: OUR mapping by region name, the same kind as the coordinators' one. The two match
one to one except in Brabant: Midden- en West-Brabant (VR20) is two Veilig Thuis regions (Midden-Brabant and
West-Brabant), and Brabant-Noord and Brabant-Zuidoost (VR21, VR22) are one (Oost-Brabant). For VR20 the look-up
returns both, and the page says it cannot tell which. Phone, website and form only where a source gave them.

0800-2000 puts the CALLER through to the Veilig Thuis of the caller's own region, so for a young person placed
far from home the region's own website or form is the way to reach the young person's Veilig Thuis.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "veilig_thuis_regions.csv"


@dataclass(frozen=True)
class VeiligThuisRegion:
    code: str
    name: str
    safety_regions: tuple[str, ...]
    phone: str | None = None
    website: str | None = None
    form_url: str | None = None
    source: str = ""

    @property
    def tel_uri(self) -> str | None:
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit()) if self.phone else None


def load(path: Path = DATA_FILE) -> tuple[VeiligThuisRegion, ...]:
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    regions = []
    for row in rows:
        safety = tuple(row["veiligheidsregios"].split())
        if not row["vt_code"].startswith("VT") or not safety:
            raise ValueError(f"bad Veilig Thuis row: {row['vt_code']!r}")
        for url in (row["website"], row["form_url"]):
            if url and not url.startswith("https://"):
                raise ValueError(f"{row['vt_code']}: not an https address: {url!r}")
        regions.append(
            VeiligThuisRegion(
                code=row["vt_code"],
                name=row["vt_region_name"],
                safety_regions=safety,
                phone=row["phone"] or None,
                website=row["website"] or None,
                form_url=row["form_url"] or None,
                source=row["source"],
            )
        )
    return tuple(regions)


@cache
def regions() -> tuple[VeiligThuisRegion, ...]:
    return load()


def for_safety_region(
    safety_region: str | None, known: tuple[VeiligThuisRegion, ...] | None = None
) -> list[VeiligThuisRegion]:
    """The Veilig Thuis region(s) covering a safety region: one, two (VR20) or none (no municipality)."""
    if not safety_region:
        return []
    return [region for region in (known or regions()) if safety_region in region.safety_regions]
