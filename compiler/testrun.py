"""Running a spec's generated tests in a subprocess, as `codespec coverage` and `codespec mutate` do.

A subprocess gives a fresh import of the `generated` package found first on PYTHONPATH (the
repository's, or a mutant's copy), the same pytest CI uses, and the chosen Hypothesis profile,
with the user's pytest options kept out.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def generated_tests(root: Path, module_name: str) -> Path:
    """Where `codespec build` writes the tests of one spec module under `root`."""
    return root / "generated" / "tests" / f"test_{module_name}.py"


def pytest_env(first_on_path: list[Path], profile: str | None = None, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    path = [str(p) for p in first_on_path] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    env.update(PYTHONPATH=os.pathsep.join(path), PYTEST_ADDOPTS="",
               HYPOTHESIS_PROFILE=profile or os.environ.get("HYPOTHESIS_PROFILE", "ci"), **extra)
    return env


def run_pytest(files: list[Path], cwd: Path, env: dict[str, str], timeout: float, *args: str):
    """pytest on `files`; raises subprocess.TimeoutExpired when it does not finish in time."""
    cmd = [sys.executable, "-m", "pytest", *map(str, files), "-q", "-p", "no:cacheprovider", *args]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def last_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no output"
