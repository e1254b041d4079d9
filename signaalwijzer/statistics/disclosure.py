"""Disclosure control for published statistics. Pure: no Django.

Statistics must never reveal an individual. A cell (a count) below the threshold is not published ("<10"),
and neither is any total below it. Because totals are published, one suppressed cell in a row or column
could be recomputed (total minus the others); secondary suppression hides one more cell (the smallest) in
every such line, repeated until no line with a published total has exactly one hidden member.

A table is rows x columns of counts; its row totals, column totals and grand total are published with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DEFAULT_THRESHOLD = 10
TOTAL = "__total__"

Cell = tuple[str, str]  # (row, column); TOTAL as row or column means a total


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


def protect(
    counts: Mapping[str, Mapping[str, int]],
    *,
    columns: Sequence[str] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> PublishedTable:
    """Apply primary and secondary suppression to a table of counts (missing cells count as 0)."""
    rows = tuple(counts)
    columns = tuple(
        columns if columns is not None else sorted({c for row in counts.values() for c in row})
    )
    values: dict[Cell, int] = {}
    for row in rows:
        for column in columns:
            count = int(counts[row].get(column, 0))
            if count < 0:
                raise ValueError("counts cannot be negative")
            values[(row, column)] = count
    for row in rows:
        values[(row, TOTAL)] = sum(values[(row, column)] for column in columns)
    for column in columns:
        values[(TOTAL, column)] = sum(values[(row, column)] for row in rows)
    values[(TOTAL, TOTAL)] = sum(values[(row, TOTAL)] for row in rows)

    hidden = {cell for cell, value in values.items() if value < threshold}
    lines = _lines(rows, columns)
    changed = True
    while changed:
        changed = False
        for total, members in lines:
            if total in hidden:
                continue
            hidden_members = [cell for cell in members if cell in hidden]
            if len(hidden_members) != 1:
                continue
            candidates = sorted((values[c], c) for c in members if c not in hidden)
            if candidates:
                hidden.add(candidates[0][1])
            else:  # nothing else to hide in this line: hide its total instead
                hidden.add(total)
            changed = True
    return PublishedTable(rows, columns, values, frozenset(hidden), threshold)


def recomputable(table: PublishedTable) -> list[Cell]:
    """Hidden cells that the published totals would reveal (must always be empty after protect)."""
    found = []
    for total, members in _lines(table.rows, table.columns):
        hidden_members = [cell for cell in members if cell in table.hidden]
        if total not in table.hidden and len(hidden_members) == 1:
            found.append(hidden_members[0])
    return found
