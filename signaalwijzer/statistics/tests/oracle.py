"""How a reader attacks a published table, written independently of disclosure.py (used by the tests)."""

from signaalwijzer.statistics.disclosure import TOTAL


def sum_parts(parts):
    """The table of all contributors together."""
    counts: dict[str, dict[str, int]] = {}
    for part in parts.values():
        for row, cells in part.items():
            for column, value in cells.items():
                counts.setdefault(row, {}).setdefault(column, 0)
                counts[row][column] += value
    return counts


def lines(table):
    for row in table.rows:
        yield (row, TOTAL), [(row, column) for column in table.columns]
    for column in table.columns:
        yield (TOTAL, column), [(row, column) for row in table.rows]
    yield (TOTAL, TOTAL), [(row, TOTAL) for row in table.rows]
    yield (TOTAL, TOTAL), [(TOTAL, column) for column in table.columns]


def share(part, cell):
    """A contributor's own count in a cell or total (0 where it has none)."""
    row, column = cell
    if row == TOTAL and column == TOTAL:
        return sum(sum(cells.values()) for cells in part.values())
    if row == TOTAL:
        return sum(cells.get(column, 0) for cells in part.values())
    if column == TOTAL:
        return sum(part.get(row, {}).values())
    return part.get(row, {}).get(column, 0)


def small(count, threshold):
    return 0 < count < threshold


def worked_out_sums(table, part=None):
    """For every line whose total is published: its hidden members and what they add up to.

    With ``part``: what someone who knows that contributor's counts works out about everyone else.
    """
    for total, members in lines(table):
        shown_total = table.shown(*total)
        if shown_total is None:
            continue
        hidden = [cell for cell in members if table.shown(*cell) is None]
        if not hidden:
            continue
        rest = shown_total - sum(table.shown(*cell) for cell in members if cell not in hidden)
        if part is not None:
            rest -= sum(share(part, cell) for cell in hidden)
        yield hidden, rest


def leaks(table, part=None):
    """Every count from 1 to threshold-1 a reader can read or work out line by line (should be empty).

    With ``part``: about everyone but that contributor, for a reader who knows the contributor's counts.
    """
    found = []
    for cell in table.values:
        shown = table.shown(*cell)
        if shown is None:
            continue
        rest = shown - (share(part, cell) if part is not None else 0)
        if (part is None and shown < table.threshold) or small(rest, table.threshold):
            found.append((cell, rest))
    for hidden, rest in worked_out_sums(table, part):
        if small(rest, table.threshold) or (part is None and len(hidden) == 1):
            found.append((tuple(hidden), rest))
    return found
