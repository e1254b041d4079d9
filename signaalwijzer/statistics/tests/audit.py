"""An interval audit by linear programming, as the statistics offices audit a protected table (τ-ARGUS).

Written independently of disclosure.py: it reads only what is published (``shown``) and asks, for every hidden
cell, the smallest and the largest value that fits all published numbers (counts are not negative; hidden
cells are unknown, whatever their mark says), with scipy's HiGHS. A reader who knows one contributor's counts
exactly (``known``) works with the published numbers minus those counts.

A hidden cell whose true count is 1..threshold-1 is disclosed when its feasible range is a single value or lies
within 1..threshold-1. Relaxing "whole numbers" only widens the range, so a cell that passes this audit may
still be narrowed by integer reasoning: disclosure.py guarantees more (a whole-number table at 0 or threshold);
this audit checks the part that the issue asks for.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from signaalwijzer.statistics.disclosure import TOTAL

Key = tuple[str, ...]
EPSILON = 1e-6


def extended_keys(dims: Sequence[Sequence[str]]) -> list[Key]:
    return list(itertools.product(*[(*dim, TOTAL) for dim in dims]))


def lines(dims: Sequence[Sequence[str]]):
    """Every published additive relation: along each dimension, the members add up to the total."""
    extended = [(*dim, TOTAL) for dim in dims]
    for axis, dim in enumerate(dims):
        others = [ext for i, ext in enumerate(extended) if i != axis]
        for rest in itertools.product(*others):
            total = (*rest[:axis], TOTAL, *rest[axis:])
            yield total, [(*rest[:axis], label, *rest[axis:]) for label in dim]


def feasible_ranges(
    dims: Sequence[Sequence[str]],
    shown: Callable[[Key], int | None],
    known: Mapping[Key, int] | None = None,
    cells: Sequence[Key] | None = None,
    enough: float | None = None,
) -> dict[Key, tuple[float, float]]:
    """[min, max] of every hidden cell in ``cells`` (default: all hidden), minus ``known`` where given.

    With ``enough``: a cell whose maximum reaches it is not minimised (its range is wide enough anyway; the
    minimum is then given as -inf)."""
    known = known or {}
    keys = extended_keys(dims)
    hidden = [key for key in keys if shown(key) is None]
    index = {key: i for i, key in enumerate(hidden)}
    rows, cols, data, rhs = [], [], [], []
    for number, (total, members) in enumerate(lines(dims)):
        constant = 0.0
        for key, coefficient in [(m, 1.0) for m in members] + [(total, -1.0)]:
            value = shown(key)
            if value is None:
                rows.append(number)
                cols.append(index[key])
                data.append(coefficient)
            else:
                constant += coefficient * (value - known.get(key, 0))
        rhs.append(-constant)
    a_eq = coo_matrix((data, (rows, cols)), shape=(len(rhs), len(hidden))).tocsr()
    b_eq = np.array(rhs)
    ranges = {}
    for cell in cells if cells is not None else hidden:
        objective = np.zeros(len(hidden))
        objective[index[cell]] = 1.0
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert high.status in (0, 3), (
            high.message
        )  # the true table always fits: infeasible is a bug
        upper = float("inf") if high.status == 3 else -high.fun  # 3: unbounded
        if enough is not None and upper >= enough - EPSILON:
            ranges[cell] = (float("-inf"), upper)
            continue
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0, low.message
        ranges[cell] = (low.fun, upper)
    return ranges


def disclosed(
    dims: Sequence[Sequence[str]],
    shown: Callable[[Key], int | None],
    truth: Mapping[Key, int],
    threshold: int,
    known: Mapping[Key, int] | None = None,
) -> list[tuple[Key, int, tuple[float, float]]]:
    """Hidden cells with a true count (minus ``known``) of 1..threshold-1 that the audit narrows down."""
    known = known or {}

    def small(key: Key) -> bool:
        return 0 < truth[key] - known.get(key, 0) < threshold

    cells = [key for key in extended_keys(dims) if shown(key) is None and small(key)]
    if not cells:
        return []
    found = []
    for cell, (low, high) in feasible_ranges(dims, shown, known, cells, enough=threshold).items():
        single = high - low < EPSILON
        inside = low > EPSILON and high < threshold - EPSILON
        if single or inside:
            found.append((cell, truth[cell] - known.get(cell, 0), (low, high)))
    return found


def with_totals(counts: Mapping[Key, int], dims: Sequence[Sequence[str]]) -> dict[Key, int]:
    """The true value of every key, totals included (the test's own sum, not disclosure.py's)."""
    truth = dict.fromkeys(extended_keys(dims), 0)
    for key, value in counts.items():
        for mask in itertools.product((False, True), repeat=len(dims)):
            truth[tuple(TOTAL if m else label for m, label in zip(mask, key, strict=True))] += value
    return truth
