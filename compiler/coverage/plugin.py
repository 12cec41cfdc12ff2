"""pytest plugin used by `codespec coverage`: traces the oracle while a spec's generated tests run.

The generated tests get their oracle from `testing.interpreter_for(SPEC)`, a cached interpreter;
this plugin creates those interpreters first (before collection imports the tests) with a recorder
attached, and writes the counts as JSON when the session ends. It is inert unless the coverage
command sets CODESPEC_COVERAGE_SPECS and CODESPEC_COVERAGE_OUT.
"""

from __future__ import annotations

import json
import os

SPECS_VAR = "CODESPEC_COVERAGE_SPECS"
OUT_VAR = "CODESPEC_COVERAGE_OUT"
_recorders: dict = {}


def pytest_configure(config) -> None:
    specs = os.environ.get(SPECS_VAR)
    if not specs or not os.environ.get(OUT_VAR):
        return
    from ..runtime import testing
    from .recorder import Recorder

    for spec in specs.split(os.pathsep):
        _recorders[spec] = Recorder(testing.interpreter_for(spec).module).attach(testing.interpreter_for(spec))


def pytest_sessionfinish(session, exitstatus) -> None:
    out = os.environ.get(OUT_VAR)
    if not out or not _recorders:
        return
    data = {"exitstatus": int(exitstatus), "tests": session.testscollected, "failed": session.testsfailed,
            "hits": {spec: rec.to_json() for spec, rec in sorted(_recorders.items())}}
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(data, handle, sort_keys=True)
