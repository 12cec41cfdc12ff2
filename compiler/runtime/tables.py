"""Reference tables (CMS edits, label limits) with effective-dated rows.

A row is in force on a date when effective_from <= date <= effective_through (open ends allowed).
A date before the table's first effective date is outside every version: the lookup answers
missing and the claim records which table could not be consulted.
"""

from __future__ import annotations

from collections import namedtuple
from datetime import date


def period_bounds(lo: date | None, hi: date | None) -> tuple[date, date]:
    """The period lo..hi (None meaning an open end) as its first and last day, both included."""
    return (date.min if lo is None else lo, date.max if hi is None else hi)


def in_period(day: date, lo: date | None, hi: date | None) -> bool:
    """Whether `day` falls in the period lo..hi, both ends included, None meaning open."""
    lo, hi = period_bounds(lo, hi)
    return lo <= day <= hi


def all_in_force_from(tables) -> date:
    """The first day on which every one of the tables has a version in force (Table.in_force)."""
    return max((t.first_date for t in tables if t.first_date is not None), default=date.min)


class Table:
    """Rows indexed by their key columns; built once when a generated module is imported."""

    def __init__(self, name, source, key_columns, columns, rows, origin=""):
        self.name = name
        self.origin = origin  # the spec line that declares the table
        self.source = source
        self.key_columns = tuple(key_columns)
        self.columns = tuple(columns)  # all columns, effective_from/effective_through last
        self.Row = namedtuple(f"{name.title().replace('_', '')}Row", self.columns)
        self.rows = tuple(self.Row(*r) for r in rows)
        nkey = len(self.key_columns)
        # key -> ((first day, last day, row), ...): each row's period as closed bounds (period_bounds),
        # so a lookup tests `lo <= day <= hi` without a call per row.
        index: dict[tuple, list] = {}
        for row in self.rows:
            index.setdefault(tuple(row[:nkey]), []).append((*period_bounds(row[-2], row[-1]), row))
        self.index: dict[tuple, tuple] = {key: tuple(dated) for key, dated in index.items()}
        # The values each key column takes, to skip lookups that cannot match.
        self.key_values = tuple(frozenset(row[i] for row in self.rows) for i in range(nkey))
        froms = [row.effective_from for row in self.rows if row.effective_from is not None]
        self.first_date: date | None = min(froms) if froms else None
        self._first_day = date.min if self.first_date is None else self.first_date  # for find's in_force test
        self.overlays: dict[str, Table] = {}  # payer -> that payer's rows for this table
        self._partners: dict[tuple, dict] = {}

    def with_overlays(self, overlays: dict[str, Table]) -> Table:
        """This table with payers' own rows over it; a key a payer's rows lack falls back to these."""
        self.overlays = dict(overlays)
        self._partners = {}
        for payer_rows in overlays.values():
            self.key_values = tuple(a | b for a, b in zip(self.key_values, payer_rows.key_values))
        return self

    def partners(self, by: tuple[int, ...], partner: int) -> dict:
        """The key columns at positions `by` -> the values of key column `partner` some row (any
        version, any payer's) pairs with them: the keys worth looking up, so that only those that can
        match are. Worked out once per table."""
        found = self._partners.get((by, partner))
        if found is None:
            pairs: dict = {}
            for t in (self, *self.overlays.values()):
                for row in t.rows:
                    key = row[by[0]] if len(by) == 1 else tuple(row[i] for i in by)
                    pairs.setdefault(key, set()).add(row[partner])
            found = self._partners[(by, partner)] = {key: frozenset(values) for key, values in pairs.items()}
        return found

    def in_force(self, day: date) -> bool:
        return day >= self._first_day

    def find(self, payer: str, key: tuple, day: date):
        """The row for `key` in force on `day` for the payer (the payer's own row if it has one), or
        None: no such row, or a date before the table's first version (in_force).

        Every rule's table lookup goes through here, so it is written without inner calls."""
        if day < self._first_day:
            return None
        if self.overlays:
            payer_rows = self.overlays.get(payer)
            if payer_rows is not None:
                row = payer_rows.get(key, day)
                if row is not None:
                    return row
        for lo, hi, row in self.index.get(key, ()):
            if lo <= day <= hi:
                return row
        return None

    def lookup(self, payer: str, key: tuple, day: date):
        """`find`, except that a key with a missing part finds nothing (a CSV row with an empty key
        cell is never the row of a missing value)."""
        return None if None in key else self.find(payer, key, day)

    def value(self, payer: str, key: tuple, day: date, column: str):
        """One column of the row `lookup` finds, or None."""
        row = self.lookup(payer, key, day)
        return None if row is None else getattr(row, column)

    def get(self, key: tuple, day: date):
        """This table's own row for `key` in force on `day`, or None."""
        for lo, hi, row in self.index.get(key, ()):
            if lo <= day <= hi:
                return row
        return None
