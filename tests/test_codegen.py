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


def test_fusing_respells_names_but_not_attributes_keywords_or_strings():
    from compiler.codegen.fuse import rename

    block = ['if line.code in X:  # X', '    found = f(X=X, y=ctx.X, z="X")', 'X_2 = X']
    assert rename(block, {"X": "fa__X"}) == [
        'if line.code in fa__X:  # X', '    found = f(X=fa__X, y=ctx.X, z="X")', 'X_2 = fa__X']
