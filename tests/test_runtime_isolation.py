"""The runtime and the generated validators run on the standard library alone: validating a claim must
never pull in the compiler's parser (lark) or templates (jinja2)."""

from __future__ import annotations

import json
import subprocess
import sys

from compiler.pipeline import ROOT

SCRIPT = r"""
import importlib, json, pkgutil, sys
import compiler.runtime
for info in pkgutil.iter_modules(compiler.runtime.__path__):
    if info.name != "testing":  # Hypothesis strategies for tests, not used by validators
        importlib.import_module("compiler.runtime." + info.name)
import generated.validators as gv
from compiler.runtime import results
record = json.loads(sys.argv[1])
result = results.evaluate(record, [m.validate for m in gv.MODULES])
print(json.dumps({"outcome": result["outcome"], "derived": result["derived_units"],
                  "modules": sorted(sys.modules)}))
"""

# facts.md F-TIME-03: 09:00 to 10:00 is 60 minutes of SC infusion, 96369 x1 and no 96370.
RECORD = {
    "id": "sc-60-min", "setting": "physician", "payer": "medicare", "date_of_service": "2024-08-14",
    "place_of_service": "11", "lines": [{"line": 1, "code": "96369", "units": 1, "modifiers": []}],
    "episodes": [{"id": "E1", "kind": "infusion", "route": "subcutaneous", "start": "2024-08-14T09:00:00-04:00",
                  "stop": "2024-08-14T10:00:00-04:00", "pump_setups": 1, "sites": 1}],
}


def test_validating_a_record_loads_neither_lark_nor_jinja2():
    proc = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(RECORD)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["outcome"] == "accept"
    assert report["derived"]["96369"] == 1 and report["derived"]["96370"] == 0
    modules = report["modules"]
    assert "generated.validators.sc_infusion" in modules  # the validators really ran
    assert not [m for m in modules if m.split(".")[0] in ("lark", "jinja2", "markupsafe")]
    # Nothing of the compiler beyond its runtime: the parser, checker and codegen stay unloaded.
    assert [m for m in modules if m.startswith("compiler.") and not m.startswith("compiler.runtime")] == []
