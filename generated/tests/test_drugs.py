# Generated from specs/drugs.rules by `codespec build`. DO NOT EDIT.
"""Tests of the generated validator for specs/drugs.rules.

Expectations come from the spec itself (its `example` blocks), from the IR interpreter (an
independent evaluator of the same IR) and from metamorphic relations; the generated validator is
never its own oracle. Where the interpreter or an example gives the verdict, this spec's report
from `validate_all` (which runs every spec's rules in one loop) is held to it as well. Tests of
one rule or derive are named after it and cite where the spec states it; their edge cases come
from the constants of its comparisons (see docs/property-tests.md).
"""

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given

from compiler.runtime import testing as rt
from compiler.runtime.testing import Edge, Knob, Respelling, TableEdge, Target  # noqa: F401
from generated.validators import drugs as validator
from generated.validators import MODULES, validate_all

SPEC = "specs/drugs.rules"
ORACLE = rt.interpreter_for(SPEC)
MODULE = ORACLE.module
# What the oracle checks: this spec's validator, and its report from validate_all (every spec's rules in one loop)
GENERATED = {"generated validator": validator.validate,
             "validate_all": rt.report_in(validate_all, MODULES.index(validator))}

# derive `line.code` (specs/drugs.rules:19:1)
DERIVE_LINE_CODE = Target(
    "derive", "line.code", "specs/drugs.rules:19:1",
    codes=("J1559",), pool=(), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("dose"), 1, "specs/drugs.rules:19:39", "ceil(drug_dose() / line.drug.unit_size) = 1"),
        Edge(Knob("dose"), 2, "specs/drugs.rules:19:39", "ceil(drug_dose() / line.drug.unit_size) = 2"),
    ),
)

# rule `drug_units_mismatch` (specs/drugs.rules:21:1)
DRUG_UNITS_MISMATCH = Target(
    "rule", "drug_units_mismatch", "specs/drugs.rules:21:1",
    codes=("J1559",), pool=(), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("units", own_line=True), None, "specs/drugs.rules:24:13", "line.units != expected"),
    ),
)

# rule `drug_discard_modifier_missing` (specs/drugs.rules:30:1)
DRUG_DISCARD_MODIFIER_MISSING = Target(
    "rule", "drug_discard_modifier_missing", "specs/drugs.rules:30:1",
    codes=("J1559",), pool=(), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("day"), date(2023, 7, 1), "specs/drugs.rules:30:1", "in force from 2023-07-01"),
        Edge(Knob("value", set="discard_modifiers", field="line.modifiers"), "JW", "specs/drugs.rules:40:17", "any_of(line.modifiers, discard_modifiers)"),
        Edge(Knob("value", set="discard_modifiers", field="line.modifiers"), "JZ", "specs/drugs.rules:40:17", "any_of(line.modifiers, discard_modifiers)"),
        Edge(Knob("value", set="discard_modifiers", field="line.modifiers"), None, "specs/drugs.rules:40:17", "any_of(line.modifiers, discard_modifiers)"),
        Edge(Knob("value", field="encounter.payer"), "medicare", "specs/drugs.rules:31:23", "encounter.payer = 'medicare'", primary=False),
        Edge(Knob("value", set="single_dose_drugs", field="line.code"), "J1559", "specs/drugs.rules:32:12", "line.code in single_dose_drugs", primary=False),
        Edge(Knob("value", field="encounter.type_of_bill"), "0111", "specs/drugs.rules:36:21", "starts_with(encounter.type_of_bill, '011')", primary=False),
        Edge(Knob("value", field="encounter.type_of_bill"), "0711", "specs/drugs.rules:36:67", "starts_with(encounter.type_of_bill, '071')", primary=False),
        Edge(Knob("value", field="encounter.type_of_bill"), "0771", "specs/drugs.rules:37:24", "starts_with(encounter.type_of_bill, '077')", primary=False),
        Edge(Knob("value", field="encounter.type_of_bill"), "1111", "specs/drugs.rules:37:70", "starts_with(encounter.type_of_bill, '11')", primary=False),
        Edge(Knob("value", field="encounter.type_of_bill"), "7111", "specs/drugs.rules:38:24", "starts_with(encounter.type_of_bill, '71')", primary=False),
        Edge(Knob("value", field="encounter.type_of_bill"), "7711", "specs/drugs.rules:38:69", "starts_with(encounter.type_of_bill, '77')", primary=False),
        Edge(Knob("value", codes=("50", "72"), field="encounter.place_of_service"), "50", "specs/drugs.rules:39:50", "encounter.place_of_service in {50, 72}", primary=False),
        Edge(Knob("value", codes=("50", "72"), field="encounter.place_of_service"), "72", "specs/drugs.rules:39:50", "encounter.place_of_service in {50, 72}", primary=False),
    ),
)

# rule `volume_per_site_exceeds_label` (specs/drugs.rules:46:1)
VOLUME_PER_SITE_EXCEEDS_LABEL = Target(
    "rule", "volume_per_site_exceeds_label", "specs/drugs.rules:46:1",
    codes=(), pool=(), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("volume"), None, "specs/drugs.rules:51:74", "episode.volume / episode.sites > limit", table=TableEdge("labels", "max_ml_per_site", ("episode.product_label", "episode.infusion_number"), unit="mL")),
    ),
)

# rule `rate_per_site_exceeds_label` (specs/drugs.rules:57:1)
RATE_PER_SITE_EXCEEDS_LABEL = Target(
    "rule", "rate_per_site_exceeds_label", "specs/drugs.rules:57:1",
    codes=(), pool=(), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("volume_rate"), None, "specs/drugs.rules:62:74", "episode.volume / elapsed() / episode.sites > limit", table=TableEdge("labels", "max_ml_per_h_per_site", ("episode.product_label", "episode.infusion_number"), step=Fraction(1, 60), unit="mL/h")),
    ),
)



@pytest.mark.parametrize("case", rt.boundary_cases(DERIVE_LINE_CODE, MODULE), ids=str)
def test_derive_line_code__boundaries(case):
    """derive `line.code` (specs/drugs.rules:19:1): its inputs that are not amounts, turned as `codespec diff` turns them (`ceil(drug_dose() / line.drug.unit_size) = 1`, `ceil(drug_dose() / line.drug.unit_size) = 2`); the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(DRUG_UNITS_MISMATCH, MODULE), ids=str)
def test_drug_units_mismatch__boundaries(case):
    """rule `drug_units_mismatch` (specs/drugs.rules:21:1): `line.units != expected` (inputs compared with each other, no constant), with a few small values of the input it turns; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(DRUG_DISCARD_MODIFIER_MISSING, MODULE), ids=str)
def test_drug_discard_modifier_missing__boundaries(case):
    """rule `drug_discard_modifier_missing` (specs/drugs.rules:30:1): its inputs that are not amounts, turned as `codespec diff` turns them (`in force from 2023-07-01`, `any_of(line.modifiers, discard_modifiers)`, `encounter.payer = 'medicare'`, `line.code in single_dose_drugs`, `starts_with(encounter.type_of_bill, '011')`, `starts_with(encounter.type_of_bill, '071')`, `starts_with(encounter.type_of_bill, '077')`, `starts_with(encounter.type_of_bill, '11')`, `starts_with(encounter.type_of_bill, '71')`, `starts_with(encounter.type_of_bill, '77')`, `encounter.place_of_service in {50, 72}`); the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(VOLUME_PER_SITE_EXCEEDS_LABEL, MODULE), ids=str)
def test_volume_per_site_exceeds_label__boundaries(case):
    """rule `volume_per_site_exceeds_label` (specs/drugs.rules:46:1): `episode.volume / episode.sites > limit` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(RATE_PER_SITE_EXCEEDS_LABEL, MODULE), ids=str)
def test_rate_per_site_exceeds_label__boundaries(case):
    """rule `rate_per_site_exceeds_label` (specs/drugs.rules:57:1): `episode.volume / elapsed() / episode.sites > limit` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("example", ['hizentra_units', 'jz_missing', 'jz_first_day', 'jz_last_day_before', 'jz_place_of_service_missing', 'jz_not_yet_required', 'jz_multi_dose_container', 'jz_hizentra_container_not_documented', 'jz_hizentra_with_jz_not_documented', 'units_drug_not_documented', 'jz_container_unknown', 'jz_inpatient_0111', 'jz_inpatient_111', 'jz_rhc_0711', 'jz_rhc_711', 'jz_fqhc_0771', 'jz_fqhc_771', 'jz_fqhc_place_of_service', 'jz_rhc_place_of_service', 'jz_physician_claim_with_bill_type', 'label_limits_unknown', 'label_infusion_number_missing', 'jz_facility_without_type_of_bill'])
def test_example(example):
    """Each `example` block of the spec produces the findings it declares."""
    for validate in (*GENERATED.values(), ORACLE.validate):
        rt.check_example(MODULE, example, validate)


@rt.share(0.5)
@given(record=rt.focused_encounters(DRUG_UNITS_MISMATCH, MODULE))
def test_drug_units_mismatch__agrees_with_interpreter(record):
    """rule `drug_units_mismatch` (specs/drugs.rules:21:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(DRUG_DISCARD_MODIFIER_MISSING, MODULE))
def test_drug_discard_modifier_missing__agrees_with_interpreter(record):
    """rule `drug_discard_modifier_missing` (specs/drugs.rules:30:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(VOLUME_PER_SITE_EXCEEDS_LABEL, MODULE))
def test_volume_per_site_exceeds_label__agrees_with_interpreter(record):
    """rule `volume_per_site_exceeds_label` (specs/drugs.rules:46:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(RATE_PER_SITE_EXCEEDS_LABEL, MODULE))
def test_rate_per_site_exceeds_label__agrees_with_interpreter(record):
    """rule `rate_per_site_exceeds_label` (specs/drugs.rules:57:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@given(record=rt.encounters())
def test_agrees_with_interpreter(record):
    """Differential: the generated validator (and validate_all) and the IR interpreter reach the same findings."""
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
