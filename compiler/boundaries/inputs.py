"""Edges on inputs that are not amounts: where a decision can flip without any number crossing a
constant.

* day: a rule's effective dates, date constants, and the effective dates of the table rows it reads;
* value: a text field tested against a value or a set (payers, places, bills, modifiers, codes);
  a large set gives an evenly spread handful of its members;
* row / rank: the rows of a table the rule reads through a lookup, a code pair (`pair_edit`) or an
  add-on's primaries (`addon_primaries`), and the order of a ranking table (`primary_line`);
* dose: a drug dose either side of whole HCPCS units, where `ceil(dose / unit size)` steps;
* layout: an infusion time spread over two episodes with a gap, or two at once (the
  `infusion_gaps` and `concurrent_pumps` policies);
* presence: a stop time missing or before its start, which makes an infusion time unknown;
* spread: units counted over a scope (`units_of(line.code, ...)`) billed on two lines.
"""

from __future__ import annotations

from datetime import date

from .. import ir
from ..runtime import fields
from ..check.tables import EFFECTIVE  # load_table appends both columns to every table
from .edges import Edge, Knob, TableEdge, position
from .knobs import numeric_const

SAMPLE = 8  # more members than this and a set is sampled rather than enumerated
DOSE_UNITS = (1, 2)  # whole HCPCS units around which a dose is turned
_LIST_TESTS = ("any_of", "count_of", "not_in")  # (items, set) builtins
_DATE_FIELDS = ("encounter.date_of_service", "line.service_date")
_TEXT_TYPES = ("text", "code", "place", "revenue", "modifier_list")
_FIXED_FIELDS = ("encounter.id", "encounter.setting", "episode.id")  # not turned: settings loop, ids
# Key fields of the code-pair table `pair_edit` reads: (setting, column_1, column_2), the line being column 2.
PAIR_KEYS = ("encounter.setting", "other_line.code", "line.code")
# Key fields of the add-on table `addon_primaries` reads: (addon, primary), the line being the add-on.
ADDON_KEYS = ("line.code", "other_line.code")


def sample(members) -> list:
    """All members of a small set; of a large one an evenly spread, deterministic handful."""
    ordered = sorted(members)
    if len(ordered) <= SAMPLE:
        return ordered
    step = len(ordered) / (SAMPLE - 1)
    return sorted({ordered[min(len(ordered) - 1, round(i * step))] for i in range(SAMPLE)})


def settable(name: str) -> bool:
    """A text field an edge case can set to any value."""
    f = fields.FIELDS.get(name)
    return f is not None and len(f.attrs) == 1 and f.type in _TEXT_TYPES and name not in _FIXED_FIELDS


def input_edges(a, owner) -> list[Edge]:
    """The owner's edges on non-amount inputs, those of the lets it reads included; `a` is the
    module's `Analysis`."""
    found: dict[tuple, Edge] = {}
    effective = getattr(owner.source, "effective", None) if owner.kind == "rule" else None
    for d, word in zip(effective or (), ("from", "through")):
        if d is not None:
            edge = Edge(Knob("day"), d, owner.location, f"in force {word} {d}")
            found.setdefault((edge.knob, d, None), edge)
    for exprs, primary in ((owner.primary, True), (owner.secondary, False)):
        for e in exprs:
            for own, node in a.reachable_nodes(owner, e):
                a.withs = a.withs_of(own)
                for edge in _node_edges(a, node, primary):
                    found.setdefault((edge.knob, edge.value, edge.table), edge)
    return sorted(found.values(), key=lambda e: (not e.primary, e.knob.kind, position(e.location), str(e.value)))


def needs_drug(a, owner) -> bool:
    """Whether the owner reads a drug line (so its edge cases need one even when no code is named)."""
    for e in (*owner.primary, *owner.secondary):
        for _, node in a.reachable_nodes(owner, e):
            if (isinstance(node, ir.FieldRead) and node.field.startswith("line.drug")) or \
                    (isinstance(node, ir.Call) and node.function == "drug_dose"):
                return True
    return False


def _node_edges(a, node: ir.Expr, primary: bool) -> list[Edge]:
    where, text = str(node.origin), a.show(node)
    match node:
        case ir.Compare(op=op, left=left, right=right):
            return _compare(a, node, op, left, right, primary)
        case ir.Member(item=item, collection=coll):
            return _members(a, item, coll, where, text, primary)
        case ir.Call(function=fn, args=args) if fn in _LIST_TESTS and len(args) == 2:
            return _members(a, args[0], args[1], where, text, primary)
        case ir.Call(function="starts_with", args=(item, ir.Const(value=str() as prefix))):
            item = a.resolve(item)
            if isinstance(item, ir.FieldRead) and settable(item.field):
                return [Edge(Knob("value", field=item.field), prefix.ljust(4, "1"), where, text, primary=primary)]
        case ir.Call(function="pair_edit", args=(ir.TableRef(name=table), *_)):
            return _rows(a, Knob("row"), TableEdge(table, "", PAIR_KEYS), where, text, primary)
        case ir.Call(function="addon_primaries", args=(ir.TableRef(name=table),)):
            return _rows(a, Knob("row"), TableEdge(table, "", ADDON_KEYS), where, text, primary)
        case ir.Call(function="primary_line", args=(_, ir.TableRef(name=table), *_)):
            return _rows(a, Knob("rank"), TableEdge(table, "rank", ("line.code",)), where, text, primary)
        case ir.Lookup(table=table, keys=keys) if all(isinstance(k, ir.FieldRead) for k in keys):
            return _rows(a, Knob("row"), TableEdge(table, "", tuple(k.field for k in keys)), where, text, primary)
        case ir.Call(function="ceil", args=(value,)) if _is_dose_units(a, value):
            return [Edge(Knob("dose"), k, where, f"{text} = {k}", primary=primary) for k in DOSE_UNITS]
        case ir.Call(function="infusion_time", args=(ir.Const(value=str() as route), *_)):
            return [Edge(Knob("layout", route=route), None, where, text, primary=primary)]
        case ir.IsMissing(operand=operand):
            knob = a.knob(operand)
            if knob is not None and knob.kind == "seconds" and knob.route:
                return [Edge(Knob(kind, route=knob.route), 0, where, text, primary=primary)
                        for kind in ("missing_stops", "reversed")]
    return []


def _compare(a, node, op, left, right, primary) -> list[Edge]:
    where, text = str(node.origin), a.show(node)
    out = []
    for one, other in ((left, right), (right, left)):
        one, other = a.resolve(one), a.resolve(other)
        if not isinstance(other, ir.Const) or not isinstance(one, ir.FieldRead):
            continue
        if op in ("=", "!=") and isinstance(other.value, str) and settable(one.field):
            out.append(Edge(Knob("value", field=one.field), other.value, where, text, primary=primary))
        if isinstance(other.value, date) and one.field in _DATE_FIELDS:
            out.append(Edge(Knob("day"), other.value, where, text, primary=primary))
    for one, other in ((left, right), (right, left)):
        counted = a.resolve(one)
        if not (isinstance(counted, ir.Call) and counted.function == "units_of" and counted.args
                and isinstance(a.resolve(counted.args[0]), ir.FieldRead) and a.resolve(counted.args[0]).field == "line.code"):
            continue
        spread = Knob("spread", own_line=True)  # the same total on two lines of the code: summed, not per line
        if numeric_const(other):
            out.append(Edge(spread, other.value, where, text, primary=primary))
        elif (table := a.table_value(other)) is not None:
            out.append(Edge(spread, None, where, text, primary=primary, table=table))
    return out


def _members(a, item, coll, where, text, primary) -> list[Edge]:
    item, coll = a.resolve(item), a.resolve(coll)
    if not isinstance(item, ir.FieldRead) or not settable(item.field):
        return []
    if isinstance(coll, ir.SetRef) and coll.name in a.sets:
        knob, members = Knob("value", field=item.field, set=coll.name), a.sets[coll.name]
    elif isinstance(coll, ir.Const) and isinstance(coll.value, frozenset):
        knob, members = Knob("value", field=item.field, codes=tuple(sorted(coll.value))), coll.value
    else:
        return []
    out = [Edge(knob, m, where, text, primary=primary) for m in sample(members)]
    if item.field == "line.modifiers":  # a list: the default may hold a member (JZ on drug lines)
        out.append(Edge(knob, None, where, text, primary=primary))
    return out


def _rows(a, knob: Knob, table: TableEdge, where: str, text: str, primary: bool) -> list[Edge]:
    """A row edge of a table, and a day edge for each effective date its rows carry."""
    t = a.tables.get(table.table)
    if t is None:
        return []
    out = [Edge(knob, None, where, text, primary=primary, table=table)]
    names = [c.name for c in (*t.keys, *t.columns)]
    dates = {row[names.index(n)] for n in EFFECTIVE for row in t.rows}
    for d in sorted(x for x in dates if isinstance(x, date)):
        out.append(Edge(Knob("day"), d, str(t.origin), f"rows of {t.name} in force from or through {d}",
                        primary=primary, table=table))
    return out


def _is_dose_units(a, e: ir.Expr) -> bool:
    """`dose / unit size`: the HCPCS units a drug dose makes before rounding."""
    e = a.resolve(e)
    if not (isinstance(e, ir.Arith) and e.op == "/"):
        return False
    dose, size = a.resolve(e.left), a.resolve(e.right)
    reads_dose = (isinstance(dose, ir.Call) and dose.function == "drug_dose") or \
        (isinstance(dose, ir.FieldRead) and dose.field == "line.drug.dose")
    return reads_dose and isinstance(size, ir.FieldRead) and size.field == "line.drug.unit_size"
