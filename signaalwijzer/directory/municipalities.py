"""Dutch municipalities (gemeentelijke indeling 2023, 342). Pure: no Django imports.

Source: shared/data/municipalities.csv, taken from github.com/minvws/nl-covid19-data-dashboard
(packages/common/src/data/gm.ts); see shared/data/README.md.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "municipalities.csv"
CODE_PATTERN = re.compile(r"^GM\d{4}$")


@cache
def municipalities() -> tuple[tuple[str, str], ...]:
    """(code, name) pairs sorted by name, e.g. ('GM0988', 'Weert')."""
    with DATA_FILE.open(encoding="utf-8", newline="") as file:
        rows = [(row["gemeentecode"], row["gemeentenaam"]) for row in csv.DictReader(file)]
    for code, name in rows:
        if not CODE_PATTERN.match(code) or not name:
            raise ValueError(f"bad municipality row: {code!r} {name!r}")
    return tuple(sorted(rows, key=lambda row: row[1]))


def municipality_name(code: str) -> str | None:
    return dict(municipalities()).get(code)


@cache
def safety_regions() -> dict[str, str]:
    """Municipality code -> CBS safety region code (VR01-VR25)."""
    with DATA_FILE.open(encoding="utf-8", newline="") as file:
        return {row["gemeentecode"]: row["veiligheidsregio_code"] for row in csv.DictReader(file)}
