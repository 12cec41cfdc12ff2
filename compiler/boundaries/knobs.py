"""Which encounter input moves a value of the IR (its knob), and which values it can take.

`Reader` resolves lets and `with` names to the expressions they stand for, so a comparison of
`sc_time` is known to move with an SC infusion's duration wherever the let is read.
"""

from __future__ import annotations

from fractions import Fraction

from .. import ir
from ..runtime import units
from .edges import Knob, TableEdge

# Builtins whose result the input model keeps at zero or more (counts, times, units).
_NON_NEGATIVE = {"units_of", "lines_of", "count", "count_of", "infusion_episodes", "episodes_missing_stop",
                 "episodes_reversed", "pump_setups", "infusion_time", "elapsed", "steps", "ceil", "primary_line"}
_EPISODE_COUNTS = {"pump_setups": "pumps", "infusion_episodes": "episodes",
                   "episodes_missing_stop": "missing_stops", "episodes_reversed": "reversed"}


class Reader:
    """Knobs and value ranges of one module's expressions."""

    def __init__(self, module: ir.Module) -> None:
        self.module = module
        self.lets = {let.name: let.expr for let in module.lets}
        self.sets = {s.name: s.members for s in module.sets}
        self.tables = {t.name: t for t in module.tables}
        self.withs: dict[str, ir.Expr] = {}

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
            if inner is not None and inner.kind in ("volume", "volume_rate") and is_field(divisor, "episode.sites"):
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
            if is_field(codes, "line.code"):
                return Knob(kind, own_line=True)
            if isinstance(codes, ir.SetRef):
                return Knob(kind, set=codes.name)
            if isinstance(codes, ir.Const) and isinstance(codes.value, (frozenset, str)):
                members = (codes.value,) if isinstance(codes.value, str) else tuple(sorted(codes.value))
                return Knob(kind, codes=members)
            return None
        if fn == "count_of" and is_field(self.resolve(args[0]), "line.modifiers"):
            return self._modifier_knob("modifiers_in", args[1])
        if fn == "count" and isinstance(args[0], ir.Call) and args[0].function == "not_in" \
                and is_field(self.resolve(args[0].args[0]), "line.modifiers"):
            return self._modifier_knob("modifiers_out", args[0].args[1])
        return None

    def _modifier_knob(self, kind: str, members: ir.Expr) -> Knob | None:
        members = self.resolve(members)
        if isinstance(members, ir.SetRef):
            return Knob(kind, set=members.name)
        if isinstance(members, ir.Const) and isinstance(members.value, frozenset):
            return Knob(kind, codes=tuple(sorted(members.value)))
        return None

    def table_value(self, e: ir.Expr) -> TableEdge | None:
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
        if numeric_const(e):
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

    def reachable(self, e: ir.Expr, edge) -> tuple[str, ...]:
        lo, hi = self.value_range(e)
        out = []
        if lo is None or lo < edge:
            out.append("below")
        if (lo is None or lo <= edge) and (hi is None or hi >= edge):
            out.append("at")
        if hi is None or hi > edge:
            out.append("above")
        return tuple(out)


def numeric_const(e: ir.Expr) -> bool:
    return isinstance(e, ir.Const) and e.ty.name == "amount" and isinstance(e.value, (int, Fraction)) \
        and not isinstance(e.value, bool)


def is_field(e: ir.Expr, name: str) -> bool:
    return isinstance(e, ir.FieldRead) and e.field == name
