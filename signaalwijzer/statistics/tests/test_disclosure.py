"""Disclosure control: nothing small is published, and nothing hidden can be recomputed from the totals."""

from hypothesis import given, settings
from hypothesis import strategies as st

from signaalwijzer.statistics.disclosure import TOTAL, protect, recomputable

names = st.sampled_from(["a", "b", "c", "d", "e"])
tables = st.dictionaries(
    names,
    st.dictionaries(st.sampled_from(["x", "y", "z", "w"]), st.integers(0, 60), max_size=4),
    min_size=1,
    max_size=5,
)


@settings(max_examples=300)
@given(tables, st.integers(1, 20))
def test_no_published_cell_is_below_the_threshold(counts, threshold):
    table = protect(counts, threshold=threshold)
    for row, column in table.values:
        shown = table.shown(row, column)
        assert shown is None or shown >= threshold


@settings(max_examples=300)
@given(tables, st.integers(1, 20))
def test_no_hidden_cell_can_be_recomputed_from_published_totals(counts, threshold):
    assert recomputable(protect(counts, threshold=threshold)) == []


@given(tables)
def test_large_counts_are_published_unchanged_unless_needed_for_protection(counts):
    table = protect(counts, threshold=1)  # nothing is below 1 except zeros
    for (row, column), value in table.values.items():
        if value >= 1:
            assert table.shown(row, column) == value or (row, column) in table.hidden


def test_a_single_small_cell_drags_a_neighbour_with_it():
    table = protect(
        {"girls": {"sexual": 25, "criminal": 3}, "boys": {"sexual": 12, "criminal": 30}}
    )
    assert table.label("girls", "criminal") == "<10"
    # The girls' total is 28: without hiding a second girls' cell, 28 - 25 would give away the 3.
    assert table.shown("girls", "sexual") is None
    assert table.shown("girls", TOTAL) == 28
    assert recomputable(table) == []


def test_a_row_with_one_cell_hides_its_total():
    table = protect({"only": {"x": 4}, "other": {"x": 40}}, columns=["x"])
    assert table.shown("only", TOTAL) is None
