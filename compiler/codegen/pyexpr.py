"""IR expression -> Python source text. Always parenthesised; literals via repr.

Operations on possibly-missing values call runtime.logic, where missing-data semantics are defined
once. The one exception is a comparison whose operands are plain names or attribute reads: it is
written inline as `(None if x is None else x >= 16)`, which is what `logic.ge` computes, without a
call per line.
"""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction

from .. import ir
from ..runtime import fields

_PY_CMP = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "=": "==", "!=": "!="}
_LOGIC_CMP = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge", "=": "eq", "!=": "ne"}
_LOGIC_ARITH = {"+": "add", "-": "sub", "*": "mul", "/": "div"}


def pystr(text: str) -> str:
    literal = repr(text)
    return f'"{literal[1:-1]}"' if '"' not in text and "'" not in text else literal


def literal(value) -> str:
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, Fraction):
        return f"Fraction({value.numerator}, {value.denominator})"
    if isinstance(value, str):
        return pystr(value)
    if isinstance(value, date):
        return f"date({value.year}, {value.month}, {value.day})"
    if isinstance(value, frozenset):
        return "frozenset({" + ", ".join(literal(v) for v in sorted(value)) + "})"
    raise AssertionError(f"no literal for {value!r}")


class PyExpr:
    """Emits one rule's expressions; `subject` is the loop variable (line, episode or enc)."""

    def __init__(self, subject: str, set_names: dict[frozenset, str], table_names: dict[str, str],
                 known: dict | None = None) -> None:
        self.subject = subject
        self.set_names = set_names
        self.table_names = table_names
        self.known = known if known is not None else {}  # IR subexpression -> local already holding its value
        self.rows: dict[tuple, str] = {}  # (table, keys) -> local holding the row in force

    def day(self) -> str:
        return "ctx.line_dates[line.index]" if self.subject == "line" else "ctx.record.date_of_service"

    def row(self, e: ir.Lookup) -> str:
        """The row of `e`'s table in force for its key (None if a key part is missing or no row is)."""
        key = ", ".join(self(k) for k in e.keys) + ("," if len(e.keys) == 1 else "")
        return f"ctx.lookup_row({e.table.upper()}, ({key}), {self.day()})"

    def __call__(self, e: ir.Expr) -> str:
        if self.known:
            try:
                name = self.known.get(e)
            except TypeError:  # a constant holding an unhashable value
                name = None
            if name is not None:
                return name
        match e:
            case ir.Const(value=value):
                if isinstance(value, frozenset):
                    return self.set_names[value]
                return literal(value)
            case ir.FieldRead(field=name):
                return self.field(name)
            case ir.LetRef(name=name) | ir.LocalRef(name=name):
                return name
            case ir.SetRef(name=name) | ir.TableRef(name=name):
                return name.upper()
            case ir.RowField(base=base, column=column):
                b = self(base)
                return f"(None if {b} is None else {b}.{column})"
            case ir.Call(function=fn, args=args, subject=subject):
                parts = [self(a) for a in args]
                if subject == "encounter":
                    parts = ["ctx", "enc" if self.subject == "encounter" else f"{self.subject}.encounter", *parts]
                elif subject is not None:
                    parts = ["ctx", subject, *parts]
                return f"fn.{fn}({', '.join(parts)})"
            case ir.Lookup(table=table, keys=keys, column=column) if (table, keys) in self.rows:
                row = self.rows[(table, keys)]
                return f"(None if {row} is None else {row}.{column})"
            case ir.Lookup(table=table, keys=keys, column=column):
                key = ", ".join(self(k) for k in keys) + ("," if len(keys) == 1 else "")
                return f"ctx.lookup_value({table.upper()}, ({key}), {self.day()}, {pystr(column)})"
            case ir.Compare(op=op, left=left, right=right):
                a, b = self(left), self(right)
                if not (left.nullable or right.nullable):
                    return f"({a} {_PY_CMP[op]} {b})"
                if _plain(a) and _plain(b):
                    missing = " or ".join(x + " is None" for x, e in ((a, left), (b, right)) if e.nullable)
                    return f"(None if {missing} else {a} {_PY_CMP[op]} {b})"
                return f"logic.{_LOGIC_CMP[op]}({self(left)}, {self(right)})"
            case ir.Arith(op=op, left=left, right=right):
                if op != "/" and not (left.nullable or right.nullable):
                    return f"({self(left)} {op} {self(right)})"
                return f"logic.{_LOGIC_ARITH[op]}({self(left)}, {self(right)})"
            case ir.Neg(operand=operand):
                return f"(-{self(operand)})" if not operand.nullable else f"logic.neg({self(operand)})"
            case ir.Member(item=item, collection=coll, negated=negated):
                if not (item.nullable or coll.nullable):
                    return f"({self(item)} {'not in' if negated else 'in'} {self(coll)})"
                return f"logic.{'not_member' if negated else 'member'}({self(item)}, {self(coll)})"
            case ir.IsMissing(operand=operand, negated=negated):
                return f"({self(operand)} is {'not ' if negated else ''}None)"
            case ir.BoolOp(op=op, items=items):
                if not any(i.nullable for i in items):
                    return "(" + f" {op} ".join(self(i) for i in items) + ")"
                firm = [i for i in items if not i.nullable]
                soft = [i for i in items if i.nullable]
                if firm and not any(_reads_tables(i) for i in soft):
                    # Kleene logic with the never-missing operands first: a false one decides `and`
                    # (a true one `or`) outright, else the possibly-missing rest decides.
                    tail = self(soft[0]) if len(soft) == 1 else f"logic.{op}3({', '.join(self(i) for i in soft)})"
                    return "(" + f" {op} ".join([*(self(i) for i in firm), tail]) + ")"
                return f"logic.{op}3({', '.join(self(i) for i in items)})"
            case ir.Not(operand=operand):
                return f"(not {self(operand)})" if not operand.nullable else f"logic.not3({self(operand)})"
            case ir.Cond(test=test, then=then, otherwise=otherwise):
                if not test.nullable:
                    return f"({self(then)} if {self(test)} else {self(otherwise)})"
                return f"logic.cond({self(test)}, {self(then)}, {self(otherwise)})"
        raise AssertionError(f"unknown IR node {type(e).__name__}")

    def field(self, name: str) -> str:
        fdef = fields.FIELDS[name]
        base = "ctx.record" if fdef.subject == "encounter" else fdef.subject
        if len(fdef.attrs) == 1 and fdef.unit is None:
            return f"{base}.{fdef.attrs[0]}"
        if len(fdef.attrs) == 2 and fdef.unit is None:
            head = f"{base}.{fdef.attrs[0]}"
            return f"(None if {head} is None else {head}.{fdef.attrs[1]})"
        return f"fields.read({base}, fields.FIELDS[{pystr(name)}])"


_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*|-?[0-9]+|\"[^\"\\\\]*\"")


def _plain(text: str) -> bool:
    """A name, attribute chain or simple literal: cheap and side-effect free to write twice."""
    return _PLAIN.fullmatch(text) is not None


def lookups(e: ir.Expr) -> list[ir.Lookup]:
    """Table lookups in an expression, in evaluation order."""
    found = [e] if isinstance(e, ir.Lookup) else []
    for child in ir.children(e):
        found.extend(lookups(child))
    return found


def _reads_tables(e: ir.Expr) -> bool:
    """Consults a reference table (and may note it out of force), so must be evaluated as written."""
    return isinstance(e, (ir.Lookup, ir.TableRef)) or any(_reads_tables(c) for c in ir.children(e))


def collect_sets(e: ir.Expr, out: list) -> None:
    """Set literals used in an expression, in source order (hoisted to module constants)."""
    if isinstance(e, ir.Const) and isinstance(e.value, frozenset):
        out.append(e.value)
    for child in ir.children(e):
        collect_sets(child, out)


def names_used(e: ir.Expr, kind) -> list[str]:
    out = []
    if isinstance(e, kind):
        out.append(e.name)
    for child in ir.children(e):
        out.extend(names_used(child, kind))
    return out
