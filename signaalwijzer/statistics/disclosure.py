"""Disclosure control for published statistics. Pure: no Django.

Statistics must never reveal an individual. A table is rows x columns of counts; its row totals, column totals
and grand total are published with it. The rule: no count below the threshold can be read or worked out.

- Primary suppression: a cell or total below the threshold is not published ("<10").
- Lines: in every line (a row, a column, the totals row, the totals column) whose total is published, the
  hidden members add up to the total minus the shown members. So a line never has exactly one hidden member,
  and the sum of its hidden members is 0 or at least the threshold; otherwise one more member is hidden (the
  smallest), or the total when there is nothing left to hide.
- Contributors (``parts``, e.g. the organisations in a national table): someone who knows one contributor's own
  counts exactly (its meldcode officer) subtracts them from what is published. For every contributor, every
  shown count minus its share, and every line's hidden sum minus its share, is 0 or at least the threshold;
  otherwise the count is hidden, or the line gets one more hidden member, as above.

Hiding only ever adds cells, so the loop ends. "0" is allowed for a worked-out sum: "nobody" names no one.
The checks are per line: combinations of several lines (or of two contributors) are not audited here.
"""

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


Key = tuple[str, ...]  # one label per dimension; TOTAL in a dimension means the sum over it


@dataclass(frozen=True)
class PublishedCube:
    """Linked tables protected together: an n-dimensional table whose last two dimensions are the rows and
    columns of every published table, and whose other dimensions (e.g. area, year) select a table.
    ``table(area, year)`` is the 2D table at those labels (TOTAL for the sum over a dimension)."""

    dims: tuple[tuple[str, ...], ...]
    values: Mapping[Key, int]  # every cell including totals, before suppression
    hidden: frozenset[Key]
    threshold: int

    def table(self, *fixed: str) -> PublishedTable:
        rows, columns = self.dims[-2], self.dims[-1]
        values = {
            (row, column): self.values[(*fixed, row, column)]
            for row in (*rows, TOTAL)
            for column in (*columns, TOTAL)
        }
        hidden = frozenset(
            (row, column) for row, column in values if (*fixed, row, column) in self.hidden
        )
        return PublishedTable(rows, columns, values, hidden, self.threshold)


def protect_cube(
    counts: Mapping[Key, int],
    dims: Sequence[Sequence[str]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    parts: Mapping[str, Mapping[Key, int]] | None = None,
) -> PublishedCube:
    """Protect every table of the cube together (PLACEHOLDER: each 2D slice on its own, to be replaced)."""
    dims_t = tuple(tuple(d) for d in dims)
    import itertools

    outer = [(*d, TOTAL) for d in dims_t[:-2]]
    values: dict[Key, int] = {}
    hidden: set[Key] = set()
    for fixed in itertools.product(*outer):
        sub = {
            row: {
                column: sum(
                    int(n)
                    for key, n in counts.items()
                    if key[-2] == row
                    and key[-1] == column
                    and all(f == TOTAL or key[i] == f for i, f in enumerate(fixed))
                )
                for column in dims_t[-1]
            }
            for row in dims_t[-2]
        }
        table = protect(sub, columns=dims_t[-1], threshold=threshold)
        for (row, column), value in table.values.items():
            values[(*fixed, row, column)] = value
            if (row, column) in table.hidden:
                hidden.add((*fixed, row, column))
    return PublishedCube(dims_t, values, frozenset(hidden), threshold)
