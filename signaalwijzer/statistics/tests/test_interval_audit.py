"""The protection against an interval audit (linear programming with scipy's HiGHS, tests/audit.py).

Thousands of random tables with many small counts, cubes of linked tables (years inside a three-year block,
regions inside the country), and readers who know one organisation's counts: no hidden count of 1..9 may be
narrowed down to a single value or a range inside 1..9. The suppression that shipped before fails this audit.
"""

import random

import pytest

from signaalwijzer.statistics.disclosure import TOTAL, protect, protect_cube
from signaalwijzer.statistics.tests import legacy_disclosure
from signaalwijzer.statistics.tests.audit import disclosed, with_totals
from signaalwijzer.statistics.tests.legacy import legacy_hidden


def random_count(rng: random.Random) -> int:
    """Many zeros and small counts, some large ones: the shape of one organisation's year."""
    roll = rng.random()
    if roll < 0.3:
        return 0
    if roll < 0.75:
        return rng.randint(1, 9)
    return rng.randint(10, 60)


def random_counts(rng, dims):
    return {key: random_count(rng) for key in _interior(dims)}


def _interior(dims):
    import itertools

    return list(itertools.product(*dims))


def labels(prefix, n):
    return tuple(f"{prefix}{i}" for i in range(n))


def audit_cube(cube, counts, threshold, known=None):
    def shown(key):
        *fixed, row, column = key
        return cube.table(*fixed).shown(row, column)

    truth = with_totals(counts, cube.dims)
    return disclosed(cube.dims, shown, truth, threshold, known=known)


def audit_2d(counts, rows, columns, hidden, threshold):
    truth = with_totals(counts, (rows, columns))

    def shown(key):
        return None if key in hidden else truth[key]

    return disclosed((rows, columns), shown, truth, threshold)


ISSUE_EXAMPLE = {
    ("r1", "c1"): 0, ("r1", "c2"): 55, ("r1", "c3"): 9,
    ("r2", "c1"): 0, ("r2", "c2"): 2, ("r2", "c3"): 29,
    ("r3", "c1"): 25, ("r3", "c2"): 7, ("r3", "c3"): 1,
}  # fmt: skip
ROWS3, COLUMNS3 = ("r1", "r2", "r3"), ("c1", "c2", "c3")


def test_the_issues_example_leaks_under_the_seeds_suppression_and_not_now():
    old = legacy_hidden(ISSUE_EXAMPLE, ROWS3, COLUMNS3, 10)
    leaks = audit_2d(ISSUE_EXAMPLE, ROWS3, COLUMNS3, old, 10)
    assert (("r1", "c3"), 9, (9.0, 9.0)) in [
        (c, t, tuple(round(x) for x in r)) for c, t, r in leaks
    ]

    cube = protect_cube(ISSUE_EXAMPLE, (ROWS3, COLUMNS3))
    assert audit_cube(cube, ISSUE_EXAMPLE, 10) == []


def test_the_seeds_rule_leaks_in_a_large_share_of_random_tables():
    rng = random.Random(17)
    leaking = 0
    for _ in range(200):
        rows, columns = labels("r", rng.randint(2, 5)), labels("c", rng.randint(2, 5))
        counts = random_counts(rng, (rows, columns))
        if audit_2d(counts, rows, columns, legacy_hidden(counts, rows, columns, 10), 10):
            leaking += 1
    print(f"seed rule: {leaking} of 200 random tables leak")
    assert leaking >= 20, leaking


def test_the_line_rules_before_issue_17_leak_when_a_year_and_its_block_are_combined():
    """Each table protected on its own (as on main before issue 17) passes alone, fails together."""
    rng = random.Random(3)
    years = ("2025", "2026", "2027")
    leaking = 0
    for _ in range(100):
        dims = (years, labels("r", rng.randint(1, 4)), labels("c", rng.randint(2, 4)))
        counts = random_counts(rng, dims)
        truth = with_totals(counts, dims)
        tables = {
            year: legacy_disclosure.protect(
                {r: {c: truth[(year, r, c)] for c in dims[2]} for r in dims[1]}, columns=dims[2]
            )
            for year in (*years, TOTAL)
        }

        def shown(key, tables=tables):
            return tables[key[0]].shown(key[1], key[2])

        if disclosed(dims, shown, truth, 10):
            leaking += 1
    print(f"before issue 17: {leaking} of 100 year-and-block combinations leak")
    assert leaking >= 30, leaking


@pytest.mark.parametrize("seed", range(5))
def test_thousands_of_random_tables_pass_the_interval_audit(seed):
    rng = random.Random(seed)
    for _ in range(400):
        threshold = rng.choice((3, 5, 10, 10, 10))
        rows, columns = labels("r", rng.randint(1, 5)), labels("c", rng.randint(1, 5))
        counts = random_counts(rng, (rows, columns))
        cube = protect_cube(counts, (rows, columns), threshold=threshold)
        assert audit_cube(cube, counts, threshold) == [], counts
        # shown counts are true and never small
        for key, value in cube.values.items():
            assert key in cube.hidden or value >= threshold


def test_protect_keeps_its_interface_and_passes_the_audit():
    counts = {"r1": {"c1": 0, "c2": 55, "c3": 9}, "r2": {"c1": 0, "c2": 2, "c3": 29}}
    counts["r3"] = {"c1": 25, "c2": 7, "c3": 1}
    table = protect(counts)
    assert table.shown("r1", "c3") is None and table.shown(TOTAL, TOTAL) == 128
    truth = with_totals(ISSUE_EXAMPLE, (ROWS3, COLUMNS3))
    assert disclosed((ROWS3, COLUMNS3), lambda key: table.shown(*key), truth, 10) == []


def test_a_year_and_its_three_year_block_together_reveal_nothing_small():
    rng = random.Random(2026)
    years = ("2025", "2026", "2027")
    for _ in range(120):
        dims = (years, labels("r", rng.randint(1, 4)), labels("c", rng.randint(2, 4)))
        counts = random_counts(rng, dims)
        cube = protect_cube(counts, dims)
        # every year's table and the block's table (TOTAL) are published side by side
        assert audit_cube(cube, counts, 10) == [], counts


def split(rng, counts, parts):
    """The counts divided over ``parts`` organisations at random."""
    shares = {f"org{i}": {} for i in range(parts)}
    for key, value in counts.items():
        for _ in range(value):
            name = f"org{rng.randrange(parts)}"
            shares[name][key] = shares[name].get(key, 0) + 1
    return shares


def test_an_organisation_that_knows_its_own_counts_learns_nothing_small_from_the_national_tables():
    rng = random.Random(7)
    years = ("2025", "2026", "2027")
    for _ in range(80):
        dims = (years, labels("r", rng.randint(1, 3)), labels("c", rng.randint(2, 4)))
        counts = random_counts(rng, dims)
        parts = split(rng, counts, rng.randint(2, 4))
        cube = protect_cube(counts, dims, parts=parts)
        assert audit_cube(cube, counts, 10) == []
        for share in parts.values():
            known = with_totals(share, dims)
            # the organisation's own tables are contained in what it knows exactly
            assert audit_cube(cube, counts, 10, known=known) == [], (counts, share)


def test_regions_years_and_the_country_published_together_reveal_nothing_small():
    rng = random.Random(25)
    for _ in range(25):
        dims = (
            labels("VR", rng.randint(2, 3)),
            ("2025", "2026"),
            labels("r", rng.randint(1, 3)),
            labels("c", rng.randint(2, 3)),
        )
        counts = random_counts(rng, dims)
        parts = split(rng, counts, 3)
        cube = protect_cube(counts, dims, parts=parts)
        assert audit_cube(cube, counts, 10) == []
        for share in parts.values():
            assert audit_cube(cube, counts, 10, known=with_totals(share, dims)) == []


def test_the_audit_can_fail_a_table_that_hides_too_little():
    # One hidden cell in a line whose total is shown: the audit must pin it.
    counts = {("a", "x"): 5, ("a", "y"): 40, ("b", "x"): 30, ("b", "y"): 30}
    hidden = {("a", "x")}
    found = audit_2d(counts, ("a", "b"), ("x", "y"), hidden, 10)
    assert [(cell, value) for cell, value, _range in found] == [(("a", "x"), 5)]
