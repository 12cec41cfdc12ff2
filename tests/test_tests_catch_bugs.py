"""Proof that the generated tests catch bugs, and that coverage notices what they never try.

(a) A bug seeded by hand in a copy of a generated validator (a comparison at the 15/16-minute edge
made strict or non-strict, the 91-minute band edge moved to 90, a code pair's bypass modifiers
ignored) makes the generated tests fail with a message naming the rule or derive, its spec line and
the values.
(b) An interpreter with one comparison flipped disagrees with the validator, and the generated
tests say where.
(c) `codespec coverage` lists, per rule, which sides of each boundary the tests reached, and
exits 1 when a reachable side was never hit.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from compiler.cli import main
from compiler.coverage import measure, report
from compiler.boundaries import module_boundaries
from compiler.coverage.recorder import record
from compiler.interp import Interpreter
from compiler.pipeline import ROOT
from compiler.runtime import logic, testing as rt
from tests.conftest import sc_infusion_record

SPEC = "specs/sc_infusion.rules"
MODULE = rt.interpreter_for(SPEC).module
GENERATED = ROOT / "generated"


def rule_location(rule_id: str) -> str:
    return next(r.location for r in MODULE.rules if r.id == rule_id)


def derive_location(code: str) -> str:
    return str(next(d.origin for d in MODULE.derives if d.code == code))


def let_location(name: str) -> str:
    return str(next(let.origin for let in MODULE.lets if let.name == name))


# ---- (a) hand-seeded bugs in a copy of generated/ ----
def _edit_once(line: str, edits: list[tuple[str, str]]) -> str:
    """Apply the first pattern that matches the line, exactly once."""
    for pattern, repl in edits:
        new, n = re.subn(pattern, repl, line, count=1)
        if n:
            return new
    raise AssertionError(f"no seeded edit applies to {line.strip()!r}")


def seed_in_rule(location: str, edits) -> Callable[[list[str]], int]:
    """Edit the verdict line of the check function whose spec-line comment is `# <location>`."""
    def apply(lines: list[str]) -> int:
        start = next(i for i, ln in enumerate(lines) if ln.strip().startswith(f"# {location} "))
        i = next(j for j in range(start, len(lines)) if "verdict =" in lines[j])
        lines[i] = _edit_once(lines[i], edits)
        return i
    return apply


def seed_in_derive(location: str, edits) -> Callable[[list[str]], int]:
    """Edit the code line that the derive's (or let's) spec-line comment ends."""
    def apply(lines: list[str]) -> int:
        i = next(i for i, ln in enumerate(lines) if ln.rstrip().endswith(f"# {location}"))
        lines[i] = _edit_once(lines[i], edits)
        return i
    return apply


NON_STRICT_TO_STRICT_15 = [(r"<=(\s*15\b)", r"<\1"), (r"logic\.le\((.*?, 15\))", r"logic.lt(\1")]
STRICT_16 = [(r">=(\s*16\b)", r">\1"), (r"logic\.ge\((sc_time, 16\))", r"logic.gt(\1")]
BAND_91_TO_90 = [(r"\b91\b", "90")]


@dataclass(frozen=True)
class Seeded:
    name: str
    apply: Callable[[list[str]], int]
    owner: str  # how the failure message names what differs
    failing_test: str  # the generated test named after it, which must be among the failures
    values: str  # a value the message must quote (elapsed minutes at the edge)
    spec: str = "sc_infusion"  # whose generated validator gets the bug


CLAIM_EDITS = rt.interpreter_for("specs/claim_edits.rules").module
PTP_MODIFIER_REQUIRED = next(r.location for r in CLAIM_EDITS.rules if r.id == "ptp_modifier_required")


SEEDED = [
    Seeded("rule `<=` -> `<` at 15 min", seed_in_rule(rule_location("sc_infusion_not_over_15_min"), NON_STRICT_TO_STRICT_15),
           f"rule `sc_infusion_not_over_15_min` ({rule_location('sc_infusion_not_over_15_min')})",
           "test_sc_infusion_not_over_15_min__boundaries", "elapsed minutes: E1=15"),
    # the add-on hours' band edge is written once, in `let addon_hours`: the rule and the derive reading it both notice
    Seeded("let 91 -> 90, read by a rule", seed_in_derive(let_location("addon_hours"), BAND_91_TO_90),
           f"rule `addon_units_exceed_time` ({rule_location('addon_units_exceed_time')})",
           "test_addon_units_exceed_time__boundaries", "elapsed minutes: E1=90"),
    Seeded("derive 96369 `>=` -> `>` at 16 min", seed_in_derive(derive_location("96369"), STRICT_16),
           f"derive `96369` ({derive_location('96369')})", "test_derive_96369__boundaries", "elapsed minutes: E1=16"),
    Seeded("let 91 -> 90, read by a derive", seed_in_derive(let_location("addon_hours"), BAND_91_TO_90),
           f"derive `96370` ({derive_location('96370')})", "test_derive_96370__boundaries", "elapsed minutes: E1=90"),
    # a code pair's bypass modifier ignored: caught by the pair rows turned with each modifier the rule tests
    Seeded("ptp bypass modifiers ignored", seed_in_rule(PTP_MODIFIER_REQUIRED, [(r"NCCI_BYPASS\.isdisjoint\(line\.modifiers\)", "True")]),
           f"rule `ptp_modifier_required` ({PTP_MODIFIER_REQUIRED})", "test_ptp_modifier_required__boundaries",
           "96369 x1 [", spec="claim_edits"),
    # the primaries billed on the add-on's date not counted: caught by the add-on table's rows, each
    # billed with its primary (96361 is the first add-on of the table)
    Seeded("add-on primaries not counted", seed_in_rule(rule_location("addon_without_primary"), [
        (r"fn\.total_in\(ctx\.units_by_day\[ctx\.line_dates\[line\.index\]\], primaries\)", "0")]),
           f"rule `addon_without_primary` ({rule_location('addon_without_primary')})",
           "test_addon_without_primary__boundaries", "lines: 1: 96361 x1; 2: 96360 x1"),
]


def _env(work: Path) -> dict:
    env = dict(os.environ)
    env.update(PYTHONPATH=os.pathsep.join([str(work), str(ROOT)]), HYPOTHESIS_PROFILE="ci", PYTEST_ADDOPTS="",
               PYTHONDONTWRITEBYTECODE="1")
    return env


def _copy(tmp: Path, seeded: Seeded | None) -> tuple[Path, str, str]:
    """A copy of generated/ with the bug seeded; (dir, line before, line after)."""
    work = tmp / (re.sub(r"\W+", "_", seeded.name) if seeded else "pristine")
    shutil.copytree(GENERATED, work / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    (work / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # keep the repository's pytest options out
    before = after = ""
    if seeded is not None:
        path = work / "generated" / "validators" / f"{seeded.spec}.py"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        original = list(lines)
        i = seeded.apply(lines)
        before, after = original[i], lines[i]
        assert sum(a != b for a, b in zip(original, lines)) == 1
        path.write_text("".join(lines), encoding="utf-8")
    return work, before, after


def _run(work: Path, specs, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", *(f"generated/tests/test_{s}.py" for s in specs), "-q",
                           "-p", "no:cacheprovider", "--tb=short", *options],
                          cwd=work, env=_env(work), capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def seeded_runs(tmp_path_factory):
    """Each seeded copy's run of the one generated test named after the bugged rule or derive (all its
    cases), two at a time (two cores)."""
    tmp = tmp_path_factory.mktemp("seeded")
    copies = {s.name: _copy(tmp, s) for s in SEEDED}
    work = next(iter(copies.values()))[0]
    where = subprocess.run([sys.executable, "-c", "import generated.validators.sc_infusion as v; print(v.__file__)"],
                           cwd=work, env=_env(work), capture_output=True, text=True, timeout=120).stdout.strip()
    assert Path(where).resolve().is_relative_to(work.resolve()), f"the copy's tests would import {where}"
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = dict(zip(copies, pool.map(lambda s: _run(copies[s.name][0], [s.spec], "-k", s.failing_test), SEEDED)))
    return {name: (copies[name][1], copies[name][2], runs[name]) for name in copies}


@pytest.mark.parametrize("seeded", SEEDED, ids=lambda s: s.name)
def test_a_seeded_bug_fails_a_test_named_after_the_rule_with_its_spec_line_and_values(seeded, seeded_runs):
    before, after, run = seeded_runs[seeded.name]
    output = run.stdout + run.stderr
    assert before != after
    assert run.returncode == 1, f"seeded `{after.strip()}` (was `{before.strip()}`) went unnoticed:\n{output[-3000:]}"
    failed = re.findall(r"^FAILED \S+::(\w+)", output, re.MULTILINE)
    assert failed and set(failed) == {seeded.failing_test}, f"{seeded.failing_test} did not fail; failed: {sorted(set(failed))}"
    assert seeded.owner in output
    assert seeded.values in output
    assert 'encounter: {"id": "edge"' in output  # the encounter, as JSON


def test_the_same_tests_pass_on_a_pristine_copy(tmp_path):
    """Without a seeded bug the tests named above pass on the same copy, so their failures are the bug's."""
    work, _, _ = _copy(tmp_path, None)
    run = _run(work, sorted({s.spec for s in SEEDED}), "-k", " or ".join(s.failing_test for s in SEEDED))
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    assert re.search(r"\b\d+ passed", run.stdout)


# ---- (b) an interpreter that disagrees ----
@pytest.fixture
def flipped(monkeypatch):
    """The oracle with `sc_time <= 15 min` of sc_infusion_not_over_15_min negated (the monkeypatch is undone
    after the test)."""
    oracle = rt.interpreter_for(SPEC)
    target = next(r for r in oracle.module.rules if r.id == "sc_infusion_not_over_15_min").flag
    original = Interpreter.eval

    def eval_flipping_one(self, e, ctx, scope):
        value = original(self, e, ctx, scope)
        return logic.not3(value) if e is target else value

    monkeypatch.setattr(Interpreter, "eval", eval_flipping_one)
    return oracle


def test_the_differential_assertion_names_the_rule_the_flipped_interpreter_decides_differently(flipped):
    from generated.validators import sc_infusion as validator

    record = sc_infusion_record(900)  # 15 min: the rule flags it
    with pytest.raises(AssertionError) as err:
        rt.assert_same_report(validator.validate(record), flipped.validate(record), record, module=MODULE)
    text = str(err.value)
    assert f"rule `sc_infusion_not_over_15_min` ({rule_location('sc_infusion_not_over_15_min')})" in text
    assert "only generated validator: line 1" in text  # the validator flags 15 min; the flipped oracle does not
    assert "elapsed minutes: E1=15" in text and "encounter: {" in text


def test_the_generated_boundary_test_fails_against_the_flipped_interpreter(flipped, monkeypatch):
    from generated.tests import test_sc_infusion as generated

    cases = [c for c in rt.boundary_cases(generated.SC_INFUSION_NOT_OVER_15_MIN, generated.MODULE) if "seconds" in c.id]
    assert cases
    for case in cases:
        with pytest.raises(AssertionError, match="rule `sc_infusion_not_over_15_min`"):
            generated.test_sc_infusion_not_over_15_min__boundaries(case)
    monkeypatch.undo()
    for case in cases:
        generated.test_sc_infusion_not_over_15_min__boundaries(case)


def test_the_random_differential_test_fails_against_the_flipped_interpreter(flipped):
    from generated.tests import test_sc_infusion as generated

    rt.load_profile()
    with pytest.raises((AssertionError, ExceptionGroup)) as err:
        generated.test_agrees_with_interpreter()
    errors = err.value.exceptions if isinstance(err.value, ExceptionGroup) else (err.value,)
    assert all(f"rule `sc_infusion_not_over_15_min` ({rule_location('sc_infusion_not_over_15_min')})" in str(e) for e in errors), [str(e)[:300] for e in errors]


# ---- (c) coverage ----
def _row(groups, owner: str, text: str):
    g = next(g for g in groups if f"{g.kind} {g.name}" == owner)
    return next(r for r in g.rows if r.boundary.text == text)


def test_the_recorder_sees_each_side_of_the_fifteen_minute_edge():
    # 14 min (840 s) is below 15, 15 min 59 s truncates to 15 (at), 16 min is above
    interpreter = Interpreter(MODULE)
    hits = record(interpreter, [sc_infusion_record(840), sc_infusion_record(959), sc_infusion_record(960)]).to_json()
    groups = report.build(MODULE, module_boundaries(MODULE), hits)
    row = _row(groups, "rule sc_infusion_not_over_15_min", "sc_time <= 15 min")
    assert dict(row.hits) == {"below": 1, "at": 1, "above": 1} and row.missing == []
    assert interpreter.tracer is None  # detached again


def test_a_side_never_hit_is_reported_missing_and_impossible_sides_are_not():
    hits = record(Interpreter(MODULE), [sc_infusion_record(900)]).to_json()  # 15 min only: at, never below or above
    groups = report.build(MODULE, module_boundaries(MODULE), hits)
    assert _row(groups, "rule sc_infusion_not_over_15_min", "sc_time <= 15 min").missing == ["below", "above"]
    reversed_ = _row(groups, "rule sc_infusion_not_over_15_min", "sc_reversed = 0")
    assert reversed_.boundary.reachable == ("at", "above") and reversed_.missing == ["above"]  # a count is never < 0
    text = report.render_text(SPEC, groups, "2 tests")
    assert "below NEVER" in text and "below n/a" in text
    assert report.to_json(SPEC, groups, {})["missing"] == report.missing_count(groups) > 0


def test_coverage_of_the_shipped_sc_infusion_tests_hits_every_reachable_side(capsys):
    code = main(["coverage", SPEC, "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["ok"] and out["missing"] == 0
    (spec,) = out["specs"]
    listed = {(o["kind"], o["name"]): o for o in spec["owners"]}
    for r in MODULE.rules:
        assert listed[("rule", r.id)]["location"] == r.location
    fifteen = next(b for b in listed[("rule", "sc_infusion_not_over_15_min")]["boundaries"] if b["text"] == "sc_time <= 15 min")
    assert fifteen["edge"] == 15 and fifteen["unit"] == "min" and all(fifteen["hits"][s] > 0 for s in ("below", "at", "above"))
    assert out["tests"]["failed"] == 0 and out["tests"]["collected"] > 0


def test_coverage_exits_1_when_a_side_is_never_hit(monkeypatch, capsys):
    hits = record(Interpreter(MODULE), [sc_infusion_record(900)]).to_json()
    monkeypatch.setattr(measure, "run_tests", lambda root, specs, profile=None: measure.Measured({SPEC: hits}, 0, 1, 0, ""))
    assert main(["coverage", SPEC]) == 1
    out = capsys.readouterr().out
    assert "rule sc_infusion_not_over_15_min" in out and "below NEVER" in out and "never hit" in out


def test_coverage_exits_1_when_the_tests_fail(monkeypatch, capsys):
    hits = record(Interpreter(MODULE), [sc_infusion_record(s) for s in (840, 900, 960)]).to_json()
    monkeypatch.setattr(measure, "run_tests", lambda root, specs, profile=None: measure.Measured({SPEC: hits}, 1, 3, 1, "FAILED x"))
    assert main(["coverage", SPEC]) == 1
    assert "did not pass" in capsys.readouterr().err


def test_coverage_usage_errors_exit_2(tmp_path, capsys, monkeypatch):
    assert main(["coverage", str(tmp_path / "missing.rules")]) == 2
    assert "cannot read spec" in capsys.readouterr().err

    def unrunnable(root, specs, profile=None):
        raise measure.MeasureError("no generated tests: generated/tests/test_x.py; run `codespec build`")

    monkeypatch.setattr(measure, "run_tests", unrunnable)
    assert main(["coverage", SPEC]) == 2
    assert "run `codespec build`" in capsys.readouterr().err
