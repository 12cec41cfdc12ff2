"""Which way a derived value moves when an infusion runs longer: the monotonicity a spec implies.

A derive such as `steps(sc_time, ...)` or `1 when sc_time >= 16 min otherwise 0` can only grow
with elapsed time; `1 where ... sc_time <= 15 min` can only shrink. The answer is read from the
IR by sign rules (a comparison `t >= c` grows with t, `t <= c` shrinks, `not` flips, and so on) and
is None whenever the rules cannot tell, so no property is claimed that the spec does not imply.

Scope: the stretch the tests apply moves one documented stop later, so presence tests (`is
present`), counts of episodes and pump set-ups do not change; they are treated as constant.
"""

from __future__ import annotations

from fractions import Fraction

from .. import ir

UP, DOWN, FLAT = 1, -1, 0
_TIME_SOURCES = {"infusion_time", "elapsed"}
_MONOTONE_CALLS = {"steps": (0,), "larger": (0, 1), "ceil": (0,), "floor": (0,)}


def combine(*signs):
    """The sign of something moved by several parts: FLAT parts do not matter; UP and DOWN clash."""
    moving = {s for s in signs if s != FLAT}
    if None in moving or len(moving) > 1:
        return None
    return moving.pop() if moving else FLAT


def _neg(sign):
    return None if sign is None else -sign


class Polarity:
    def __init__(self, module: ir.Module) -> None:
        self.lets = {let.name: let.expr for let in module.lets}

    def derive(self, d: ir.Derive):
        """UP: the derived units never fall as elapsed time grows; DOWN: never rise; FLAT: time does
        not matter; None: the spec implies neither."""
        value = self.of(d.expr)
        if d.where is None:
            return value
        gate = self.of(d.where)
        if gate == FLAT:
            return value
        if value == FLAT and _positive_const(d.expr):
            return gate  # a fixed positive amount that applies more (or less) as time grows
        return None

    def of(self, e: ir.Expr):
        match e:
            case ir.Const() | ir.SetRef() | ir.TableRef() | ir.IsMissing():
                return FLAT
            case ir.LetRef(name=name):
                return self.of(self.lets[name]) if name in self.lets else None
            case ir.FieldRead(field=name):
                return UP if name == "episode.stop" else FLAT
            case ir.Call(function=fn, args=args):
                if fn in _TIME_SOURCES:
                    return UP
                if fn in _MONOTONE_CALLS:
                    return combine(*(self.of(args[i]) for i in _MONOTONE_CALLS[fn]),
                                   *(FLAT if self.of(a) == FLAT else None for i, a in enumerate(args)
                                     if i not in _MONOTONE_CALLS[fn]))
                return combine(*(FLAT if self.of(a) == FLAT else None for a in args))
            case ir.Compare(op=op, left=left, right=right):
                diff = combine(self.of(left), _neg(self.of(right)))
                if op in (">", ">="):
                    return diff
                if op in ("<", "<="):
                    return _neg(diff)
                return FLAT if diff == FLAT else None
            case ir.Arith(op=op, left=left, right=right):
                if op == "+":
                    return combine(self.of(left), self.of(right))
                if op == "-":
                    return combine(self.of(left), _neg(self.of(right)))
                if isinstance(right, ir.Const) and _number(right.value) and right.value > 0:
                    return self.of(left)  # scaled by a positive constant
                return FLAT if combine(self.of(left), self.of(right)) == FLAT else None
            case ir.Neg(operand=operand) | ir.Not(operand=operand):
                return _neg(self.of(operand))
            case ir.BoolOp(items=items):
                return combine(*(self.of(i) for i in items))
            case ir.Cond(test=test, then=then, otherwise=otherwise):
                gate = self.of(test)
                branches = combine(self.of(then), self.of(otherwise))
                if gate == FLAT:
                    return branches
                if branches == FLAT and isinstance(then, ir.Const) and isinstance(otherwise, ir.Const) \
                        and _number(then.value) and _number(otherwise.value):
                    if then.value > otherwise.value:
                        return gate
                    return _neg(gate) if then.value < otherwise.value else FLAT
                return None
            case ir.Member(item=item, collection=coll):
                return FLAT if combine(self.of(item), self.of(coll)) == FLAT else None
            case ir.Lookup(keys=keys):
                return FLAT if combine(*(self.of(k) for k in keys)) == FLAT else None
            case ir.RowField(base=base):
                return FLAT if self.of(base) == FLAT else None
            case ir.LocalRef():
                return None
        return None


def _number(v) -> bool:
    return isinstance(v, (int, Fraction)) and not isinstance(v, bool)


def _positive_const(e: ir.Expr) -> bool:
    return isinstance(e, ir.Const) and _number(e.value) and e.value > 0
