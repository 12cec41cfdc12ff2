"""Spec functions written inline by the generated code: each declared inline form must compute what
the function computes (the interpreter calls the function), for every present argument."""

import string
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compiler.runtime import builtins

_modifier = st.text(alphabet=string.ascii_uppercase + string.digits, min_size=2, max_size=2)
_number = st.one_of(st.integers(-10**6, 10**6), st.fractions(max_denominator=1000).filter(lambda f: abs(f) < 10**6))
ARGUMENTS = {
    "modifier_list": st.lists(_modifier, max_size=5).map(tuple),
    "modifiers": st.frozensets(_modifier, max_size=6),
    "number": _number,
    "any_amount": _number,
    "text": st.text(alphabet="01789AB", max_size=5),
}
INLINE = sorted(name for name, sig in builtins.SIGNATURES.items() if sig.inline or sig.inline_not)


def _evaluate(template: str, sig, args: tuple):
    names = {f"a{i}": value for i, value in enumerate(args)}
    text = template.format(**{param: f"a{i}" for i, (param, _) in enumerate(sig.params)})
    return eval(text, {}, names)  # noqa: S307 - a template of this repository on generated values


def test_the_usual_functions_have_inline_forms():
    # If one loses its form the generated code silently gets slower, not wrong: say so here.
    assert {"any_of", "count", "ceil", "floor", "larger", "starts_with"} <= set(INLINE)


@pytest.mark.parametrize("name", INLINE)
@given(data=st.data())
def test_inline_form_computes_what_the_function_computes(name, data):
    sig = builtins.SIGNATURES[name]
    args = tuple(data.draw(ARGUMENTS[ty], label=param) for param, ty in sig.params)
    expected = getattr(builtins, name)(*args)
    if sig.inline:
        got = _evaluate(sig.inline, sig, args)
        assert got == expected and type(got) is type(expected)
    if sig.inline_not:
        assert _evaluate(sig.inline_not, sig, args) is (not expected)


@pytest.mark.parametrize("value, up, down", [(Fraction(201, 2), 101, 100), (Fraction(-3, 2), -1, -2), (7, 7, 7)])
def test_ceil_and_floor_by_hand(value, up, down):
    sig_ceil, sig_floor = builtins.SIGNATURES["ceil"], builtins.SIGNATURES["floor"]
    assert _evaluate(sig_ceil.inline, sig_ceil, (value,)) == up == builtins.ceil(value)
    assert _evaluate(sig_floor.inline, sig_floor, (value,)) == down == builtins.floor(value)
