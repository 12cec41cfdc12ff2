"""Combining a new import with the rows already in the table, without losing the past.

The table is the repository's record of what CMS said when. Merging a quarter that starts on day
Q keeps every row that ended before Q, closes at Q-1 the rows still in force, and takes from the
new file whatever applies from Q on. For a key the table already covers, the file's rows are cut
to start at Q (the table's record of the past wins); for a key it does not yet cover (a code the
specs only now use), the file's own dates are kept, since a PTP or AOC file carries its history.
Finally a closed row and its identical successor are joined again, so an unchanged edit keeps a
single open row and an import of an unchanged quarter changes nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from .cmsfile import day_before
from .repotable import Row, sort_key


class OutOfOrder(ValueError):
    """The table already has rows starting after the quarter being merged."""


def replace_scope(existing: list[Row], incoming: list[Row], in_scope) -> list[Row]:
    """Drop every row in scope and put the imported rows in their place."""
    return [r for r in existing if not in_scope(r)] + list(incoming)


def merge(existing: list[Row], incoming: list[Row], in_scope, quarter: date | None) -> list[Row]:
    kept = [r for r in existing if not in_scope(r)]
    past = [r for r in existing if in_scope(r)]
    if quarter is None:
        if past:
            raise ValueError("quarter start needed to close the rows already in the table")
        return kept + list(incoming)
    later = [r for r in past if r.start is not None and r.start > quarter]
    if later:
        first = min(later, key=sort_key)
        raise OutOfOrder(f"the table already has rows from {first.start} (e.g. {','.join(first.key)}); "
                         f"merge quarters oldest first")
    history = []
    for row in past:
        if row.start is not None and row.start >= quarter:
            continue  # from an earlier import of this same quarter
        history.append(replace(row, end=day_before(quarter)) if row.in_force_on_or_after(quarter) else row)
    covered = {row.key for row in history}
    future = []
    for row in incoming:
        if row.key not in covered:
            future.append(row)
        elif row.in_force_on_or_after(quarter):
            future.append(replace(row, start=max(row.start or quarter, quarter)))
    return kept + _join(history + future)


def _join(rows: list[Row]) -> list[Row]:
    """Merge each row with the next one of the same key and values when the periods touch."""
    out: list[Row] = []
    for row in sorted(rows, key=sort_key):
        prev = out[-1] if out else None
        if (prev is not None and prev.key == row.key and prev.values == row.values and prev.end is not None
                and row.start is not None and day_before(row.start) == prev.end):
            out[-1] = replace(prev, end=row.end)
        else:
            out.append(row)
    return out
