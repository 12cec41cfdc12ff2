"""Mutation operators over the typed IR: each mutant is the module with one small, plausible
authoring mistake (an operator flipped, a threshold off by one step, a guard forgotten ...), so the
spec's tests can show they would notice it. The IR is frozen; every change rebuilds the path to it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction

from .. import ir
from ..runtime import units
from ..source import Span

KINDS = ("flip", "constant", "band-edge", "unit", "drop-condition", "drop-where", "negation", "set-member",
         "severity", "effective")
FLIPS = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "=": "!=", "!=": "="}
SEVERITY_SWAP = {"error": "warning", "warning": "error", "info": "warning"}
# Only units whose conversion factor differs from their partner's: a swap that cannot change a value is no mutant.
UNIT_SWAP = {"min": "h", "h": "min", "s": "min", "mL": "L", "L": "mL", "mg": "g", "g": "mg", "kg": "g",
             "mL/min": "mL/h", "mL/h": "mL/min"}
SMALL_SET = 4  # sets up to this size lose each member in turn; larger ones lose their first (sorted) member
_WRITTEN = re.compile(r"(\d+(?:\.\d+)?)(?:\s+(\S+))?")


@dataclass(frozen=True)
class Mutant:
    kind: str  # one of KINDS
    origin: Span  # the spec text of the mutated node
    description: str
    module: ir.Module = dataclasses.field(repr=False, compare=False)
    rule: str | None = None  # the rule it sits in, for --rule

    @property
    def location(self) -> str:
        return f"{self.origin.path}:{self.origin.line}:{self.origin.column}"

    @property
    def sort_key(self) -> tuple:
        o = self.origin
        return (o.path, o.line, o.column, KINDS.index(self.kind), self.description)


class _Source:
    """Spec text for describing nodes by what the author wrote."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def snippet(self, span: Span, limit: int = 60) -> str:
        if span.line == span.end_line:
            text = self.lines[span.line - 1][span.column - 1:span.end_column - 1]
        else:
            parts = [self.lines[span.line - 1][span.column - 1:]]
            parts += self.lines[span.line:span.end_line - 1]
            parts.append(self.lines[span.end_line - 1][:span.end_column - 1])
            text = " ".join(p.strip() for p in parts)
        text = " ".join(text.split())
        return text if len(text) <= limit else text[:limit - 3] + "..."


# ---- expression-level operators: yield (new expression, kind, origin, what changed) ----
def _children(e: ir.Expr) -> Iterator[tuple[str, int | None, ir.Expr]]:
    """(field name, index in a tuple field or None, child) in field order."""
    for f in dataclasses.fields(e):
        if f.name in ("ty", "origin"):
            continue
        value = getattr(e, f.name)
        if isinstance(value, ir.Expr):
            yield f.name, None, value
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, ir.Expr):
                    yield f.name, i, item


def _with_child(e: ir.Expr, name: str, index: int | None, child: ir.Expr) -> ir.Expr:
    if index is None:
        return dataclasses.replace(e, **{name: child})
    items = list(getattr(e, name))
    items[index] = child
    return dataclasses.replace(e, **{name: tuple(items)})


def _moved(c: ir.Const, delta: int) -> tuple[object, str] | None:
    """`c` one step up or down in the unit it was written in (1 min for `15 min`, 1 for a count)."""
    m = _WRITTEN.fullmatch(c.written)
    if m is None:
        return None
    number, symbol = Fraction(m.group(1)) + delta, m.group(2)
    shown = units.format_number(number)
    if symbol is None:
        return units.normalize(number), shown
    unit = units.lookup(symbol)
    if unit is None:
        return None
    return units.to_canonical(number, unit.symbol), f"{shown} {symbol}"


def _swapped(c: ir.Const) -> tuple[object, str] | None:
    m = _WRITTEN.fullmatch(c.written)
    if m is None or m.group(2) is None or units.lookup(m.group(2)) is None:
        return None
    partner = UNIT_SWAP.get(units.lookup(m.group(2)).symbol)
    if partner is None:
        return None
    return units.to_canonical(Fraction(m.group(1)), partner), f"{m.group(1)} {partner}"


def _local(e: ir.Expr, src: _Source, band: bool) -> Iterator[tuple[ir.Expr, str, Span, str]]:
    match e:
        case ir.Compare(op=op):
            yield dataclasses.replace(e, op=FLIPS[op]), "flip", e.origin, f"`{op}` -> `{FLIPS[op]}`"
        case ir.Const(ty=ty, value=value) if ty.name == "amount":
            for delta in (-1, 1):
                moved = _moved(e, delta)
                if moved is not None and moved[0] != value:
                    yield (dataclasses.replace(e, value=moved[0], written=moved[1]), "band-edge" if band else "constant",
                           e.origin, f"`{e.written}` -> `{moved[1]}`")
            swapped = _swapped(e)
            if swapped is not None and swapped[0] != value:
                yield (dataclasses.replace(e, value=swapped[0], written=swapped[1]), "unit", e.origin,
                       f"`{e.written}` -> `{swapped[1]}`")
        case ir.Const(value=frozenset() as members) if len(members) > 1:  # one code written inline is not a set
            for member in _members_to_drop(members):
                yield (dataclasses.replace(e, value=members - {member}), "set-member", e.origin,
                       f"`{member}` removed from `{src.snippet(e.origin)}`")
        case ir.BoolOp(op=op, items=items):
            for i, item in enumerate(items):
                rest = items[:i] + items[i + 1:]
                new = rest[0] if len(rest) == 1 else dataclasses.replace(e, items=rest)
                yield new, "drop-condition", item.origin, f"condition `{src.snippet(item.origin)}` dropped from `{op}`"
        case ir.Not(operand=operand):
            yield operand, "negation", e.origin, f"`not` removed from `{src.snippet(e.origin)}`"
        case ir.Member(negated=negated):
            a, b = ("not in", "in") if negated else ("in", "not in")
            yield dataclasses.replace(e, negated=not negated), "negation", e.origin, f"`{a}` -> `{b}` in `{src.snippet(e.origin)}`"
        case ir.IsMissing(negated=negated):
            a, b = ("is present", "is missing") if negated else ("is missing", "is present")
            yield dataclasses.replace(e, negated=not negated), "negation", e.origin, f"`{a}` -> `{b}` in `{src.snippet(e.origin)}`"


def expr_mutations(e: ir.Expr, src: _Source, band: bool = False) -> Iterator[tuple[ir.Expr, str, Span, str]]:
    """Every single-site mutation of `e`, depth first, the node's own before its children's."""
    yield from _local(e, src, band)
    for name, index, child in _children(e):
        for new_child, kind, origin, what in expr_mutations(child, src, band):
            yield _with_child(e, name, index, new_child), kind, origin, what


def _members_to_drop(members: frozenset) -> list:
    ordered = sorted(members)
    return ordered if len(ordered) <= SMALL_SET else ordered[:1]


# ---- module-level: where each expression lives ----
def _replace_at(items: tuple, index: int, new) -> tuple:
    return items[:index] + (new,) + items[index + 1:]


def mutants(module: ir.Module, source_text: str) -> list[Mutant]:
    """All mutants of one module, in spec order (path, line, column, kind, description)."""
    src = _Source(source_text)
    out: list[Mutant] = []

    def add(kind, origin, description, new_module, rule=None):
        out.append(Mutant(kind, origin, description, new_module, rule))

    for i, s in enumerate(module.sets):
        for member in _members_to_drop(s.members):
            new = dataclasses.replace(s, members=s.members - {member})
            add("set-member", s.origin, f"`{member}` removed from set {s.name}",
                dataclasses.replace(module, sets=_replace_at(module.sets, i, new)))

    for i, t in enumerate(module.tables):
        for j, col in enumerate(t.columns):
            unit = units.lookup(col.type)
            partner = UNIT_SWAP.get(unit.symbol) if unit is not None else None
            if partner is None:
                continue
            # the CSV numbers read as `partner` instead: canonical value / old factor * new factor
            scale = units.UNITS[partner].factor / unit.factor
            index = len(t.keys) + j
            rows = tuple(_replace_at(row, index, None if row[index] is None else units.normalize(row[index] * scale))
                         for row in t.rows)
            columns = _replace_at(t.columns, j, dataclasses.replace(col, type=partner))
            new = dataclasses.replace(t, columns=columns, rows=rows)
            add("unit", t.origin, f"column {col.name} of table {t.name} read in `{partner}` instead of `{col.type}`",
                dataclasses.replace(module, tables=_replace_at(module.tables, i, new)))

    for i, let in enumerate(module.lets):
        for e, kind, origin, what in expr_mutations(let.expr, src):
            new = dataclasses.replace(let, expr=e)
            add(kind, origin, f"{what} in let {let.name}", dataclasses.replace(module, lets=_replace_at(module.lets, i, new)))

    for i, d in enumerate(module.derives):
        label = f"derive {d.code or 'line.code'} per {d.scope}"

        def put(new_derive, i=i):
            return dataclasses.replace(module, derives=_replace_at(module.derives, i, new_derive))

        for e, kind, origin, what in expr_mutations(d.expr, src, band=True):
            add(kind, origin, f"{what} in {label}", put(dataclasses.replace(d, expr=e)))
        if d.where is not None:
            add("drop-where", d.where.origin, f"`where` dropped from {label}", put(dataclasses.replace(d, where=None)))
            for e, kind, origin, what in expr_mutations(d.where, src, band=True):
                add(kind, origin, f"{what} in the `where` of {label}", put(dataclasses.replace(d, where=e)))

    for i, r in enumerate(module.rules):
        def put(new_rule, i=i):
            return dataclasses.replace(module, rules=_replace_at(module.rules, i, new_rule))

        add("severity", r.origin, f"severity `{r.severity}` -> `{SEVERITY_SWAP[r.severity]}` of rule {r.id}",
            put(dataclasses.replace(r, severity=SEVERITY_SWAP[r.severity])), r.id)
        if r.effective is not None:
            for end, day in enumerate(r.effective):
                if day is None:
                    continue
                for delta in (-1, 1):
                    moved = day + timedelta(days=delta)
                    period = (moved, r.effective[1]) if end == 0 else (r.effective[0], moved)
                    add("effective", r.origin, f"effective {('from', 'through')[end]} `{day}` -> `{moved}` in rule {r.id}",
                        put(dataclasses.replace(r, effective=period)), r.id)
        if r.where is not None:
            add("drop-where", r.where.origin, f"`where` dropped from rule {r.id}", put(dataclasses.replace(r, where=None)), r.id)
            for e, kind, origin, what in expr_mutations(r.where, src):
                add(kind, origin, f"{what} in the `where` of rule {r.id}", put(dataclasses.replace(r, where=e)), r.id)
        for j, (name, expr) in enumerate(r.withs):
            for e, kind, origin, what in expr_mutations(expr, src):
                withs = _replace_at(r.withs, j, (name, e))
                add(kind, origin, f"{what} in `with {name}` of rule {r.id}", put(dataclasses.replace(r, withs=withs)), r.id)
        for e, kind, origin, what in expr_mutations(r.flag, src):
            add(kind, origin, f"{what} in rule {r.id}", put(dataclasses.replace(r, flag=e)), r.id)
        for j, rep in enumerate(r.report):
            for e, kind, origin, what in expr_mutations(rep.expr, src):
                report = _replace_at(r.report, j, dataclasses.replace(rep, expr=e))
                add(kind, origin, f"{what} in report `{rep.name}` of rule {r.id}", put(dataclasses.replace(r, report=report)), r.id)

    return sorted(out, key=lambda m: m.sort_key)
