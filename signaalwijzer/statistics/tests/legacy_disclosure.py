"""disclosure.py as it was before issue 17 (line rules only), kept verbatim to show that the interval audit
catches what it let through. Not used by the application."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DEFAULT_THRESHOLD = 10
TOTAL = "__total__"

Cell = tuple[str, str]  # (row, column); TOTAL as row or column means a total
Counts = Mapping[str, Mapping[str, int]]


@dataclass(frozen=True)
class PublishedTable:
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: Mapping[Cell, int]  # every cell including totals, before suppression
    hidden: frozenset[Cell]
    threshold: int

    def shown(self, row: str, column: str) -> int | None:
        """The published count, or None where it is suppressed (display it as '<threshold')."""
        cell = (row, column)
        return None if cell in self.hidden else self.values[cell]

    def label(self, row: str, column: str) -> str:
        value = self.shown(row, column)
        return f"<{self.threshold}" if value is None else str(value)


def _lines(rows: Sequence[str], columns: Sequence[str]) -> list[tuple[Cell, list[Cell]]]:
    """Every (total, members) relation: rows, columns, and the totals row and column with the grand total."""
    lines: list[tuple[Cell, list[Cell]]] = []
    for row in rows:
        lines.append(((row, TOTAL), [(row, column) for column in columns]))
    for column in columns:
        lines.append(((TOTAL, column), [(row, column) for row in rows]))
    lines.append(((TOTAL, TOTAL), [(row, TOTAL) for row in rows]))
    lines.append(((TOTAL, TOTAL), [(TOTAL, column) for column in columns]))
    return lines


def _with_totals(counts: Counts, rows: Sequence[str], columns: Sequence[str]) -> dict[Cell, int]:
    values: dict[Cell, int] = {}
    for row in rows:
        for column in columns:
            count = int(counts.get(row, {}).get(column, 0))
            if count < 0:
                raise ValueError("counts cannot be negative")
            values[(row, column)] = count
    for row in rows:
        values[(row, TOTAL)] = sum(values[(row, column)] for column in columns)
    for column in columns:
        values[(TOTAL, column)] = sum(values[(row, column)] for row in rows)
    values[(TOTAL, TOTAL)] = sum(values[(row, TOTAL)] for row in rows)
    return values


def protect(
    counts: Counts,
    *,
    columns: Sequence[str] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    parts: Mapping[str, Counts] | None = None,
) -> PublishedTable:
    """Suppress what must not be published (missing cells count as 0).

    ``parts``: the same table per contributor (they must add up to ``counts``); the result is then also safe
    against someone who knows one contributor's counts exactly.
    """
    rows = tuple(counts)
    columns = tuple(
        columns if columns is not None else sorted({c for row in counts.values() for c in row})
    )
    values = _with_totals(counts, rows, columns)
    shares = [_with_totals(part, rows, columns) for _name, part in sorted((parts or {}).items())]
    _check_parts(counts, rows, columns, values, shares, parts or {})

    def small(count: int) -> bool:
        return 0 < count < threshold

    def line_is_safe(hidden_members: list[Cell]) -> bool:
        if len(hidden_members) == 1:
            return False
        if small(sum(values[cell] for cell in hidden_members)):
            return False
        return not any(
            small(sum(values[cell] - share[cell] for cell in hidden_members)) for share in shares
        )

    hidden = {cell for cell, value in values.items() if value < threshold}
    lines = _lines(rows, columns)
    changed = True
    while changed:
        changed = False
        for cell, value in values.items():
            if cell not in hidden and any(small(value - share[cell]) for share in shares):
                hidden.add(cell)
                changed = True
        for total, members in lines:
            if total in hidden:
                continue
            hidden_members = [cell for cell in members if cell in hidden]
            if not hidden_members or line_is_safe(hidden_members):
                continue
            candidates = sorted((values[c], c) for c in members if c not in hidden)
            hidden.add(candidates[0][1] if candidates else total)
            changed = True
    return PublishedTable(rows, columns, values, frozenset(hidden), threshold)


def _check_parts(
    counts: Counts,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Mapping[Cell, int],
    shares: list[dict[Cell, int]],
    parts: Mapping[str, Counts],
) -> None:
    if not shares:
        return
    for part in parts.values():
        for row, cells in part.items():
            if row not in counts and any(cells.values()):
                raise ValueError("the parts must add up to the counts")
    for row in rows:
        for column in columns:
            if sum(share[(row, column)] for share in shares) != values[(row, column)]:
                raise ValueError("the parts must add up to the counts")


def recomputable(table: PublishedTable) -> list[Cell]:
    """Hidden cells that the published totals would reveal (must always be empty after protect)."""
    found = []
    for total, members in _lines(table.rows, table.columns):
        hidden_members = [cell for cell in members if cell in table.hidden]
        if total not in table.hidden and len(hidden_members) == 1:
            found.append(hidden_members[0])
    return found
