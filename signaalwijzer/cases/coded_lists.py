"""The coded lists of a case: how the young person was recruited, the method, where it takes place. Pure.

Each list is coded (never free text), several values may be ticked, and "unknown" is an answer of its own.
"Unknown" together with a known value contradicts itself ("we do not know how, and it was online"), and would
count the case twice in the prevention figures: that combination is refused, with a message, and nothing is
saved. An empty list (or none at all) means "not filled in", which is different from "unknown".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from enum import StrEnum

UNKNOWN = "unknown"


class Problem(StrEnum):
    NOT_A_CHOICE = "not_a_choice"
    UNKNOWN_COMBINED = "unknown_combined"


def problem(values: Iterable[str], allowed: Collection[str]) -> Problem | None:
    """What is wrong with a ticked list, or None when it may be saved."""
    chosen = set(values)
    if not chosen <= set(allowed):
        return Problem.NOT_A_CHOICE
    if UNKNOWN in chosen and len(chosen) > 1:
        return Problem.UNKNOWN_COMBINED
    return None


def normalised(values: Iterable[str], order: Sequence[str]) -> list[str]:
    """The values once each, in the order of the choices (so that equal answers are stored equally)."""
    chosen = set(values)
    return [value for value in order if value in chosen]


def is_filled_in(values: Iterable[str] | None) -> bool:
    """None and an empty list both mean that nobody filled the list in yet."""
    return bool(values)
