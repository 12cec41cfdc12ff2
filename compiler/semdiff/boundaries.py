"""Where a decision can flip: the constants, sets, table values and dates the specs compare against.

Read from the IR of both versions, so an edge that exists on one side only (the moved threshold)
is probed too. Only what decides findings or derived units is read; report values and messages
cannot change a decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .. import ir
from ..runtime import units

# Builtins whose first argument is a list of values and second a set those values are tested against.
_LIST_TESTS = ("any_of", "count_of", "not_in")
# Builtins whose first argument is a set of codes counted over the scope.
_CODE_COUNTS = ("units_of", "lines_of", "primary_line")
# More members than this and a set is sampled rather than enumerated.
_SAMPLE = 8


@dataclass
class Boundaries:
    minutes: set = field(default_factory=set)  # time edges, canonical minutes (int | Fraction)
    counts: set = field(default_factory=set)  # whole numbers compared with counts or units
    dates: set = field(default_factory=set)  # effective dates and date constants
    codes: set = field(default_factory=set)  # codes the specs name
    values: dict = field(default_factory=dict)  # field -> values the specs test it against
    changed: dict = field(default_factory=dict)  # field -> set members present in one version only
    set_fields: dict = field(default_factory=dict)  # set name -> fields tested against it
    lookups: dict = field(default_factory=dict)  # table -> key fields, from `table[field, ...]`
    pair_tables: set = field(default_factory=set)  # tables read by pair_edit (setting, code, code)
    rank_tables: set = field(default_factory=set)  # tables read by primary_line (code -> rank)
    compared: set = field(default_factory=set)  # (table, column) compared with a non-constant
    tables: dict = field(default_factory=dict)  # table name -> its ir.Table of each version
    reads_drug: bool = False
    time_codes: set = field(default_factory=set)  # declared codes of specs that read infusion time
    templates: list = field(default_factory=list)  # declared codes of each spec, a line set to probe

    def add_value(self, name: str, value) -> None:
        self.values.setdefault(name, set()).add(value)


def sample(members) -> list:
    """All members of a small set; of a large one an evenly spread, deterministic handful."""
    ordered = sorted(members)
    if len(ordered) <= _SAMPLE:
        return ordered
    step = len(ordered) / (_SAMPLE - 1)
    return sorted({ordered[min(len(ordered) - 1, round(i * step))] for i in range(_SAMPLE)})


children, walk = ir.children, ir.walk  # re-exported for the other semdiff modules


def _is_time(e: ir.Expr) -> bool:
    return e.ty.name == "amount" and e.ty.dim == units.TIME


class _Collector:
    def __init__(self, module: ir.Module, into: Boundaries) -> None:
        self.module = module
        self.b = into
        self.sets = {s.name: s for s in module.sets}
        self.locals: dict[str, ir.Expr] = {}
        self.reads_time = False

    def members(self, e: ir.Expr):
        if isinstance(e, ir.SetRef) and e.name in self.sets:
            return self.sets[e.name].members
        if isinstance(e, ir.Const) and isinstance(e.value, frozenset):
            return e.value
        return None

    def table_column(self, e: ir.Expr):
        """(table, column) when `e` reads one value column of a table row."""
        if isinstance(e, ir.LocalRef) and e.name in self.locals:
            return self.table_column(self.locals[e.name])
        if isinstance(e, ir.Lookup):
            return e.table, e.column
        if isinstance(e, ir.RowField):
            base = self.locals.get(e.base.name) if isinstance(e.base, ir.LocalRef) else e.base
            if isinstance(base, ir.Call) and base.args and isinstance(base.args[0], ir.TableRef):
                return base.args[0].name, e.column
        return None

    def expr(self, e: ir.Expr) -> None:
        for node in walk(e):
            self.node(node)

    def node(self, e: ir.Expr) -> None:
        b = self.b
        match e:
            case ir.Const(value=value):
                if _is_time(e):
                    b.minutes.add(value)
                elif isinstance(value, date):
                    b.dates.add(value)
                elif e.ty.name == "code":
                    b.codes.add(value)
                elif e.ty.name == "codes" and isinstance(value, frozenset):
                    b.codes.update(sample(value))
            case ir.Compare(left=left, right=right):
                for one, other in ((left, right), (right, left)):
                    if isinstance(other, ir.Const):
                        if other.ty.name == "amount" and other.ty.dim == units.NUMBER and isinstance(other.value, int):
                            b.counts.add(other.value)
                        if isinstance(one, ir.FieldRead) and isinstance(other.value, str):
                            b.add_value(one.field, other.value)
                    else:
                        column = self.table_column(one)
                        if column is not None:
                            b.compared.add(column)
            case ir.Member(item=item, collection=coll):
                found = self.members(coll)
                if isinstance(item, ir.FieldRead) and found is not None:
                    self.tested(item.field, coll, found)
            case ir.Call(function=fn, args=args):
                self.call(fn, args)
            case ir.Lookup(table=table, keys=keys):
                b.lookups[table] = tuple(k.field if isinstance(k, ir.FieldRead) else None for k in keys)
            case ir.FieldRead(field=name):
                if name.startswith("line.drug"):
                    b.reads_drug = True

    def tested(self, name: str, coll: ir.Expr, members) -> None:
        for m in sample(members):
            self.b.add_value(name, m)
        if name == "line.code":
            self.b.codes.update(sample(members))
        if isinstance(coll, ir.SetRef):
            self.b.set_fields.setdefault(coll.name, set()).add(name)

    def call(self, fn: str, args: tuple) -> None:
        b = self.b
        if fn == "infusion_time":
            self.reads_time = True
        if fn == "steps" and len(args) == 3 and all(isinstance(a, ir.Const) for a in args[1:]):
            start, every = args[1].value, args[2].value
            b.minutes.update(start + k * every for k in range(4))
        if fn in _LIST_TESTS and len(args) == 2 and isinstance(args[0], ir.FieldRead):
            found = self.members(args[1])
            if found is not None:
                self.tested(args[0].field, args[1], found)
        if fn == "starts_with" and isinstance(args[0], ir.FieldRead) and isinstance(args[1], ir.Const):
            b.add_value(args[0].field, str(args[1].value).ljust(4, "1"))
        if fn in _CODE_COUNTS and args:
            found = self.members(args[0])
            if found is not None:
                b.codes.update(sample(found))
        for a in args:
            if isinstance(a, ir.TableRef):
                (b.pair_tables if fn == "pair_edit" else b.rank_tables).add(a.name)

    def collect_module(self) -> None:
        m = self.module
        for let in m.lets:
            self.expr(let.expr)
        for d in m.derives:
            self.expr(d.expr)
            if d.where is not None:
                self.expr(d.where)
            if d.code is not None:
                self.b.codes.add(d.code)
        for rule in m.rules:
            self.locals = dict(rule.withs)
            for _, e in rule.withs:
                self.expr(e)
            for e in (rule.where, rule.flag):
                if e is not None:
                    self.expr(e)
            if rule.effective is not None:
                self.b.dates.update(d for d in rule.effective if d is not None)
        self.locals = {}
        for t in m.tables:
            self.b.tables.setdefault(t.name, []).append(t)
            for row in t.rows:
                self.b.dates.update(v for v in row[-2:] if isinstance(v, date))
        declared = tuple(code for code, _ in m.codes)
        self.b.codes.update(declared)
        if declared:
            self.b.templates.append(declared)
        if self.reads_time:
            self.b.time_codes.update(declared)


def collect(modules_by_side: list[list[ir.Module]]) -> Boundaries:
    """The boundaries of every module of every side, plus set members that differ between sides."""
    b = Boundaries()
    for modules in modules_by_side:
        for m in modules:
            _Collector(m, b).collect_module()
    # A member added to or dropped from a set is exactly where the versions disagree: probe it.
    by_name: dict[str, list] = {}
    for modules in modules_by_side:
        for m in modules:
            for s in m.sets:
                by_name.setdefault(s.name, []).append(s.members)
    for name, versions in sorted(by_name.items()):
        changed = frozenset().union(*versions) - frozenset.intersection(*map(frozenset, versions))
        for f in sorted(b.set_fields.get(name, ())):
            for member in sorted(changed):
                b.add_value(f, member)
                b.changed.setdefault(f, set()).add(member)
                if f == "line.code":
                    b.codes.add(member)
    b.templates = sorted(set(b.templates))
    return b
