"""Versions of one rule, selected by the date of service, in the interpreter and in generated code.

A threshold that changes on 2025-01-01: the same encounter is judged by the old version the day
before and by the new one from that day on.
"""

import types
from pathlib import PurePosixPath

import pytest

from compiler.codegen import emit
from compiler.interp import Interpreter
from compiler.pipeline import compile_source
from compiler.runtime.model import parse_encounter
from compiler.runtime.policies import Policies
from compiler.source import SourceFile

SPEC = '''spec v "versions"
code 96369 "SC infusion, first hour"

rule too_many_units error "units over the limit of the period"
  for each line where line.code = 96369
  flag when line.units > 2
  effective 2024-01-01 .. 2024-12-31

rule too_many_units error "units over the limit of the period"
  for each line where line.code = 96369
  flag when line.units > 1
  effective 2025-01-01 ..
'''


def record(day: str, units: int) -> dict:
    return {"id": f"{day}-{units}", "setting": "physician", "payer": "medicare", "date_of_service": day,
            "place_of_service": "11", "lines": [{"line": 1, "code": "96369", "units": units}], "episodes": []}


@pytest.fixture(scope="module")
def evaluators():
    module = compile_source(SourceFile("specs/v.rules", SPEC)).module
    source = emit(module)[PurePosixPath("generated/validators/v.py")]
    generated = types.ModuleType("v_generated")
    exec(compile(source, "generated/validators/v.py", "exec"), generated.__dict__)
    return {"interpreter": Interpreter(module, Policies()).validate, "generated": generated.validate}


@pytest.mark.parametrize("which", ["interpreter", "generated"])
@pytest.mark.parametrize("day, units, fires", [
    ("2024-12-31", 2, False),  # old limit 2: two units pass
    ("2025-01-01", 2, True),   # new limit 1: the same two units fail
    ("2024-12-31", 3, True),
    ("2025-01-01", 1, False),
])
def test_the_version_in_force_on_the_date_of_service_decides(evaluators, which, day, units, fires):
    report = evaluators[which](parse_encounter(record(day, units)))
    assert [f.rule for f in report.findings] == (["too_many_units"] if fires else [])


def test_each_version_names_its_own_spec_line(evaluators):
    lines = {evaluators["interpreter"](parse_encounter(record(day, 3))).findings[0].spec
             for day in ("2024-06-01", "2025-06-01")}
    assert lines == {"specs/v.rules:4:1", "specs/v.rules:9:1"}
