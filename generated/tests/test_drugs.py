# Generated from specs/drugs.rules by `codespec build`. DO NOT EDIT.
"""Tests of the generated validator for specs/drugs.rules.

Expectations come from the spec itself (its `example` blocks) and from the IR interpreter, an
independent evaluator of the same IR; the generated validator is never its own oracle.
"""

import pytest
from hypothesis import given

from compiler.runtime import testing as rt
from generated.validators import drugs as validator

SPEC = "specs/drugs.rules"
ORACLE = rt.interpreter_for(SPEC)


@pytest.mark.parametrize("example", ['hizentra_units', 'jz_missing', 'jz_not_yet_required'])
def test_example(example):
    """Each `example` block of the spec produces the findings it declares."""
    rt.check_example(ORACLE.module, example, validator.validate)
    rt.check_example(ORACLE.module, example, ORACLE.validate)


@given(record=rt.encounters())
def test_agrees_with_interpreter(record):
    """Differential: the generated validator and the IR interpreter reach the same findings."""
    rt.assert_same_report(validator.validate(record), ORACLE.validate(record), record)


@given(record=rt.boundary_encounters(ORACLE.module))
def test_time_boundaries(record):
    """Every time threshold of the spec, at the edge and one step either side (1 s and 1 min)."""
    rt.assert_same_report(validator.validate(record), ORACLE.validate(record), record)


@given(record=rt.encounters(), shift=rt.time_shifts(), zone=rt.zones())
def test_time_shift_and_zone_invariance(record, shift, zone):
    """Moving every instant by one amount and re-expressing it in any zone changes no time-based result."""
    moved = rt.shift_and_rezone(record, shift, zone)
    rt.assert_same_time_verdicts(validator.validate(record), validator.validate(moved), record, moved)


@given(record=rt.encounters(), permutation=rt.permutations())
def test_order_invariance(record, permutation):
    """Reordering lines and episodes changes no finding."""
    moved = rt.reorder(record, permutation)
    rt.assert_same_report(validator.validate(record), validator.validate(moved), record, other=moved)


@given(value=rt.anything())
def test_totality(value):
    """Any input, however malformed, yields exactly one result record and no exception."""
    rt.assert_total(value, [validator.validate])
