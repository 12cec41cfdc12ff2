"""Codegen stage: emitted files are byte-for-byte reproducible, point back at the spec, and never eval."""

from __future__ import annotations

import os
import types
import re
import subprocess
import sys
from pathlib import PurePosixPath

import pytest

from compiler.pipeline import ROOT, compile_all, compile_source, package_files
from compiler.source import SourceFile

# Compiles every spec and prints one digest over the path and text of every file `codespec build` would write.
DIGEST = """
import hashlib
from compiler.pipeline import compile_all, package_files
files = package_files(compile_all())
digest = hashlib.sha256()
for path in sorted(files):
    digest.update(str(path).encode() + b"\\0" + files[path].encode() + b"\\0")
print(len(files), digest.hexdigest())
"""

RULE_BLOCK = re.compile(r"^ +# (specs/[\w.]+):(\d+):(\d+)  rule (\w+)\b.*\n +# .+\n(?: +.*\n)*? +verdict = ", re.M)


@pytest.fixture(scope="module")
def emitted() -> dict[PurePosixPath, str]:
    return package_files(compile_all())


def test_emit_is_identical_under_different_hash_seeds():
    procs = []
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        procs.append(subprocess.Popen([sys.executable, "-c", DIGEST], cwd=ROOT, env=env, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    outputs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outputs.append(out.strip())
    assert outputs[0].split()[0] != "0"
    assert len(set(outputs)) == 1, outputs


def test_every_rule_block_names_the_rule_keyword_of_its_rule(emitted):
    validators = {p: text for p, text in emitted.items() if p.parent == PurePosixPath("generated/validators")
                  and p.name != "__init__.py"}
    assert validators
    seen = set()
    for path, text in sorted(validators.items()):
        verdicts = len(re.findall(r"^ +verdict = ", text, re.M))
        found = RULE_BLOCK.findall(text)
        assert len(found) == verdicts, f"{path}: a rule's statements lack their `# specs/<file>:<line>:<col>` heading"
        for spec, line, col, block in found:
            spec_line = (ROOT / spec).read_text(encoding="utf-8").splitlines()[int(line) - 1]
            # The location is the keyword of this very rule: `rule <id> ...` (or `override <id> ...`, a
            # payer's version of it); variants of one rule are named <id>__for_<payer> and the like.
            keyword, rule_id = spec_line[int(col) - 1:].split()[:2]
            assert keyword in ("rule", "override"), f"{path}: rule {block} -> {spec}:{line}:{col}"
            assert block == rule_id or block.startswith(rule_id + "__"), f"{path}: rule {block} -> {spec_line}"
            seen.add((spec, int(line)))
    written = {(f"specs/{p.name}", n) for p in (ROOT / "specs").glob("*.rules")
               for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
               if line.startswith("rule ")}
    assert written <= seen  # every `rule` of the specs has statements headed by its location


def test_generated_code_never_evaluates_strings(emitted):
    for path, text in emitted.items():
        assert "eval(" not in text and "exec(" not in text, path
        assert "compile(" not in text.replace("re.compile(", ""), path


def test_a_spec_of_declarations_only_compiles():
    # Regression: with no let, derive or rule the encounter loop of validate() once had an empty body.
    compiled = compile_source(SourceFile("specs/only_sets.rules", 'spec only_sets "Sets only"\ncodes a = {96369}\n'))
    assert compiled.module.rules == ()
    text = compiled.files[PurePosixPath("generated/validators/only_sets.py")]
    compile(text, "only_sets.py", "exec")
    assert "def validate(" in text


def _package(specs: dict[str, str], monkeypatch) -> tuple[str, types.ModuleType, dict]:
    """The validators package of these specs, imported from memory: its text, the package module and
    each spec's own module (registered as generated.validators.<name>, as the package imports them)."""
    compiled = [compile_source(SourceFile(f"specs/{name}.rules", text)) for name, text in specs.items()]
    files = package_files(compiled)
    modules = {}
    for name in specs:
        module = types.ModuleType(f"generated.validators.{name}")
        monkeypatch.setitem(sys.modules, module.__name__, module)
        exec(compile(files[PurePosixPath(f"generated/validators/{name}.py")], module.__name__, "exec"), module.__dict__)
        modules[name] = module
    text = files[PurePosixPath("generated/validators/__init__.py")]
    package = types.ModuleType("validators_under_test")
    exec(compile(text, "generated/validators/__init__.py", "exec"), package.__dict__)
    return text, package, modules


PER_DATE = '''spec {name} "Units of 96370 per date"
{policy}codes hour = {{96370}}
rule two_hours_one_date error "96370 twice on one date."
  for each line where line.code in hour
  flag when units_of(line.code, per: date_of_service) > 1
  message "{{code}}"
  report code = line.code
'''


def _record(lines: list[dict]) -> object:
    from compiler.runtime.model import parse_encounter

    return parse_encounter({"id": "f", "setting": "physician", "payer": "medicare", "date_of_service": "2024-08-14",
                            "place_of_service": "11", "episodes": [], "lines": lines})


def _found(report) -> list:
    return sorted((f.rule, f.line_index) for f in report.findings)


def test_validate_all_shares_a_context_only_between_specs_whose_policies_agree(monkeypatch):
    # A Context groups lines by date per `line_date_after_midnight`: a spec choosing otherwise must get its own.
    specs = {
        "fa": PER_DATE.format(name="fa", policy=""),
        "fb": PER_DATE.format(name="fb", policy="policy line_date_after_midnight = encounter_date\n"),
        "fc": PER_DATE.format(name="fc", policy="policy line_date_after_midnight = line_date\n"),  # the default, written out
    }
    text, package, modules = _package(specs, monkeypatch)
    assert "ctx = Context(record, spec_fa.POLICIES)  # for fa, fc: their rules run in the loops below" in text
    assert "ctx = Context(record, spec_fb.POLICIES)  # for fb: their rules run in the loops below" in text
    # a 96370 hour after midnight: on its own date (fa, fc) it is one unit a date; on the encounter's first (fb), two
    record = _record([{"line": 1, "code": "96370", "units": 1},
                      {"line": 2, "code": "96370", "units": 1, "service_date": "2024-08-15"}])
    reports = package.validate_all(record)
    assert [_found(r) for r in reports] == [[], [("two_hours_one_date", 0), ("two_hours_one_date", 1)], []]
    assert [_found(r) for r in reports] == [_found(modules[n].validate(record)) for n in ("fa", "fb", "fc")]


LET_AND_SET = '''spec {name} "A let and a set another spec also names"
codes many = {{{codes}}}
let limit per encounter = {limit}
rule too_many error "More units than the limit."
  for each line where line.code in many
  flag when units_of(line.code, per: encounter) > limit
  message "{{code}}"
  report code = line.code
'''


def test_specs_of_different_contexts_naming_a_set_alike_each_read_their_own(monkeypatch):
    # Two context groups, each merged into its own loop of validate_all: one namespace for both.
    specs = {"fa": PER_DATE.format(name="fa", policy=""),
             "fb": PER_DATE.format(name="fb", policy="policy line_date_after_midnight = encounter_date\n")
             .replace("{96370}", "{96369}")}
    text, package, modules = _package(specs, monkeypatch)
    assert "HOUR as fa__HOUR" in text and "HOUR as fb__HOUR" in text
    record = _record([{"line": 1, "code": "96370", "units": 2}])
    reports = package.validate_all(record)
    assert [_found(r) for r in reports] == [[("two_hours_one_date", 0)], []]  # fb's `hour` is 96369
    assert [_found(r) for r in reports] == [_found(modules[n].validate(record)) for n in ("fa", "fb")]


@pytest.mark.parametrize("second_let, second_limit, fused", [
    ("limit", 3, False),   # one let name, another value: fb's statements would overwrite fa's `limit`
    ("limit", 1, True),    # one let name, the same value: either binding serves both
    ("ceiling", 3, True),  # no name in common but the set's
])
def test_specs_naming_alike_run_in_one_loop_only_when_no_value_can_be_overwritten(second_let, second_limit, fused,
                                                                                  monkeypatch):
    # Both specs name a set `many` (different codes), and maybe a let.
    specs = {"fa": LET_AND_SET.format(name="fa", codes="96369", limit=1),
             "fb": LET_AND_SET.format(name="fb", codes="96370", limit=second_limit).replace("limit", second_let)}
    text, package, modules = _package(specs, monkeypatch)
    assert ("their rules run in the loops below" in text) is fused
    if fused:  # each spec's constant under its own spelling
        assert "MANY as fa__MANY" in text and "MANY as fb__MANY" in text
        assert "line.code in fa__MANY" in text and "line.code in fb__MANY" in text
    else:
        assert "spec_fa.validate(record, spec_fa.POLICIES, ctx_1)" in text
    record = _record([{"line": 1, "code": "96369", "units": 2}, {"line": 2, "code": "96370", "units": 2}])
    reports = package.validate_all(record)
    # fa: 96369's 2 units > 1; fb: 96370's 2 units > its limit (flagged when it is 1)
    assert [_found(r) for r in reports] == [[("too_many", 0)], [("too_many", 1)] if second_limit < 2 else []]
    assert [_found(r) for r in reports] == [_found(modules[n].validate(record)) for n in ("fa", "fb")]


SC_TIME = '''spec {name} "Reads the SC infusion time"
code {code} "an SC infusion code"
let t per encounter = infusion_time(subcutaneous)
rule {name}_long error "A long infusion."
  for each line where line.code = {code}
  flag when t > {minutes} min
  message "{{code}}"
  report code = line.code
'''


def test_specs_reading_one_summary_of_the_record_still_run_in_one_loop(monkeypatch):
    # Both bind summary_infusions_subcutaneous and `t` to the same values: merged, each reading its own threshold.
    specs = {"fa": SC_TIME.format(name="fa", code="96369", minutes=60),
             "fb": SC_TIME.format(name="fb", code="96370", minutes=90)}
    text, package, modules = _package(specs, monkeypatch)
    assert "their rules run in the loops below" in text
    assert text.count('summary_infusions_subcutaneous = fn.infusions(ctx, enc, "subcutaneous")') == 2
    from compiler.runtime.model import parse_encounter

    record = parse_encounter({
        "id": "t", "setting": "physician", "payer": "medicare", "date_of_service": "2024-08-14", "place_of_service": "11",
        "lines": [{"line": 1, "code": "96369", "units": 1}, {"line": 2, "code": "96370", "units": 1}],
        "episodes": [{"id": "E1", "kind": "infusion", "route": "subcutaneous", "start": "2024-08-14T09:00:00-04:00",
                      "stop": "2024-08-14T10:15:00-04:00", "pump_setups": 1, "sites": 1}]})
    reports = package.validate_all(record)
    assert [_found(r) for r in reports] == [[("fa_long", 0)], []]  # 75 min: over 60, not over 90
    assert [_found(r) for r in reports] == [_found(modules[n].validate(record)) for n in ("fa", "fb")]


# Spec names that are also names the generated code uses: an import (logic, fn), a local (line is a
# subject, applies_... a guard), a builtin an inline form calls (len, max), a module constant
# (POLICIES) and the pattern of a literal set's constant (SET_1).
SHADOWING = '''spec names "Spec names the generated code also uses"
codes policies = {96369}
codes set_1 = {96370}
let applies_here per encounter = 2
rule r error "Units over a limit, written with clashing names."
  for each line where line.code in policies or line.code in set_1 or line.code in {96371}
  with logic = line.units
  with len = count(line.modifiers)
  with fn = logic + len
  with max = larger(fn, applies_here)
  flag when max > 3 and not any_of(line.modifiers, {JW})
  message "{code}: {total}"
  report code = line.code, total = max
'''


@pytest.mark.parametrize("units, modifiers, fires", [(3, [], False), (3, ["59"], True), (4, ["JW"], False)])
def test_spec_names_never_shadow_what_the_generated_code_uses(units, modifiers, fires):
    from compiler.codegen import emit
    from compiler.interp import Interpreter
    from compiler.runtime.model import parse_encounter
    from compiler.runtime.policies import Policies

    module = compile_source(SourceFile("specs/names.rules", SHADOWING)).module
    source = emit(module)[PurePosixPath("generated/validators/names.py")]
    generated = types.ModuleType("names_generated")
    exec(compile(source, "generated/validators/names.py", "exec"), generated.__dict__)
    for code in ("96369", "96370", "96371"):
        record = parse_encounter({"id": "n", "setting": "physician", "payer": "medicare",
                                  "date_of_service": "2024-08-14", "place_of_service": "11", "episodes": [],
                                  "lines": [{"line": 1, "code": code, "units": units, "modifiers": modifiers}]})
        for validate in (generated.validate, Interpreter(module, Policies()).validate):
            found = [(f.rule, f.raw["total"]) for f in validate(record).findings]
            assert found == ([("r", units + len(modifiers))] if fires else []), (code, validate)


def test_a_value_an_earlier_rule_left_bound_is_reused_only_while_nothing_rebinds_it():
    from compiler.codegen.views import _reuse

    bound: dict = {}
    assert _reuse(bound, ["edit = fn.pair_edit(ctx, line, PTP)", "if edit is not None:", "    verdict = 1"])
    assert _reuse(bound, ["edit = fn.pair_edit(ctx, line, PTP)", "verdict = 2"]) == ["# edit: as bound above", "verdict = 2"]
    _reuse(bound, ["if line.code == '1':", "    edit = other"])  # rebound under a condition
    assert _reuse(bound, ["edit = fn.pair_edit(ctx, line, PTP)"]) == ["edit = fn.pair_edit(ctx, line, PTP)"]
    assert _reuse(bound, ["edit = fn.pair_edit(ctx, line, OTHER)"]) == ["edit = fn.pair_edit(ctx, line, OTHER)"]
    # a value that reads a name rebound in between is computed again, and a verdict never carries over
    _reuse(bound, ["a = line.units", "b = (a * 2)", "verdict = (b > 4)"])
    assert _reuse(bound, ["a = (line.units + 1)", "b = (a * 2)", "verdict = (b > 4)"]) == [
        "a = (line.units + 1)", "b = (a * 2)", "verdict = (b > 4)"]


# Two rules with the same `with` names over different values, one reading a table row the other
# reads under another key: each must see its own values (an earlier generator reused the first's).
SAME_NAMES = '''spec same "Same with names, different values"
rule r1 error "Twice the units above 4."
  for each line
  with a = line.units
  with b = a * 2
  flag when b > 4
  message "{code}"
  report code = line.code
rule r2 error "Twice one more than the units above 4."
  for each line
  with a = line.units + 1
  with b = a * 2
  flag when b > 4
  message "{code}"
  report code = line.code
'''


@pytest.mark.parametrize("units, fired", [(1, []), (2, ["r2"]), (3, ["r1", "r2"])])
def test_rules_sharing_with_names_each_use_their_own_values(units, fired):
    from compiler.codegen import emit
    from compiler.interp import Interpreter
    from compiler.runtime.model import parse_encounter
    from compiler.runtime.policies import Policies

    module = compile_source(SourceFile("specs/same.rules", SAME_NAMES)).module
    source = emit(module)[PurePosixPath("generated/validators/same.py")]
    generated = types.ModuleType("same_generated")
    exec(compile(source, "generated/validators/same.py", "exec"), generated.__dict__)
    record = parse_encounter({"id": "s", "setting": "physician", "payer": "medicare", "date_of_service": "2024-08-14",
                              "place_of_service": "11", "episodes": [],
                              "lines": [{"line": 1, "code": "96369", "units": units}]})
    for validate in (generated.validate, Interpreter(module, Policies()).validate):
        assert sorted(f.rule for f in validate(record).findings) == fired


def _evaluators(name: str, text: str) -> tuple:
    """The spec's generated validator, its report from the generated validate_all, and its IR
    interpreter (modules and tables registered only while they are executed)."""
    from compiler.interp import Interpreter
    from compiler.runtime.policies import Policies

    compiled = compile_source(SourceFile(f"specs/{name}.rules", text))
    files = package_files([compiled])
    loaded = {}  # the spec's table modules and its validator, importable while the package is executed
    for path, source in sorted(files.items()):
        if path.parent in (PurePosixPath("generated/tables"), PurePosixPath("generated/validators")) \
                and path.name != "__init__.py":
            dotted = ".".join(path.with_suffix("").parts)
            loaded[dotted] = types.ModuleType(dotted)
    sys.modules.update(loaded)
    try:
        for dotted in sorted(loaded, key=lambda d: not d.startswith("generated.tables.")):  # tables first
            source = files[PurePosixPath(*dotted.split(".")).with_suffix(".py")]
            exec(compile(source, dotted, "exec"), loaded[dotted].__dict__)
        package = types.ModuleType(f"{name}_package")
        exec(compile(files[PurePosixPath("generated/validators/__init__.py")], "generated/validators/__init__.py", "exec"),
             package.__dict__)
    finally:
        for dotted in loaded:
            sys.modules.pop(dotted)
    validator = loaded[f"generated.validators.{name}"]
    return validator.validate, lambda record: package.validate_all(record)[0], Interpreter(compiled.module, Policies()).validate


def _lines(*specs) -> dict:
    lines = [{"line": i, "code": code, "units": units, **extra} for i, (code, units, extra) in enumerate(specs, 1)]
    return {"id": "t", "setting": "physician", "payer": "medicare", "date_of_service": "2024-08-14",
            "place_of_service": "11", "episodes": [], "lines": lines}


# Specs a reviewer wrote against the generator's shortcuts; each pairs with encounters and the rules
# that must fire on them, in the generated validator and the interpreter alike.
TRICKY = {
    # a let holding a set is a set of codes, not one code
    "set_let": ('''spec set_let "A set held by a let"
code 96369 "SC infusion, first hour"
let both per encounter = {96369, 96370}
rule two_of error "Two lines of either code."
  for each line where line.code = 96369
  flag when lines_of(both, per: encounter) > 1
  message "{code}"
  report code = line.code
''', [((("96369", 1, {}), ("96370", 1, {})), ["two_of"]), ((("96369", 1, {}),), [])]),
    # a `with` the where needs reads a later `with`; an earlier rule binds that name to another value
    "early_with": ('''spec early_with "A value the where needs reads a later one"
rule first error "Units over 100."
  for each line
  with b = 100
  flag when line.units > b
  message "{code}"
  report code = line.code
rule second error "Units minus one, plus five, over six."
  for each line where line.units - 1 > 0
  with b = 5
  with a = line.units - 1
  with c = a + b
  flag when c > 6
  message "{code}"
  report code = line.code
''', [((("96369", 2, {}),), []), ((("96369", 3, {}),), ["second"])]),
    # an upper-case `with` spelled like a set's constant
    "upper_with": ('''spec upper_with "A with spelled like a constant"
codes s = {96369}
rule r error "Units over one for a code of s."
  for each line where line.code in s
  with S = line.units
  flag when S > 1
  message "{code}"
  report code = line.code
''', [((("96369", 2, {}),), ["r"]), ((("96370", 2, {}),), [])]),
    # a `with` reusing a let's name: the let is present, the `with` value may be missing
    "let_and_with": ('''spec let_and_with "A with named like a let"
let d per line = line.units
rule r error "Dose over 10 mg."
  for each line where d is present
  with d = line.drug.dose
  flag when d > 10 mg
  message "{code}"
  report code = line.code
''', [((("96369", 1, {}),), ["incomplete_data"]),
      ((("J1559", 1, {"drug": {"hcpcs_unit_mg": 100, "dose_mg": 20}}),), ["r"])]),
    # rules of a code run share one test of their codes; a value bound inside it is not bound after it
    "code_run": ('''spec code_run "Rules of some codes, then a rule of every code"
codes s = {96369, 96370}
rule a error "Units over 2 on s."
  for each line where line.code in s
  with u = line.units
  flag when u > 2
  message "{code}"
  report code = line.code
rule b error "Units over 3 on s."
  for each line where line.code in s
  with u = line.units
  flag when u > 3
  message "{code}"
  report code = line.code
rule c error "Units over 1 on any code."
  for each line
  with u = line.units
  flag when u > 1
  message "{code}"
  report code = line.code
''', [((("96369", 1, {}), ("96371", 5, {})), ["c"]), ((("96370", 4, {}), ("96371", 1, {})), ["a", "b", "c"])]),
    # a `where` whose `or` / `and` implies its codes joins a code run, and its code and presence tests
    # guard it: a line skips it exactly when the `where` is false for it, not merely missing (the
    # missing dose of 96372; J1559's drug without a dose)
    "implied_codes": ('''spec implied_codes "Rules whose where implies their codes"
code 96369 "SC infusion, first hour"
code 96371 "SC infusion, additional pump"
codes s = {96370}
rule a error "Units over 2 on s."
  for each line where line.code in s
  flag when line.units > 2
  message "{code}"
  report code = line.code
rule b error "96371, or 96369 with a dose over 10 mg."
  for each line where line.code = 96371 or (line.code = 96369 and line.drug.dose > 10 mg)
  flag when line.units > 0
  message "{code}"
  report code = line.code
rule c error "96371, or more than 5 units of any code."
  for each line where line.code = 96371 or line.units > 5
  flag when line.units > 0
  message "{code}"
  report code = line.code
rule d error "96371, or a drug dose over 10 mg."
  for each line where line.code = 96371 or (line.drug is present and line.drug.dose > 10 mg)
  flag when line.units > 0
  message "{code}"
  report code = line.code
''', [((("96372", 1, {}),), []), ((("96369", 1, {}),), ["incomplete_data"]), ((("96371", 1, {}),), ["b", "c", "d"]),
          ((("96372", 6, {}),), ["c"]), ((("96370", 3, {}),), ["a"]),
          ((("96369", 3, {"drug": {"hcpcs_unit_mg": 1, "dose_mg": 20}}),), ["b", "d"]),
          ((("J1559", 1, {"drug": {"hcpcs_unit_mg": 100}}),), ["incomplete_data"])]),
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_generator_shortcuts_agree_with_the_interpreter_on_tricky_specs(name):
    from compiler.runtime.model import parse_encounter

    text, cases = TRICKY[name]
    evaluators = _evaluators(name, text)
    for lines, fired in cases:
        record = parse_encounter(_lines(*lines))
        for validate in evaluators:
            assert sorted(f.rule for f in validate(record).findings) == fired, (lines, validate)


# Two encounters with their own infusions, a let spelled like the summary the generator binds, and
# calls of two routes: each line must read its own encounter's summary of the right route.
SUMMARIES = '''spec summaries "Functions reading one summary per encounter"
code 96369 "SC infusion, first hour"
let summary_infusions_subcutaneous per encounter = 1
rule long_sc error "An hour or more of SC infusion with no IV time."
  for each line where line.code = 96369
  flag when infusion_time("subcutaneous") >= 60 min and infusion_episodes("intravenous") = summary_infusions_subcutaneous - 1
  message "{code}"
  report code = line.code
'''


def test_functions_read_the_summary_of_their_own_encounter_and_route():
    from compiler.runtime.model import parse_encounter

    evaluators = _evaluators("summaries", SUMMARIES)

    def episode(n, route, minutes):
        return {"id": f"E{n}{route[0]}", "encounter": n, "kind": "infusion", "route": route, "pump_setups": 1,
                "sites": 1, "start": "2024-08-14T09:00:00Z", "stop": f"2024-08-14T{9 + minutes // 60:02d}:{minutes % 60:02d}:00Z"}

    raw = _lines(("96369", 1, {"encounter": 1}), ("96369", 1, {"encounter": 2}), ("96369", 1, {"encounter": 3}))
    raw["episodes"] = [episode(1, "subcutaneous", 70), episode(2, "subcutaneous", 30),
                       episode(3, "subcutaneous", 90), episode(3, "intravenous", 20)]
    record = parse_encounter(raw)
    for validate in evaluators:
        assert [f.line_index for f in validate(record).findings] == [0], validate  # encounter 1 only


# Generated locals are made up from spec names (a rule's guard, a table's row, a route's summary);
# specs a fuzzer wrote to make two of them meet, or to put a character Python names cannot hold.
NAME_CLASHES = {
    "route_not_a_name": '''spec route_not_a_name "A route that is no Python name"
code 96369 "SC infusion, first hour"
let a per encounter = infusion_time("x²")
rule r error "Time over 30 min."
  for each line where line.code = 96369
  flag when a > 30 min
  message "{code}"
  report code = line.code
''',
    "row_and_summary": '''spec row_and_summary "A table row spelled like a summary"
code 96369 "SC infusion, first hour"
code 96370 "SC infusion, additional hour"
table summary_infusions = "tables/initial_hierarchy.csv" key (code: code) columns (rank: number)
rule a error "Rank over 5."
  for each line
  with k = summary_infusions[line.code].rank
  flag when k > 5
  message "{code}"
  report code = line.code
rule b error "Rank over 5, or an infusion by route row."
  for each line
  with k2 = summary_infusions[line.code].rank
  flag when k2 > 5 or infusion_episodes("row") > 0
  message "{code}"
  report code = line.code
''',
    "row_and_guard": '''spec row_and_guard "A table row spelled like a rule's guard"
code 96369 "SC infusion, first hour"
code 96370 "SC infusion, additional hour"
table applies_x = "tables/initial_hierarchy.csv" key (code: code) columns (rank: number)
rule a error "Rank over 5."
  for each line
  with k = applies_x[line.code].rank
  flag when k > 5
  message "{code}"
  report code = line.code
rule b error "Rank over 6."
  for each line
  with k2 = applies_x[line.code].rank
  flag when k2 > 6
  message "{code}"
  report code = line.code
rule x_row error "Facility units."
  for each line where encounter.setting = facility
  flag when line.units > 0
  message "{code}"
  report code = line.code
''',
}


@pytest.mark.parametrize("name", sorted(NAME_CLASHES))
def test_made_up_locals_never_meet_whatever_the_spec_names(name):
    from compiler.runtime.model import parse_encounter

    evaluators = _evaluators(name, NAME_CLASHES[name])
    raw = _lines(("96369", 1, {}), ("96370", 1, {}))
    raw["episodes"] = [{"id": "E1", "encounter": 1, "kind": "infusion", "route": "subcutaneous", "pump_setups": 1,
                        "sites": 1, "start": "2024-08-14T09:00:00Z", "stop": "2024-08-14T10:00:00Z"}]
    record = parse_encounter(raw)
    found = [sorted((f.rule, f.line_index) for f in validate(record).findings) for validate in evaluators]
    assert found[0] == found[1] == found[2]
    assert not any(rule == "x_row" for rule, _ in found[0])  # a physician record: the facility rule stays quiet


# Episode rules opening with the same `where`: the generator tests it once for all of them, and a
# later rule reuses what an earlier one bound, but never a `with` name bound to another value.
SHARED_WHERE = '''spec shared_where "Episode rules under one where"
rule pumps_plus_one error "One more than the pumps is over two."
  for each episode where episode.sites is present
  with n = episode.pump_setups + 1
  flag when n > 2
  message "{episode}"
  report episode = episode.id
rule pumps error "The pumps are over two."
  for each episode where episode.sites is present
  with n = episode.pump_setups
  flag when n > 2
  message "{episode}"
  report episode = episode.id
rule no_sites warning "No sites documented."
  for each episode where episode.sites is missing
  flag when episode.pump_setups > 0
  message "{episode}"
  report episode = episode.id
'''


@pytest.mark.parametrize("sites, pumps, fired", [
    (1, 1, []), (1, 2, ["pumps_plus_one"]), (1, 3, ["pumps", "pumps_plus_one"]), (None, 2, ["no_sites"]),
    (None, None, ["incomplete_data"]), (1, None, ["incomplete_data", "incomplete_data"])])
def test_rules_sharing_a_where_test_it_once_and_keep_their_own_values(sites, pumps, fired):
    from compiler.codegen import emit
    from compiler.runtime.model import parse_encounter

    text = emit(compile_source(SourceFile("specs/shared_where.rules", SHARED_WHERE)).module)[
        PurePosixPath("generated/validators/shared_where.py")]
    assert text.count("(episode.sites is not None)") == 1
    assert "if (episode.sites is not None):  # the condition of the next 2 rules" in text
    episode = {"id": "E1", "encounter": 1, "kind": "infusion", "route": "subcutaneous", "start": "2024-08-14T09:00:00-04:00",
               "stop": "2024-08-14T10:00:00-04:00", "pump_setups": pumps, "sites": sites}
    record = parse_encounter({**_lines(("96369", 1, {})), "episodes": [episode]})
    for validate in _evaluators("shared_where", SHARED_WHERE):
        assert sorted(f.rule for f in validate(record).findings) == fired, validate


def test_fusing_respells_names_but_not_attributes_keywords_or_strings():
    from compiler.codegen.fuse import rename

    block = ['if line.code in X:  # X', '    found = f(X=X, y=ctx.X, z="X")', 'X_2 = X']
    assert rename(block, {"X": "fa__X"}) == [
        'if line.code in fa__X:  # X', '    found = f(X=fa__X, y=ctx.X, z="X")', 'X_2 = fa__X']
