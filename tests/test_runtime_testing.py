"""The hand-written strategies, edge-case builders and assertions the generated tests call
(compiler/runtime/testing/), and the shared boundary analysis and edge-case builder behind them
(compiler/boundaries, compiler/edgecases), which `codespec diff` uses too.

Generated tests trust these helpers, so each is checked here against values derived by hand from
the spec text, the tables or facts.md (the arithmetic is in the comments), never against the validators.
"""

from __future__ import annotations

import json
import types
from datetime import date, timedelta
from fractions import Fraction
from pathlib import PurePosixPath

import pytest
from hypothesis import given, settings

from compiler import edgecases
from compiler.boundaries import Analysis, Edge, Knob, TableEdge, owners, sample
from compiler.codegen.testgen import alternatives, emit_tests, monotone, respellings, targets, time_edges
from compiler.boundaries.polarity import DOWN, UP, Polarity
from compiler.runtime import results, testing as rt, timecalc, units
from compiler.runtime.model import parse_encounter
from tests.conftest import sc_infusion_record

SC = "specs/sc_infusion.rules"
CLAIMS = "specs/claim_edits.rules"
DRUGS = "specs/drugs.rules"


def module(spec):
    return rt.interpreter_for(spec).module


def rule(spec, rule_id):
    return next(r for r in module(spec).rules if r.id == rule_id)


def sc_target(**kw):
    return rt.Target("rule", "sc_infusion_not_over_15_min", rule(SC, "sc_infusion_not_over_15_min").location, **kw)


def sc_seconds(record):
    return [timecalc.elapsed_seconds(ep.start, ep.stop) for ep in record.episodes if ep.route == "subcutaneous"]


# ---- edges and edge cases ----
def test_edge_seconds_are_the_edge_and_one_second_and_one_minute_either_side():
    # 15 min = 900 s; -1 min = 840, -1 s = 899, +1 s = 901, last second of minute 15 = 959, +1 min = 960
    assert rt.edge_seconds(15) == [840, 899, 900, 901, 959, 960]
    # 91 min = 5460 s
    assert rt.edge_seconds(91) == [5400, 5459, 5460, 5461, 5519, 5520]


def test_count_edges_step_by_one_and_never_go_negative():
    assert [v for v, _ in rt.edge_values(Edge(Knob("pumps", route="subcutaneous"), 2, "x:1:1", "sc_pumps < 2"))] == [1, 2, 3]
    assert [v for v, _ in rt.edge_values(Edge(Knob("reversed", route="subcutaneous"), 0, "x:1:1", "sc_reversed = 0"))] == [0, 1]
    # an instant compared with another instant: stop one minute / one second before start is allowed
    assert [v for v, _ in rt.edge_values(Edge(Knob("seconds"), 0, "x:1:1", "episode.stop < episode.start"))] == \
        [-60, -1, 0, 1, 59, 60]


def test_boundary_cases_put_the_infusion_at_each_edge_in_each_setting():
    t = sc_target(codes=("96369",), edges=(Edge(Knob("seconds", route="subcutaneous"), 15, "loc", "sc_time <= 15 min", unit="min"),))
    cases = rt.boundary_cases(t, module(SC))
    assert [c.id for c in cases] == [f"{s}-seconds[subcutaneous]={n}" for s in ("physician", "facility")
                                     for n in (840, 899, 900, 901, 959, 960)]
    for c in cases:
        assert [ln.code for ln in c.record.lines] == ["96369"]
        assert len(sc_seconds(c.record)) == 1 and str(sc_seconds(c.record)[0]) in c.id
        assert "`sc_time <= 15 min` (loc)" in c.note
    assert [c.id for c in rt.boundary_cases(t, module(SC))] == [c.id for c in cases]  # deterministic


def test_where_knobs_turn_one_at_a_time_around_ordinary_values():
    t = sc_target(codes=("96369",), settings=("physician",), edges=(
        Edge(Knob("seconds", route="subcutaneous"), 15, "a", "sc_time <= 15 min"),
        Edge(Knob("reversed", route="subcutaneous"), 0, "b", "sc_reversed = 0", primary=False),
        Edge(Knob("missing_stops", route="subcutaneous"), 0, "c", "sc_missing_stops > 0", primary=False)))
    cases = {c.id: c.record for c in rt.boundary_cases(t, module(SC))}
    assert len(cases) == 6 + 2  # six durations; one reversed and one missing-stop case (value 0 is the default)
    reversed_ = cases["physician-reversed[subcutaneous]=1"]
    assert sum(1 for ep in reversed_.episodes if ep.stop is not None and ep.stop < ep.start) == 1
    assert sum(1 for ep in cases["physician-missing_stops[subcutaneous]=1"].episodes if ep.stop is None) == 1


def test_flag_knobs_are_turned_together():
    # units of 96370 (0..3) against the 91-minute band edge (6 durations): 24 combinations in one setting
    t = rt.Target("rule", "addon_units_exceed_time", "x", codes=("96370",), settings=("physician",), edges=(
        Edge(Knob("units", codes=("96370",)), None, "a", "units_of(96370) > steps(...)"),
        Edge(Knob("seconds", route="subcutaneous"), 91, "b", "steps band 1")))
    cases = rt.boundary_cases(t, module(SC))
    assert len(cases) == 24
    pairs = {(c.record.lines[0].units, sc_seconds(c.record)[0]) for c in cases}
    assert (1, 5459) in pairs and (0, 5460) in pairs and (3, 5520) in pairs


@pytest.mark.parametrize("knob, value, check", [
    (Knob("units", codes=("96370",)), 2, lambda r: [(ln.code, ln.units) for ln in r.lines] == [("96369", 1), ("96370", 2)]),
    (Knob("units", own_line=True), 3, lambda r: r.lines[0].units == 3),
    (Knob("lines", set="sc_addons"), 2, lambda r: sum(ln.code in ("96370", "96371") for ln in r.lines) == 2),
    (Knob("pumps", route="subcutaneous"), 2, lambda r: sum(ep.pump_setups for ep in r.episodes) == 2),
    (Knob("episodes", route="subcutaneous"), 0, lambda r: r.episodes == ()),
    (Knob("modifiers_in", codes=("59", "XE", "XS")), 2, lambda r: r.lines[0].modifiers == ("59", "XE")),
    (Knob("volume"), 25, lambda r: r.episodes[0].volume_ml == 25),
    # 1/3 mL/min over the default 60-minute episode is 20 mL
    (Knob("volume_rate"), Fraction(1, 3), lambda r: r.episodes[0].volume_ml == 20),
])
def test_scenario_turns_each_knob(knob, value, check):
    record = parse_encounter(rt.scenario(sc_target(codes=("96369",)), module(SC), "physician", "medicare", {knob: value}))
    assert check(record), rt.encounter_json(record)


def test_modifiers_outside_a_set_are_real_two_character_modifiers_not_in_it():
    members = set(next(s.members for s in module(CLAIMS).sets if s.name == "valid_modifiers"))
    t = rt.Target("rule", "invalid_modifier", "x", codes=("96369",))
    record = parse_encounter(rt.scenario(t, module(CLAIMS), "physician", "medicare", {Knob("modifiers_out", set="valid_modifiers"): 2}))
    assert len(record.lines[0].modifiers) == 2 and not set(record.lines[0].modifiers) & members


def test_table_edges_take_each_row_in_force_one_unit_either_side():
    # facts.md F-MUE-01: Medicare MUE of 96369 is 1 per day (practitioner): cases bill 0, 1 and 2 units
    t = rt.Target("rule", "mue_exceeded", "x", edges=(
        Edge(Knob("units", own_line=True), None, "loc", "line.units > limit",
             table=TableEdge("mue", "mue", ("encounter.setting", "line.code"))),))
    cases = [c for c in rt.boundary_cases(t, module(CLAIMS)) if c.id.startswith("physician-96369-")]
    assert [c.record.lines[0].units for c in cases] == [0, 1, 2]
    assert all(c.record.lines[0].code == "96369" and c.record.setting == "physician" for c in cases)
    assert "mue.mue = 1" in cases[1].note


def test_table_edges_step_in_the_unit_the_table_is_written_in():
    # labels.csv: cuvitru first infusion, 20 mL/h per site; a step is 1 mL/h, so 19, 20 and 21 mL in one hour
    t = rt.Target("rule", "rate_per_site_exceeds_label", "x", edges=(
        Edge(Knob("volume_rate"), None, "loc", "rate", table=TableEdge(
            "labels", "max_ml_per_h_per_site", ("episode.product_label", "episode.infusion_number"), Fraction(1, 60), "mL/h")),))
    cases = [c for c in rt.boundary_cases(t, module(DRUGS)) if "cuvitru,first" in c.id and "physician" in c.id]
    assert [c.id.rsplit("=", 1)[1] for c in cases] == ["19mL/h", "20mL/h", "21mL/h"]
    assert [c.record.episodes[0].volume_ml for c in cases] == [19, 20, 21]
    assert {(c.record.episodes[0].product_label, c.record.episodes[0].infusion_number) for c in cases} == {("cuvitru", "first")}


# ---- what the generator reads from the IR ----
def test_the_fifteen_minute_rule_gets_its_own_edges_from_the_spec():
    m = module(SC)
    t = next(t for t in targets(m) if t.id == "sc_infusion_not_over_15_min")
    assert t.location == rule(SC, "sc_infusion_not_over_15_min").location
    assert any('Knob("seconds", route="subcutaneous"), 15,' in e and "sc_time <= 15 min" in e for e in t.edges)
    assert any("sc_reversed = 0" in e and "primary=False" in e for e in t.edges)  # from its `where`
    assert 'codes=("96369",)' in t.constructor[1]


def test_boundary_test_docstrings_name_what_the_cases_turn():
    fifteen = next(t for t in targets(module(SC)) if t.id == "sc_infusion_not_over_15_min")
    assert fifteen.what == ("`sc_time <= 15 min`, `sc_missing_stops > 0`, `sc_reversed = 0` at the edge, "
                            "one step below and one above")
    # drugs.rules: `flag when line.units != expected`, both sides read from the encounter
    mismatch = next(t for t in targets(module(DRUGS)) if t.id == "drug_units_mismatch")
    assert mismatch.what.startswith("`line.units != expected` (inputs compared with each other, no constant)")
    assert "at the edge" not in mismatch.what
    # claim_edits.rules: ptp_modifier_required compares no amount: its pair rows, codes and modifiers are turned
    ptp = next(t for t in targets(module(CLAIMS)) if t.id == "ptp_modifier_required")
    assert ptp.has_edges and ptp.what.startswith("its inputs that are not amounts, turned as `codespec diff` turns them")
    assert "`pair_edit(ptp, date_of_service)`" in ptp.what and "`any_of(line.modifiers, ncci_bypass)`" in ptp.what
    assert any('Knob("row")' in e and "other_line.code" in e for e in ptp.edges)
    # claim_edits.rules: revenue_code_missing has no edge of either kind: one plain encounter per setting
    missing = next(t for t in targets(module(CLAIMS)) if t.id == "revenue_code_missing")
    assert not missing.has_edges and missing.what == "one encounter per setting, billing no line (its `where` names no code to bill)"


def test_only_a_spec_with_time_edges_gets_a_time_boundary_test():
    files = emit_tests([module(SC), module(DRUGS)])
    sc, drugs = files[PurePosixPath("generated/tests/test_sc_infusion.py")], files[PurePosixPath("generated/tests/test_drugs.py")]
    assert "TIME_EDGES = (0, 15, 16, 91, 151, 211)" in sc and "def test_time_boundaries(" in sc
    assert "TIME_EDGES" not in drugs and "def test_time_boundaries(" not in drugs and "boundary_encounters" not in drugs


def test_steps_band_edges_are_91_151_and_211_minutes():
    # F-TIME-03: a 96370 unit at 91, 151, 211 ... minutes
    a = Analysis(module(SC))
    hours = next(o for o in owners(module(SC)) if o.label == "let addon_hours")  # where steps() is written
    assert sorted(b.edge for b in a.boundaries(hours)) == [91, 151, 211]
    # the derive and the rules that read the let turn its edges too
    for label in ("derive 96370", "rule addon_units_exceed_time", "rule units_below_time_support"):
        owner = next(o for o in owners(module(SC)) if o.label == label)
        assert {91, 151, 211} <= {e.value for e in a.edges(owner)}, label


def test_counts_cannot_fall_below_zero_and_table_values_keep_to_their_rows():
    a = Analysis(module(CLAIMS))
    by_text = {b.text: b for o in owners(module(CLAIMS)) for b in a.boundaries(o)}
    assert by_text["lines_of(drug_administration, encounter) >= 0"].reachable == ("at", "above")
    # ptp.csv modifier indicators are 0 and 1 only: nothing is below 0 or above 1
    assert by_text["edit.modifier_indicator = 0"].reachable == ("at", "above")
    assert by_text["edit.modifier_indicator = 1"].reachable == ("below", "at")


def test_time_derived_units_grow_with_time_and_the_injection_shrinks():
    # spec: 96369 at >= 16 min, 96370 by steps from 91 min, 96371 at >= 16 min with 2 pumps: never fall;
    # 96372 applies at 15 min or less: never rises
    p = Polarity(module(SC))
    assert {d.code: p.derive(d) for d in module(SC).derives} == {"96369": UP, "96370": UP, "96371": UP, "96372": DOWN}
    names = {d.name: d.trend for d in monotone(module(SC))}
    assert names == {"derive_96369": "never_falls", "derive_96370": "never_falls", "derive_96371": "never_falls",
                     "derive_96372": "never_rises"}
    assert monotone(module(DRUGS)) == []  # drug units do not depend on time


# ---- metamorphic transformations ----
def test_stretch_moves_only_one_stop_later():
    record = parse_encounter(rt.scenario(sc_target(codes=("96369",)), module(SC), "physician", "medicare", {}))
    later = rt.stretch(record, 0, 61)
    assert later.episodes[0].start == record.episodes[0].start
    assert later.episodes[0].stop - record.episodes[0].stop == timedelta(seconds=61)
    missing = parse_encounter(rt.scenario(sc_target(codes=("96369",)), module(SC), "physician", "medicare",
                                          {Knob("episodes", route="subcutaneous"): 0}))
    assert rt.stretch(missing, 0, 60) is None


@settings(max_examples=60, derandomize=True, deadline=None)
@given(data=rt.encounter_dicts(), seed=rt.permutations())
def test_respelled_records_read_as_the_same_encounter(data, seed):
    assert parse_encounter(rt.respell_record(data, seed)) == parse_encounter(data)


def test_respelling_really_changes_the_text():
    data = {"id": "a", "setting": "physician", "payer": "medicare", "date_of_service": "2024-08-14",
            "lines": [{"line": 1, "code": "96369", "units": 1, "modifiers": []}],
            "episodes": [{"id": "E1", "kind": "infusion", "route": "subcutaneous", "start": "2024-08-14T09:00:00+00:00",
                          "stop": "2024-08-14T10:00:00+00:00", "pump_setups": 1, "sites": 1, "volume_ml": 100,
                          "product_label": None}]}
    texts = {json.dumps(rt.respell_record(data, seed), default=str, sort_keys=True) for seed in range(20)}
    assert len(texts) > 5
    assert any('"Z"' in t or "T09:00Z" in t or ":00Z" in t for t in texts)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(data=rt.encounter_dicts())
def test_encounter_json_of_any_generated_record_reads_back_as_it(data):
    record = parse_encounter(data)
    assert parse_encounter(json.loads(rt.encounter_json(record))) == record


def test_encounter_json_reads_back_as_the_same_record():
    record = parse_encounter(rt.scenario(sc_target(codes=("96369", "J1559")), module(SC), "facility", "medicare",
                                         {Knob("volume"): 25}))
    assert parse_encounter(json.loads(rt.encounter_json(record))) == record


# ---- assertions and their messages ----
def _finding(rule_id, loc, line_index, **values):
    meta = results.RuleMeta(rule_id, "error", loc, "flagged", tuple((k, None) for k in values))
    return results.finding(meta, values, line_index)


def test_assert_same_report_names_the_rule_its_spec_line_and_the_values():
    record = sc_infusion_record(900)
    loc = rule(SC, "sc_infusion_not_over_15_min").location
    flagged = results.Report([_finding("sc_infusion_not_over_15_min", loc, 0, elapsed=15)], {"96369": 0}, {})
    silent = results.Report([], {"96369": 0}, {})
    rt.assert_same_report(flagged, results.Report(list(flagged.findings), {"96369": 0}, {}), record)  # agree: no error
    with pytest.raises(AssertionError) as err:
        rt.assert_same_report(silent, flagged, record, module=module(SC), note="900 s at the edge")
    text = str(err.value)
    assert f"rule `sc_infusion_not_over_15_min` ({loc})" in text
    assert "only IR interpreter: line 1" in text
    assert "elapsed minutes: E1=15" in text and "infusion minutes (spec policies): subcutaneous=15" in text
    assert "lines: 1: 96369 x1" in text and "case: 900 s at the edge" in text
    assert '"stop": "2024-08-14T09:15:00-04:00"' in text  # the encounter, as JSON


def test_assert_same_report_names_the_derive_whose_units_differ():
    record = sc_infusion_record(900)
    derive = next(d for d in module(SC).derives if d.code == "96370")
    with pytest.raises(AssertionError, match=rf"derive `96370` \({derive.origin}\): generated validator 1, IR interpreter 0"):
        rt.assert_same_report(results.Report([], {"96370": 1}, {}), results.Report([], {"96370": 0}, {}), record,
                              module=module(SC))


def test_assert_agree_holds_each_evaluator_to_the_oracle_and_names_the_one_that_differs():
    record = sc_infusion_record(900)
    loc = rule(SC, "sc_infusion_not_over_15_min").location
    flagged = results.Report([_finding("sc_infusion_not_over_15_min", loc, 0, elapsed=15)], {"96369": 0}, {})
    oracle = types.SimpleNamespace(validate=lambda rec: flagged)
    every = rt.report_in(lambda rec: [results.Report([], {}, {}), flagged], 1)  # the second spec's report
    rt.assert_agree({"one": lambda rec: flagged, "all": every}, oracle, record)
    with pytest.raises(AssertionError, match="only IR interpreter: line 1") as err:
        rt.assert_agree({"one": lambda rec: flagged, "all": rt.report_in(lambda rec: [flagged, results.Report([], {}, {})], 1)},
                        oracle, record)
    assert str(err.value).startswith("all and IR interpreter disagree")


def test_assert_monotone_fails_when_units_fall_as_time_grows():
    record = sc_infusion_record(900)

    def falling(rec):  # one unit for 15 minutes or less, none after: falls as the stop moves later
        minutes = timecalc.whole_minutes(timecalc.elapsed_us(rec.episodes[0].start, rec.episodes[0].stop))
        return results.Report([], {"96372": 1 if minutes <= 15 else 0}, {})

    rt.assert_monotone(falling, record, 0, 60, code="96372", direction=-1, location="here")
    with pytest.raises(AssertionError, match=r"derive `96372` \(here\) fell from 1 to 0 unit\(s\) when an episode's stop moved 60 s"):
        rt.assert_monotone(falling, record, 0, 60, code="96372", direction=1, location="here")


def test_check_example_cites_the_rule_the_example_expects():
    m = module(SC)
    loc = rule(SC, "addon_units_exceed_time").location
    with pytest.raises(AssertionError) as err:
        rt.check_example(m, "ninety_minutes_no_add_on", lambda record: results.Report([], {"96370": 0}, {}))
    assert f"rule `addon_units_exceed_time` ({loc})" in str(err.value)
    assert "elapsed minutes: E1=90" in str(err.value)


def test_assert_total_accepts_any_value_the_validator_survives():
    from generated.validators import sc_infusion as validator

    rt.assert_total({"not": "an encounter"}, [validator.validate])  # unreadable: an `invalid` result
    rt.assert_total([1, 2], [validator.validate])
    rt.assert_total(json.loads(rt.encounter_json(sc_infusion_record(900))), [validator.validate])  # validated


def test_assert_total_fails_when_the_validator_raises():
    def crashing(record):
        raise ZeroDivisionError("a validator bug")

    rt.assert_total({"not": "an encounter"}, [crashing])  # never reaches the validator
    with pytest.raises(ZeroDivisionError):
        rt.assert_total(json.loads(rt.encounter_json(sc_infusion_record(900))), [crashing])


# ---- unit invariance ----
@pytest.mark.parametrize("value, dim, written, expected", [
    (15, units.TIME, "15 min", ["0.25 h", "900 s", "15 mins"]),  # 15/60 = 0.25 h; 15*60 = 900 s
    (91, units.TIME, "91 min", ["5460 s", "91 mins"]),  # 91/60 h has no exact decimal
    (100, units.VOLUME, "100 mL", ["0.1 L", "100 cc"]),
    (1000, units.MASS, "1 g", ["0.001 kg", "1000 mg"]),
])
def test_alternative_spellings_are_exact(value, dim, written, expected):
    got = alternatives(value, dim, written)
    for text in expected:
        assert text in got
    for text in got:
        number, symbol = text.split()
        assert units.to_canonical(Fraction(number), symbol) == value


def test_respelled_spec_compiles_to_the_same_thresholds():
    assert any('Respelling("15 min", "900 s"' in t for t in respellings(module(SC)))
    const = rule(SC, "sc_infusion_not_over_15_min").flag.right
    spelling = rt.Respelling("15 min", "900 s", ((const.origin.line, const.origin.column, const.origin.end_column),))
    variant = rt.respelled_interpreter(SC, spelling).module
    flag = next(r.flag for r in variant.rules if r.id == "sc_infusion_not_over_15_min")
    assert flag.right.written == "900 s" and flag.right.value == 15


def test_a_respelling_that_no_longer_matches_the_spec_says_rebuild():
    line = rule(SC, "sc_infusion_not_over_15_min").origin.line
    with pytest.raises(AssertionError, match="rebuild"):
        rt.respelled_interpreter(SC, rt.Respelling("15 min", "900 s", ((line, 1, 5),)))


# ---- strategies ----
def test_time_edges_are_the_spec_time_edges():
    # sc_infusion: stop vs start (0), `<= 15 min`, `>= 16 min`, and the 96370 bands 91, 151, 211 min
    assert time_edges(module(SC)) == [0, 15, 16, 91, 151, 211]
    # claim_edits and drugs compare no time: their generated tests have no time-boundary test
    assert time_edges(module(CLAIMS)) == [] and time_edges(module(DRUGS)) == []


@settings(max_examples=60, derandomize=True, deadline=None)
@given(record=rt.boundary_encounters((0, 15, 16, 91, 151, 211)))
def test_boundary_encounters_last_an_edge_duration(record):
    edges = {s for t in (0, 15, 16, 91, 151, 211) for s in rt.edge_seconds(t) if s >= 0}
    for ep in record.episodes:
        if ep.stop is not None:
            assert abs(round((ep.stop - ep.start).total_seconds())) in edges


def test_boundary_encounters_need_a_time_edge():
    with pytest.raises(ValueError, match="at least one time edge"):
        rt.boundary_encounters(())


FOCUS = rt.Target("rule", "supply_included_in_admin", "x", codes=("A4215",), pool=("A4215",), settings=("physician",),
                  payers=("uhc",), day="2024-09-30", edges=(Edge(Knob("seconds", route="subcutaneous"), 15, "a", "t"),))


@settings(max_examples=60, derandomize=True, deadline=None)
@given(record=rt.focused_encounters(FOCUS, module(CLAIMS)))
def test_focused_encounters_keep_to_the_target_setting_and_day(record):
    # the unfocused strategy draws facility claims too and dates them 2024-08-14 (rt.DAY); codes and
    # payers only lean towards the target, which the next test checks
    assert record.setting == "physician" and record.date_of_service.isoformat() == "2024-09-30"


def test_focused_encounters_lean_towards_the_target_codes_and_payers():
    seen = []

    @settings(max_examples=80, derandomize=True, deadline=None)
    @given(record=rt.focused_encounters(FOCUS, module(CLAIMS)))
    def collect(record):
        seen.append(record)

    collect()
    assert sum(any(ln.code == "A4215" for ln in r.lines) for r in seen) > len(seen) / 3
    assert any(r.payer == "uhc" for r in seen)
    durations = {round((ep.stop - ep.start).total_seconds()) for r in seen for ep in r.episodes if ep.stop is not None}
    assert durations & {840, 899, 900, 901, 959, 960}  # the target's 15-minute edge


def test_assert_same_time_verdicts_names_the_rule_that_moved():
    record = sc_infusion_record(900)
    loc = rule(SC, "sc_infusion_not_over_15_min").location
    before = results.Report([_finding("sc_infusion_not_over_15_min", loc, 0, elapsed=15)], {}, {})
    moved = rt.shift_and_rezone(record, timedelta(hours=5), "Asia/Kathmandu")
    rt.assert_same_time_verdicts(before, before, record, moved)
    with pytest.raises(AssertionError, match=rf"rule `sc_infusion_not_over_15_min` \({loc}\): error on line 1 only before"):
        rt.assert_same_time_verdicts(before, results.Report([], {}, {}), record, moved, module=module(SC))


# ---- edges on inputs that are not amounts (compiler/boundaries/inputs.py), as `codespec diff` turns them ----
def runtime_target(spec, name):
    return next(t for t in edgecases.targets(module(spec)) if t.name == name)


def first_line(record):
    return record["lines"][0]


def test_a_where_asking_for_one_code_or_another_focuses_on_both():
    # units_below_time_support: `line.code = 96370 or (line.code = 96369 and ...)`; its cases bill the
    # first branch's code and random encounters lean towards both, so a 96369 line meets a 96370 line
    below = runtime_target(SC, "units_below_time_support")
    assert (below.codes, below.pool) == (("96370",), ("96370", "96369"))
    addon = runtime_target(SC, "addon_without_primary")  # `line.code in sc_addons or line.code in table_addons`
    assert addon.codes == ("96370",) and {"96371", "96366"} <= set(addon.pool)
    # an `or` whose branches ask for different fields focuses on neither
    from compiler.pipeline import compile_source
    from compiler.source import SourceFile

    mixed = compile_source(SourceFile("specs/mixed.rules", '''spec mixed "An or of two fields"
code 96370 "SC infusion, each additional hour"
rule r error "Either."
  for each line where line.code = 96370 or encounter.setting = facility
  flag when line.units > 1
  message "{code}"
  report code = line.code
''')).module
    target = next(t for t in edgecases.targets(mixed) if t.name == "r")
    assert (target.codes, target.pool, target.settings) == ((), (), ("physician", "facility"))


def test_an_effective_date_is_probed_the_day_before_on_and_after_it_with_the_flag_turned():
    # drugs.rules: JW/JZ are required `effective since 2023-07-01`; the rule reads a drug line but names no
    # code, so its cases bill J1559 (100 mg units); with no modifier the rule fires from that day on
    t = runtime_target(DRUGS, "drug_discard_modifier_missing")
    assert t.codes == ("J1559",)
    assert Edge(Knob("day"), date(2023, 7, 1), t.location, "in force from 2023-07-01") in t.edges
    bare = {c.record["date_of_service"] for c in edgecases.probes(t, module(DRUGS))
            if c.record["setting"] == "physician" and first_line(c.record)["code"] == "J1559"
            and first_line(c.record)["modifiers"] == []}
    assert {"2023-06-30", "2023-07-01", "2023-07-02", "2024-08-14"} <= bare


def test_a_table_read_by_a_rule_is_probed_around_its_rows_effective_dates():
    # mue.csv: every row is in force from 2024-07-01; its first row is facility 96360 (MUE 2)
    t = runtime_target(CLAIMS, "mue_exceeded")
    dated = [c for c in edgecases.probes(t, module(CLAIMS)) if "day" in c.kinds]
    assert [(c.record["setting"], [ln["code"] for ln in c.record["lines"]], c.record["date_of_service"]) for c in dated] == \
        [("facility", ["96360"], day) for day in ("2024-06-30", "2024-07-01", "2024-07-02")]
    assert all(c.table == "mue" for c in dated)


def test_a_code_pair_row_bills_both_of_its_codes_in_its_setting():
    # ptp.csv row `facility,0708T,96369,1,...`: 96369 is column 2 (the rule's own line), 0708T column 1
    t = runtime_target(CLAIMS, "ptp_not_allowed")
    rows = {c.id: c.record for c in edgecases.probes(t, module(CLAIMS)) if c.kinds == () and c.table == "ptp"}
    record = rows["facility-0708T,96369"]
    assert record["setting"] == "facility" and [ln["code"] for ln in record["lines"]] == ["96369", "0708T"]
    assert len(rows) == 216  # one per row of ptp.csv, all in force on 2024-08-14


def test_a_code_pair_standing_for_the_others_is_probed_with_and_without_each_bypass_modifier():
    # ptp.csv, 2024-08-14: physician rows with modifier indicator 1 (first: 0394T, 96369) and 0 (77750, 96369),
    # and an E/M column 2 (96369, 99202); XU bypasses an MI 1 edit of a non-E/M code, 25 one of an E/M code,
    # nothing bypasses MI 0 (F-PTP-MI)
    t = runtime_target(CLAIMS, "ptp_modifier_required")
    oracle = rt.interpreter_for(CLAIMS)
    verdicts = {}
    for c in edgecases.probes(t, module(CLAIMS)):
        codes = tuple(ln["code"] for ln in c.record["lines"])
        if c.record["setting"] == "physician" and c.table == "ptp" and len(codes) == 2:
            fired = {f.rule for f in oracle.validate(parse_encounter(c.record)).findings}
            verdicts[(codes, tuple(first_line(c.record)["modifiers"]))] = fired
    assert verdicts[(("96369", "0394T"), ())] >= {"ptp_modifier_required"}
    assert "ptp_modifier_required" not in verdicts[(("96369", "0394T"), ("XU",))]
    assert "ptp_modifier_required" in verdicts[(("96369", "0394T"), ("25",))]  # 25 is the E/M bypass only
    assert "ptp_modifier_required" not in verdicts[(("96369", "77750"), ("XU",))]
    assert "ptp_not_allowed" in verdicts[(("96369", "77750"), ("XU",))]
    assert "ptp_modifier_required" in verdicts[(("99202", "96369"), ("XU",))]  # XU is not the E/M bypass
    assert "ptp_modifier_required" not in verdicts[(("99202", "96369"), ("25",))]


def test_neighbouring_ranks_are_billed_together_in_both_orders():
    # initial_hierarchy.csv ranks 96413 < 96409 < 96365 < 96369 < 96374 < 96360: five neighbouring pairs
    t = runtime_target(CLAIMS, "multiple_initial_services")
    ranked = ["96413", "96409", "96365", "96369", "96374", "96360"]
    pairs = set(zip(ranked, ranked[1:]))
    got = {tuple(ln["code"] for ln in c.record["lines"][:2]) for c in edgecases.probes(t, module(CLAIMS))
           if c.record["setting"] == "physician"}
    assert pairs | {(b, a) for a, b in pairs} <= got


def test_layouts_spread_the_same_infusion_time_over_two_episodes():
    # 901 s split: 450 s, then 451 s starting 450 + 600 s after the first start; concurrent: 901 s twice at once
    t = sc_target(codes=("96369",))
    turned = {Knob("seconds", route="subcutaneous"): 901}

    def spans(layout):
        record = parse_encounter(rt.scenario(t, module(SC), "physician", "medicare",
                                             {**turned, Knob("layout", route="subcutaneous"): layout}))
        base = record.episodes[0].start
        return [((ep.start - base).total_seconds(), timecalc.elapsed_seconds(ep.start, ep.stop)) for ep in record.episodes]

    assert spans("single") == [(0, 901)]
    assert spans("split") == [(0, 450), (1050, 451)]
    assert spans("concurrent") == [(0, 901), (0, 901)]


def test_dose_edges_are_a_milligram_around_whole_hcpcs_units():
    # 1 unit of 100 mg: 99 and 100 mg make 1 unit, 101 mg makes 2; None keeps the dose the billed units make
    edge = Edge(Knob("dose"), 1, "x:1:1", "ceil(drug_dose() / line.drug.unit_size) = 1")
    assert [v for v, _ in rt.edge_values(edge)] == [None, 99, 100, 101]
    record = rt.scenario(rt.Target("rule", "r", "x"), module(DRUGS), "physician", "medicare", {Knob("dose"): 101})
    assert first_line(record)["code"] == "J1559"
    assert first_line(record)["drug"] == {"hcpcs_unit_mg": 100, "dose_mg": 101, "single_dose_container": True}


@pytest.mark.parametrize("field, value, check", [
    ("encounter.place_of_service", "19", lambda r: r.place_of_service == "19"),
    ("encounter.payer", "bcbs_ibc", lambda r: r.payer == "bcbs_ibc"),
    ("line.code", "96370", lambda r: [ln.code for ln in r.lines] == ["96370"]),
    ("line.revenue_code", "0260", lambda r: r.lines[0].revenue_code == "0260"),
    ("line.modifiers", "XU", lambda r: r.lines[0].modifiers == ("XU",)),
    # a drug line otherwise gets JZ; `none of the set` must leave it bare
    ("line.modifiers", None, lambda r: r.lines[0].modifiers == ()),
])
def test_a_value_knob_sets_its_field(field, value, check):
    t = rt.Target("rule", "r", "x", codes=("J1559",))
    record = parse_encounter(rt.scenario(t, module(CLAIMS), "physician", "medicare", {Knob("value", field=field): value}))
    assert check(record), rt.encounter_json(record)


def test_spread_bills_the_units_of_the_own_code_on_two_lines():
    # 3 units: 2 on the rule's own line and 1 on a second line of the same code (units_of sums them)
    record = rt.scenario(sc_target(codes=("96369",)), module(SC), "physician", "medicare", {Knob("spread", own_line=True): 3})
    assert [(ln["code"], ln["units"]) for ln in record["lines"]] == [("96369", 2), ("96369", 1)]


def test_a_fixed_knob_holds_in_every_case_of_the_target():
    t = runtime_target(CLAIMS, "multiple_initial_services")
    knob = Knob("value", field="line.modifiers", set="distinct_service")
    cases = edgecases.probes(t, module(CLAIMS), fixed={knob: "XU"})
    assert cases and all("XU" in first_line(c.record)["modifiers"] for c in cases)
    assert all("line.modifiers[distinct_service]=XU" in c.id for c in cases)


def test_a_large_set_is_sampled_evenly_and_a_small_one_whole():
    # 26 letters, 8 picks: index round(i * 26 / 7), at most 25, for i = 0..7 -> 0, 4, 7, 11, 15, 19, 22, 25
    assert sample("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == list("AEHLPTWZ")
    assert sample({"25"}) == ["25"]


def test_failure_messages_give_infusion_minutes_per_encounter():
    # Two encounters of 10 and 20 minutes: the rules see 10 and 20, never a 30-minute union.
    from compiler.runtime.testing.describe import describe_values

    def episode(n, start, stop):
        return {"id": f"E{n}", "encounter": n, "kind": "infusion", "route": "subcutaneous", "pump_setups": 1,
                "sites": 1, "start": f"2024-08-14T{start}:00-04:00", "stop": f"2024-08-14T{stop}:00-04:00"}

    record = parse_encounter({"id": "two", "setting": "physician", "payer": "medicare", "date_of_service": "2024-08-14",
                              "place_of_service": "11", "lines": [],
                              "episodes": [episode(1, "09:00", "09:10"), episode(2, "13:00", "13:20")]})
    text = describe_values(record, module(SC))
    assert "subcutaneous (encounter 1)=10, subcutaneous (encounter 2)=20" in text
