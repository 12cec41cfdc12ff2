"""Missing-data logic and exact arithmetic, the one definition both evaluators share: checked
against values worked out by hand, since a differential test cannot see a bug they share."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compiler.runtime import logic


@pytest.mark.parametrize("a, b, expected", [
    (10000, 100, 100),              # 10 g of drug in 100 mg units: exactly 100 units
    (10050, 100, Fraction(201, 2)),  # 100.5 units: kept exact so that ceil gives 101
    (-6, 3, -2),
    (6, -4, Fraction(-3, 2)),
    (Fraction(1, 2), 2, Fraction(1, 4)),
    (0, 5, 0),
])
def test_division_is_exact(a, b, expected):
    got = logic.div(a, b)
    assert got == expected
    assert type(got) is type(expected)  # whole results are ints, so they print and compare as whole numbers


@pytest.mark.parametrize("a, b", [(1, 0), (None, 2), (2, None)])
def test_division_by_zero_or_missing_is_missing(a, b):
    assert logic.div(a, b) is None


@pytest.mark.parametrize("values, conj, disj", [
    ((True, True), True, True),
    ((True, False), False, True),
    ((False, None), False, None),    # false decides `and` even when the other side is missing
    ((True, None), None, True),      # true decides `or`
    ((None, None), None, None),
])
def test_kleene_and_or(values, conj, disj):
    assert logic.and3(*values) is conj
    assert logic.or3(*values) is disj


# A rate per site above its label limit: 61 mL over 60 min on 2 sites is 61/120 mL/min per site.
@pytest.mark.parametrize("op, numerator, divisors, other, expected", [
    (">", 61, (60, 2), Fraction(1, 2), True),           # 0.5083 > 0.5
    (">", 60, (60, 2), Fraction(1, 2), False),          # exactly at the limit is not above it
    (">=", 60, (60, 2), Fraction(1, 2), True),
    ("=", Fraction(201, 4), (Fraction(1, 2),), Fraction(201, 2), True),
    ("<", 6, (-4,), -1, True),                         # -1.5 < -1: a negative divisor keeps the direction
    (">", 1, (0,), 0, None),                           # dividing by zero is missing, as in div
    (">", 1, (None, 2), 0, None),
    (">", None, (2,), 0, None),
    (">", 1, (2,), None, None),
])
def test_compare_quotient_by_hand(op, numerator, divisors, other, expected):
    assert logic.compare_quotient(op, numerator, divisors, other) is expected


_amounts = st.one_of(st.none(), st.integers(-50, 50), st.fractions(max_denominator=12).filter(lambda f: abs(f) < 50))


@given(op=st.sampled_from(sorted(logic.COMPARE)), numerator=_amounts,
       divisors=st.lists(_amounts, min_size=1, max_size=3), other=_amounts)
def test_compare_quotient_is_the_comparison_of_nested_divisions(op, numerator, divisors, other):
    """The generated code compares `a / b / c` to a value with compare_quotient; the interpreter
    composes div and COMPARE. They must agree on every value, missing and zero divisors included."""
    quotient = numerator
    for d in divisors:
        quotient = logic.div(quotient, d)
    assert logic.compare_quotient(op, numerator, tuple(divisors), other) is logic.COMPARE[op](quotient, other)


# A rate per site reported in a label finding: 61 mL over 60 min on 2 sites is 61/120 mL/min.
@pytest.mark.parametrize("numerator, divisors, expected", [
    (61, (60, 2), Fraction(61, 120)),
    (120, (60, 2), 1),                                  # a whole rate is an int, as div gives it
    (Fraction(201, 2), (Fraction(1, 2), 3), 67),
    (6, (-4,), Fraction(-3, 2)),                        # the sign stays on the numerator
    (1, (0, 2), None),                                  # dividing by zero is missing
    (1, (2, None), None),
    (None, (2,), None),
])
def test_quotient_by_hand(numerator, divisors, expected):
    got = logic.quotient(numerator, divisors)
    assert got == expected
    assert type(got) is type(expected)


@given(numerator=_amounts, divisors=st.lists(_amounts, min_size=1, max_size=3))
def test_quotient_is_the_nested_divisions(numerator, divisors):
    """The generated code works out a report value `a / b / c` with quotient; the interpreter
    composes div. Same value and type (int when whole), missing and zero divisors included."""
    nested = numerator
    for d in divisors:
        nested = logic.div(nested, d)
    got = logic.quotient(numerator, tuple(divisors))
    assert got == nested
    assert type(got) is type(nested)


# Drug units are the dose over the unit size rounded up: 10050 mg in 100 mg units is 101 units.
@pytest.mark.parametrize("a, b, ceil, floor", [
    (10050, 100, 101, 100),
    (10000, 100, 100, 100),
    (-7, 2, -3, -4),                      # rounding is toward +inf / -inf, not toward zero
    (Fraction(201, 2), Fraction(1, 2), 201, 201),
    (Fraction(5, 3), 1, 2, 1),
    (1, 0, None, None),                   # dividing by zero is missing, as in div
    (None, 3, None, None),
])
def test_ceil_and_floor_of_a_quotient_by_hand(a, b, ceil, floor):
    assert logic.ceil_div(a, b) == ceil and logic.floor_div(a, b) == floor


@given(a=_amounts, b=_amounts)
def test_ceil_and_floor_div_are_ceil_and_floor_of_div(a, b):
    """The generated code writes ceil(a / b) as ceil_div; the interpreter composes div and ceil."""
    from compiler.runtime import builtins

    for got, want in ((logic.ceil_div(a, b), builtins.ceil(logic.div(a, b))),
                      (logic.floor_div(a, b), builtins.floor(logic.div(a, b)))):
        assert got == want and type(got) is type(want)
