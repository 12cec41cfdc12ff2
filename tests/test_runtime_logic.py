"""Missing-data logic and exact arithmetic, the one definition both evaluators share: checked
against values worked out by hand, since a differential test cannot see a bug they share."""

from fractions import Fraction

import pytest

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
