# Generated from specs/sc_infusion.rules by `codespec build`. DO NOT EDIT.
# source-sha256: 537f39c904e8eafdac2307a137f318b93772fab4136e75a5725c92a5b1f4172b
"""Validators for specs/sc_infusion.rules: Subcutaneous infusion: time bands, add-on hours and pump set-ups (8 rules)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from compiler.runtime import builtins as fn
from compiler.runtime import fields, logic, results
from compiler.runtime.context import Context
from compiler.runtime.policies import Policies
from compiler.runtime.tables import all_in_force_from
from generated.tables.sc_infusion__aoc import TABLE as AOC

SPEC = "specs/sc_infusion.rules"
TABLES = (AOC, )
TABLES_IN_FORCE_FROM = all_in_force_from(TABLES)
POLICIES = Policies({"concurrent_pumps": "clock_time", "infusion_gaps": "exclude", "line_date_after_midnight": "line_date", "missing_stop_time": "injection_only", "partial_minutes": "truncate"})
OWN_NOTES = (frozenset({"aoc"}), frozenset({}))  # the tables and dated rules its reports may say were not checked

# Codes this spec names, in the author's words.
CODES = {
    "96369": "SC infusion for therapy or prophylaxis, first hour, includes pump set-up and sites",
    "96370": "SC infusion, each additional hour (add-on to 96369)",
    "96371": "SC infusion, additional pump set-up with new sites (add-on to 96369)",
    "96372": "SC or IM injection (what a 15-minute-or-shorter SC infusion is reported as)",
}

SC_TIME_CODES = frozenset({"96369", "96370"})  # specs/sc_infusion.rules:10:1
ONCE_PER_ENCOUNTER_CODES = frozenset({"96369", "96371"})  # specs/sc_infusion.rules:11:1
SC_ADDONS = frozenset({"96370", "96371"})  # specs/sc_infusion.rules:12:1
SC_PRIMARY = frozenset({"96369"})  # specs/sc_infusion.rules:13:1
TABLE_ADDONS = frozenset({"96361", "96366", "96367", "96368", "96370", "96371", "96375", "96376"})  # specs/sc_infusion.rules:17:1 (column addon of aoc)
SET_6 = frozenset({"96370"})  # literal in a rule
SET_7 = frozenset({"96361", "96366", "96367", "96368", "96369", "96370", "96371", "96375", "96376"})  # the codes of a run of rules

# Each rule's id, severity, spec line, message, report values and inputs: what its findings carry
# (and, for a dated version, the periods that say whether it is in force).
META_INVALID_TIME_RANGE = results.RuleMeta(
    "invalid_time_range",
    "error",
    "specs/sc_infusion.rules:56:1",
    "episode {episode}: stop {stop} is before start {start}; fix the documented instants",
    (("episode", None), ("start", None), ("stop", None), ),
    ("episode.stop", "episode.start", ),
)
META_MISSING_STOP_TIME = results.RuleMeta(
    "missing_stop_time",
    "error",
    "specs/sc_infusion.rules:63:1",
    "{code} needs a documented stop time; without one only an injection is supported: report {suggested_code}",
    (("code", None), ("suggested_code", None), ),
    ("line.code", "sc_missing_stops", ),
)
META_SC_INFUSION_NOT_OVER_15_MIN = results.RuleMeta(
    "sc_infusion_not_over_15_min",
    "error",
    "specs/sc_infusion.rules:70:1",
    "96369 needs more than 15 min of SC infusion, {elapsed} documented: report {suggested_code}",
    (("code", None), ("elapsed", "time"), ("suggested_code", None), ),
    ("line.code", "time_unknown_is_injection", "sc_reversed", "sc_time", ),
)
META_ADDON_UNITS_EXCEED_TIME = results.RuleMeta(
    "addon_units_exceed_time",
    "error",
    "specs/sc_infusion.rules:77:1",
    "{billed_units} unit(s) of 96370 billed, {elapsed} supports {supported_units} (a unit at 91, 151, 211 ... min)",
    (("code", None), ("billed_units", None), ("supported_units", None), ("elapsed", "time"), ),
    ("line.code", "time_unknown_is_injection", "sc_reversed", "addon_hours", ),
)
META_UNITS_BELOW_TIME_SUPPORT = results.RuleMeta(
    "units_below_time_support",
    "info",
    "specs/sc_infusion.rules:84:1",
    "{billed_units} unit(s) of 96370 billed, {elapsed} would support {supported_units}",
    (("code", None), ("billed_units", None), ("supported_units", None), ("elapsed", "time"), ),
    ("line.code", "time_unknown_is_injection", "sc_reversed", "addon_hours", ),
)
META_ADDON_WITHOUT_PRIMARY = results.RuleMeta(
    "addon_without_primary",
    "error",
    "specs/sc_infusion.rules:93:1",
    "add-on {code} billed without its primary code ({primary})",
    (("code", None), ("primary", None), ),
    ("line.code", "encounter.setting", ),
)
META_ONCE_PER_ENCOUNTER = results.RuleMeta(
    "once_per_encounter",
    "error",
    "specs/sc_infusion.rules:107:1",
    "{code} is reported once per encounter; {billed_units} units billed in this encounter",
    (("code", None), ("billed_units", None), ),
    ("line.code", ),
)
META_ADDITIONAL_PUMP_NOT_DOCUMENTED = results.RuleMeta(
    "additional_pump_not_documented",
    "error",
    "specs/sc_infusion.rules:114:1",
    "96371 needs an additional pump set-up; pump set-ups documented: {pumps}",
    (("code", None), ("pumps", None), ),
    ("line.code", "sc_pumps", ),
)


def validate(record, policies: Policies = POLICIES, ctx: Context | None = None) -> results.Report:
    """Run every rule of specs/sc_infusion.rules on one encounter record (`ctx`: this record's context, shared with other specs).

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
        summary_infusions_subcutaneous = fn.infusions(ctx, enc, "subcutaneous")  # the summary the functions below read, once per encounter
        sc_time = summary_infusions_subcutaneous.time  # specs/sc_infusion.rules:32:1
        sc_infusions = len(summary_infusions_subcutaneous.episodes)  # specs/sc_infusion.rules:33:1
        sc_missing_stops = summary_infusions_subcutaneous.missing_stops  # specs/sc_infusion.rules:34:1
        sc_reversed = summary_infusions_subcutaneous.reversed  # specs/sc_infusion.rules:35:1
        sc_pumps = summary_infusions_subcutaneous.pumps  # specs/sc_infusion.rules:36:1
        time_unknown_is_injection = ((sc_missing_stops > 0) and ("injection_only" == "injection_only"))  # specs/sc_infusion.rules:37:1
        addon_hours = fn.steps(sc_time, 91, 60)  # specs/sc_infusion.rules:42:1
        units = (1 if ((sc_time is not None) and (sc_time >= 16)) else 0)  # specs/sc_infusion.rules:45:1
        derived["96369"] = units if "96369" not in derived else results.merged(units, derived["96369"])
        units = (addon_hours if (addon_hours is not None) else 0)  # specs/sc_infusion.rules:47:1
        derived["96370"] = units if "96370" not in derived else results.merged(units, derived["96370"])
        units = (1 if ((sc_time is not None) and (sc_time >= 16) and (sc_pumps is not None) and (sc_pumps >= 2)) else 0)  # specs/sc_infusion.rules:49:1
        derived["96371"] = units if "96371" not in derived else results.merged(units, derived["96371"])
        if ((sc_infusions > 0) and (time_unknown_is_injection or ((sc_time is not None) and (sc_time <= 15)))) is True:  # specs/sc_infusion.rules:51:1
            units = 1
            derived["96372"] = units if "96372" not in derived else results.merged(units, derived["96372"])
        applies_missing_stop_time = (sc_missing_stops > 0)  # specs/sc_infusion.rules:63:1
        applies_sc_infusion_not_over_15_min = ((not time_unknown_is_injection) and (sc_reversed == 0))  # specs/sc_infusion.rules:70:1
        applies_addon_units_exceed_time = ((not time_unknown_is_injection) and (sc_reversed == 0))  # specs/sc_infusion.rules:77:1
        applies_units_below_time_support = ((not time_unknown_is_injection) and (sc_reversed == 0))  # specs/sc_infusion.rules:84:1
        for line in ctx.lines_by_enc.get(enc, ()):
            if line.code in SET_7:  # the codes the next 7 rules check
                # specs/sc_infusion.rules:63:1  rule missing_stop_time  facts: F-DOC-01, F-DOC-02
                # 96369/96370 billed but an SC infusion of the encounter has no stop time.
                if applies_missing_stop_time and (line.code in SC_TIME_CODES):
                    verdict = ("injection_only" == "injection_only")
                    if verdict:
                        findings.append(results.finding(META_MISSING_STOP_TIME, {"code": line.code, "suggested_code": "96372"}, line.index))
                # specs/sc_infusion.rules:70:1  rule sc_infusion_not_over_15_min  facts: F-TIME-01, F-TIME-02
                # 96369 needs more than 15 minutes of SC infusion.
                if applies_sc_infusion_not_over_15_min and (line.code == "96369"):
                    verdict = (None if sc_time is None else sc_time <= 15)
                    if verdict is None:
                        findings.append(results.incomplete(META_SC_INFUSION_NOT_OVER_15_MIN, line.index, None, record, line))
                    elif verdict:
                        findings.append(results.finding(META_SC_INFUSION_NOT_OVER_15_MIN, {"code": line.code, "elapsed": sc_time, "suggested_code": "96372"}, line.index))
                # specs/sc_infusion.rules:77:1  rule addon_units_exceed_time  facts: F-TIME-03
                # More 96370 units billed than the infusion time supports.
                if applies_addon_units_exceed_time and (line.code == "96370"):
                    verdict = (None if addon_hours is None else ctx.units_by_enc[line.encounter].get("96370", 0) > addon_hours)
                    if verdict is None:
                        findings.append(results.incomplete(META_ADDON_UNITS_EXCEED_TIME, line.index, None, record, line))
                    elif verdict:
                        findings.append(results.finding(META_ADDON_UNITS_EXCEED_TIME, {"code": line.code, "billed_units": ctx.units_by_enc[line.encounter].get("96370", 0), "supported_units": addon_hours, "elapsed": sc_time}, line.index))
                # specs/sc_infusion.rules:84:1  rule units_below_time_support  facts: F-TIME-03
                # Fewer 96370 units billed than the infusion time supports.
                if applies_units_below_time_support and ((line.code == "96370") or (line.code == "96369")):
                    if ((line.code == "96370") or ((line.code == "96369") and (ctx.line_counts_by_enc[line.encounter].get("96370", 0) == 0))):
                        verdict = (None if addon_hours is None else ctx.units_by_enc[line.encounter].get("96370", 0) < addon_hours)
                        if verdict is None:
                            findings.append(results.incomplete(META_UNITS_BELOW_TIME_SUPPORT, line.index, None, record, line))
                        elif verdict:
                            findings.append(results.finding(META_UNITS_BELOW_TIME_SUPPORT, {"code": line.code, "billed_units": ctx.units_by_enc[line.encounter].get("96370", 0), "supported_units": addon_hours, "elapsed": sc_time}, line.index))
                # specs/sc_infusion.rules:93:1  rule addon_without_primary  facts: F-AOC-01, F-AOC-02, F-AOC-03, F-AOC-04, F-AOC-06
                # An add-on code needs one of its primary codes on the same date (physician) or encounter (facility).
                if ((line.code in SC_ADDONS) or (line.code in TABLE_ADDONS)):
                    primaries = (SC_PRIMARY if (line.code in SC_ADDONS) else fn.addon_primaries(ctx, line, AOC))
                    verdict = ((primaries is not None) and (((record.setting == "physician") and (fn.total_in(ctx.units_by_day[ctx.line_dates[line.index]], primaries) == 0)) or ((record.setting == "facility") and (fn.total_in(ctx.units_by_enc[line.encounter], primaries) == 0))))
                    if verdict:
                        findings.append(results.finding(META_ADDON_WITHOUT_PRIMARY, {"code": line.code, "primary": primaries}, line.index))
                # specs/sc_infusion.rules:107:1  rule once_per_encounter  facts: F-ENC-02, F-TIME-07
                # 96369 and 96371 are reported once per encounter, even across midnight.
                if (line.code in ONCE_PER_ENCOUNTER_CODES):
                    verdict = (ctx.units_by_enc[line.encounter].get(line.code, 0) > 1)
                    if verdict:
                        findings.append(results.finding(META_ONCE_PER_ENCOUNTER, {"code": line.code, "billed_units": ctx.units_by_enc[line.encounter].get(line.code, 0)}, line.index))
                # specs/sc_infusion.rules:114:1  rule additional_pump_not_documented  facts: F-DEF-02, F-DEF-03, F-DOC-04
                # 96371 needs a second pump set-up documented.
                if (line.code == "96371"):
                    verdict = ((sc_pumps is None) or (sc_pumps < 2))
                    if verdict:
                        findings.append(results.finding(META_ADDITIONAL_PUMP_NOT_DOCUMENTED, {"code": line.code, "pumps": sc_pumps}, line.index))
        for episode in ctx.episodes_by_enc.get(enc, ()):
            # specs/sc_infusion.rules:56:1  rule invalid_time_range  facts: F-TIME-05
            # An episode's stop instant is earlier than its start instant.
            if (episode.stop is not None):
                verdict = (episode.stop_us < episode.start_us)
                if verdict:
                    findings.append(results.finding(META_INVALID_TIME_RANGE, {"episode": episode.id, "start": episode.start, "stop": episode.stop}, None, episode.id))
    return results.Report(findings, derived, ctx.tables_out_of_force, ctx.rules_out_of_force, OWN_NOTES)
