"""Disclosure control for published statistics. Pure: no Django.

Statistics must never reveal an individual. The published tables of one topic form a cube: an n-dimensional
table whose last two dimensions are the rows and columns of every table and whose other dimensions (area, year)
select a table; every dimension has a total (TOTAL), so the national table is the total over the regions and a
three-year table the total over its years. Tables cut from one cube are protected together, so no combination
of them gives away what one of them hides (docs/decisions.md, "Statistics: suppression with an interval audit").

1. Primary suppression: every cell or total below the threshold is hidden. A published 0 is allowed ("nobody"
   names no one) only where it is a worked-out sum, never as a cell: small cells and zeros are hidden alike, so a
   hidden cell says nothing about its size.
2. Contributors (``parts``, e.g. the organisations in a national table): someone who knows one contributor's own
   counts exactly (its meldcode officer) subtracts them from what is published. A shown count minus one
   contributor's share that is between 1 and threshold-1 is hidden too.
3. Lines: in every line (along any dimension, with the other labels fixed) whose total is shown, the hidden
   members never number exactly one and never add up to 1..threshold-1 (also minus one contributor's shares).
4. Interval protection (the hypercube method of the statistics offices' tool τ-ARGUS): for every hidden cell with
   a true count from 1 to threshold-1, there must be a "move" that keeps every shown count and every line
   total the same and takes the cell to 0 or to the threshold: the corners of a hypercube through the cell (one
   other label per dimension) all hidden, alternately raised and lowered, none going below zero. Such a move is a
   second table, in whole non-negative numbers, that fits everything published and has 0 or threshold in that
   cell: so no reader, however they combine the published numbers and that they are whole and not negative, can
   narrow the cell down to a range inside 1..threshold-1. Where no such hypercube is hidden yet, the cheapest
   one (least published information lost) is hidden. With contributors the same holds for the counts minus
   one contributor's shares.

Hiding only ever adds cells, so the loop ends. A hypercube that uses the totals of every dimension always exists,
so every cell can be protected. The test suite audits the result by linear programming (statistics/tests).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

DEFAULT_THRESHOLD = 10
TOTAL = "__total__"
HIDDEN_LABEL = (
    "x"  # one mark for every hidden cell: small or hidden for protection, a reader cannot tell
)

Cell = tuple[str, str]  # (row, column); TOTAL as row or column means a total
Counts = Mapping[str, Mapping[str, int]]
Key = tuple[
    str, ...
]  # one label per dimension of a cube; TOTAL in a dimension means the sum over it


@dataclass(frozen=True)
class PublishedTable:
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: Mapping[Cell, int]  # every cell including totals, before suppression
    hidden: frozenset[Cell]
    threshold: int

    def shown(self, row: str, column: str) -> int | None:
        """The published count, or None where it is suppressed."""
        cell = (row, column)
        return None if cell in self.hidden else self.values[cell]

    def label(self, row: str, column: str) -> str:
        value = self.shown(row, column)
        return HIDDEN_LABEL if value is None else str(value)


@dataclass(frozen=True)
class PublishedCube:
    """Linked tables protected together; ``table(area, year)`` is the 2D table at those labels."""

    dims: tuple[tuple[str, ...], ...]
    values: Mapping[Key, int]  # every cell including totals, before suppression
    hidden: frozenset[Key]
    threshold: int

    def table(self, *fixed: str) -> PublishedTable:
        if len(fixed) != len(self.dims) - 2:
            raise ValueError("give one label for every dimension but the rows and columns")
        rows, columns = self.dims[-2], self.dims[-1]
        values = {
            (row, column): self.values[(*fixed, row, column)]
            for row in (*rows, TOTAL)
            for column in (*columns, TOTAL)
        }
        hidden = frozenset(cell for cell in values if (*fixed, *cell) in self.hidden)
        return PublishedTable(rows, columns, values, hidden, self.threshold)


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
    cube = protect_cube(
        _flat(counts),
        (rows, columns),
        threshold=threshold,
        parts={name: _flat(part) for name, part in (parts or {}).items()} if parts else None,
    )
    return cube.table()


def _flat(counts: Counts) -> dict[Key, int]:
    return {(row, column): n for row, cells in counts.items() for column, n in cells.items()}


def protect_cube(
    counts: Mapping[Key, int],
    dims: Sequence[Sequence[str]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    parts: Mapping[str, Mapping[Key, int]] | None = None,
) -> PublishedCube:
    """Protect every table of the cube together (missing cells count as 0).

    ``dims``: the labels of each dimension, rows and columns last. ``parts``: the same counts per contributor,
    adding up to ``counts``; the result is then also safe against someone who knows one contributor's counts.
    """
    dims_t = tuple(tuple(dim) for dim in dims)
    if len(dims_t) < 2 or any(TOTAL in dim or len(set(dim)) != len(dim) for dim in dims_t):
        raise ValueError("a cube has at least two dimensions of distinct labels")
    values = _with_totals(counts, dims_t)
    shares = [_with_totals(part, dims_t) for _name, part in sorted((parts or {}).items())]
    for share in shares:
        for key, share_value in share.items():
            if share_value > values[key]:
                raise ValueError("the parts must add up to the counts")
    if shares and any(
        sum(share.get(key, 0) for share in shares) != value for key, value in values.items()
    ):
        raise ValueError("the parts must add up to the counts")
    hidden = _Suppression(dims_t, values, shares, threshold).run()
    return PublishedCube(dims_t, values, frozenset(hidden), threshold)


def _with_totals(counts: Mapping[Key, int], dims: tuple[tuple[str, ...], ...]) -> dict[Key, int]:
    """Every key of the extended cube (TOTAL in any dimensions) with its sum; sparse counts welcome."""
    values: dict[Key, int] = dict.fromkeys(itertools.product(*[(*d, TOTAL) for d in dims]), 0)
    known = [set(dim) for dim in dims]
    for key, count in counts.items():
        if len(key) != len(dims) or any(
            label not in k for label, k in zip(key, known, strict=True)
        ):
            raise ValueError(f"unknown cell {key!r}")
        count = int(count)
        if count < 0:
            raise ValueError("counts cannot be negative")
        if not count:
            continue
        for mask in itertools.product((False, True), repeat=len(dims)):
            projected = tuple(TOTAL if m else label for m, label in zip(mask, key, strict=True))
            values[projected] += count
    return values


class _Suppression:
    def __init__(
        self,
        dims: tuple[tuple[str, ...], ...],
        values: dict[Key, int],
        shares: list[dict[Key, int]],
        threshold: int,
    ) -> None:
        self.dims = dims
        self.extended = [(*dim, TOTAL) for dim in dims]
        self.values = values
        self.shares = [{k: v for k, v in share.items() if v} for share in shares]
        self.key_shares: dict[Key, list[tuple[int, int]]] = {}  # key -> (contributor, its share)
        for number, share in enumerate(self.shares):
            for key, share_value in share.items():
                self.key_shares.setdefault(key, []).append((number, share_value))
        self.threshold = threshold
        self.hidden: set[Key] = set()
        self.cubes: dict[Key, list[list[tuple[Key, int]]]] = {}  # cell -> protecting hypercubes
        self.users: dict[Key, set[Key]] = {}  # corner -> cells whose hypercube uses it

    def small(self, count: int) -> bool:
        return 0 < count < self.threshold

    def run(self) -> set[Key]:
        values, hidden = self.values, self.hidden
        hidden.update(key for key, value in values.items() if value < self.threshold)
        for share in self.shares:
            hidden.update(k for k, s in share.items() if self.small(values[k] - s))
        while True:
            before = len(hidden)
            self._lines()
            self._hypercubes()
            if len(hidden) == before:
                return hidden

    # -- rule 3: lines -------------------------------------------------------------------------------------
    def _line_members(self) -> Iterable[tuple[Key, list[Key]]]:
        for axis, dim in enumerate(self.dims):
            others = [ext for i, ext in enumerate(self.extended) if i != axis]
            for rest in itertools.product(*others):
                total = (*rest[:axis], TOTAL, *rest[axis:])
                yield total, [(*rest[:axis], label, *rest[axis:]) for label in dim]

    def _lines(self) -> None:
        values, hidden = self.values, self.hidden
        changed = True
        while changed:
            changed = False
            for total, members in self._line_members():
                if total in hidden:
                    continue
                hidden_members = [key for key in members if key in hidden]
                if not hidden_members or self._line_is_safe(hidden_members):
                    continue
                candidates = sorted((values[k], k) for k in members if k not in hidden)
                hidden.add(candidates[0][1] if candidates else total)
                changed = True

    def _line_is_safe(self, hidden_members: list[Key]) -> bool:
        if len(hidden_members) == 1:
            return False
        amount = sum(self.values[key] for key in hidden_members)
        if self.small(amount):
            return False
        # Only contributors with a share in the hidden members can subtract anything.
        own: dict[int, int] = {}
        for key in hidden_members:
            for number, share_value in self.key_shares.get(key, ()):
                own[number] = own.get(number, 0) + share_value
        return not any(self.small(amount - share_sum) for share_sum in own.values())

    # -- rule 4: hypercubes --------------------------------------------------------------------------------
    def _hypercubes(self) -> None:
        values = self.values
        sensitive = sorted(
            (key for key in self.hidden if self.small(values[key])), key=lambda k: (values[k], k)
        )
        for cell in sensitive:
            self._protect(cell, values.__getitem__)
        for share in self.shares:

            def residual(key: Key, share: dict[Key, int] = share) -> int:
                return values[key] - share.get(key, 0)

            affected: set[Key] = set()
            for key in share:
                affected.add(key)
                affected.update(self.users.get(key, ()))
            for cell in sorted(affected):
                if cell in self.hidden and self.small(residual(cell)):
                    self._protect(cell, residual)

    def _protect(self, cell: Key, value: Callable[[Key], int]) -> None:
        """Make sure a hidden hypercube moves ``cell`` to 0 or the threshold (counts given by ``value``)."""
        if any(self._moves(cube, value) for cube in self.cubes.get(cell, ())):
            return
        best = self._reused(cell, value) or self._cheapest(cell, value)
        self.hidden.update(key for key, _sign in best)
        self.cubes.setdefault(cell, []).append(best)
        for key, _sign in best:
            self.users.setdefault(key, set()).add(cell)

    def _moves(self, cube: list[tuple[Key, int]], value: Callable[[Key], int]) -> bool:
        """Can the cube take its first corner (the cell) to 0, or up to the threshold, staying >= 0?"""
        cell_value = value(cube[0][0])
        down = all(value(key) >= cell_value for key, sign in cube[1:] if sign > 0)
        up = all(value(key) >= self.threshold - cell_value for key, sign in cube[1:] if sign < 0)
        return down or up

    def _reused(self, cell: Key, value: Callable[[Key], int]) -> list[tuple[Key, int]] | None:
        """A hidden hypercube already protecting another cell that has this cell as a corner, if it moves it."""
        for other in self.users.get(cell, ()):
            for cube in self.cubes.get(other, ()):
                sign = next((sign for key, sign in cube if key == cell), 0)
                if not sign:
                    continue
                seen = [(key, s * sign) for key, s in cube if key != cell]
                if self._moves([(cell, 1), *seen], value):
                    return [(cell, 1), *seen]
        return None

    def _cheapest(self, cell: Key, value: Callable[[Key], int]) -> list[tuple[Key, int]]:
        """The hypercube through ``cell`` that moves it and hides the least published information."""
        hidden, values = self.hidden, self.values

        def neighbour_cost(axis: int, label: str) -> tuple[int, int, str]:
            # Hidden first; among those the largest (room to move), then the least to hide.
            key = (*cell[:axis], label, *cell[axis + 1 :])
            return (0, -value(key), label) if key in hidden else (values[key] + 1, 0, label)

        partners = [
            [
                label
                for *_order, label in sorted(neighbour_cost(axis, lb) for lb in ext if lb != own)
            ]
            for axis, (ext, own) in enumerate(zip(self.extended, cell, strict=True))
        ]
        best: list[tuple[Key, int]] | None = None
        best_cost = -1
        # The most promising partners first (already hidden neighbours); all of them if that finds nothing.
        tried: set[tuple[str, ...]] = set()
        for width in (2, 4, None):
            for choice in itertools.product(*[labels[:width] for labels in partners]):
                if choice in tried:
                    continue
                tried.add(choice)
                cube = self._corners(cell, choice)
                cost = 0
                for key, _sign in cube:
                    if key not in hidden:
                        cost += values[key] + 1
                        if best is not None and cost >= best_cost:
                            break
                if best is not None and cost >= best_cost:
                    continue
                if self._moves(cube, value):
                    best, best_cost = cube, cost
                    if cost == 0:
                        return cube
            if best is not None:
                return best
        raise AssertionError(
            "the hypercube of the totals always protects a cell"
        )  # pragma: no cover

    def _corners(self, cell: Key, partners: Sequence[str]) -> list[tuple[Key, int]]:
        """The hypercube's corners with their signs (+1 moves with the cell), the cell first."""
        corners: list[tuple[Key, int]] = [((), 1)]
        for own, other in zip(cell, partners, strict=True):
            flip = 1 if TOTAL in (own, other) else -1
            corners = [((*key, own), sign) for key, sign in corners] + [
                ((*key, other), sign * flip) for key, sign in corners
            ]
        return corners


def recomputable(table: PublishedTable) -> list[Cell]:
    """Hidden cells that the published totals would reveal (must always be empty after protect)."""
    found = []
    rows, columns = table.rows, table.columns
    lines: list[tuple[Cell, list[Cell]]] = [
        ((row, TOTAL), [(row, column) for column in columns]) for row in rows
    ]
    lines += [((TOTAL, column), [(row, column) for row in rows]) for column in columns]
    lines.append(((TOTAL, TOTAL), [(row, TOTAL) for row in rows]))
    lines.append(((TOTAL, TOTAL), [(TOTAL, column) for column in columns]))
    for total, members in lines:
        hidden_members = [cell for cell in members if cell in table.hidden]
        if total not in table.hidden and len(hidden_members) == 1:
            found.append(hidden_members[0])
    return found
