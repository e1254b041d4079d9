"""Finding the zorgcoördinator mensenhandel for a young person. Pure: no Django.

By the young person's municipality (its safety region) and age, where coordinators split by age (<23 / 23+).
Where no coordinator is known, CoMensha coordinates: the look-up never returns nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

DATA_FILE = Path(__file__).parent / "data" / "zorgcoordinatoren.yaml"
VERIFY_AFTER = timedelta(days=365)
# The live list on wegwijzermensenhandel.nl; the data file names it (`live_list`), this is the fallback.
LIVE_LIST = "https://www.wegwijzermensenhandel.nl/zorgcoordinatoren"
# What an organisation administrator may correct (the loader then leaves that field alone).
CORRECTABLE = ("organisation", "phones", "email", "website", "note", "source", "source_url")


@dataclass(frozen=True)
class Coordinator:
    key: str
    region: str
    organisation: str
    phones: tuple[str, ...] = ()
    email: str | None = None
    website: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    national_fallback: bool = False
    safety_regions: tuple[str, ...] = ()
    note: str | None = None
    last_verified: date | None = None
    source: str | None = None
    source_url: str | None = None
    # Who verified it last: the organisation (national data, decision in docs/decisions.md).
    verified_by_organisation: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def fits_age(self, age: int | None) -> bool:
        if age is None:
            return True
        return (self.age_min is None or age >= self.age_min) and (
            self.age_max is None or age <= self.age_max
        )


def needs_checking(last_verified: date | None, today: date) -> bool:
    """Never verified, or verified more than a year ago."""
    return last_verified is None or today - last_verified > VERIFY_AFTER


def for_young_person(
    coordinators: Iterable[Coordinator], *, safety_region: str | None, age: int | None
) -> list[Coordinator]:
    """The coordinator(s) for this region and age; CoMensha when none is known. Never empty."""
    candidates = list(coordinators)
    found = [
        c
        for c in candidates
        if safety_region and safety_region in c.safety_regions and c.fits_age(age)
    ]
    if found:
        return found
    fallback = [c for c in candidates if c.national_fallback]
    if not fallback:
        raise LookupError("the directory has no national fallback (CoMensha)")
    return fallback


def load(path: Path = DATA_FILE) -> list[Coordinator]:
    with path.open(encoding="utf-8") as file:
        document = yaml.safe_load(file)
    return [from_mapping(entry) for entry in document["coordinators"]]


def live_list(path: Path = DATA_FILE) -> str:
    """The address of the live list the data file names."""
    with path.open(encoding="utf-8") as file:
        document = yaml.safe_load(file)
    address = document.get("live_list") or LIVE_LIST
    if not str(address).startswith("https://"):
        raise ValueError(f"live_list is not an https address: {address!r}")
    return str(address)


def normalise_phones(text: str) -> list[str]:
    """One number per line (or separated by ';'), blank lines dropped; numbers kept as written."""
    parts = [part.strip() for line in text.splitlines() for part in line.split(";")]
    return [part for part in parts if part]


def phone_is_plausible(phone: str) -> bool:
    """Digits, spaces, hyphens, brackets and a leading +; 10 to 15 digits (Dutch or international)."""
    allowed = set("0123456789 -()+")
    digits = sum(ch.isdigit() for ch in phone)
    return bool(phone) and set(phone) <= allowed and "+" not in phone[1:] and 10 <= digits <= 15


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Each field whose value differs: [from, to]."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def from_mapping(entry: dict[str, Any]) -> Coordinator:
    verified = entry.get("last_verified")
    return Coordinator(
        key=entry["key"],
        region=entry["region"],
        organisation=entry["organisation"],
        phones=tuple(entry.get("phones") or ()),
        email=entry.get("email"),
        website=entry.get("website"),
        age_min=entry.get("age_min"),
        age_max=entry.get("age_max"),
        national_fallback=bool(entry.get("national_fallback")),
        safety_regions=tuple(entry.get("veiligheidsregios") or ()),
        note=entry.get("note"),
        last_verified=date.fromisoformat(str(verified)) if verified else None,
        source=entry.get("source"),
        source_url=entry.get("source_url"),
    )
