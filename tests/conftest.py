"""Helpers several test modules share, imported as `from tests.conftest import ...`: the repository
root is on the path (pytest's `pythonpath`) and `tests` has no `__init__.py`, so it imports as a
namespace package. Plain functions rather than fixtures, since tests call them with arguments.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.diagnostics import CompileError, Diagnostic
from compiler.pipeline import ROOT, compile_source
from compiler.runtime import testing as rt
from compiler.runtime.model import Encounter, parse_encounter
from compiler.source import SourceFile

SC_SPEC = "specs/sc_infusion.rules"


def sc_infusion_record(seconds: int) -> Encounter:
    """A physician Medicare claim billing 96369 once, with one subcutaneous infusion lasting
    `seconds`: the encounter the 15-minute rule of sc_infusion.rules (`sc_time <= 15 min`) is about."""
    module = rt.interpreter_for(SC_SPEC).module
    rule = next(r for r in module.rules if r.id == "sc_infusion_not_over_15_min")
    target = rt.Target("rule", rule.id, rule.location, codes=("96369",))
    return parse_encounter(rt.scenario(target, module, "physician", "medicare",
                                       {rt.Knob("seconds", route="subcutaneous"): seconds}))


def compile_failure(text: str, root: Path | None = None) -> list[Diagnostic]:
    """Every diagnostic of `specs/t.rules` holding `text`, which must not compile (else the test fails)."""
    with pytest.raises(CompileError) as info:
        compile_source(SourceFile("specs/t.rules", text), root or ROOT)
    return list(info.value.diagnostics)


def error_positions(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int]]:
    """(code, line, column) of each error, in the order the compiler reports them."""
    return [(d.code, d.span.line, d.span.column) for d in diagnostics if d.severity == "error"]


def error_codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [code for code, _, _ in error_positions(diagnostics)]
