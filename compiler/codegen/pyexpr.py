"""IR expression -> Python source text. Always parenthesised; literals via repr; every semantic
operation on possibly-missing values is a call into runtime.logic, never inlined arithmetic."""

from __future__ import annotations

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

    def __init__(self, subject: str, set_names: dict[frozenset, str], table_names: dict[str, str]) -> None:
        self.subject = subject
        self.set_names = set_names
        self.table_names = table_names

    def day(self) -> str:
        return "ctx.line_date(line)" if self.subject == "line" else "ctx.record.date_of_service"

    def __call__(self, e: ir.Expr) -> str:
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
            case ir.Lookup(table=table, keys=keys, column=column):
                key = ", ".join(self(k) for k in keys) + ("," if len(keys) == 1 else "")
                return f"ctx.lookup_value({table.upper()}, ({key}), {self.day()}, {pystr(column)})"
            case ir.Compare(op=op, left=left, right=right):
                if not (left.nullable or right.nullable):
                    return f"({self(left)} {_PY_CMP[op]} {self(right)})"
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
        return f"fields.read({base}, fields.FIELDS[{pystr(name)}])"


def collect_sets(e: ir.Expr, out: list) -> None:
    """Set literals used in an expression, in source order (hoisted to module constants)."""
    if isinstance(e, ir.Const) and isinstance(e.value, frozenset):
        out.append(e.value)
    for child in _children(e):
        collect_sets(child, out)


def _children(e: ir.Expr):
    match e:
        case ir.RowField(base=b) | ir.Neg(operand=b) | ir.Not(operand=b) | ir.IsMissing(operand=b):
            return (b,)
        case ir.Call(args=args):
            return args
        case ir.Lookup(keys=keys):
            return keys
        case ir.Compare(left=l, right=r) | ir.Arith(left=l, right=r):
            return (l, r)
        case ir.Member(item=i, collection=c):
            return (i, c)
        case ir.BoolOp(items=items):
            return items
        case ir.Cond(test=t, then=a, otherwise=b):
            return (t, a, b)
    return ()


def names_used(e: ir.Expr, kind) -> list[str]:
    out = []
    if isinstance(e, kind):
        out.append(e.name)
    for child in _children(e):
        out.extend(names_used(child, kind))
    return out
