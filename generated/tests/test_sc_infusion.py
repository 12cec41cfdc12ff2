# Generated from specs/sc_infusion.rules by `codespec build`. DO NOT EDIT.
"""Tests of the generated validator for specs/sc_infusion.rules.

Expectations come from the spec itself (its `example` blocks), from the IR interpreter (an
independent evaluator of the same IR) and from metamorphic relations; the generated validator is
never its own oracle. Where the interpreter or an example gives the verdict, this spec's report
from `validate_all` (which runs every spec's rules in one loop) is held to it as well. Tests of
one rule or derive are named after it and cite where the spec states it; their edge cases come
from the constants of its comparisons (see docs/property-tests.md).
"""

from datetime import date

import pytest
from hypothesis import given

from compiler.runtime import testing as rt
from compiler.runtime.testing import Edge, Knob, Respelling, TableEdge, Target  # noqa: F401
from generated.validators import sc_infusion as validator
from generated.validators import MODULES, validate_all

SPEC = "specs/sc_infusion.rules"
ORACLE = rt.interpreter_for(SPEC)
MODULE = ORACLE.module
# What the oracle checks: this spec's validator, and its report from validate_all (every spec's rules in one loop)
GENERATED = {"generated validator": validator.validate,
             "validate_all": rt.report_in(validate_all, MODULES.index(validator))}
TIME_EDGES = (0, 15, 16, 91, 151, 211)  # minutes: every time edge of the spec

# derive `96369` (specs/sc_infusion.rules:45:1)
DERIVE_96369 = Target(
    "derive", "96369", "specs/sc_infusion.rules:45:1",
    codes=(), pool=(), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("seconds", route="subcutaneous"), 16, "specs/sc_infusion.rules:45:60", "sc_time >= 16 min", unit="min"),
    ),
)

# derive `96370` (specs/sc_infusion.rules:47:1)
DERIVE_96370 = Target(
    "derive", "96370", "specs/sc_infusion.rules:47:1",
    codes=(), pool=(), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("seconds", route="subcutaneous"), 91, "specs/sc_infusion.rules:42:33", "steps(sc_time, 91 min, 60 min) band 1", unit="min"),
        Edge(Knob("seconds", route="subcutaneous"), 151, "specs/sc_infusion.rules:42:33", "steps(sc_time, 91 min, 60 min) band 2", unit="min"),
        Edge(Knob("seconds", route="subcutaneous"), 211, "specs/sc_infusion.rules:42:33", "steps(sc_time, 91 min, 60 min) band 3", unit="min"),
    ),
)

# derive `96371` (specs/sc_infusion.rules:49:1)
DERIVE_96371 = Target(
    "derive", "96371", "specs/sc_infusion.rules:49:1",
    codes=(), pool=(), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("seconds", route="subcutaneous"), 16, "specs/sc_infusion.rules:49:60", "sc_time >= 16 min", unit="min"),
        Edge(Knob("pumps", route="subcutaneous"), 2, "specs/sc_infusion.rules:49:106", "sc_pumps >= 2"),
    ),
)

# derive `96372` (specs/sc_infusion.rules:51:1)
DERIVE_96372 = Target(
    "derive", "96372", "specs/sc_infusion.rules:51:1",
    codes=(), pool=(), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("missing_stops", route="subcutaneous"), 0, "specs/sc_infusion.rules:39:3", "sc_missing_stops > 0"),
        Edge(Knob("episodes", route="subcutaneous"), 0, "specs/sc_infusion.rules:53:9", "sc_infusions > 0"),
        Edge(Knob("seconds", route="subcutaneous"), 15, "specs/sc_infusion.rules:53:84", "sc_time <= 15 min", unit="min"),
    ),
)

# rule `invalid_time_range` (specs/sc_infusion.rules:56:1)
INVALID_TIME_RANGE = Target(
    "rule", "invalid_time_range", "specs/sc_infusion.rules:56:1",
    codes=(), pool=(), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("seconds"), 0, "specs/sc_infusion.rules:58:13", "episode.stop < episode.start", unit="min"),
    ),
)

# rule `missing_stop_time` (specs/sc_infusion.rules:63:1)
MISSING_STOP_TIME = Target(
    "rule", "missing_stop_time", "specs/sc_infusion.rules:63:1",
    codes=("96369",), pool=("96369", "96370"), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("missing_stops", route="subcutaneous"), 0, "specs/sc_infusion.rules:64:54", "sc_missing_stops > 0", primary=False),
    ),
)

# rule `sc_infusion_not_over_15_min` (specs/sc_infusion.rules:70:1)
SC_INFUSION_NOT_OVER_15_MIN = Target(
    "rule", "sc_infusion_not_over_15_min", "specs/sc_infusion.rules:70:1",
    codes=("96369",), pool=("96369",), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("seconds", route="subcutaneous"), 15, "specs/sc_infusion.rules:72:13", "sc_time <= 15 min", unit="min"),
        Edge(Knob("missing_stops", route="subcutaneous"), 0, "specs/sc_infusion.rules:39:3", "sc_missing_stops > 0", primary=False),
        Edge(Knob("reversed", route="subcutaneous"), 0, "specs/sc_infusion.rules:71:79", "sc_reversed = 0", primary=False),
    ),
)

# rule `addon_units_exceed_time` (specs/sc_infusion.rules:77:1)
ADDON_UNITS_EXCEED_TIME = Target(
    "rule", "addon_units_exceed_time", "specs/sc_infusion.rules:77:1",
    codes=("96370",), pool=("96370",), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("seconds", route="subcutaneous"), 91, "specs/sc_infusion.rules:42:33", "steps(sc_time, 91 min, 60 min) band 1", unit="min"),
        Edge(Knob("seconds", route="subcutaneous"), 151, "specs/sc_infusion.rules:42:33", "steps(sc_time, 91 min, 60 min) band 2", unit="min"),
        Edge(Knob("seconds", route="subcutaneous"), 211, "specs/sc_infusion.rules:42:33", "steps(sc_time, 91 min, 60 min) band 3", unit="min"),
        Edge(Knob("units", codes=("96370",)), None, "specs/sc_infusion.rules:79:13", "units_of(96370, encounter) > addon_hours"),
        Edge(Knob("missing_stops", route="subcutaneous"), 0, "specs/sc_infusion.rules:39:3", "sc_missing_stops > 0", primary=False),
        Edge(Knob("reversed", route="subcutaneous"), 0, "specs/sc_infusion.rules:78:79", "sc_reversed = 0", primary=False),
    ),
)

# rule `units_below_time_support` (specs/sc_infusion.rules:84:1)
UNITS_BELOW_TIME_SUPPORT = Target(
    "rule", "units_below_time_support", "specs/sc_infusion.rules:84:1",
    codes=("96370",), pool=("96370", "96369"), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("seconds", route="subcutaneous"), 91, "specs/sc_infusion.rules:42:33", "steps(sc_time, 91 min, 60 min) band 1", unit="min"),
        Edge(Knob("seconds", route="subcutaneous"), 151, "specs/sc_infusion.rules:42:33", "steps(sc_time, 91 min, 60 min) band 2", unit="min"),
        Edge(Knob("seconds", route="subcutaneous"), 211, "specs/sc_infusion.rules:42:33", "steps(sc_time, 91 min, 60 min) band 3", unit="min"),
        Edge(Knob("units", codes=("96370",)), None, "specs/sc_infusion.rules:88:13", "units_of(96370, encounter) < addon_hours"),
        Edge(Knob("missing_stops", route="subcutaneous"), 0, "specs/sc_infusion.rules:39:3", "sc_missing_stops > 0", primary=False),
        Edge(Knob("lines", codes=("96370",)), 0, "specs/sc_infusion.rules:86:68", "lines_of(96370, encounter) = 0", primary=False),
        Edge(Knob("reversed", route="subcutaneous"), 0, "specs/sc_infusion.rules:87:45", "sc_reversed = 0", primary=False),
    ),
)

# rule `addon_without_primary` (specs/sc_infusion.rules:93:1)
ADDON_WITHOUT_PRIMARY = Target(
    "rule", "addon_without_primary", "specs/sc_infusion.rules:93:1",
    codes=("96370",), pool=("96370", "96371", "96361", "96366", "96367", "96368"), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("day"), date(2024, 7, 1), "specs/sc_infusion.rules:16:1", "rows of aoc in force from or through 2024-07-01", table=TableEdge("aoc", "", ("line.code", "other_line.code"))),
        Edge(Knob("row"), None, "specs/sc_infusion.rules:99:69", "addon_primaries(aoc)", table=TableEdge("aoc", "", ("line.code", "other_line.code"))),
        Edge(Knob("value", set="sc_addons", field="line.code"), "96370", "specs/sc_infusion.rules:99:36", "line.code in sc_addons"),
        Edge(Knob("value", set="sc_addons", field="line.code"), "96371", "specs/sc_infusion.rules:99:36", "line.code in sc_addons"),
        Edge(Knob("value", set="table_addons", field="line.code"), "96361", "specs/sc_infusion.rules:98:49", "line.code in table_addons", primary=False),
        Edge(Knob("value", set="table_addons", field="line.code"), "96366", "specs/sc_infusion.rules:98:49", "line.code in table_addons", primary=False),
        Edge(Knob("value", set="table_addons", field="line.code"), "96367", "specs/sc_infusion.rules:98:49", "line.code in table_addons", primary=False),
        Edge(Knob("value", set="table_addons", field="line.code"), "96368", "specs/sc_infusion.rules:98:49", "line.code in table_addons", primary=False),
        Edge(Knob("value", set="table_addons", field="line.code"), "96370", "specs/sc_infusion.rules:98:49", "line.code in table_addons", primary=False),
        Edge(Knob("value", set="table_addons", field="line.code"), "96371", "specs/sc_infusion.rules:98:49", "line.code in table_addons", primary=False),
        Edge(Knob("value", set="table_addons", field="line.code"), "96375", "specs/sc_infusion.rules:98:49", "line.code in table_addons", primary=False),
        Edge(Knob("value", set="table_addons", field="line.code"), "96376", "specs/sc_infusion.rules:98:49", "line.code in table_addons", primary=False),
    ),
)

# rule `once_per_encounter` (specs/sc_infusion.rules:107:1)
ONCE_PER_ENCOUNTER = Target(
    "rule", "once_per_encounter", "specs/sc_infusion.rules:107:1",
    codes=("96369",), pool=("96369", "96371"), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("units", own_line=True), 1, "specs/sc_infusion.rules:109:13", "units_of(line.code, encounter) > 1"),
    ),
)

# rule `additional_pump_not_documented` (specs/sc_infusion.rules:114:1)
ADDITIONAL_PUMP_NOT_DOCUMENTED = Target(
    "rule", "additional_pump_not_documented", "specs/sc_infusion.rules:114:1",
    codes=("96371",), pool=("96371",), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("pumps", route="subcutaneous"), 2, "specs/sc_infusion.rules:116:36", "sc_pumps < 2"),
    ),
)



@pytest.mark.parametrize("case", rt.boundary_cases(DERIVE_96369, MODULE), ids=str)
def test_derive_96369__boundaries(case):
    """derive `96369` (specs/sc_infusion.rules:45:1): `sc_time >= 16 min` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(DERIVE_96370, MODULE), ids=str)
def test_derive_96370__boundaries(case):
    """derive `96370` (specs/sc_infusion.rules:47:1): `steps(sc_time, 91 min, 60 min) band 1`, `steps(sc_time, 91 min, 60 min) band 2`, `steps(sc_time, 91 min, 60 min) band 3` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(DERIVE_96371, MODULE), ids=str)
def test_derive_96371__boundaries(case):
    """derive `96371` (specs/sc_infusion.rules:49:1): `sc_time >= 16 min`, `sc_pumps >= 2` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(DERIVE_96372, MODULE), ids=str)
def test_derive_96372__boundaries(case):
    """derive `96372` (specs/sc_infusion.rules:51:1): `sc_missing_stops > 0`, `sc_infusions > 0`, `sc_time <= 15 min` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(INVALID_TIME_RANGE, MODULE), ids=str)
def test_invalid_time_range__boundaries(case):
    """rule `invalid_time_range` (specs/sc_infusion.rules:56:1): `episode.stop < episode.start` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(MISSING_STOP_TIME, MODULE), ids=str)
def test_missing_stop_time__boundaries(case):
    """rule `missing_stop_time` (specs/sc_infusion.rules:63:1): `sc_missing_stops > 0` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(SC_INFUSION_NOT_OVER_15_MIN, MODULE), ids=str)
def test_sc_infusion_not_over_15_min__boundaries(case):
    """rule `sc_infusion_not_over_15_min` (specs/sc_infusion.rules:70:1): `sc_time <= 15 min`, `sc_missing_stops > 0`, `sc_reversed = 0` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(ADDON_UNITS_EXCEED_TIME, MODULE), ids=str)
def test_addon_units_exceed_time__boundaries(case):
    """rule `addon_units_exceed_time` (specs/sc_infusion.rules:77:1): `steps(sc_time, 91 min, 60 min) band 1`, `steps(sc_time, 91 min, 60 min) band 2`, `steps(sc_time, 91 min, 60 min) band 3`, `sc_missing_stops > 0`, `sc_reversed = 0` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(UNITS_BELOW_TIME_SUPPORT, MODULE), ids=str)
def test_units_below_time_support__boundaries(case):
    """rule `units_below_time_support` (specs/sc_infusion.rules:84:1): `steps(sc_time, 91 min, 60 min) band 1`, `steps(sc_time, 91 min, 60 min) band 2`, `steps(sc_time, 91 min, 60 min) band 3`, `sc_missing_stops > 0`, `lines_of(96370, encounter) = 0`, `sc_reversed = 0` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(ADDON_WITHOUT_PRIMARY, MODULE), ids=str)
def test_addon_without_primary__boundaries(case):
    """rule `addon_without_primary` (specs/sc_infusion.rules:93:1): its inputs that are not amounts, turned as `codespec diff` turns them (`rows of aoc in force from or through 2024-07-01`, `addon_primaries(aoc)`, `line.code in sc_addons`, `line.code in table_addons`); the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(ONCE_PER_ENCOUNTER, MODULE), ids=str)
def test_once_per_encounter__boundaries(case):
    """rule `once_per_encounter` (specs/sc_infusion.rules:107:1): `units_of(line.code, encounter) > 1` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(ADDITIONAL_PUMP_NOT_DOCUMENTED, MODULE), ids=str)
def test_additional_pump_not_documented__boundaries(case):
    """rule `additional_pump_not_documented` (specs/sc_infusion.rules:114:1): `sc_pumps < 2` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("example", ['add_on_at_91_minutes', 'add_on_hour_not_billed', 'ninety_minutes_initial_only', 'ninety_minutes_no_add_on', 'fifteen_minutes_is_an_injection', 'across_fall_back', 'second_pump_missing', 'no_stop_time', 'iv_addon_alone', 'iv_addon_with_its_primary', 'sc_initial_is_no_iv_primary', 'facility_iv_primary_in_other_encounter', 'iv_addon_before_the_table', 'sc_addon_before_the_table', 'physician_primary_in_other_encounter_same_day'])
def test_example(example):
    """Each `example` block of the spec produces the findings it declares."""
    for validate in (*GENERATED.values(), ORACLE.validate):
        rt.check_example(MODULE, example, validate)


@rt.share(0.5)
@given(record=rt.focused_encounters(INVALID_TIME_RANGE, MODULE))
def test_invalid_time_range__agrees_with_interpreter(record):
    """rule `invalid_time_range` (specs/sc_infusion.rules:56:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(MISSING_STOP_TIME, MODULE))
def test_missing_stop_time__agrees_with_interpreter(record):
    """rule `missing_stop_time` (specs/sc_infusion.rules:63:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(SC_INFUSION_NOT_OVER_15_MIN, MODULE))
def test_sc_infusion_not_over_15_min__agrees_with_interpreter(record):
    """rule `sc_infusion_not_over_15_min` (specs/sc_infusion.rules:70:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(ADDON_UNITS_EXCEED_TIME, MODULE))
def test_addon_units_exceed_time__agrees_with_interpreter(record):
    """rule `addon_units_exceed_time` (specs/sc_infusion.rules:77:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(UNITS_BELOW_TIME_SUPPORT, MODULE))
def test_units_below_time_support__agrees_with_interpreter(record):
    """rule `units_below_time_support` (specs/sc_infusion.rules:84:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(ADDON_WITHOUT_PRIMARY, MODULE))
def test_addon_without_primary__agrees_with_interpreter(record):
    """rule `addon_without_primary` (specs/sc_infusion.rules:93:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(ONCE_PER_ENCOUNTER, MODULE))
def test_once_per_encounter__agrees_with_interpreter(record):
    """rule `once_per_encounter` (specs/sc_infusion.rules:107:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(ADDITIONAL_PUMP_NOT_DOCUMENTED, MODULE))
def test_additional_pump_not_documented__agrees_with_interpreter(record):
    """rule `additional_pump_not_documented` (specs/sc_infusion.rules:114:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@given(record=rt.boundary_encounters(TIME_EDGES), stretch=rt.stretches())
def test_derive_96369__never_falls_as_time_grows(record, stretch):
    """derive "96369" (specs/sc_infusion.rules:45:1): moving an episode's stop later (same start) never lowers its units."""
    rt.assert_monotone(validator.validate, record, *stretch, code="96369", direction=1,
                       location="specs/sc_infusion.rules:45:1", module=MODULE)


@given(record=rt.boundary_encounters(TIME_EDGES), stretch=rt.stretches())
def test_derive_96370__never_falls_as_time_grows(record, stretch):
    """derive "96370" (specs/sc_infusion.rules:47:1): moving an episode's stop later (same start) never lowers its units."""
    rt.assert_monotone(validator.validate, record, *stretch, code="96370", direction=1,
                       location="specs/sc_infusion.rules:47:1", module=MODULE)


@given(record=rt.boundary_encounters(TIME_EDGES), stretch=rt.stretches())
def test_derive_96371__never_falls_as_time_grows(record, stretch):
    """derive "96371" (specs/sc_infusion.rules:49:1): moving an episode's stop later (same start) never lowers its units."""
    rt.assert_monotone(validator.validate, record, *stretch, code="96371", direction=1,
                       location="specs/sc_infusion.rules:49:1", module=MODULE)


@given(record=rt.boundary_encounters(TIME_EDGES), stretch=rt.stretches())
def test_derive_96372__never_rises_as_time_grows(record, stretch):
    """derive "96372" (specs/sc_infusion.rules:51:1): moving an episode's stop later (same start) never raises its units."""
    rt.assert_monotone(validator.validate, record, *stretch, code="96372", direction=-1,
                       location="specs/sc_infusion.rules:51:1", module=MODULE)


@pytest.mark.parametrize("respelling", [
    Respelling("15 min", "0.25 h", ((53, 95, 101), (72, 24, 30))),
    Respelling("15 min", "900 s", ((53, 95, 101), (72, 24, 30))),
    Respelling("15 min", "15 mins", ((53, 95, 101), (72, 24, 30))),
    Respelling("16 min", "960 s", ((45, 71, 77), (49, 71, 77))),
    Respelling("16 min", "16 mins", ((45, 71, 77), (49, 71, 77))),
    Respelling("60 min", "1 h", ((42, 70, 76),)),
    Respelling("60 min", "3600 s", ((42, 70, 76),)),
    Respelling("60 min", "60 mins", ((42, 70, 76),)),
    Respelling("91 min", "5460 s", ((42, 55, 61),)),
    Respelling("91 min", "91 mins", ((42, 55, 61),)),
], ids=str)
@rt.share(0.25)
@given(record=rt.boundary_encounters(TIME_EDGES))
def test_unit_invariance(respelling, record):
    """The same amount written in another unit (minutes as seconds or hours, mL as cc or L, mg as g)
    compiles to a spec whose interpreter agrees with the generated validator."""
    rt.assert_same_report(validator.validate(record), rt.respelled_interpreter(SPEC, respelling).validate(record), record,
                          module=MODULE, labels=("generated validator", f"interpreter of the spec with {respelling}"))


@given(record=rt.encounters())
def test_agrees_with_interpreter(record):
    """Differential: the generated validator (and validate_all) and the IR interpreter reach the same findings."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@given(record=rt.boundary_encounters(TIME_EDGES))
def test_time_boundaries(record):
    """Random encounters whose episodes last a time edge of the spec (TIME_EDGES), or 1 s or 1 min
    either side: the generated validator (and validate_all) and the IR interpreter reach the same findings."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@given(record=rt.encounters(), shift=rt.time_shifts(), zone=rt.zones())
def test_time_shift_and_zone_invariance(record, shift, zone):
    """Moving every instant by one amount and re-expressing it in any zone changes no time-based result."""
    moved = rt.shift_and_rezone(record, shift, zone)
    rt.assert_same_time_verdicts(validator.validate(record), validator.validate(moved), record, moved, module=MODULE)


@given(data=rt.encounter_dicts(), seed=rt.permutations())
def test_input_spelling_invariance(data, seed):
    """The same encounter written another way the record parser accepts (instant and number
    spellings, null for absent, key order) gives the same findings."""
    record, respelled = rt.parse_encounter(data), rt.parse_encounter(rt.respell_record(data, seed))
    rt.assert_same_report(validator.validate(record), validator.validate(respelled), record, other=respelled,
                          module=MODULE, labels=("as written", "respelled"))


@given(record=rt.encounters(), permutation=rt.permutations())
def test_order_invariance(record, permutation):
    """Reordering lines and episodes changes no finding."""
    moved = rt.reorder(record, permutation)
    rt.assert_same_report(validator.validate(record), validator.validate(moved), record, other=moved, module=MODULE,
                          labels=("in input order", "reordered"))


@given(value=rt.anything())
def test_totality(value):
    """Any input, however malformed, yields exactly one result record and no exception."""
    rt.assert_total(value, [validator.validate])
    rt.assert_total(value, [validate_all])
