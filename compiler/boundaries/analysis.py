"""Where a spec draws a line: every comparison of a rule, derive or let against a constant (or a
table value, or another instant) and every band edge of a `steps` derivation, with the encounter
input that moves the compared value (its knob).

The test generator and `codespec diff` turn these into edge cases (at the edge, one step below and
above) and the coverage recorder uses the same list to say which sides the tests reached, so all
three agree on what a boundary is. Everything is read from the typed IR; nothing here runs a rule.
"""

from __future__ import annotations

from datetime import date

from .. import ir
from ..runtime import units
from ..runtime.tables import in_period
from .edges import SIDES, Boundary, Edge, Focus, Knob, Owner, position
from .inputs import input_edges, needs_drug
from .knobs import Reader, is_field, numeric_const
from .text import show

STEPS_BANDS = 3  # band edges of `steps(v, start, every)` exercised: start, start + every, start + 2 every


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
    return sorted(out, key=lambda o: position(o.location))


class Analysis(Reader):
    """Boundary facts of one module: its comparisons, the edges they draw and what a rule needs."""

    show = staticmethod(show)
    _let_owners: dict | None = None  # the module's let owners, once

    # ---- per owner ----
    def boundaries(self, owner: Owner) -> list[Boundary]:
        """The owner's own comparisons (not those of the lets it reads), in spec order."""
        self.withs = self.withs_of(owner)
        found: list[Boundary] = []
        for exprs, primary in ((owner.primary, True), (owner.secondary, False)):
            for e in exprs:
                for node in ir.walk(e):
                    found.extend(self._node_boundaries(owner, node, primary))
        return sorted(found, key=lambda b: (position(b.location), b.band))

    def edges(self, owner: Owner) -> list[Edge]:
        """Edges the generated cases turn for one owner: its own, those of the lets it reads (as
        secondary when read from `where`), and the knobs compared with a non-constant value."""
        seen: dict[tuple, Edge] = {}
        for exprs, primary in ((owner.primary, True), (owner.secondary, False)):
            for e in exprs:
                for own, node in self.reachable_nodes(owner, e):
                    self.withs = self.withs_of(own)
                    for b in self._node_boundaries(own, node, primary):
                        if b.knob is None:
                            continue
                        edge = Edge(b.knob, b.edge, b.location, b.text, b.unit, primary, b.table)
                        seen.setdefault((b.knob, b.edge, b.table, b.location), edge)
                    for knob in self._free_knobs(node):
                        seen.setdefault((knob, None, None, ""), Edge(knob, None, str(node.origin), self.show(node), primary=primary))
        self.withs = self.withs_of(owner)
        return sorted(seen.values(), key=lambda e: (not e.primary, position(e.location),
                                                    -1 if e.value is None else e.value))

    def withs_of(self, owner: Owner) -> dict[str, ir.Expr]:
        return dict(owner.source.withs) if owner.kind == "rule" else {}

    def focus(self, owner: Owner, day: str, per_set: int = 8) -> Focus:
        """Codes, settings, payers and a date that the conjuncts of the owner's `where` ask for."""
        codes: list[str] = []
        pool: list[str] = []
        settings: list[str] = []
        payers: list[str] = []
        for e in owner.secondary:
            for c in ir.conjuncts(e):
                field_name, members = self._condition(c)
                if not members:
                    field_name, members = self._either(c)
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
            if not in_period(date.fromisoformat(day), lo, hi):
                day = (lo or hi).isoformat()
        return Focus(tuple(dict.fromkeys(codes)), tuple(dict.fromkeys(pool)),
                     tuple(dict.fromkeys(settings)) or ("physician", "facility"),
                     tuple(dict.fromkeys(payers)) or ("medicare",), day)

    def _either(self, e: ir.Expr) -> tuple[str | None, list[str]]:
        """(field, accepted values) of an `or` each of whose branches asks for a value of one field
        (`line.code = 96370 or (line.code = 96369 and ...)`), its first branch's values first."""
        if not (isinstance(e, ir.BoolOp) and e.op == "or"):
            return None, []
        found: list[tuple[str | None, list[str]]] = []
        for branch in e.items:
            asked = [self._condition(c) for c in ir.conjuncts(branch)]
            found.append(next(((f, m) for f, m in asked if m), (None, [])))
        fields = {f for f, _ in found}
        if len(fields) != 1 or None in fields:
            return None, []
        return fields.pop(), [v for _, members in found for v in members]

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

    def reachable_nodes(self, owner: Owner, e: ir.Expr):
        """(owner, node) for every node of e, following let references into the lets' own nodes."""
        if self._let_owners is None:  # built once per analysis, not per call
            self._let_owners = {o.name: o for o in owners(self.module) if o.kind == "let"}
        let_owners = self._let_owners
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
        if numeric_const(right) or numeric_const(left):
            value, const, operand = (left, right, "left") if numeric_const(right) else (right, left, "right")
            edge = const.value
            unit = units.CANONICAL.get(const.ty.dim) if not const.ty.dim.is_number else None
            return [Boundary(owner.label, owner.location, str(node.origin), self.show(node), edge, unit,
                             self.knob(value), self.reachable(value, edge), operand, node=node, primary=primary)]
        if left.ty.name == "instant" and right.ty.name == "instant":
            knob = Knob("seconds") if is_field(left, "episode.stop") and is_field(right, "episode.start") else None
            return [Boundary(owner.label, owner.location, str(node.origin), self.show(node), 0, "min", knob,
                             SIDES, "diff", node=node, primary=primary)]
        for value, other, operand in ((left, right, "left"), (right, left, "right")):
            table = self.table_value(other)
            if table is not None and left.ty.name == "amount" and right.ty.name == "amount":
                return [Boundary(owner.label, owner.location, str(node.origin), self.show(node), None, None,
                                 self.knob(value), SIDES, operand, node=node, table=table, primary=primary)]
        return []

    def _steps(self, owner: Owner, node: ir.Call, primary: bool) -> list[Boundary]:
        value, start, every = node.args
        if not (numeric_const(start) and numeric_const(every)) or every.value <= 0:
            return []
        unit = units.CANONICAL.get(start.ty.dim) if not start.ty.dim.is_number else None
        out = []
        for k in range(STEPS_BANDS):
            edge = start.value + k * every.value
            out.append(Boundary(owner.label, owner.location, str(node.origin), f"{self.show(node)} band {k + 1}",
                                edge, unit, self.knob(value), self.reachable(value, edge), "steps", band=k,
                                node=node, primary=primary))
        return out

    def _free_knobs(self, node: ir.Expr) -> list[Knob]:
        """Knobs compared with a value that is neither a constant nor a table value (e.g. billed
        units against the units a time supports): the cases turn them over a small range."""
        if not isinstance(node, ir.Compare) or numeric_const(node.left) or numeric_const(node.right):
            return []
        if node.left.ty.name != "amount" or node.right.ty.name != "amount":
            return []
        if self.table_value(node.left) is not None or self.table_value(node.right) is not None:
            return []
        return [k for k in (self.knob(node.left), self.knob(node.right)) if k is not None]


    # ---- inputs that are not amounts ----
    def input_edges(self, owner: Owner) -> list[Edge]:
        """Edges on dates, text values, table rows, drug doses and time layouts (see `inputs`)."""
        edges = input_edges(self, owner)
        self.withs = self.withs_of(owner)
        return edges

    def needs_drug(self, owner: Owner) -> bool:
        return needs_drug(self, owner)


def module_boundaries(module: ir.Module) -> list[Boundary]:
    """Every boundary of a module, each under the one owner whose text holds it."""
    a = Analysis(module)
    return [b for o in owners(module) for b in a.boundaries(o)]
