# Generated from specs/claim_edits.rules by `codespec build`. DO NOT EDIT.
"""Tests of the generated validator for specs/claim_edits.rules.

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
from generated.validators import claim_edits as validator
from generated.validators import MODULES, validate_all

SPEC = "specs/claim_edits.rules"
ORACLE = rt.interpreter_for(SPEC)
MODULE = ORACLE.module
# What the oracle checks: this spec's validator, and its report from validate_all (every spec's rules in one loop)
GENERATED = {"generated validator": validator.validate,
             "validate_all": rt.report_in(validate_all, MODULES.index(validator))}

# rule `mue_exceeded` (specs/claim_edits.rules:38:1)
MUE_EXCEEDED = Target(
    "rule", "mue_exceeded", "specs/claim_edits.rules:38:1",
    codes=(), pool=(), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("units", own_line=True), None, "specs/claim_edits.rules:43:26", "line.units > limit", table=TableEdge("mue", "mue", ("encounter.setting", "line.code"))),
        Edge(Knob("units", own_line=True), None, "specs/claim_edits.rules:43:63", "units_of(line.code, date_of_service) > limit", table=TableEdge("mue", "mue", ("encounter.setting", "line.code"))),
    ),
)

# rule `ptp_not_allowed` (specs/claim_edits.rules:49:1)
PTP_NOT_ALLOWED = Target(
    "rule", "ptp_not_allowed", "specs/claim_edits.rules:49:1",
    codes=(), pool=(), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("day"), date(2024, 7, 1), "specs/claim_edits.rules:14:1", "rows of ptp in force from or through 2024-07-01", table=TableEdge("ptp", "", ("encounter.setting", "other_line.code", "line.code"))),
        Edge(Knob("row"), None, "specs/claim_edits.rules:51:15", "pair_edit(ptp, date_of_service)", table=TableEdge("ptp", "", ("encounter.setting", "other_line.code", "line.code"))),
    ),
)

# rule `ptp_modifier_required` (specs/claim_edits.rules:57:1)
PTP_MODIFIER_REQUIRED = Target(
    "rule", "ptp_modifier_required", "specs/claim_edits.rules:57:1",
    codes=(), pool=(), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("day"), date(2024, 7, 1), "specs/claim_edits.rules:14:1", "rows of ptp in force from or through 2024-07-01", table=TableEdge("ptp", "", ("encounter.setting", "other_line.code", "line.code"))),
        Edge(Knob("row"), None, "specs/claim_edits.rules:59:15", "pair_edit(ptp, date_of_service)", table=TableEdge("ptp", "", ("encounter.setting", "other_line.code", "line.code"))),
        Edge(Knob("value", set="em_codes", field="line.code"), "99202", "specs/claim_edits.rules:61:15", "line.code in em_codes"),
        Edge(Knob("value", set="em_codes", field="line.code"), "99245", "specs/claim_edits.rules:61:15", "line.code in em_codes"),
        Edge(Knob("value", set="em_codes", field="line.code"), "99287", "specs/claim_edits.rules:61:15", "line.code in em_codes"),
        Edge(Knob("value", set="em_codes", field="line.code"), "99330", "specs/claim_edits.rules:61:15", "line.code in em_codes"),
        Edge(Knob("value", set="em_codes", field="line.code"), "99373", "specs/claim_edits.rules:61:15", "line.code in em_codes"),
        Edge(Knob("value", set="em_codes", field="line.code"), "99416", "specs/claim_edits.rules:61:15", "line.code in em_codes"),
        Edge(Knob("value", set="em_codes", field="line.code"), "99458", "specs/claim_edits.rules:61:15", "line.code in em_codes"),
        Edge(Knob("value", set="em_codes", field="line.code"), "G0463", "specs/claim_edits.rules:61:15", "line.code in em_codes"),
        Edge(Knob("value", set="em_bypass", field="line.modifiers"), "25", "specs/claim_edits.rules:61:45", "any_of(line.modifiers, em_bypass)"),
        Edge(Knob("value", set="em_bypass", field="line.modifiers"), None, "specs/claim_edits.rules:61:45", "any_of(line.modifiers, em_bypass)"),
        Edge(Knob("value", set="ncci_bypass", field="line.modifiers"), "24", "specs/claim_edits.rules:62:52", "any_of(line.modifiers, ncci_bypass)"),
        Edge(Knob("value", set="ncci_bypass", field="line.modifiers"), "79", "specs/claim_edits.rules:62:52", "any_of(line.modifiers, ncci_bypass)"),
        Edge(Knob("value", set="ncci_bypass", field="line.modifiers"), "F2", "specs/claim_edits.rules:62:52", "any_of(line.modifiers, ncci_bypass)"),
        Edge(Knob("value", set="ncci_bypass", field="line.modifiers"), "F8", "specs/claim_edits.rules:62:52", "any_of(line.modifiers, ncci_bypass)"),
        Edge(Knob("value", set="ncci_bypass", field="line.modifiers"), "LT", "specs/claim_edits.rules:62:52", "any_of(line.modifiers, ncci_bypass)"),
        Edge(Knob("value", set="ncci_bypass", field="line.modifiers"), None, "specs/claim_edits.rules:62:52", "any_of(line.modifiers, ncci_bypass)"),
        Edge(Knob("value", set="ncci_bypass", field="line.modifiers"), "T3", "specs/claim_edits.rules:62:52", "any_of(line.modifiers, ncci_bypass)"),
        Edge(Knob("value", set="ncci_bypass", field="line.modifiers"), "T9", "specs/claim_edits.rules:62:52", "any_of(line.modifiers, ncci_bypass)"),
        Edge(Knob("value", set="ncci_bypass", field="line.modifiers"), "XU", "specs/claim_edits.rules:62:52", "any_of(line.modifiers, ncci_bypass)"),
    ),
)

# rule `multiple_initial_services` (specs/claim_edits.rules:68:1)
MULTIPLE_INITIAL_SERVICES = Target(
    "rule", "multiple_initial_services", "specs/claim_edits.rules:68:1",
    codes=("96360",), pool=("96360", "96365", "96369", "96374", "96409", "96413"), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("lines", set="initial_services"), None, "specs/claim_edits.rules:73:11", "lines_of(initial_services, encounter) > lines_of(line.code, encounter)", primary=False),
        Edge(Knob("lines", own_line=True), None, "specs/claim_edits.rules:73:11", "lines_of(initial_services, encounter) > lines_of(line.code, encounter)", primary=False),
    ),
)

# rule `invalid_modifier` (specs/claim_edits.rules:80:1)
INVALID_MODIFIER = Target(
    "rule", "invalid_modifier", "specs/claim_edits.rules:80:1",
    codes=(), pool=(), settings=("physician", "facility"),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("modifiers_out", set="valid_modifiers"), 0, "specs/claim_edits.rules:82:13", "count(not_in(line.modifiers, valid_modifiers)) > 0"),
    ),
)

# rule `modifier_59_with_x_modifier` (specs/claim_edits.rules:87:1)
MODIFIER_59_WITH_X_MODIFIER = Target(
    "rule", "modifier_59_with_x_modifier", "specs/claim_edits.rules:87:1",
    codes=(), pool=(), settings=("physician", "facility"),
    payers=("amerihealth", "bcbs_ibc"), day="2024-08-14",
    edges=(
        Edge(Knob("modifiers_in", set="distinct_service"), 1, "specs/claim_edits.rules:90:13", "count_of(line.modifiers, distinct_service) > 1"),
    ),
)

# rule `physician_admin_in_facility_pos` (specs/claim_edits.rules:96:1)
PHYSICIAN_ADMIN_IN_FACILITY_POS = Target(
    "rule", "physician_admin_in_facility_pos", "specs/claim_edits.rules:96:1",
    codes=("96360",), pool=("96360", "96361", "96362", "96363", "96364", "96365", "96366", "96367"), settings=("physician",),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("value", set="medicare_hospital_pos", field="encounter.place_of_service"), "19", "specs/claim_edits.rules:98:13", "encounter.place_of_service in medicare_hospital_pos"),
        Edge(Knob("value", set="medicare_hospital_pos", field="encounter.place_of_service"), "21", "specs/claim_edits.rules:98:13", "encounter.place_of_service in medicare_hospital_pos"),
        Edge(Knob("value", set="medicare_hospital_pos", field="encounter.place_of_service"), "22", "specs/claim_edits.rules:98:13", "encounter.place_of_service in medicare_hospital_pos"),
        Edge(Knob("value", set="medicare_hospital_pos", field="encounter.place_of_service"), "23", "specs/claim_edits.rules:98:13", "encounter.place_of_service in medicare_hospital_pos"),
        Edge(Knob("value", codes=("bcbs_regence",), field="encounter.payer"), "bcbs_regence", "specs/claim_edits.rules:96:1", "encounter.payer not in {bcbs_regence}", primary=False),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96360", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96366", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96372", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96378", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96411", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96417", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96423", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96523", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
    ),
)

# rule `physician_admin_in_facility_pos` (specs/claim_edits.rules:105:1)
PHYSICIAN_ADMIN_IN_FACILITY_POS_LINE105 = Target(
    "rule", "physician_admin_in_facility_pos", "specs/claim_edits.rules:105:1",
    codes=("96360",), pool=("96360", "96361", "96362", "96363", "96364", "96365", "96366", "96367"), settings=("physician",),
    payers=("bcbs_regence",), day="2024-08-14",
    edges=(
        Edge(Knob("day"), date(2024, 11, 1), "specs/claim_edits.rules:107:43", "encounter.date_of_service >= 2024-11-01"),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96360", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96366", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96372", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96378", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96411", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96417", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96423", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
        Edge(Knob("value", set="drug_administration", field="line.code"), "96523", "specs/claim_edits.rules:97:57", "line.code in drug_administration", primary=False),
        Edge(Knob("value", codes=("bcbs_regence",), field="encounter.payer"), "bcbs_regence", "specs/claim_edits.rules:105:52", "encounter.payer in {bcbs_regence}", primary=False),
    ),
)

# rule `revenue_code_missing` (specs/claim_edits.rules:110:1)
REVENUE_CODE_MISSING = Target(
    "rule", "revenue_code_missing", "specs/claim_edits.rules:110:1",
    codes=(), pool=(), settings=("facility",),
    payers=("medicare",), day="2024-08-14",
    edges=(),
)

# rule `revenue_code_unexpected` (specs/claim_edits.rules:117:1)
REVENUE_CODE_UNEXPECTED = Target(
    "rule", "revenue_code_unexpected", "specs/claim_edits.rules:117:1",
    codes=("96369",), pool=("96369", "96370", "96371"), settings=("facility",),
    payers=("medicare",), day="2024-08-14",
    edges=(
        Edge(Knob("value", set="sc_revenue_codes", field="line.revenue_code"), "0260", "specs/claim_edits.rules:119:13", "line.revenue_code not in sc_revenue_codes"),
        Edge(Knob("value", set="sc_revenue_codes", field="line.revenue_code"), "0450", "specs/claim_edits.rules:119:13", "line.revenue_code not in sc_revenue_codes"),
        Edge(Knob("value", set="sc_revenue_codes", field="line.revenue_code"), "0510", "specs/claim_edits.rules:119:13", "line.revenue_code not in sc_revenue_codes"),
        Edge(Knob("value", set="sc_revenue_codes", field="line.revenue_code"), "0760", "specs/claim_edits.rules:119:13", "line.revenue_code not in sc_revenue_codes"),
        Edge(Knob("value", set="sc_revenue_codes", field="line.revenue_code"), "0761", "specs/claim_edits.rules:119:13", "line.revenue_code not in sc_revenue_codes"),
        Edge(Knob("value", set="sc_infusion_codes", field="line.code"), "96369", "specs/claim_edits.rules:118:56", "line.code in sc_infusion_codes", primary=False),
        Edge(Knob("value", set="sc_infusion_codes", field="line.code"), "96370", "specs/claim_edits.rules:118:56", "line.code in sc_infusion_codes", primary=False),
        Edge(Knob("value", set="sc_infusion_codes", field="line.code"), "96371", "specs/claim_edits.rules:118:56", "line.code in sc_infusion_codes", primary=False),
    ),
)

# rule `supply_included_in_admin` (specs/claim_edits.rules:124:1)
SUPPLY_INCLUDED_IN_ADMIN = Target(
    "rule", "supply_included_in_admin", "specs/claim_edits.rules:124:1",
    codes=("A4215",), pool=("A4215",), settings=("physician",),
    payers=("uhc",), day="2024-08-14",
    edges=(
        Edge(Knob("lines", set="injection_infusion"), 0, "specs/claim_edits.rules:127:13", "lines_of(injection_infusion, date_of_service) > 0"),
    ),
)

# rule `site_of_care_review` (specs/claim_edits.rules:132:1)
SITE_OF_CARE_REVIEW = Target(
    "rule", "site_of_care_review", "specs/claim_edits.rules:132:1",
    codes=("90284",), pool=("90284", "J1551", "J1555", "J1558", "J1559", "J1575"), settings=("facility",),
    payers=("aetna",), day="2024-08-14",
    edges=(
        Edge(Knob("lines", set="drug_administration"), 0, "specs/claim_edits.rules:140:13", "lines_of(drug_administration, encounter) >= 0"),
    ),
)

# rule `saline_flush_not_separately_paid` (specs/claim_edits.rules:149:1)
SALINE_FLUSH_NOT_SEPARATELY_PAID = Target(
    "rule", "saline_flush_not_separately_paid", "specs/claim_edits.rules:149:1",
    codes=("J7050",), pool=("J7050",), settings=("facility",),
    payers=("cigna",), day="2024-08-14",
    edges=(
        Edge(Knob("lines", set="drug_administration"), 0, "specs/claim_edits.rules:152:13", "lines_of(drug_administration, encounter) > 0"),
    ),
)



@pytest.mark.parametrize("case", rt.boundary_cases(MUE_EXCEEDED, MODULE), ids=str)
def test_mue_exceeded__boundaries(case):
    """rule `mue_exceeded` (specs/claim_edits.rules:38:1): `line.units > limit`, `units_of(line.code, date_of_service) > limit` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(PTP_NOT_ALLOWED, MODULE), ids=str)
def test_ptp_not_allowed__boundaries(case):
    """rule `ptp_not_allowed` (specs/claim_edits.rules:49:1): its inputs that are not amounts, turned as `codespec diff` turns them (`rows of ptp in force from or through 2024-07-01`, `pair_edit(ptp, date_of_service)`); the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(PTP_MODIFIER_REQUIRED, MODULE), ids=str)
def test_ptp_modifier_required__boundaries(case):
    """rule `ptp_modifier_required` (specs/claim_edits.rules:57:1): its inputs that are not amounts, turned as `codespec diff` turns them (`rows of ptp in force from or through 2024-07-01`, `pair_edit(ptp, date_of_service)`, `line.code in em_codes`, `any_of(line.modifiers, em_bypass)`, `any_of(line.modifiers, ncci_bypass)`); the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(MULTIPLE_INITIAL_SERVICES, MODULE), ids=str)
def test_multiple_initial_services__boundaries(case):
    """rule `multiple_initial_services` (specs/claim_edits.rules:68:1): `lines_of(initial_services, encounter) > lines_of(line.code, encounter)` (inputs compared with each other, no constant), with a few small values of the input it turns; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(INVALID_MODIFIER, MODULE), ids=str)
def test_invalid_modifier__boundaries(case):
    """rule `invalid_modifier` (specs/claim_edits.rules:80:1): `count(not_in(line.modifiers, valid_modifiers)) > 0` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(MODIFIER_59_WITH_X_MODIFIER, MODULE), ids=str)
def test_modifier_59_with_x_modifier__boundaries(case):
    """rule `modifier_59_with_x_modifier` (specs/claim_edits.rules:87:1): `count_of(line.modifiers, distinct_service) > 1` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(PHYSICIAN_ADMIN_IN_FACILITY_POS, MODULE), ids=str)
def test_physician_admin_in_facility_pos__boundaries(case):
    """rule `physician_admin_in_facility_pos` (specs/claim_edits.rules:96:1): its inputs that are not amounts, turned as `codespec diff` turns them (`encounter.place_of_service in medicare_hospital_pos`, `encounter.payer not in {bcbs_regence}`, `line.code in drug_administration`); the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(PHYSICIAN_ADMIN_IN_FACILITY_POS_LINE105, MODULE), ids=str)
def test_physician_admin_in_facility_pos_line105__boundaries(case):
    """rule `physician_admin_in_facility_pos` (specs/claim_edits.rules:105:1): its inputs that are not amounts, turned as `codespec diff` turns them (`encounter.date_of_service >= 2024-11-01`, `line.code in drug_administration`, `encounter.payer in {bcbs_regence}`); the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(REVENUE_CODE_MISSING, MODULE), ids=str)
def test_revenue_code_missing__minimal_cases(case):
    """rule `revenue_code_missing` (specs/claim_edits.rules:110:1): one encounter per setting, billing no line (its `where` names no code to bill); the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(REVENUE_CODE_UNEXPECTED, MODULE), ids=str)
def test_revenue_code_unexpected__boundaries(case):
    """rule `revenue_code_unexpected` (specs/claim_edits.rules:117:1): its inputs that are not amounts, turned as `codespec diff` turns them (`line.revenue_code not in sc_revenue_codes`, `line.code in sc_infusion_codes`); the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(SUPPLY_INCLUDED_IN_ADMIN, MODULE), ids=str)
def test_supply_included_in_admin__boundaries(case):
    """rule `supply_included_in_admin` (specs/claim_edits.rules:124:1): `lines_of(injection_infusion, date_of_service) > 0` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(SITE_OF_CARE_REVIEW, MODULE), ids=str)
def test_site_of_care_review__boundaries(case):
    """rule `site_of_care_review` (specs/claim_edits.rules:132:1): `lines_of(drug_administration, encounter) >= 0` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("case", rt.boundary_cases(SALINE_FLUSH_NOT_SEPARATELY_PAID, MODULE), ids=str)
def test_saline_flush_not_separately_paid__boundaries(case):
    """rule `saline_flush_not_separately_paid` (specs/claim_edits.rules:149:1): `lines_of(drug_administration, encounter) > 0` at the edge, one step below and one above; the IR interpreter gives the verdict."""
    rt.assert_agree(GENERATED, ORACLE, case.record, module=MODULE, note=case.note)


@pytest.mark.parametrize("example", ['regence_ambulatory_surgical_center', 'regence_policy_109_first_day', 'regence_office', 'regence_before_policy_109', 'regence_before_policy_109_hospital', 'medicare_ambulatory_surgical_center', 'regence_outpatient_hospital', 'medicare_outpatient_hospital', 'ibc_two_distinct_modifiers', 'amerihealth_two_distinct_modifiers', 'medicare_two_distinct_modifiers', 'facility_initial_by_hierarchy', 'physician_initial_by_reason', 'uhc_supply_with_infusion', 'uhc_supply_with_chemotherapy', 'uhc_facility_supply_with_infusion', 'medicare_supply_with_infusion', 'aetna_hospital_immune_globulin', 'medicare_hospital_immune_globulin', 'mue_first_day_of_the_tables', 'mue_day_before_the_tables', 'cigna_saline_with_infusion', 'medicare_saline_with_infusion', 'em_with_sc_infusion_physician', 'em_with_sc_infusion_facility', 'mue_two_units', 'fabricated_modifier', 'modifier_1p_exists', 'injection_with_modifier_24', 'new_patient_visit_with_25', 'medicare_off_campus_hospital', 'medicare_inpatient_hospital', 'medicare_emergency_room', 'regence_off_campus_hospital', 'physician_line_with_revenue_code', 'aetna_inpatient_immune_globulin', 'aetna_critical_access_immune_globulin', 'aetna_outpatient_bill_without_leading_zero', 'aetna_critical_access_with_leading_zero', 'aetna_review_first_day', 'aetna_review_day_before', 'cigna_saline_first_day', 'cigna_saline_day_before', 'cigna_saline_physician_claim', 'established_visit_without_25'])
def test_example(example):
    """Each `example` block of the spec produces the findings it declares."""
    for validate in (*GENERATED.values(), ORACLE.validate):
        rt.check_example(MODULE, example, validate)


@rt.share(0.5)
@given(record=rt.focused_encounters(MUE_EXCEEDED, MODULE))
def test_mue_exceeded__agrees_with_interpreter(record):
    """rule `mue_exceeded` (specs/claim_edits.rules:38:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(PTP_NOT_ALLOWED, MODULE))
def test_ptp_not_allowed__agrees_with_interpreter(record):
    """rule `ptp_not_allowed` (specs/claim_edits.rules:49:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(PTP_MODIFIER_REQUIRED, MODULE))
def test_ptp_modifier_required__agrees_with_interpreter(record):
    """rule `ptp_modifier_required` (specs/claim_edits.rules:57:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(MULTIPLE_INITIAL_SERVICES, MODULE))
def test_multiple_initial_services__agrees_with_interpreter(record):
    """rule `multiple_initial_services` (specs/claim_edits.rules:68:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(INVALID_MODIFIER, MODULE))
def test_invalid_modifier__agrees_with_interpreter(record):
    """rule `invalid_modifier` (specs/claim_edits.rules:80:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(MODIFIER_59_WITH_X_MODIFIER, MODULE))
def test_modifier_59_with_x_modifier__agrees_with_interpreter(record):
    """rule `modifier_59_with_x_modifier` (specs/claim_edits.rules:87:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(PHYSICIAN_ADMIN_IN_FACILITY_POS, MODULE))
def test_physician_admin_in_facility_pos__agrees_with_interpreter(record):
    """rule `physician_admin_in_facility_pos` (specs/claim_edits.rules:96:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(PHYSICIAN_ADMIN_IN_FACILITY_POS_LINE105, MODULE))
def test_physician_admin_in_facility_pos_line105__agrees_with_interpreter(record):
    """rule `physician_admin_in_facility_pos` (specs/claim_edits.rules:105:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(REVENUE_CODE_MISSING, MODULE))
def test_revenue_code_missing__agrees_with_interpreter(record):
    """rule `revenue_code_missing` (specs/claim_edits.rules:110:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(REVENUE_CODE_UNEXPECTED, MODULE))
def test_revenue_code_unexpected__agrees_with_interpreter(record):
    """rule `revenue_code_unexpected` (specs/claim_edits.rules:117:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(SUPPLY_INCLUDED_IN_ADMIN, MODULE))
def test_supply_included_in_admin__agrees_with_interpreter(record):
    """rule `supply_included_in_admin` (specs/claim_edits.rules:124:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(SITE_OF_CARE_REVIEW, MODULE))
def test_site_of_care_review__agrees_with_interpreter(record):
    """rule `site_of_care_review` (specs/claim_edits.rules:132:1): random encounters with its codes, settings and payers."""
    rt.assert_agree(GENERATED, ORACLE, record, module=MODULE)


@rt.share(0.5)
@given(record=rt.focused_encounters(SALINE_FLUSH_NOT_SEPARATELY_PAID, MODULE))
def test_saline_flush_not_separately_paid__agrees_with_interpreter(record):
    """rule `saline_flush_not_separately_paid` (specs/claim_edits.rules:149:1): random encounters with its codes, settings and payers."""
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
