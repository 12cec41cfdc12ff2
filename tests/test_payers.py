"""Payer policies: rules added for a payer, overridden for a payer, switched off for a payer.

The shipped payer differences (facts.md section 12) are pinned both ways by `example` blocks in
specs/claim_edits.rules; these tests pin the language: selection by `payer`, and the diagnostics.
"""

import pytest

from compiler.interp import Interpreter
from compiler.pipeline import compile_source
from compiler.runtime.model import parse_encounter
from compiler.runtime.policies import Policies
from compiler.source import SourceFile
from tests.conftest import compile_failure, error_codes

SPEC = '''spec t "payers"
code 96369 "SC infusion, first hour"
code 96372 "injection"
places hospital = {19, 22}
places wider = {19, 22, 24}

rule pos error "physician drug administration in a facility place of service"
  for each line where encounter.setting = physician
  flag when encounter.place_of_service in hospital
  message "{code}"
  report code = line.code

override pos for payer bcbs_regence "Regence: wider list"
  flag when encounter.place_of_service in wider
'''


def record(payer: str, pos: str) -> dict:
    return {"id": f"{payer}-{pos}", "setting": "physician", "payer": payer, "date_of_service": "2024-08-14",
            "place_of_service": pos, "lines": [{"line": 1, "code": "96372", "units": 1}], "episodes": []}


def fired(spec_text: str, rec: dict) -> set:
    compiled = compile_source(SourceFile("specs/t.rules", spec_text))
    report = Interpreter(compiled.module, Policies()).validate(parse_encounter(rec))
    return {f.rule for f in report.findings}



@pytest.mark.parametrize("payer, pos, expected", [
    ("medicare", "22", {"pos"}),        # base list
    ("medicare", "24", set()),          # 24 is not on Medicare's list
    ("bcbs_regence", "24", {"pos"}),    # the override's wider list
    ("bcbs_regence", "22", {"pos"}),
    ("bcbs_regence", "11", set()),      # office: on neither list
])
def test_override_replaces_the_base_rule_for_its_payer_only(payer, pos, expected):
    assert fired(SPEC, record(payer, pos)) == expected


def test_payer_rule_applies_to_listed_payers_only():
    text = SPEC.replace('rule pos error', 'rule uhc_only error "x"\n  for payer uhc\n  for each line\n  flag when line.units > 0\n\nrule pos error')
    assert "uhc_only" in fired(text, record("uhc", "11"))
    assert "uhc_only" not in fired(text, record("medicare", "11"))


def test_disable_switches_the_base_rule_off_for_that_payer():
    text = SPEC.split("override pos")[0] + 'disable pos for payer aetna "Aetna pays it"\n'
    assert fired(text, record("aetna", "22")) == set()
    assert fired(text, record("medicare", "22")) == {"pos"}


def test_override_of_an_unknown_rule_is_an_error_with_a_suggestion():
    text = SPEC + 'override poss for payer uhc\n  flag when encounter.place_of_service in wider\n'
    line = text.count("\n", 0, text.index("override poss")) + 1
    [d] = [d for d in compile_failure(text) if d.code == "unknown-rule"]
    assert (d.span.line, d.span.column) == (line, 10)
    assert "pos" in d.hint


def test_disable_of_an_unknown_rule_is_an_error():
    assert error_codes(compile_failure(SPEC + "disable nothing_here for payer uhc\n")) == ["unknown-rule"]


def test_two_overrides_for_one_payer_are_an_error():
    twice = SPEC + 'disable pos for payer bcbs_regence\n'
    assert error_codes(compile_failure(twice)) == ["duplicate-override"]


def test_overriding_a_payer_rule_is_an_error():
    text = SPEC.replace('rule pos error "physician drug administration in a facility place of service"',
                        'rule pos error "x"\n  for payer uhc')
    assert error_codes(compile_failure(text)) == ["override-of-payer-rule"]


# ---- a payer's own table rows -------------------------------------------------------------------

TABLE_SPEC = '''spec t "payer rows"
code 96369 "SC infusion, first hour"
code 96370 "SC infusion, additional hour"
table mue = "tables/mue.csv" key (code: code) columns (mue: number)
table mue for payer bcbs_regence = "tables/mue_regence.csv"

rule mue_exceeded error "units over the limit"
  for each line where mue[line.code].mue is present
  flag when line.units > mue[line.code].mue
'''
BASE_ROWS = "code,mue,effective_from,effective_through\n96369,1,2024-07-01,\n96370,3,2024-07-01,\n"
REGENCE_ROWS = "code,mue,effective_from,effective_through\n96370,2,2024-07-01,\n"


def table_record(payer: str, code: str, units: int) -> dict:
    rec = record(payer, "11")
    rec["lines"] = [{"line": 1, "code": code, "units": units}]
    return rec


@pytest.fixture()
def table_spec(tmp_path):
    (tmp_path / "specs" / "tables").mkdir(parents=True)
    (tmp_path / "specs" / "t.rules").write_text(TABLE_SPEC)
    (tmp_path / "specs" / "tables" / "mue.csv").write_text(BASE_ROWS)
    (tmp_path / "specs" / "tables" / "mue_regence.csv").write_text(REGENCE_ROWS)
    return compile_source(SourceFile("specs/t.rules", TABLE_SPEC), root=tmp_path)


@pytest.mark.parametrize("payer, code, units, fires", [
    ("bcbs_regence", "96370", 3, True),    # Regence's own row: 2
    ("medicare", "96370", 3, False),       # base row: 3
    ("bcbs_regence", "96369", 2, True),    # no Regence row for 96369: the base row (1) applies
    ("medicare", "96369", 1, False),
])
def test_payer_rows_replace_base_rows_of_the_same_key(table_spec, payer, code, units, fires):
    report = Interpreter(table_spec.module, Policies()).validate(parse_encounter(table_record(payer, code, units)))
    assert [f.rule for f in report.findings] == (["mue_exceeded"] if fires else [])


def test_generated_code_reads_payer_rows_too(table_spec, tmp_path):
    """The emitted validator and table modules, imported as a `generated` package in a subprocess."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    out = tmp_path / "out"
    for rel, text in table_spec.files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text)
    for pkg in ("generated", "generated/validators", "generated/tables"):
        (out / pkg / "__init__.py").write_text("")
    assert (out / "generated/tables/t__mue__for_bcbs_regence.py").exists()
    probe = ("import json, sys\nfrom compiler.runtime.model import parse_encounter\nfrom generated.validators import t\n"
             "recs = json.loads(sys.argv[1])\n"
             "print(json.dumps([[f.rule for f in t.validate(parse_encounter(r)).findings] for r in recs]))")
    recs = [table_record("bcbs_regence", "96370", 3), table_record("medicare", "96370", 3)]
    repo = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", probe, json.dumps(recs)], capture_output=True, text=True,
                          env={"PYTHONPATH": f"{out}:{repo}", "PATH": "/usr/bin:/bin"}, cwd=out)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [["mue_exceeded"], []]


def test_payer_rows_for_an_undeclared_table_are_an_error(tmp_path):
    text = TABLE_SPEC.replace('table mue = "tables/mue.csv" key (code: code) columns (mue: number)\n', "")
    assert "unknown-table" in [d.code for d in compile_failure(text, root=tmp_path)]


def test_the_generated_rule_names_what_took_it_from_each_payer_and_why():
    from compiler.codegen import emit

    text = SPEC + 'disable pos for payer aetna "Aetna pays it"\n'
    module = compile_source(SourceFile("specs/t.rules", text)).module
    [base] = [r for r in module.rules if r.id == "pos" and not r.payers]
    assert base.excluded_payers == ("aetna", "bcbs_regence")
    disable_line = text.count("\n", 0, text.index("disable pos")) + 1
    override_line = text.count("\n", 0, text.index("override pos")) + 1
    source = next(iter(v for k, v in emit(module).items() if k.name == "t.py"))
    assert f"# disabled for aetna at specs/t.rules:{disable_line}:1: Aetna pays it\n" in source
    assert f"# overridden for bcbs_regence at specs/t.rules:{override_line}:1: Regence: wider list\n" in source
