"""`codespec mutate`: the mutants each operator makes, the `# mutate:` explanations, and one real run
on a tiny spec with a known kill, a known survivor and an explained survivor."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from compiler.cli import main
from compiler.interp import Interpreter
from compiler.mutation import runner
from compiler.mutation.operators import mutants
from compiler.mutation.report import Explanation, explanations
from compiler.pipeline import ROOT, compile_all, compile_source
from compiler.runtime.model import parse_encounter
from compiler.source import SourceFile

OPS = """\
spec ops "Operator fixture"

code 96369 "SC infusion, first hour"
code 96372 "SC or IM injection"

codes pair = {96369, 96372}

let minutes per encounter = infusion_time(subcutaneous)

derive 96369 per encounter = 1 when minutes >= 16 min otherwise 0

rule short error "Too short."
  for each line where line.code in pair and not (minutes is missing)
  flag when minutes <= 15 min or line.units > 1
  effective 2024-01-01 ..
  message "{code}"
  report code = line.code
"""


def _at(text: str, fragment: str, skip: int = 0) -> str:
    """`line:column` (1-based) of a fragment that occurs once in the text, plus `skip` characters."""
    assert text.count(fragment) == 1, fragment
    before = text[:text.index(fragment) + skip]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def _compile(text: str, path: str = "specs/ops.rules"):
    return compile_source(SourceFile(path, text), ROOT)


def test_operators_make_the_expected_mutants_in_spec_order():
    spec = _compile(OPS)
    got = [(m.kind, m.location, m.description) for m in mutants(spec.module, OPS)]
    p, a = "specs/ops.rules:", lambda fragment, skip=0: "specs/ops.rules:" + _at(OPS, fragment, skip)
    rule, derive = "in rule short", "in derive 96369 per encounter"
    where = "in the `where` of rule short"
    assert got == [
        ("set-member", a("codes pair"), "`96369` removed from set pair"),
        ("set-member", a("codes pair"), "`96372` removed from set pair"),
        # derive, left to right: the value 1, the test `minutes >= 16 min`, the value 0
        ("band-edge", a("1 when"), f"`1` -> `0` {derive}"),
        ("band-edge", a("1 when"), f"`1` -> `2` {derive}"),
        ("flip", a("minutes >= 16"), f"`>=` -> `>` {derive}"),
        ("band-edge", a("16 min"), f"`16 min` -> `15 min` {derive}"),
        ("band-edge", a("16 min"), f"`16 min` -> `17 min` {derive}"),
        ("unit", a("16 min"), f"`16 min` -> `16 h` {derive}"),
        ("band-edge", a("otherwise 0", 10), f"`0` -> `-1` {derive}"),
        ("band-edge", a("otherwise 0", 10), f"`0` -> `1` {derive}"),
        # the rule: its severity and effective date sit on the `rule` line
        ("severity", p + "12:1", "severity `error` -> `warning` of rule short"),
        ("effective", p + "12:1", "effective from `2024-01-01` -> `2023-12-31` in rule short"),
        ("effective", p + "12:1", "effective from `2024-01-01` -> `2024-01-02` in rule short"),
        ("drop-condition", a("line.code in pair"), f"condition `line.code in pair` dropped from `and` {where}"),
        ("drop-where", a("line.code in pair"), "`where` dropped from rule short"),
        ("negation", a("line.code in pair"), f"`in` -> `not in` in `line.code in pair` {where}"),
        ("drop-condition", a("not (minutes"), f"condition `not (minutes is missing)` dropped from `and` {where}"),
        ("negation", a("not (minutes"), f"`not` removed from `not (minutes is missing)` {where}"),
        ("negation", a("minutes is missing"), f"`is missing` -> `is present` in `minutes is missing` {where}"),
        ("flip", a("minutes <= 15"), f"`<=` -> `<` {rule}"),
        ("drop-condition", a("minutes <= 15"), f"condition `minutes <= 15 min` dropped from `or` {rule}"),
        ("constant", a("15 min"), f"`15 min` -> `14 min` {rule}"),
        ("constant", a("15 min"), f"`15 min` -> `16 min` {rule}"),
        ("unit", a("15 min"), f"`15 min` -> `15 h` {rule}"),
        ("flip", a("line.units > 1"), f"`>` -> `>=` {rule}"),
        ("drop-condition", a("line.units > 1"), f"condition `line.units > 1` dropped from `or` {rule}"),
        ("constant", a("1\n  effective"), f"`1` -> `0` {rule}"),
        ("constant", a("1\n  effective"), f"`1` -> `2` {rule}"),
    ]


def _sc_encounter(minutes: int):
    start = datetime(2024, 8, 14, 9, 0, tzinfo=timezone.utc)
    return parse_encounter({
        "id": "t", "setting": "physician", "payer": "medicare", "date_of_service": "2024-08-14",
        "place_of_service": "11", "lines": [{"line": 1, "code": "96369", "units": 1, "modifiers": []}],
        "episodes": [{"id": "E1", "kind": "infusion", "route": "subcutaneous", "start": start.isoformat(),
                      "stop": (start + timedelta(minutes=minutes)).isoformat(), "pump_setups": 1, "sites": 1}]})


def test_a_moved_band_edge_changes_what_the_mutant_derives():
    spec = _compile(OPS)
    (moved,) = [m for m in mutants(spec.module, OPS) if m.description.startswith("`16 min` -> `15 min`")]
    record = _sc_encounter(15)
    # 15 minutes: below the 16-minute edge of the spec, on the edge of the mutant
    assert Interpreter(spec.module).validate(record).derived.get("96369") == 0
    assert Interpreter(moved.module).validate(record).derived.get("96369") == 1


def test_a_unit_swap_reads_minutes_as_hours():
    spec = _compile(OPS)
    (swapped,) = [m for m in mutants(spec.module, OPS) if m.description.startswith("`15 min` -> `15 h`")]
    record = _sc_encounter(61)  # 61 min: over 15 min, under 15 h = 900 min
    assert "short" not in {f.rule for f in Interpreter(spec.module).validate(record).findings}
    assert "short" in {f.rule for f in Interpreter(swapped.module).validate(record).findings}


def test_mutants_generating_identical_code_run_once():
    text = OPS.replace("flag when minutes <= 15 min or line.units > 1", "flag when line.units > 2 or line.units > 2")
    plan = runner.plan(_compile(text))
    # dropping the first or the second of two identical conditions leaves the same rule
    assert plan.duplicates == 1
    assert [m.description for m, _ in plan.todo].count("condition `line.units > 2` dropped from `or` in rule short") == 1


def test_rule_filter_keeps_only_that_rules_mutants():
    plan = runner.plan(_compile(OPS), {"short"})
    assert {m.rule for m, _ in plan.todo} == {"short"}
    assert len(plan.todo) == 18  # 28 mutants less the 2 of the set and the 8 of the derive


def test_explanations_speak_for_the_next_code_line():
    text = ('# mutate: counts are never negative\n'
            '# a plain comment in between\n'
            'flag when x > 0\n'
            '  # mutate "2 -> 1": only 3 units are tried\n'
            '\n'
            'rule y error\n')
    assert explanations("specs/x.rules", text) == [
        Explanation("specs/x.rules", 1, 3, None, "counts are never negative"),
        Explanation("specs/x.rules", 4, 5, "2 -> 1", "only 3 units are tried"),  # a blank line: it covers nothing
    ]


TINY = """\
spec tiny "Mutation-testing fixture"

code 96374 "IV push, single or initial drug"

rule too_many_units error "More than 2 units on a line, or a negative count."
  for each line
  # mutate "0 -> -1": fixture: units are never negative
  flag when line.units > 2 or line.units < 0
  message "{code}: {units} units"
  report code = line.code, units = line.units

example three_units "3 units is too many"
  encounter setting physician, payer medicare, date_of_service 2024-08-14, place_of_service "11"
  line 1: 96374 units 3
  expect reject
  expect line 1 too_many_units

example two_units "2 units is fine"
  encounter setting physician, payer medicare, date_of_service 2024-08-14, place_of_service "11"
  line 1: 96374 units 2
  expect no too_many_units

example zero_units "0 units is not negative"
  encounter setting physician, payer medicare, date_of_service 2024-08-14, place_of_service "11"
  line 1: 96374 units 0
  expect no too_many_units
"""


def test_end_to_end_kills_survivors_and_explanations(tmp_path, capsys):
    """The examples kill 7 of the 9 mutants: the severity (reject -> warn), `2` -> `3` and the dropped
    `line.units > 2` (three_units), `>` -> `>=` and `2` -> `1` (two_units), `<` -> `<=` and `0` -> `1`
    (zero_units). Units are never negative, so `line.units < 0` dropped and `0` -> `-1` change nothing
    whatever the tests: they survive, the second with the spec's explanation. Score 7 / 9 = 0.7778."""
    spec = tmp_path / "tiny.rules"
    spec.write_text(TINY, encoding="utf-8")
    code = main(["mutate", str(spec), "--format", "json", "--jobs", "2", "--timeout", "60"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # 0.7778 is below the default minimum of 0.95
    assert out["mutants"] == 9 and out["killed"] == 7 and out["score"] == 0.7778
    assert out["survivors"] == [{"spec": f"{spec}:{_at(TINY, 'line.units < 0')}",
                                 "mutation": "condition `line.units < 0` dropped from `or` in rule too_many_units"}]
    assert out["explained"] == [{"spec": f"{spec}:{_at(TINY, '< 0', 2)}", "mutation": "`0` -> `-1` in rule too_many_units",
                                 "reason": "fixture: units are never negative"}]
    assert out["errors"] == [] and out["invalid"] == [] and out["unused_explanations"] == []
    assert out["duplicates"] == 0 and out["unchanged"] == 0
    assert out["specs"] == [{"spec": str(spec), "mutants": 9, "killed": 7, "score": 0.7778}]


def test_the_shipped_specs_have_no_stale_explanations():
    """Every `# mutate:` comment names a code line (not a blank one), so none can silently explain nothing."""
    for c in compile_all():
        for e in explanations(c.source.path, c.source.text):
            assert c.source.line_text(e.target).strip(), f"{e.path}:{e.line}: `# mutate:` above a blank line"


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["mutate", str(tmp_path / "missing.rules")]) == 2
    assert "cannot read spec" in capsys.readouterr().err
    assert main(["mutate", "--rule", "no_such_rule"]) == 2
    assert "unknown rule(s) no_such_rule" in capsys.readouterr().err
    assert main(["mutate", "--jobs", "0"]) == 2
    assert main(["mutate", "--min-score", "1.5"]) == 2


def test_spec_errors_exit_1(tmp_path, capsys):
    bad = tmp_path / "bad.rules"
    bad.write_text('spec bad "x"\nrule r error "y"\n  for each line\n  flag when line.unitz > 1\n', encoding="utf-8")
    assert main(["mutate", str(bad)]) == 1
    assert f"{bad}:4:13" in capsys.readouterr().err
