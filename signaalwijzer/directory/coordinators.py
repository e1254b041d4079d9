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
    )
