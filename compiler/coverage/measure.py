"""Runs a spec's generated tests in a subprocess with the recording plugin and reads the counts.

A subprocess keeps the measurement honest (a fresh import of the generated package, the same
pytest the CI uses, Hypothesis under the chosen profile) and keeps the caller's process clean.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..testrun import generated_tests, last_line, pytest_env, run_pytest
from .plugin import OUT_VAR, SPECS_VAR


class MeasureError(Exception):
    """The tests could not be run at all (missing file, pytest unavailable, crash)."""


@dataclass(frozen=True)
class Measured:
    hits: dict  # spec path -> boundary key -> side -> count
    exitstatus: int  # pytest's: 0 passed, 1 some test failed
    tests: int
    failed: int
    output: str


def run_tests(root: Path, specs: list[tuple[str, str]], profile: str | None = None, timeout: float = 900) -> Measured:
    """Run the generated tests of (spec path, module name) pairs with the oracle traced."""
    files = [generated_tests(root, name) for _, name in specs]
    missing = [str(f.relative_to(root)) for f in files if not f.is_file()]
    if missing:
        raise MeasureError(f"no generated tests: {', '.join(missing)}; run `codespec build`")
    with tempfile.TemporaryDirectory(prefix="codespec-coverage-") as tmp:
        out = Path(tmp) / "hits.json"
        env = pytest_env([root], profile, **{SPECS_VAR: os.pathsep.join(spec for spec, _ in specs), OUT_VAR: str(out)})
        try:
            proc = run_pytest(files, root, env, timeout, "-p", "compiler.coverage.plugin", "-o", "addopts=",
                              "--rootdir", str(root))
        except subprocess.TimeoutExpired:
            raise MeasureError(f"the generated tests did not finish within {timeout:g} s") from None
        output = proc.stdout + proc.stderr
        if not out.is_file():
            raise MeasureError(f"the generated tests did not run (pytest exit {proc.returncode}): {last_line(output)}")
        data = json.loads(out.read_text(encoding="utf-8"))
    return Measured(data["hits"], data["exitstatus"], data["tests"], data["failed"], output)
