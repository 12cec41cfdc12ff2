"""The rows of a table an edge case takes: those in force on a day, or those an effective date
begins or ends."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from ..boundaries import TableEdge
from ..check.tables import EFFECTIVE  # load_table appends both columns to every table
from ..runtime.tables import in_period
from .targets import DAY


def table_rows(module, edge: TableEdge, on: str = DAY, dated: date | None = None) -> list[dict]:
    """Rows in force on a day (or, with `dated`, those effective from or through that date), one per
    key: the key fields, `key` (the key as text) and `value` (the edge column, None without one).
    A row whose edge column is not a number is left out."""
    return [entry for _, entry in _chosen(module, edge, on, dated)]


def representative_rows(module, edge: TableEdge, on: str = DAY, kind=lambda entry: ()) -> list[dict]:
    """Of the rows `table_rows` gives, the first of each setting (or other first key field), each
    combination of the table's number columns (a code pair's modifier indicator 0 or 1) and each
    `kind` (what else the caller tells apart): rows that stand for the others when a row is
    combined with the rule's other inputs."""
    table = next(t for t in module.tables if t.name == edge.table)
    first = table.keys[0].name
    numbers = [c.name for c in table.columns if c.name not in EFFECTIVE and c.type not in ("text", "code", "date")]
    kinds: dict[tuple, dict] = {}
    for values, entry in _chosen(module, edge, on, None):
        kinds.setdefault((values[first], *(values[n] for n in numbers), *kind(entry)), entry)
    return list(kinds.values())


def _chosen(module, edge: TableEdge, on: str, dated: date | None):
    """(all the row's values by column, its entry) of each row `table_rows` takes."""
    table = next(t for t in module.tables if t.name == edge.table)
    names = [k.name for k in table.keys] + [c.name for c in table.columns]
    day = date.fromisoformat(on)
    seen = set()
    for row in table.rows:
        values = dict(zip(names, row))
        lo, hi = values.get("effective_from"), values.get("effective_through")
        if dated is not None and dated not in (lo, hi):
            continue
        if dated is None and not in_period(day, lo, hi):
            continue
        value = values.get(edge.column) if edge.column else None
        if edge.column and (not isinstance(value, (int, Fraction)) or isinstance(value, bool)):
            continue
        keys = tuple(values[k.name] for k in table.keys)
        if keys in seen:
            continue
        seen.add(keys)
        entry = {"value": value, "key": ", ".join(str(k) for k in keys)}
        for field_name, key in zip(edge.keys, keys):
            entry[field_name] = key
        yield values, entry
