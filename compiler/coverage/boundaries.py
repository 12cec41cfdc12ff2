"""Where a spec draws a line: every comparison of a rule, derive or let against a constant (or a
table value, or another instant) and every band edge of a `steps` derivation, with the encounter
input that moves the compared value (its "knob").

The test generator turns these into edge cases (at the edge, one step below and above) and the
coverage recorder uses the same list to say which sides the tests reached, so both agree on what a
boundary is. Everything is read from the typed IR; nothing here runs a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction

from .. import ir
from ..runtime import units

SIDES = ("below", "at", "above")
STEPS_BANDS = 3  # band edges of `steps(v, start, every)` exercised: start, start + every, start + 2 every
# Builtins whose result the input model keeps at zero or more (counts, times, units).
_NON_NEGATIVE = {"units_of", "lines_of", "count", "count_of", "infusion_episodes", "episodes_missing_stop",
                 "episodes_reversed", "pump_setups", "infusion_time", "elapsed", "steps", "ceil", "primary_line"}
_EPISODE_COUNTS = {"pump_setups": "pumps", "infusion_episodes": "episodes",
                   "episodes_missing_stop": "missing_stops", "episodes_reversed": "reversed"}


@dataclass(frozen=True)
class Knob:
    """An input of an encounter that moves a compared value; the edge-case builder turns it.

    kinds: seconds (an infusion's duration), units (billed units), lines (number of lines), pumps,
    episodes, missing_stops, reversed (infusion episodes of a route), modifiers_in / modifiers_out
    (modifiers of the rule's own line inside / outside a set), volume (an episode's volume per
    site) and volume_rate (its volume per site per minute of elapsed time).
    """

    kind: str
    route: str | None = None  # episode knobs: the route counted
    codes: tuple[str, ...] = ()  # units / lines knobs: the codes counted
    set: str | None = None  # a named set of the spec (codes counted, or modifiers)
    own_line: bool = False  # units of the rule's own line (`line.units`, `units_of(line.code, ...)`)


@dataclass(frozen=True)
class TableEdge:
    """The edge is a table value: `column` of the row keyed by the encounter's `keys` fields."""

    table: str
    column: str
    keys: tuple[str, ...]
    step: int | Fraction = 1  # one unit of the column as the table writes it, in canonical units
    unit: str | None = None  # the column's unit as the table declares it


@dataclass(frozen=True)
class Edge:
    """One line drawn by a spec, as the generated edge cases need it."""

    knob: Knob
    value: int | Fraction | None  # canonical constant (minutes for time); None: compared with another input
    location: str = ""
    text: str = ""
    unit: str | None = None
    primary: bool = True  # in the flag or derived value (not only in `where` or a let it reads)
    table: TableEdge | None = None


@dataclass(frozen=True)
class Boundary:
    """One comparison (or steps band edge) of the IR, owned by one rule, derive or let."""

    owner: str  # "rule <id>", "derive <code>" or "let <name>"
    owner_location: str
    location: str
    text: str
    edge: int | Fraction | None  # None: the other operand is not a constant (table value, instant)
    unit: str | None
    knob: Knob | None
    reachable: tuple[str, ...]  # sides the input model allows, in SIDES order
    operand: str  # where the tracer finds the value: left | right | diff | steps
    band: int = 0  # steps: which band edge
    node: ir.Expr | None = field(default=None, compare=False, repr=False)
    table: TableEdge | None = None
    primary: bool = True

    @property
    def key(self) -> str:
        return f"{self.location}#{self.band}" if self.operand == "steps" else self.location

    def side(self, operands) -> str | None:
        """The side of the edge the traced operand values fall on (None when a value is missing)."""
        if self.operand == "steps":
            value, edge = operands[0], self.edge
        elif self.operand == "diff" or self.edge is None:
            a, b = operands
            if a is None or b is None:
                return None
            value, edge = a - b, 0
            if isinstance(value, timedelta):
                value = value.total_seconds()
            if self.operand == "right":
                value = -value
        else:
            value, edge = operands[0 if self.operand == "left" else 1], self.edge
        if value is None or isinstance(value, bool) or not isinstance(value, (int, Fraction, float)):
            return None
        return "below" if value < edge else "at" if value == edge else "above"


@dataclass(frozen=True)
class Owner:
    kind: str  # rule | derive | let
    name: str
    location: str
    primary: tuple[ir.Expr, ...]  # the flag (and its `with`s), or what a derive or let computes
    secondary: tuple[ir.Expr, ...]  # a rule's `where`
    source: object = field(default=None, compare=False, repr=False)  # the ir.Rule, ir.Derive or ir.Let

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class Focus:
    """What an encounter needs for a rule to apply, as far as its `where` says plainly."""

    codes: tuple[str, ...]  # one line code per code condition (the first member of a set)
    pool: tuple[str, ...]  # more codes those conditions accept, for random encounters
    settings: tuple[str, ...]
    payers: tuple[str, ...]
    day: str  # a date of service on which the rule is in force (2024-Q3 when possible)


def derive_name(d: ir.Derive) -> str:
    return d.code if d.code is not None else "line.code"


def owners(module: ir.Module) -> list[Owner]:
    """Rules, derives and lets of a module, in spec order."""
    out = []
    for let in module.lets:
        out.append(Owner("let", let.name, str(let.origin), (let.expr,), (), let))
    for d in module.derives:
        # a derive's `where` decides its value as much as its expression does
        out.append(Owner("derive", derive_name(d), str(d.origin), tuple(x for x in (d.expr, d.where) if x), (), d))
    for r in module.rules:
        out.append(Owner("rule", r.id, r.location, (r.flag, *(e for _, e in r.withs)), tuple(x for x in (r.where,) if x), r))
    return sorted(out, key=lambda o: _position(o.location))


def _position(location: str) -> tuple[int, int]:
    _, line, col = location.rsplit(":", 2)
    return int(line), int(col)


class Analysis:
    """Boundary facts of one module: knobs, value ranges and readable text of IR expressions."""

    def __init__(self, module: ir.Module) -> None:
        self.module = module
        self.lets = {let.name: let.expr for let in module.lets}
        self.sets = {s.name: s.members for s in module.sets}
        self.tables = {t.name: t for t in module.tables}
        self.withs: dict[str, ir.Expr] = {}

    # ---- per owner ----
    def boundaries(self, owner: Owner) -> list[Boundary]:
        """The owner's own comparisons (not those of the lets it reads), in spec order."""
        self.withs = self._withs(owner)
        found: list[Boundary] = []
        for exprs, primary in ((owner.primary, True), (owner.secondary, False)):
            for e in exprs:
                for node in ir.walk(e):
                    found.extend(self._node_boundaries(owner, node, primary))
        return sorted(found, key=lambda b: (_position(b.location), b.band))

    def edges(self, owner: Owner) -> list[Edge]:
        """Edges the generated cases turn for one owner: its own, those of the lets it reads (as
        secondary when read from `where`), and the knobs compared with a non-constant value."""
        seen: dict[tuple, Edge] = {}
        for exprs, primary in ((owner.primary, True), (owner.secondary, False)):
            for e in exprs:
                for own, node in self._reachable_nodes(owner, e):
                    self.withs = self._withs(own)
                    for b in self._node_boundaries(own, node, primary):
                        if b.knob is None:
                            continue
                        edge = Edge(b.knob, b.edge, b.location, b.text, b.unit, primary, b.table)
                        seen.setdefault((b.knob, b.edge, b.table, b.location), edge)
                    for knob in self._free_knobs(node):
                        seen.setdefault((knob, None, None, ""), Edge(knob, None, str(node.origin), self.show(node), primary=primary))
        self.withs = self._withs(owner)
        return sorted(seen.values(), key=lambda e: (not e.primary, _position(e.location) if e.location else (0, 0),
                                                    -1 if e.value is None else e.value))

    def _withs(self, owner: Owner) -> dict[str, ir.Expr]:
        return dict(owner.source.withs) if owner.kind == "rule" else {}

    def focus(self, owner: Owner, day: str, per_set: int = 8) -> Focus:
        """Codes, settings, payers and a date that the conjuncts of the owner's `where` ask for."""
        codes: list[str] = []
        pool: list[str] = []
        settings: list[str] = []
        payers: list[str] = []
        for e in owner.secondary:
            for c in _conjuncts(e):
                field_name, members = self._condition(c)
                if not members:
                    continue
                if field_name == "line.code":
                    codes.append(members[0])
                    pool.extend(members[:per_set])
                elif field_name == "encounter.setting":
                    settings.extend(members)
                elif field_name == "encounter.payer":
                    payers.extend(members)
        effective = getattr(owner.source, "effective", None)
        if effective is not None:
            lo, hi = effective
            if (lo is not None and lo.isoformat() > day) or (hi is not None and hi.isoformat() < day):
                day = (lo or hi).isoformat()
        return Focus(tuple(dict.fromkeys(codes)), tuple(dict.fromkeys(pool)),
                     tuple(dict.fromkeys(settings)) or ("physician", "facility"),
                     tuple(dict.fromkeys(payers)) or ("medicare",), day)

    def _condition(self, e: ir.Expr) -> tuple[str | None, list[str]]:
        """(field, accepted values) of `field = value` or `field in set`."""
        if isinstance(e, ir.Compare) and e.op == "=":
            for f, v in ((e.left, e.right), (e.right, e.left)):
                if isinstance(f, ir.FieldRead) and isinstance(v, ir.Const) and isinstance(v.value, str):
                    return f.field, [v.value]
        if isinstance(e, ir.Member) and not e.negated and isinstance(e.item, ir.FieldRead):
            coll = self.resolve(e.collection)
            members = self.sets.get(coll.name) if isinstance(coll, ir.SetRef) else \
                coll.value if isinstance(coll, ir.Const) and isinstance(coll.value, frozenset) else None
            if members:
                return e.item.field, sorted(members)
        return None, []

    def _reachable_nodes(self, owner: Owner, e: ir.Expr):
        """(owner, node) for every node of e, following let references into the lets' own nodes."""
        let_owners = {o.name: o for o in owners(self.module) if o.kind == "let"}
        done: set[str] = set()
        stack = [(owner, e)]
        while stack:
            own, expr = stack.pop()
            for node in ir.walk(expr):
                yield own, node
                if isinstance(node, ir.LetRef) and node.name not in done and node.name in let_owners:
                    done.add(node.name)
                    stack.append((let_owners[node.name], self.lets[node.name]))

    # ---- one node ----
    def _node_boundaries(self, owner: Owner, node: ir.Expr, primary: bool) -> list[Boundary]:
        if isinstance(node, ir.Call) and node.function == "steps":
            return self._steps(owner, node, primary)
        if not isinstance(node, ir.Compare):
            return []
        left, right = node.left, node.right
        if _numeric_const(right) or _numeric_const(left):
            value, const, operand = (left, right, "left") if _numeric_const(right) else (right, left, "right")
            edge = const.value
            unit = units.CANONICAL.get(const.ty.dim) if not const.ty.dim.is_number else None
            return [Boundary(owner.label, owner.location, str(node.origin), self.show(node), edge, unit,
                             self.knob(value), self._reachable(value, edge), operand, node=node, primary=primary)]
        if left.ty.name == "instant" and right.ty.name == "instant":
            knob = Knob("seconds") if _is_field(left, "episode.stop") and _is_field(right, "episode.start") else None
            return [Boundary(owner.label, owner.location, str(node.origin), self.show(node), 0, "min", knob,
                             SIDES, "diff", node=node, primary=primary)]
        for value, other, operand in ((left, right, "left"), (right, left, "right")):
            table = self._table_value(other)
            if table is not None and left.ty.name == "amount" and right.ty.name == "amount":
                return [Boundary(owner.label, owner.location, str(node.origin), self.show(node), None, None,
                                 self.knob(value), SIDES, operand, node=node, table=table, primary=primary)]
        return []

    def _steps(self, owner: Owner, node: ir.Call, primary: bool) -> list[Boundary]:
        value, start, every = node.args
        if not (_numeric_const(start) and _numeric_const(every)) or every.value <= 0:
            return []
        unit = units.CANONICAL.get(start.ty.dim) if not start.ty.dim.is_number else None
        out = []
        for k in range(STEPS_BANDS):
            edge = start.value + k * every.value
            out.append(Boundary(owner.label, owner.location, str(node.origin), f"{self.show(node)} band {k + 1}",
                                edge, unit, self.knob(value), self._reachable(value, edge), "steps", band=k,
                                node=node, primary=primary))
        return out

    def _free_knobs(self, node: ir.Expr) -> list[Knob]:
        """Knobs compared with a value that is neither a constant nor a table value (e.g. billed
        units against the units a time supports): the cases turn them over a small range."""
        if not isinstance(node, ir.Compare) or _numeric_const(node.left) or _numeric_const(node.right):
            return []
        if node.left.ty.name != "amount" or node.right.ty.name != "amount":
            return []
        if self._table_value(node.left) is not None or self._table_value(node.right) is not None:
            return []
        return [k for k in (self.knob(node.left), self.knob(node.right)) if k is not None]

    # ---- expressions ----
    def resolve(self, e: ir.Expr) -> ir.Expr:
        for _ in range(50):
            if isinstance(e, ir.LetRef) and e.name in self.lets:
                e = self.lets[e.name]
            elif isinstance(e, ir.LocalRef) and e.name in self.withs:
                e = self.withs[e.name]
            else:
                return e
        return e

    def knob(self, e: ir.Expr) -> Knob | None:
        """The input that moves e, when the edge-case builder knows how to turn it."""
        e = self.resolve(e)
        if isinstance(e, ir.FieldRead):
            return {"line.units": Knob("units", own_line=True), "episode.pump_setups": Knob("pumps"),
                    "episode.volume": Knob("volume")}.get(e.field)
        if isinstance(e, ir.Arith) and e.op == "/":
            inner, divisor = self.knob(e.left), self.resolve(e.right)
            if inner is not None and inner.kind in ("volume", "volume_rate") and _is_field(divisor, "episode.sites"):
                return inner  # the edge cases document one site
            if inner == Knob("volume") and isinstance(divisor, ir.Call) and divisor.function == "elapsed":
                return Knob("volume_rate")
            return None
        if not isinstance(e, ir.Call):
            return None
        fn, args = e.function, e.args
        route = args[0].value if args and isinstance(args[0], ir.Const) and isinstance(args[0].value, str) else None
        if fn == "infusion_time" and route:
            return Knob("seconds", route=route)
        if fn == "elapsed":
            return Knob("seconds")
        if fn in _EPISODE_COUNTS and route:
            return Knob(_EPISODE_COUNTS[fn], route=route)
        if fn in ("units_of", "lines_of"):
            kind = "units" if fn == "units_of" else "lines"
            codes = self.resolve(args[0])
            if _is_field(codes, "line.code"):
                return Knob(kind, own_line=True)
            if isinstance(codes, ir.SetRef):
                return Knob(kind, set=codes.name)
            if isinstance(codes, ir.Const) and isinstance(codes.value, (frozenset, str)):
                members = (codes.value,) if isinstance(codes.value, str) else tuple(sorted(codes.value))
                return Knob(kind, codes=members)
            return None
        if fn == "count_of" and _is_field(self.resolve(args[0]), "line.modifiers"):
            return self._modifier_knob("modifiers_in", args[1])
        if fn == "count" and isinstance(args[0], ir.Call) and args[0].function == "not_in" \
                and _is_field(self.resolve(args[0].args[0]), "line.modifiers"):
            return self._modifier_knob("modifiers_out", args[0].args[1])
        return None

    def _modifier_knob(self, kind: str, members: ir.Expr) -> Knob | None:
        members = self.resolve(members)
        if isinstance(members, ir.SetRef):
            return Knob(kind, set=members.name)
        if isinstance(members, ir.Const) and isinstance(members.value, frozenset):
            return Knob(kind, codes=tuple(sorted(members.value)))
        return None

    def _table_value(self, e: ir.Expr) -> TableEdge | None:
        e = self.resolve(e)
        if isinstance(e, ir.Lookup) and all(isinstance(k, ir.FieldRead) for k in e.keys):
            table = self.tables.get(e.table)
            column = next((c for c in table.columns if c.name == e.column), None) if table else None
            unit = units.lookup(column.type) if column is not None else None
            return TableEdge(e.table, e.column, tuple(k.field for k in e.keys), units.normalize(unit.factor) if unit else 1,
                             column.type if unit else None)
        return None

    def value_range(self, e: ir.Expr) -> tuple:
        """(lowest, highest) value e can take on a readable record; None = unbounded."""
        e = self.resolve(e)
        if _numeric_const(e):
            return e.value, e.value
        if isinstance(e, ir.FieldRead) and e.ty.name == "amount":
            return 0, None  # the record parser refuses negative numbers
        if isinstance(e, ir.Call) and e.function in _NON_NEGATIVE:
            return 0, None
        if isinstance(e, ir.Lookup):
            return self._column_range(e.table, e.column)
        if isinstance(e, ir.RowField):
            base = self.resolve(e.base)
            if base.ty.table:
                return self._column_range(base.ty.table, e.column)
        return None, None

    def _column_range(self, table: str, column: str) -> tuple:
        t = self.tables.get(table)
        if t is None:
            return None, None
        names = [k.name for k in t.keys] + [c.name for c in t.columns]
        if column not in names:
            return None, None
        i = names.index(column)
        values = [row[i] for row in t.rows if isinstance(row[i], (int, Fraction)) and not isinstance(row[i], bool)]
        return (min(values), max(values)) if values else (None, None)

    def _reachable(self, e: ir.Expr, edge) -> tuple[str, ...]:
        lo, hi = self.value_range(e)
        out = []
        if lo is None or lo < edge:
            out.append("below")
        if (lo is None or lo <= edge) and (hi is None or hi >= edge):
            out.append("at")
        if hi is None or hi > edge:
            out.append("above")
        return tuple(out)

    def show(self, e: ir.Expr) -> str:
        """Readable text of an expression, close to how the spec writes it."""
        match e:
            case ir.Const(written=written):
                return written
            case ir.FieldRead(field=name):
                return name
            case ir.LetRef(name=name) | ir.LocalRef(name=name) | ir.SetRef(name=name) | ir.TableRef(name=name):
                return name
            case ir.RowField(base=base, column=column):
                return f"{self.show(base)}.{column}"
            case ir.Call(function=fn, args=args):
                return f"{fn}({', '.join(self.show(a) for a in args)})"
            case ir.Lookup(table=table, keys=keys, column=column):
                return f"{table}[{', '.join(self.show(k) for k in keys)}].{column}"
            case ir.Compare(op=op, left=left, right=right) | ir.Arith(op=op, left=left, right=right):
                return f"{self.show(left)} {op} {self.show(right)}"
            case ir.Neg(operand=operand):
                return f"-{self.show(operand)}"
            case ir.Not(operand=operand):
                return f"not {self.show(operand)}"
            case ir.Member(item=item, collection=coll, negated=negated):
                return f"{self.show(item)} {'not in' if negated else 'in'} {self.show(coll)}"
            case ir.IsMissing(operand=operand, negated=negated):
                return f"{self.show(operand)} is {'present' if negated else 'missing'}"
            case ir.BoolOp(op=op, items=items):
                return f" {op} ".join(f"({self.show(i)})" for i in items)
            case ir.Cond(test=test, then=then, otherwise=otherwise):
                return f"{self.show(then)} when {self.show(test)} otherwise {self.show(otherwise)}"
        return type(e).__name__


def module_boundaries(module: ir.Module) -> list[Boundary]:
    """Every boundary of a module, each under the one owner whose text holds it."""
    a = Analysis(module)
    return [b for o in owners(module) for b in a.boundaries(o)]


def _conjuncts(e: ir.Expr):
    if isinstance(e, ir.BoolOp) and e.op == "and":
        for item in e.items:
            yield from _conjuncts(item)
    else:
        yield e


def _numeric_const(e: ir.Expr) -> bool:
    return isinstance(e, ir.Const) and e.ty.name == "amount" and isinstance(e.value, (int, Fraction)) \
        and not isinstance(e.value, bool)


def _is_field(e: ir.Expr, name: str) -> bool:
    return isinstance(e, ir.FieldRead) and e.field == name


