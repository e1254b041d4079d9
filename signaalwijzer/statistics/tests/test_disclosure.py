"""Disclosure control: nothing small is published, and nothing small can be worked out.

The checks here are written independently of disclosure.py: they look at the published table the way a
reader would, line by line, with and without one contributor's own counts in hand.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signaalwijzer.statistics.disclosure import HIDDEN_LABEL, TOTAL, protect, recomputable
from signaalwijzer.statistics.tests.oracle import leaks, small, sum_parts, worked_out_sums

ROWS = ["a", "b", "c", "d", "e"]
COLUMNS = ["x", "y", "z", "w"]
names = st.sampled_from(ROWS)
tables = st.dictionaries(
    names,
    st.dictionaries(st.sampled_from(COLUMNS), st.integers(0, 60), max_size=4),
    min_size=1,
    max_size=5,
)
# Small counts per contributor, so that differences below the threshold are common.
part_tables = st.dictionaries(
    names,
    st.dictionaries(st.sampled_from(COLUMNS), st.integers(0, 15), max_size=4),
    max_size=5,
)
contributors = st.dictionaries(st.sampled_from(["org1", "org2", "org3"]), part_tables, min_size=1)


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


@settings(max_examples=500)
@given(tables, st.integers(1, 20))
def test_the_hidden_cells_of_a_line_never_add_up_to_a_small_number(counts, threshold):
    table = protect(counts, threshold=threshold)
    for hidden, rest in worked_out_sums(table):
        assert len(hidden) >= 2
        assert rest == sum(table.values[cell] for cell in hidden)
        assert not small(rest, threshold), (hidden, rest)


@settings(max_examples=500)
@given(contributors, st.integers(2, 12))
def test_knowing_one_contributor_reveals_nothing_small_about_the_others(parts, threshold):
    counts = sum_parts(parts)
    if not counts:
        return
    table = protect(counts, columns=COLUMNS, threshold=threshold, parts=parts)
    for part in parts.values():
        assert leaks(table, part) == []
    assert leaks(table) == []  # and the table is still safe on its own


@given(tables, st.integers(1, 20))
def test_a_single_contributor_changes_nothing(counts, threshold):
    alone = protect(counts, threshold=threshold)
    assert protect(counts, threshold=threshold, parts={"only": counts}) == alone


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
    assert table.label("girls", "criminal") == HIDDEN_LABEL
    # The girls' total is 28: without hiding a second girls' cell, 28 - 25 would give away the 3.
    assert table.shown("girls", "sexual") is None
    assert table.shown("girls", TOTAL) == 28
    assert recomputable(table) == []


def test_a_row_with_one_cell_hides_its_total():
    table = protect({"only": {"x": 4}, "other": {"x": 40}}, columns=["x"])
    assert table.shown("only", TOTAL) is None


def test_two_small_hidden_cells_do_not_give_away_their_sum():
    # Before: 25 and the total 31 were shown, so the two hidden cells were known to add up to 6.
    table = protect({"q4": {"sexual": 25, "criminal": 4, "labour": 2}})
    assert table.shown("q4", TOTAL) == 31
    assert table.shown("q4", "sexual") is None


def test_hidden_zeros_may_add_up_to_zero():
    table = protect({"q4": {"sexual": 25, "criminal": 0, "labour": 0}})
    assert table.shown("q4", "sexual") == 25


def test_national_minus_own_organisation_does_not_give_away_one_case_elsewhere():
    # The review: 12 in my organisation, 13 nationally, so exactly one boy of 12-15 elsewhere.
    mine = {"12_15": {"boy": 12, "girl": 30}, "16_17": {"boy": 40, "girl": 25}}
    theirs = {"12_15": {"boy": 1, "girl": 20}, "16_17": {"boy": 15, "girl": 11}}
    national = sum_parts({"mine": mine, "theirs": theirs})
    table = protect(national, parts={"mine": mine, "theirs": theirs})
    assert table.values[("12_15", "boy")] == 13
    assert table.shown("12_15", "boy") is None
    # nor through the totals: the hidden cells of every line, minus mine, are 0 or at least 10
    for hidden, rest in worked_out_sums(table, mine):
        assert not small(rest, 10), (hidden, rest)
    # without the organisations, 13 would be shown
    assert protect(national).shown("12_15", "boy") == 13


def test_parts_that_do_not_add_up_are_refused():
    with pytest.raises(ValueError):
        protect({"a": {"x": 12}}, parts={"one": {"a": {"x": 11}}})
    with pytest.raises(ValueError):
        protect({"a": {"x": 12}}, parts={"one": {"a": {"x": 12}}, "two": {"b": {"x": 3}}})
