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


# ---- `via` forms: functions of a subject, written over the per-record summary they read ----

VIA = sorted(name for name, sig in builtins.SIGNATURES.items() if sig.via)


def test_the_summary_functions_have_via_forms():
    # Without them the generated code calls each function for each line, once more per rule.
    assert {"infusion_time", "pump_setups", "pair_edit"} <= set(VIA)


@pytest.mark.parametrize("name", VIA)
@given(data=st.data())
def test_via_form_computes_what_the_function_computes(name, data):
    from compiler.runtime.context import Context
    from compiler.runtime.model import InvalidRecord, parse_encounter
    from compiler.runtime.policies import CONSERVATIVE
    from compiler.runtime.testing.strategies import encounter_dicts
    from generated.tables.claim_edits__ptp import TABLE as PTP

    raw = data.draw(encounter_dicts(), label="record")
    for item in raw["lines"] + raw["episodes"]:  # several encounters, so a summary must be the right one's
        item["encounter"] = data.draw(st.integers(1, 2), label="encounter")
    record = parse_encounter(raw)
    if isinstance(record, InvalidRecord):
        return
    ctx = Context(record, CONSERVATIVE)
    sig = builtins.SIGNATURES[name]
    choices = {"text": st.sampled_from(("subcutaneous", "intravenous")), "table": st.just(PTP),
               "scope": st.sampled_from(("line", "encounter", "date_of_service", "claim"))}
    args = tuple(data.draw(choices[ty], label=param) for param, ty in sig.params)
    subjects = {"encounter": ctx.encounter_numbers, "line": record.lines, "episode": record.episodes}[sig.subject]
    names = {param: f"a{i}" for i, (param, _) in enumerate(sig.params)}
    text = sig.via.format(subject="s", summary=sig.summary.format(subject="s", **names), **names)
    for subject in subjects:
        scope = {"fn": builtins, "ctx": ctx, "s": subject, **{f"a{i}": a for i, a in enumerate(args)}}
        assert eval(text, scope) == getattr(builtins, name)(ctx, subject, *args)  # noqa: S307 - our own template


@given(items=ARGUMENTS["modifier_list"], members=ARGUMENTS["modifiers"])
def test_some_item_outside_the_set_is_a_failed_superset_test(items, members):
    """The generated code writes `count(not_in(items, set)) > 0` (and `= 0`) as a superset test."""
    outside = builtins.count(builtins.not_in(items, members))
    assert (not members.issuperset(items)) is (outside > 0)
    assert members.issuperset(items) is (outside == 0)


# 96370: a unit at 91 min and one more every 60 min after (F-TIME-03); the count is exact, whatever the size
@pytest.mark.parametrize("value, units", [(90, 0), (91, 1), (150, 1), (151, 2), (Fraction(301, 2), 1),
                                          (91 + 60 * 10**16 - 1, 10**16)])  # one short of a band edge: no float rounding up
def test_steps_counts_the_thresholds_reached_exactly(value, units):
    assert builtins.steps(value, 91, 60) == units


@pytest.mark.parametrize("every", [0, -60, None])
def test_steps_with_thresholds_that_do_not_climb_is_missing(every):
    # A step read from a table may be 0: the count is unknown (an incomplete_data finding), not a crash.
    assert builtins.steps(151, 91, every) is None


def test_a_code_with_an_empty_rank_cell_ranks_after_every_ranked_code():
    # Facility claim: the initial service follows the rank table (F-ENC-03). 96365's rank cell is
    # empty, so 96369 (rank 2) is the primary, whatever the line order; an empty cell once crashed.
    from compiler.runtime.context import Context
    from compiler.runtime.model import parse_encounter
    from compiler.runtime.policies import CONSERVATIVE
    from compiler.runtime.tables import Table

    rank = Table("rank", "rank.csv", ("code",), ("code", "rank", "effective_from", "effective_through"),
                 [("96365", None, None, None), ("96369", 2, None, None)])
    record = parse_encounter({
        "id": "f", "setting": "facility", "payer": "medicare", "date_of_service": "2024-08-14",
        "type_of_bill": "0131", "episodes": [],
        "lines": [{"line": 1, "code": "96365", "units": 1, "revenue_code": "0260"},
                  {"line": 2, "code": "96369", "units": 1, "revenue_code": "0260"}]})
    ctx = Context(record, CONSERVATIVE)
    assert builtins.primary_line(ctx, record.lines[0], frozenset({"96365", "96369"}), rank) == 2


@pytest.mark.parametrize("codes, total", [
    (frozenset({"96369"}), 3),                                  # fewer codes than the scope bills: looked up
    (frozenset({"96369", "96370", "96371", "99999", "J1559"}), 5),  # more: the scope's codes are walked
    (frozenset({"99999"}), 0),
    (frozenset(), 0),
])
def test_total_in_sums_the_units_of_the_codes_in_the_set(codes, total):
    from compiler.runtime.builtins import total_in

    assert total_in({"96369": 3, "96370": 2, "A4215": 7}, codes) == total
