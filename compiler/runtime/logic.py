"""Missing-data semantics, defined once: three-valued (Kleene) logic with None as "unknown".

A comparison or arithmetic over a missing value is missing. `and`/`or` follow Kleene logic, so
`false and missing` is false and `true or missing` is true. A rule whose `where` is not true does not
apply; a rule whose `flag when` is missing cannot be decided and says so (an `incomplete_data`
finding): a missing value never passes silently and never condemns a line on its own.
"""

from __future__ import annotations

import operator
from fractions import Fraction


def and3(*values):
    result = True
    for v in values:
        if v is False:
            return False
        if v is None:
            result = None
    return result


def or3(*values):
    result = False
    for v in values:
        if v is True:
            return True
        if v is None:
            result = None
    return result


def not3(v):
    return None if v is None else not v


def _lift(fn):
    def lifted(a, b):
        if a is None or b is None:
            return None
        return fn(a, b)

    lifted.__name__ = fn.__name__
    return lifted


# The comparisons of the rule language on present values, by their spelling in the IR.
_PRESENT_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq,
                    "!=": operator.ne}
lt, le, gt, ge, eq, ne = (_lift(_PRESENT_COMPARE[op]) for op in ("<", "<=", ">", ">=", "=", "!="))
add = _lift(operator.add)
sub = _lift(operator.sub)
mul = _lift(operator.mul)


def div(a, b):
    """Exact division; dividing by zero gives missing, not a crash."""
    if a is None or b is None or b == 0:
        return None
    if type(a) is int and type(b) is int:  # the usual case (10000 mg / 100 mg)
        return a // b if a % b == 0 else Fraction(a, b)
    q = Fraction(a) / Fraction(b)
    return int(q) if q.denominator == 1 else q


def _terms(numerator, denominators: tuple) -> tuple[int, int] | None:
    """`numerator / d1 / d2 ...` as integers (n, d) of that quotient, d != 0; None when anything is
    missing or a divisor is zero (as nested `div` gives it)."""
    if numerator is None:
        return None
    n, d = numerator.numerator, numerator.denominator  # ints and Fractions alike
    for divisor in denominators:
        if divisor is None or divisor == 0:
            return None
        n, d = n * divisor.denominator, d * divisor.numerator
    return n, d


def quotient(numerator, denominators: tuple):
    """`numerator / d1 / d2 ...`, exactly as the nested `div`s give it (missing if anything is
    missing or a divisor is zero), building at most one Fraction: a rate per site is a report value
    of every label finding."""
    terms = _terms(numerator, denominators)
    if terms is None:
        return None
    n, d = terms
    if n % d == 0:
        return n // d
    return Fraction(n, d)  # normalised: the sign on the numerator, lowest terms


def ceil_div(a, b):
    """`ceil(a / b)` of the exact quotient, as builtins.ceil of `div` gives it (missing if either
    is missing or b is zero), by integer division: ints and Fractions alike, no Fraction built."""
    if a is None or b is None or b == 0:
        return None
    return -(-a // b)


def floor_div(a, b):
    """`floor(a / b)` of the exact quotient, as builtins.floor of `div` gives it (see ceil_div)."""
    if a is None or b is None or b == 0:
        return None
    return a // b


def compare_quotient(op: str, numerator, denominators: tuple, other):
    """`numerator / d1 / d2 ... op other`, exactly as COMPARE[op] of the nested `div`s gives it
    (missing if anything is missing or a divisor is zero), without building a Fraction: both sides
    are cross-multiplied as integers. Rates and per-site amounts are compared this way."""
    terms = None if other is None else _terms(numerator, denominators)
    if terms is None:
        return None
    n, d = terms
    if d < 0:  # keep the denominator positive, so the comparison keeps its direction
        n, d = -n, -d
    return _PRESENT_COMPARE[op](n * other.denominator, other.numerator * d)


def neg(a):
    return None if a is None else -a


def member(item, collection):
    if item is None or collection is None:
        return None
    return item in collection


def not_member(item, collection):
    return not3(member(item, collection))


def cond(test, then, otherwise):
    """`then when test otherwise otherwise`: missing test gives missing."""
    if test is None:
        return None
    return then if test else otherwise


# The operators of the rule language, by their spelling in the IR.
COMPARE = {"<": lt, "<=": le, ">": gt, ">=": ge, "=": eq, "!=": ne}
ARITHMETIC = {"+": add, "-": sub, "*": mul, "/": div}
