"""Amounts as messages print them: exact values, worked out by hand."""

from fractions import Fraction

import pytest

from compiler.runtime import units


@pytest.mark.parametrize("value, text", [
    (5, "5"),
    (Fraction(201, 4), "50.25"),        # 50.25 mL
    (Fraction(1, 3), "0.3333"),         # four decimals are enough for a message
    (Fraction(1, 1000), "0.001"),
    (Fraction(1, 25000), "4e-05"),      # a unit size of 0.00004 mg is not "0 mg"
    (Fraction(-1, 30000), "-3.333e-05"),
])
def test_a_message_prints_an_amount_without_losing_it(value, text):
    assert units.format_number(value) == text
