# Generated from specs/drugs.rules by `codespec build`. DO NOT EDIT.
# source-sha256: 39f924b90b4f5db4f5fdc770cfef832d6bc6a86444110b410e8db8936e787dd4
"""Validators for specs/drugs.rules: Drug units, JW/JZ modifiers and product label limits (4 rules)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from compiler.runtime import builtins as fn
from compiler.runtime import fields, logic, results
from compiler.runtime.context import Context
from compiler.runtime.policies import Policies
from compiler.runtime.tables import all_in_force_from
from generated.tables.drugs__labels import TABLE as LABELS

SPEC = "specs/drugs.rules"
TABLES = (LABELS, )
TABLES_IN_FORCE_FROM = all_in_force_from(TABLES)
POLICIES = Policies({})
OWN_NOTES = (frozenset({"labels"}), frozenset({"drug_discard_modifier_missing"}))  # the tables and dated rules its reports may say were not checked

DISCARD_MODIFIERS = frozenset({"JW", "JZ"})  # specs/drugs.rules:8:1
SINGLE_DOSE_DRUGS = frozenset({"J1559"})  # specs/drugs.rules:13:1
DOSE_BILLED_DRUGS = frozenset({"J1559"})  # specs/drugs.rules:16:1
SET_3 = frozenset({"50", "72"})  # literal in a rule

# Each rule's id, severity, spec line, message, report values and inputs: what its findings carry
# (and, for a dated version, the periods that say whether it is in force).
META_DRUG_UNITS_MISMATCH = results.RuleMeta(
    "drug_units_mismatch",
    "error",
    "specs/drugs.rules:21:1",
    "{code}: {billed_units} unit(s) billed, the dose {dose} in units of {unit_size} gives {expected_units}",
    (("code", None), ("billed_units", None), ("expected_units", None), ("dose", "mass"), ("unit_size", "mass"), ),
    ("line.drug", "line.code", "line.drug.dose", "line.drug.volume", "line.drug.concentration", "line.drug.unit_size", "line.units", ),
)
META_DRUG_DISCARD_MODIFIER_MISSING__FROM_2023_07_01 = results.RuleMeta(
    "drug_discard_modifier_missing",
    "error",
    "specs/drugs.rules:30:1",
    "{code} is from a single-dose container: append JW (amount discarded) or JZ (none discarded)",
    (("code", None), ),
    ("encounter.payer", "line.code", "line.drug", "line.drug.single_dose_container", "encounter.setting", "encounter.type_of_bill", "encounter.place_of_service", "line.modifiers", ),
    period=(date(2023, 7, 1), None),  # this version's period
    periods=((date(2023, 7, 1), None), (None, date(2023, 6, 30)), ),  # every version's
)
META_VOLUME_PER_SITE_EXCEEDS_LABEL = results.RuleMeta(
    "volume_per_site_exceeds_label",
    "warning",
    "specs/drugs.rules:46:1",
    "{per_site} per site is above the label limit of {limit} ({label}, {number} infusion)",
    (("per_site", "volume"), ("limit", "volume"), ("label", None), ("number", None), ),
    ("episode.product_label", "episode.infusion_number", "episode.volume", "episode.sites", ),
)
META_RATE_PER_SITE_EXCEEDS_LABEL = results.RuleMeta(
    "rate_per_site_exceeds_label",
    "warning",
    "specs/drugs.rules:57:1",
    "average {rate} per site is above the label limit of {limit} ({label}, {number} infusion)",
    (("rate", "rate"), ("limit", "rate"), ("label", None), ("number", None), ),
    ("episode.product_label", "episode.infusion_number", "episode.volume", "episode.stop", "episode.sites", ),
)


def validate(record, policies: Policies = POLICIES, ctx: Context | None = None) -> results.Report:
    """Run every rule of specs/drugs.rules on one encounter record (`ctx`: this record's context, shared with other specs).

    Each rule's statements follow a comment naming its spec line; conditions of its `where` that do
    not depend on the line (or episode) are decided once per encounter, as `applies_<rule>`.
    """
    if ctx is None:
        ctx = Context(record, policies)
    if ctx.earliest_date < TABLES_IN_FORCE_FROM:  # some table has no version in force on some date of the record
        ctx.note_tables(TABLES)
    findings: list = []
    derived: dict = {}
    for enc in ctx.encounter_numbers:
        applies_drug_discard_modifier_missing__from_2023_07_01 = (record.payer == "medicare")  # specs/drugs.rules:30:1
        for line in ctx.lines_by_enc.get(enc, ()):
            if (line.drug is not None):  # specs/drugs.rules:19:1
                units = fn.larger(1, logic.ceil_div(fn.drug_dose(ctx, line), line.drug.hcpcs_unit_mg))
                derived[line.code] = units if line.code not in derived else results.merged(units, derived[line.code])
            # specs/drugs.rules:21:1  rule drug_units_mismatch  facts: F-DOC-05, F-PHYS-05
            # Drug units must equal the dose over the HCPCS unit size, rounded up.
            if ((line.drug is not None) or (line.code in DOSE_BILLED_DRUGS)):
                expected = fn.larger(1, logic.ceil_div(fn.drug_dose(ctx, line), (None if line.drug is None else line.drug.hcpcs_unit_mg)))
                verdict = (None if expected is None else line.units != expected)
                if verdict is None:
                    findings.append(results.incomplete(META_DRUG_UNITS_MISMATCH, line.index, None, record, line))
                elif verdict:
                    findings.append(results.finding(META_DRUG_UNITS_MISMATCH, {"code": line.code, "billed_units": line.units, "expected_units": expected, "dose": fn.drug_dose(ctx, line), "unit_size": (None if line.drug is None else line.drug.hcpcs_unit_mg)}, line.index))
            # specs/drugs.rules:30:1  rule drug_discard_modifier_missing__from_2023_07_01  facts: F-MOD-06
            # Medicare: single-dose container drugs need JW or JZ from 2023-07-01.
            if applies_drug_discard_modifier_missing__from_2023_07_01 and ((line.code in SINGLE_DOSE_DRUGS) or (line.drug is not None)):
                applies = (logic.and3(((line.code in SINGLE_DOSE_DRUGS) or ((line.drug is not None) and line.drug.single_dose_container)), logic.not3(((record.setting == "facility") and (logic.or3(fn.starts_with(record.type_of_bill, "011"), fn.starts_with(record.type_of_bill, "071"), fn.starts_with(record.type_of_bill, "077"), fn.starts_with(record.type_of_bill, "11"), fn.starts_with(record.type_of_bill, "71"), fn.starts_with(record.type_of_bill, "77"))))), logic.not3(((record.setting == "physician") and (None if record.place_of_service is None else record.place_of_service in SET_3)))))
                if applies is not False:
                    if ctx.rule_in_force(META_DRUG_DISCARD_MODIFIER_MISSING__FROM_2023_07_01, ctx.line_dates[line.index]):
                        verdict = DISCARD_MODIFIERS.isdisjoint(line.modifiers)
                        if applies is None and verdict is not False:
                            findings.append(results.incomplete(META_DRUG_DISCARD_MODIFIER_MISSING__FROM_2023_07_01, line.index, None, record, line))
                        elif verdict:
                            findings.append(results.finding(META_DRUG_DISCARD_MODIFIER_MISSING__FROM_2023_07_01, {"code": line.code}, line.index))
        for episode in ctx.episodes_by_enc.get(enc, ()):
            if (episode.product_label is not None):  # the condition of the next 2 rules
                # specs/drugs.rules:46:1  rule volume_per_site_exceeds_label  facts: F-PHYS-01, F-PHYS-02, F-PHYS-03
                # Volume per site above the product label limit.
                labels_row = LABELS.lookup(record.payer, (episode.product_label, episode.infusion_number), record.date_of_service)
                limit = (None if labels_row is None else labels_row.max_ml_per_site)
                verdict = (((limit is not None) or (episode.infusion_number is None)) and logic.compare_quotient(">", episode.volume_ml, (episode.sites,), limit))
                if verdict is None:
                    findings.append(results.incomplete(META_VOLUME_PER_SITE_EXCEEDS_LABEL, None, episode.id, record, episode))
                elif verdict:
                    findings.append(results.finding(META_VOLUME_PER_SITE_EXCEEDS_LABEL, {"per_site": logic.div(episode.volume_ml, episode.sites), "limit": limit, "label": episode.product_label, "number": episode.infusion_number}, None, episode.id))
                # specs/drugs.rules:57:1  rule rate_per_site_exceeds_label  facts: F-PHYS-01, F-PHYS-02, F-PHYS-03
                # Average rate per site above the product label limit.
                # labels_row: as bound above
                limit = (None if labels_row is None else labels_row.max_ml_per_h_per_site)
                verdict = (((limit is not None) or (episode.infusion_number is None)) and logic.compare_quotient(">", episode.volume_ml, (fn.elapsed(ctx, episode), episode.sites), limit))
                if verdict is None:
                    findings.append(results.incomplete(META_RATE_PER_SITE_EXCEEDS_LABEL, None, episode.id, record, episode))
                elif verdict:
                    findings.append(results.finding(META_RATE_PER_SITE_EXCEEDS_LABEL, {"rate": logic.quotient(episode.volume_ml, (fn.elapsed(ctx, episode), episode.sites)), "limit": limit, "label": episode.product_label, "number": episode.infusion_number}, None, episode.id))
    return results.Report(findings, derived, ctx.tables_out_of_force, ctx.rules_out_of_force, OWN_NOTES)
