"""The deterministic edge cases of one target: which knobs are turned together, which one at a time,
and which table rows are taken."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from fractions import Fraction

from ..boundaries import Edge, Knob
from .records import members, scenario
from .tables import representative_rows, table_rows
from .targets import Target
from .values import DEFAULTS, edge_values, fmt, knob_label, shown

PRODUCT_LIMIT = 300  # more combinations than this and the flag's knobs are turned one at a time


@dataclass(frozen=True)
class Probe:
    """One edge case as a contract-shaped record, with why it is there."""

    id: str
    note: str
    record: dict
    kinds: tuple[str, ...]  # kinds of the knobs turned, sorted
    table: str | None = None  # the table whose row it takes


def probes(target: Target, module, fixed: dict | None = None) -> list[Probe]:
    """Deterministic edge cases of one rule or derive.

    The knobs of the flag (or derived value) are turned together over their edge values, those
    of the `where` (and of the lets it reads) one at a time with the others at ordinary values;
    edges against a table value take each in-force table row, one unit below, at and above it; a
    row edge takes each row, a rank edge each two neighbouring ranks in both orders, a table's
    effective date the day before, on and after it. `fixed` knobs hold their value in every case.
    """
    primary: dict[Knob, list] = {}
    secondary: dict[Knob, list] = {}
    table_edges = []
    for edge in target.edges:
        if edge.table is not None:
            table_edges.append(edge)
            continue
        into = primary if edge.primary else secondary
        for value, why in edge_values(edge):
            if all(value != v for v, _ in into.setdefault(edge.knob, [])):
                into[edge.knob].append((value, why))
    for knob in list(secondary):
        if knob in primary:
            for value, why in secondary.pop(knob):
                if all(value != v for v, _ in primary[knob]):
                    primary[knob].append((value, why))
    cases = _Cases(target, module, fixed or {})
    for setting in target.settings:
        for payer in target.payers:
            for turned, why in _plans(primary, secondary) or [({}, [])]:
                cases.add(setting, payer, turned, why)
    for edge in table_edges:
        {"row": _rows, "rank": _ranks, "day": _dated}.get(edge.knob.kind, _limits)(cases, edge)
        if edge.knob.kind == "row":
            _rows_with_values(cases, edge, primary)
    return cases.out


def _plans(primary: dict, secondary: dict) -> list[tuple[dict, list[str]]]:
    plans: list[tuple[dict, list[str]]] = []
    knobs = sorted(primary, key=knob_label)
    size = 1
    for k in knobs:
        size *= len(primary[k])
    if size <= PRODUCT_LIMIT:
        for combo in itertools.product(*(primary[k] for k in knobs)):
            plans.append(({k: v for k, (v, _) in zip(knobs, combo)}, [w for _, w in combo]))
    else:
        for k in knobs:
            plans.extend(({k: v}, [w]) for v, w in primary[k])
    for k in sorted(secondary, key=knob_label):
        plans.extend(({k: v}, [w]) for v, w in secondary[k] if v != DEFAULTS.get(k.kind))
    return plans


class _Cases:
    """Collects the cases of one target, each record once."""

    def __init__(self, target: Target, module, fixed: dict) -> None:
        self.target, self.module, self.fixed = target, module, fixed
        self.out: list[Probe] = []
        self.seen: set[str] = set()

    def add(self, setting, payer, turned, why, code=None, row=None, written=None, table=None):
        t = self.target
        turned = {**turned, **self.fixed}
        record = scenario(t, self.module, setting, payer, turned, code, row)
        key = json.dumps(record, sort_keys=True, default=str)
        if key in self.seen:
            return
        self.seen.add(key)
        where = [",".join(str(v) for f, v in row.items() if f not in ("value", "key", "encounter.setting"))] if row else []
        parts = [setting] + ([payer] if len(t.payers) > 1 else []) + where + \
            [f"{knob_label(k)}={(written or {}).get(k, shown(k, v))}" for k, v in sorted(turned.items(), key=lambda kv: knob_label(kv[0]))]
        note = f"{t.label}, {setting}" + "".join(f"; {w}" for w in why)
        self.out.append(Probe("-".join(parts), note, record, tuple(sorted({k.kind for k in turned})), table))

    def rows(self, edge: Edge, **kw):
        """(setting, payer, row) of each table row the target's settings and payers allow."""
        t = self.target
        for row in table_rows(self.module, edge.table, t.day, **kw):
            setting = row.get("encounter.setting", t.settings[0])
            payer = row.get("encounter.payer", t.payers[0])
            if setting in t.settings and payer in t.payers:
                yield setting, payer, row


def _limits(cases: _Cases, edge: Edge) -> None:
    """The knob one unit (of the column as the table writes it) below, at and above each row's value."""
    step = edge.table.step
    unit = edge.table.unit or ""
    for setting, payer, row in cases.rows(edge):
        limit = row["value"]
        for x, side in ((limit - step, "edge - 1"), (limit, "edge"), (limit + step, "edge + 1")):
            if x >= 0:
                written = f"{fmt(Fraction(x) / step)}{unit}"  # in the table's own unit
                why = f"{written} = {side} ({edge.table.table}.{edge.table.column} = {fmt(Fraction(limit) / step)}{unit} " \
                      f"for {row['key']}) of `{edge.text}` ({edge.location})"
                cases.add(setting, payer, {edge.knob: x}, [why], row.get("line.code"), row, {edge.knob: written},
                          edge.table.table)


def _rows(cases: _Cases, edge: Edge) -> None:
    for setting, payer, row in cases.rows(edge):
        why = f"row ({row['key']}) of {edge.table.table}, read by `{edge.text}` ({edge.location})"
        cases.add(setting, payer, {}, [why], row.get("line.code"), row, table=edge.table.table)


def _rows_with_values(cases: _Cases, edge: Edge, knobs: dict) -> None:
    """A row standing for the others (tables.representative_rows, told apart also by whether its code
    is in each code set the rule tests) with each value the rule tests on its other inputs, one at a
    time: a code pair, E/M or not, with and without each bypass modifier. The row decides the line's
    code, so values of `line.code` are left to the other cases."""
    turned = [(k, v, why) for k in sorted(knobs, key=knob_label) if k.kind == "value" and k.field != "line.code"
              for v, why in knobs[k]]
    if not turned:
        return
    t = cases.target
    code_sets = [frozenset(members(k, cases.module)) for k in sorted(knobs, key=knob_label)
                 if k.kind == "value" and k.field == "line.code"]

    def kind(row: dict) -> tuple:  # which of the sets the rule tests the line's code against hold the row's
        return tuple(row.get("line.code") in codes for codes in code_sets)

    for row in representative_rows(cases.module, edge.table, t.day, kind):
        setting = row.get("encounter.setting", t.settings[0])
        payer = row.get("encounter.payer", t.payers[0])
        if setting not in t.settings or payer not in t.payers:
            continue
        why_row = f"row ({row['key']}) of {edge.table.table}, read by `{edge.text}` ({edge.location})"
        for knob, v, why in turned:
            cases.add(setting, payer, {knob: v}, [why_row, why], row.get("line.code"), row, table=edge.table.table)


def _ranks(cases: _Cases, edge: Edge) -> None:
    """Neighbouring ranks on two lines, in both orders: which is primary must not depend on order."""
    t = cases.target
    ranked = sorted(table_rows(cases.module, edge.table, t.day), key=lambda r: (r["value"], r["key"]))
    for a, b in zip(ranked, ranked[1:]):
        pair = (a.get("line.code"), b.get("line.code"))
        if None in pair or pair[0] == pair[1]:
            continue
        why = f"{pair[0]} (rank {fmt(a['value'])}) and {pair[1]} (rank {fmt(b['value'])}) of {edge.table.table}, " \
              f"read by `{edge.text}` ({edge.location})"
        for first, second in (pair, pair[::-1]):
            row = {"line.code": first, "other_line.code": second}
            for setting in t.settings:
                for payer in t.payers:
                    cases.add(setting, payer, {}, [why], first, row, table=edge.table.table)


def _dated(cases: _Cases, edge: Edge) -> None:
    """A row an effective date begins or ends, the day before, on and after that date."""
    for setting, payer, row in itertools.islice(cases.rows(edge, dated=edge.value), 1):
        for day, why in edge_values(edge)[1:]:  # not the ordinary day: the row's own dates
            why = f"{why}, row ({row['key']})"
            cases.add(setting, payer, {edge.knob: day}, [why], row.get("line.code"), row, table=edge.table.table)
