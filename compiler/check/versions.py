"""Effective periods: the versions of one rule, and the rows of one table key, must tile time.

Two versions in force on the same date of service make the answer depend on which one a reader
happens to pick; a date between two versions silently drops the rule or the table entry. Both are
errors (`version-overlap`, `version-gap`) at the later version, naming the earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .. import ir
from ..diagnostics import Diagnostics
from ..source import Span
from .csv_cells import read_cells
from .tables import EFFECTIVE

Period = tuple[date | None, date | None]  # (from, through), both inclusive; None is an open end


@dataclass(frozen=True)
class Problem:
    kind: str  # overlap | gap
    later: int  # index of the version the problem is reported at
    earlier: int  # index of the version it clashes with or leaves a gap after
    first: date  # first date of the overlap or the gap
    last: date | None  # last date (None: open-ended overlap)


def period_problems(periods: list[Period]) -> list[Problem]:
    """Overlaps and gaps between periods, in date order; each version is compared with the one
    reaching furthest among those starting no later than it."""
    order = sorted(range(len(periods)), key=lambda i: (periods[i][0] or date.min, i))
    out: list[Problem] = []
    reach_i = None
    for i in order:
        start, through = periods[i]
        if reach_i is not None:
            reach = periods[reach_i][1]
            begin = start or date.min
            if reach is None or begin <= reach:
                end = through if reach is None else min(reach, through or date.max)
                out.append(Problem("overlap", i, reach_i, begin, None if end == date.max else end))
            elif begin > reach + timedelta(days=1):
                out.append(Problem("gap", i, reach_i, reach + timedelta(days=1), begin - timedelta(days=1)))
        if reach_i is None or _later_end(through, periods[reach_i][1]):
            reach_i = i
    return out


def _later_end(a: date | None, b: date | None) -> bool:
    return b is not None and (a is None or a > b)


def show_period(p: Period) -> str:
    lo, hi = p
    return f"{lo.isoformat() if lo else 'always'} .. {hi.isoformat() if hi else 'open'}"


def _dates(first: date, last: date | None) -> str:
    if last is None:
        return "on every date" if first == date.min else f"from {first.isoformat()} on"
    if first == date.min:
        return f"up to {last.isoformat()}"
    return f"on {first.isoformat()}" if first == last else f"from {first.isoformat()} to {last.isoformat()}"


def check_versions(module: ir.Module, diags: Diagnostics, root: Path) -> None:
    """Errors for rule versions and table rows whose effective periods overlap or leave gaps."""
    versions: dict[tuple, list[ir.Rule]] = {}
    for r in module.rules:  # a payer-only rule is versioned apart from the base rule of the same id
        versions.setdefault((r.id, r.payers), []).append(r)
    for (rule_id, _), rules in versions.items():
        if len(rules) < 2:
            continue
        for p in period_problems([r.effective for r in rules]):
            later, earlier = rules[p.later], rules[p.earlier]
            other = f"the version at line {earlier.origin.line} ({show_period(earlier.effective)})"
            what = f"{'overlaps' if p.kind == 'overlap' else 'leaves a gap after'} {other} {_dates(p.first, p.last)}"
            fix = ("end the earlier version the day before this one starts" if p.kind == "overlap"
                   else "start this version the day after the earlier one ends, or add a version for the gap")
            message = f"rule `{rule_id}` version {show_period(later.effective)} {what}"
            if p.kind == "overlap":
                diags.error("version-overlap", later.origin, message, fix)
            else:
                diags.error("version-gap", later.origin, message, fix)
    for table in module.tables:
        for t in (table, *table.overlays):  # a payer's rows are versioned like the base rows
            _check_rows(t, diags, root)


def _check_rows(table: ir.Table, diags: Diagnostics, root: Path) -> None:
    names = [c.name for c in table.columns]
    lo_i, hi_i = (len(table.keys) + names.index(c) for c in EFFECTIVE)
    groups: dict[tuple, list[int]] = {}
    for n, row in enumerate(table.rows):
        groups.setdefault(tuple(row[: len(table.keys)]), []).append(n)
    spans = None
    for key, members in sorted(groups.items(), key=lambda kv: kv[1][0]):
        if len(members) < 2:
            continue
        periods = [(table.rows[n][lo_i], table.rows[n][hi_i]) for n in members]
        problems = period_problems(periods)
        if problems and spans is None:
            spans = _row_spans(table, root)
        shown = ", ".join(f"{k.name} {v}" for k, v in zip(table.keys, key))
        for p in problems:
            later, earlier = members[p.later], members[p.earlier]
            span = spans[later] if spans else table.origin
            other = spans[earlier].line if spans else "?"
            what = ("overlaps" if p.kind == "overlap" else "leaves a gap after") + \
                f" the row at line {other} ({show_period(periods[p.earlier])}) {_dates(p.first, p.last)}"
            fix = ("end the earlier row the day before this one starts, or remove the duplicate row"
                   if p.kind == "overlap"
                   else "start this row the day after the earlier one ends, or add a row for the gap")
            message = f"table `{table.name}` row for {shown} ({show_period(periods[p.later])}) {what}"
            if p.kind == "overlap":
                diags.error("version-overlap", span, message, fix)
            else:
                diags.error("version-gap", span, message, fix)


def _row_spans(table: ir.Table, root: Path) -> list[Span] | None:
    """Where each kept row's `effective_from` cell is in its CSV (read as when loading, so a quoted
    cell spanning lines or a padded header moves nothing)."""
    try:
        text = (root / table.path).read_bytes().decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return None
    rows = read_cells(text, table.path, Diagnostics())
    if not rows:
        return None
    header = [c.text.strip() for c in rows[0]]
    col = header.index(EFFECTIVE[0]) if EFFECTIVE[0] in header else 0
    spans = []
    for row in rows[1:]:
        if not any(c.text.strip() for c in row):  # a row of only commas is no row, as when loading
            continue
        cell = row[col] if col < len(row) else row[0]
        width = len(cell.text.split("\n", 1)[0])
        spans.append(Span(table.path, cell.line, cell.column, cell.line, cell.column + max(1, width)))
    return spans if len(spans) == len(table.rows) else None
