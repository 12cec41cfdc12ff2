"""Readable text of an IR expression, close to how the spec writes it: the name a boundary is shown
under in coverage reports, edge-case notes and diff probes."""

from __future__ import annotations

from .. import ir


def show(e: ir.Expr) -> str:
    match e:
        case ir.Const(written=written):
            return written
        case ir.FieldRead(field=name):
            return name
        case ir.LetRef(name=name) | ir.LocalRef(name=name) | ir.SetRef(name=name) | ir.TableRef(name=name):
            return name
        case ir.RowField(base=base, column=column):
            return f"{show(base)}.{column}"
        case ir.Call(function=fn, args=args):
            return f"{fn}({', '.join(show(a) for a in args)})"
        case ir.Lookup(table=table, keys=keys, column=column):
            return f"{table}[{', '.join(show(k) for k in keys)}].{column}"
        case ir.Compare(op=op, left=left, right=right) | ir.Arith(op=op, left=left, right=right):
            return f"{show(left)} {op} {show(right)}"
        case ir.Neg(operand=operand):
            return f"-{show(operand)}"
        case ir.Not(operand=operand):
            return f"not {show(operand)}"
        case ir.Member(item=item, collection=coll, negated=negated):
            return f"{show(item)} {'not in' if negated else 'in'} {show(coll)}"
        case ir.IsMissing(operand=operand, negated=negated):
            return f"{show(operand)} is {'present' if negated else 'missing'}"
        case ir.BoolOp(op=op, items=items):
            return f" {op} ".join(f"({show(i)})" for i in items)
        case ir.Cond(test=test, then=then, otherwise=otherwise):
            return f"{show(then)} when {show(test)} otherwise {show(otherwise)}"
    return type(e).__name__
