"""Lint warnings a spec author sees: codes and `line:col` positions, counted by hand from the fixtures.

Every fixture starts with HEAD (5 lines), so the body's first line is line 6.
"""

from __future__ import annotations

from compiler.pipeline import compile_all, compile_source
from compiler.source import SourceFile

LINT_CODES = {"band-gap", "band-overlap", "rule-never-fires", "derive-never-applies", "rule-shadowed",
              "code-set-overlap", "bad-pragma"}

HEAD = """spec t "lint fixture"
code 96369 "first hour"
code 96370 "each additional hour"
code 96372 "injection"
let t per encounter = infusion_time(subcutaneous)
"""


def lint_warnings(body: str):
    compiled = compile_source(SourceFile("specs/t.rules", HEAD + body))
    return [w for w in compiled.warnings if w.code in LINT_CODES]


def found(body: str) -> list[tuple[str, int, int]]:
    return [(w.code, w.span.line, w.span.column) for w in lint_warnings(body)]


# ---- time bands of a derive ----
def test_gap_between_bands_at_one_minute():
    # t < 91 and t > 91 leave exactly t = 91 to `otherwise 0`; the bound to move is `t < 91 min` (col 26)
    body = """derive 96370 per encounter =
  1 when t >= 16 min and t < 91 min
  otherwise 2 when t > 91 min
  otherwise 0
"""
    (w,) = lint_warnings(body)
    assert (w.code, w.span.line, w.span.column) == ("band-gap", 7, 26)
    assert "`t` is 91 min" in w.message
    assert w.severity == "warning" and w.hint


def test_whole_minutes_leave_no_gap_between_90_and_91():
    # partial_minutes = truncate (the default): infusion time is whole minutes, nothing lies in (90, 91)
    body = """derive 96370 per encounter =
  1 when t >= 16 min and t <= 90 min
  otherwise 2 when t >= 91 min
  otherwise 0
"""
    assert found(body) == []


def test_exact_seconds_open_a_gap_between_90_and_91():
    # with partial_minutes = exact, 90.5 min is documented time that no band covers; the fix is
    # `t >= 91 min` on line 9 (the bound above the gap), column 20
    body = """policy partial_minutes = exact
derive 96370 per encounter =
  1 when t >= 16 min and t <= 90 min
  otherwise 2 when t >= 91 min
  otherwise 0
"""
    (w,) = lint_warnings(body)
    assert (w.code, w.span.line, w.span.column) == ("band-gap", 9, 20)
    assert "more than 90 min and less than 91 min" in w.message


def test_wide_gap_is_reported_as_a_minute_range():
    # band 1 ends before 60, band 2 starts after 120: 60..120 min get 0 units
    body = """derive 96370 per encounter =
  1 when t >= 16 min and t < 60 min
  otherwise 2 when t > 120 min
  otherwise 0
"""
    (w,) = lint_warnings(body)
    assert (w.code, w.span.line) == ("band-gap", 8)
    assert "60 min to 120 min" in w.message


def test_documented_zero_units_regions_are_not_gaps():
    # below 16 min (no 96369) and above a bounded top band are the 0-units region, not a gap
    assert found("derive 96369 per encounter = 1 when t is present and t >= 16 min otherwise 0\n") == []
    assert found("derive 96372 per encounter = 1 when t >= 1 min and t <= 15 min otherwise 0\n") == []


def test_a_non_zero_otherwise_is_a_band_and_leaves_no_gap():
    body = """derive 96370 per encounter =
  1 when t < 16 min
  otherwise 3 when t > 91 min
  otherwise 2
"""
    assert found(body) == []


def test_crossing_bands_overlap():
    # [16, 91] and [90, inf) both claim 90 and 91 min; reported at the later band's test (line 8, col 20)
    body = """derive 96370 per encounter =
  1 when t >= 16 min and t <= 91 min
  otherwise 2 when t >= 90 min
  otherwise 0
"""
    (w,) = lint_warnings(body)
    assert (w.code, w.span.line, w.span.column) == ("band-overlap", 8, 20)
    assert "90 min to 91 min" in w.message and "line 7:10" in w.message


def test_most_specific_first_chain_is_not_an_overlap():
    body = """derive 96370 per encounter =
  3 when t >= 151 min
  otherwise 2 when t >= 91 min
  otherwise 1 when t >= 16 min
  otherwise 0
"""
    assert found(body) == []


def test_band_swallowed_by_an_earlier_band_never_applies():
    # 20..60 min lies inside the earlier 16..91 min band
    body = """derive 96370 per encounter =
  1 when t >= 16 min and t <= 91 min
  otherwise 2 when t >= 20 min and t <= 60 min
  otherwise 0
"""
    (w,) = lint_warnings(body)
    assert (w.code, w.span.line, w.span.column) == ("band-overlap", 8, 20)
    assert "never applies" in w.message


def test_band_with_contradictory_bounds():
    body = """derive 96370 per encounter =
  1 when t > 90 min and t < 60 min
  otherwise 2 when t >= 91 min
  otherwise 0
"""
    assert found(body) == [("derive-never-applies", 7, 10)]


def test_band_for_missing_time_is_fine():
    assert found("derive 96369 per encounter = 0 when t is missing otherwise 1 when t >= 16 min otherwise 0\n") == []


def test_derive_where_that_never_holds():
    # "derive 96372 per encounter = 1 where " is 37 characters
    body = "derive 96372 per encounter = 1 where t > 15 min and t < 10 min\n"
    assert found(body) == [("derive-never-applies", 6, 38)]


# ---- rules that can never fire ----
def rule(name: str, where: str | None, flag: str, extra: str = "") -> str:
    subject = "  for each line" + (f" where {where}" if where else "")
    return f'rule {name} error "d"\n{subject}\n  flag when {flag}\n{extra}  message "m"\n'


def test_flag_with_contradictory_time_bounds():
    (w,) = lint_warnings(rule("r", "line.code = 96369", "t > 90 min and t < 60 min"))
    assert (w.code, w.span.line, w.span.column) == ("rule-never-fires", 8, 13)
    assert "`t`" in w.message and "`flag when`" in w.message


def test_flag_false_on_constants_alone():
    (w,) = lint_warnings(rule("r", None, "line.units > 1 and 1 min > 2 min"))
    assert (w.code, w.span.line, w.span.column) == ("rule-never-fires", 8, 13)
    assert "false whatever the claim says" in w.message


def test_where_requiring_a_code_outside_its_set():
    body = "codes addons = {96370}\n" + rule("r", "line.code in addons and line.code = 96369", "line.units > 1")
    # line 8: "  for each line where " is 22 characters
    assert found(body) == [("rule-never-fires", 8, 23)]


def test_flag_contradicting_where():
    (w,) = lint_warnings(rule("r", "line.code = 96369", "line.code = 96370 and line.units > 1"))
    assert (w.code, w.span.line, w.span.column) == ("rule-never-fires", 8, 13)
    assert "contradicts the `where`" in w.message


def test_missing_value_never_passes_a_comparison():
    # where t is missing, `t > 5 min` is missing too (three-valued logic), never true
    assert found(rule("r", "t is missing", "t > 5 min")) == [("rule-never-fires", 8, 13)]
    assert found(rule("r", "line.code = 96369", "t is missing or t > 5 min")) == []


def test_contradiction_inside_a_bool_let_counts():
    body = "let short per encounter = t < 10 min\n" + rule("r", "short", "t > 20 min")
    assert found(body) == [("rule-never-fires", 9, 13)]


def test_satisfiable_rules_and_policy_choices_are_not_flagged():
    assert found(rule("r", "line.code = 96369", "t > 60 min and t < 90 min")) == []
    assert found(rule("r", "line.code in {96369, 96370}", "line.code != 96369")) == []
    # a policy is a choice the author may change, not a constant to reason about
    assert found(rule("r", "line.code = 96369", "policy.missing_stop_time = unknown")) == []


# ---- shadowed rules ----
def test_identical_conditions_shadow_the_later_rule():
    body = rule("a", "line.code = 96369", "t > 5 min and line.units > 1") + \
        rule("b", "line.code = 96369", "line.units > 1 and t > 5 min")
    (w,) = lint_warnings(body)
    assert (w.code, w.span.line, w.span.column) == ("rule-shadowed", 10, 1)
    assert "`a`" in w.message and "line 6:1" in w.message


def test_parenthesised_and_is_the_same_condition():
    body = rule("a", None, "t > 5 min and line.units > 1 and line.units < 9") + \
        rule("b", None, "(line.units < 9 and t > 5 min) and line.units > 1")
    assert found(body) == [("rule-shadowed", 10, 1)]


def test_with_names_are_compared_by_what_they_stand_for():
    body = rule("a", None, "line.units > 1") + rule("b", None, "n > 1", "  with n = line.units\n")
    assert found(body) == [("rule-shadowed", 10, 1)]


def test_different_subject_condition_or_period_is_not_shadowing():
    episode = 'rule b error "d"\n  for each episode\n  flag when t > 5 min\n  message "m"\n'
    assert found(rule("a", None, "t > 5 min") + episode) == []
    assert found(rule("a", None, "t > 5 min") + rule("b", None, "t >= 5 min")) == []
    body = rule("a", None, "t > 5 min", "  effective 2024-01-01 .. 2024-06-30\n") + \
        rule("b", None, "t > 5 min", "  effective 2024-07-01 ..\n")
    assert found(body) == []


# ---- code sets declared disjoint ----
def test_disjoint_pragma_reports_shared_codes_at_the_later_set():
    body = "# lint: disjoint firsts, addons\ncodes firsts = {96369, 96370}\ncodes addons = {96370}\n"
    (w,) = lint_warnings(body)
    assert (w.code, w.span.line, w.span.column) == ("code-set-overlap", 8, 1)
    assert "96370" in w.message and "pragma at line 6" in w.message


def test_overlapping_sets_without_pragma_are_fine():
    assert found("codes firsts = {96369, 96370}\ncodes addons = {96370}\n") == []
    assert found("# lint: disjoint firsts, addons\ncodes firsts = {96369}\ncodes addons = {96370}\n") == []


def test_bad_pragmas_are_reported_where_written():
    body = "codes firsts = {96369}\n# lint: disjoint firsts, nothing\n  # lint: frobnicate\n"
    assert found(body) == [("bad-pragma", 7, 1), ("bad-pragma", 8, 3)]


# ---- the shipped specs ----
def test_shipped_specs_compile_without_any_warning():
    compiled = compile_all()
    assert {"specs/claim_edits.rules", "specs/drugs.rules", "specs/sc_infusion.rules"} <= {c.source.path for c in compiled}
    for c in compiled:
        assert c.warnings == [], f"{c.source.path}: " + "; ".join(f"{w.span.line}:{w.span.column} {w.code}" for w in c.warnings)
