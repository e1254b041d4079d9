"""The seed's first suppression, kept only to show that the interval audit catches its leaks: hide cells below the
threshold, then one more cell in every line with exactly one hidden member (issue 17's description)."""

from signaalwijzer.statistics.disclosure import TOTAL


def legacy_hidden(counts, rows, columns, threshold):
    values = {(r, c): counts.get((r, c), 0) for r in rows for c in columns}
    for r in rows:
        values[(r, TOTAL)] = sum(values[(r, c)] for c in columns)
    for c in columns:
        values[(TOTAL, c)] = sum(values[(r, c)] for r in rows)
    values[(TOTAL, TOTAL)] = sum(values[(r, TOTAL)] for r in rows)
    lines = [((r, TOTAL), [(r, c) for c in columns]) for r in rows]
    lines += [((TOTAL, c), [(r, c) for r in rows]) for c in columns]
    lines += [((TOTAL, TOTAL), [(r, TOTAL) for r in rows])]
    lines += [((TOTAL, TOTAL), [(TOTAL, c) for c in columns])]
    hidden = {cell for cell, value in values.items() if value < threshold}
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
            hidden.add(candidates[0][1] if candidates else total)
            changed = True
    return hidden
