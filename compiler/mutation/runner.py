"""Runs a spec's generated tests against each mutant, in throwaway copies of the generated package.

A mutant is emitted by the ordinary codegen into its own temporary directory holding a complete
`generated/` package; pytest then runs in a subprocess whose import path puts that directory before
the repository, so `generated` is the mutant's copy while `compiler` (and the oracle, compiled from
the unmutated spec) stay the repository's. Only a genuine test failure counts as a kill.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .. import codegen
from ..pipeline import PACKAGE, ROOT, CompiledSpec, package_files, validators_package
from ..testrun import generated_tests, last_line, pytest_env, run_pytest
from .operators import Mutant, mutants

KILLED, SURVIVED, ERROR, TIMEOUT, INVALID = "killed", "survived", "error", "timeout", "invalid"
PYTEST_FAILED = 1  # pytest's exit code for "tests ran and some failed"; 2..5 are interruptions and usage errors


@dataclass(frozen=True)
class Result:
    mutant: Mutant
    status: str
    detail: str = ""  # the killing test, or what went wrong


@dataclass
class SpecPlan:
    """The distinct mutants of one spec, and what was set aside before running anything."""

    spec: CompiledSpec
    todo: list[tuple[Mutant, dict[PurePosixPath, str]]] = field(default_factory=list)  # with its emitted files
    invalid: list[Result] = field(default_factory=list)
    duplicates: int = 0  # same generated code as an earlier mutant of the spec
    unchanged: int = 0  # same generated code as the spec itself


class BaselineError(Exception):
    """The unmutated copy does not pass its own tests, so no mutant could be judged."""


def _files_key(files: dict[PurePosixPath, str]) -> tuple:
    return tuple(sorted((str(p), text) for p, text in files.items()))


def plan(spec: CompiledSpec, rules: set[str] | None = None, compiled: list[CompiledSpec] | None = None) -> SpecPlan:
    """Emit every mutant once; keep the first of each group that generates identical code. With the
    specs of the run (`compiled`), each mutant's validate_all is emitted too, so the fused loop
    users run is the mutant's as well."""
    out = SpecPlan(spec)
    original = _files_key({**spec.files, PACKAGE: validators_package(compiled)} if compiled else spec.files)
    seen = {original}
    for m in mutants(spec.module, spec.source.text):
        if rules is not None and m.rule not in rules:
            continue
        try:
            files = codegen.emit(m.module)
            if compiled:
                mutant = CompiledSpec(spec.source, m.module, files, spec.warnings)
                files = {**files, PACKAGE: validators_package([mutant if c is spec else c for c in compiled])}
        except Exception as err:  # a mutant the code generator rejects is no evidence either way
            out.invalid.append(Result(m, INVALID, f"{type(err).__name__}: {err}"))
            continue
        key = _files_key(files)
        if key in seen:
            if key == original:
                out.unchanged += 1
            else:
                out.duplicates += 1
            continue
        seen.add(key)
        out.todo.append((m, files))
    return out


class Workspace:
    """A pristine generated package on disk, copied once per run of the tests."""

    def __init__(self, compiled: list[CompiledSpec], timeout: float) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="codespec-mutate-"))
        self.base = self.dir / "base"
        self.timeout = timeout
        for rel, text in package_files(compiled).items():
            path = self.base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        # an ini file of its own keeps the user's pytest configuration (addopts, plugins) out
        (self.base / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def copy(self, files: dict[PurePosixPath, str] | None = None) -> Path:
        work = Path(tempfile.mkdtemp(prefix="m", dir=self.dir))
        shutil.copytree(self.base, work, dirs_exist_ok=True)
        for rel, text in (files or {}).items():
            (work / rel).write_text(text, encoding="utf-8")
        return work

    def env(self, work: Path) -> dict[str, str]:
        return pytest_env([work, ROOT], "ci", PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0")

    def run_tests(self, work: Path, module_name: str) -> tuple[str, str]:
        """(status, detail) of the spec's generated tests in `work`; the hypothesis database (off
        under the ci profile anyway) would live in `work`, which is deleted afterwards."""
        try:
            proc = run_pytest([generated_tests(work, module_name)], work, self.env(work), self.timeout, "-x")
        except subprocess.TimeoutExpired:
            return TIMEOUT, f"no verdict within {self.timeout:g} s"
        output = proc.stdout + proc.stderr
        if proc.returncode == 0:
            return SURVIVED, ""
        if proc.returncode == PYTEST_FAILED:
            return KILLED, _failed_test(output)
        return ERROR, f"pytest exit {proc.returncode}: {_error_line(output)}"

    def imported_file(self, work: Path, module_name: str) -> str:
        """Where `generated.validators.<name>` is imported from under the test environment."""
        code = f"import generated.validators.{module_name} as m; print(m.__file__)"
        proc = subprocess.run([sys.executable, "-c", code], cwd=work, env=self.env(work), capture_output=True,
                              text=True, timeout=self.timeout)
        return proc.stdout.strip() or last_line(proc.stderr)


def _failed_test(output: str) -> str:
    m = re.search(r"^FAILED \S*::(\S+)", output, re.MULTILINE)
    return m.group(1) if m else "a test failed"


def _error_line(output: str) -> str:
    """The last `E   ...` line pytest printed (the exception of a collection error), else its last line."""
    errors = re.findall(r"^E\s+(\S.*)$", output, re.MULTILINE)
    return errors[-1].strip() if errors else last_line(output)


def check_baseline(ws: Workspace, spec: CompiledSpec) -> None:
    """The unmutated copy must pass, and must really be the copy that is imported."""
    work = ws.copy()
    try:
        where = Path(ws.imported_file(work, spec.module.name))
        if not where.is_absolute() or not where.resolve().is_relative_to(work.resolve()):
            raise BaselineError(f"{spec.source.path}: the test environment imports the validator from {where}, "
                                f"not from the temporary copy {work}")
        status, detail = ws.run_tests(work, spec.module.name)
        if status != SURVIVED:
            raise BaselineError(f"{spec.source.path}: the unmutated generated tests do not pass ({status}: {detail}); "
                                "fix them (or run `codespec build`) before measuring mutants")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(plans: list[SpecPlan], compiled: list[CompiledSpec], jobs: int, timeout: float,
        limit: int | None = None, progress: Callable[[int, int, Result], None] | None = None) -> list[Result]:
    """Results in plan order (spec, then spec position), whatever order the runs finish in."""
    queue = [(p.spec, m, files) for p in plans for m, files in p.todo]
    if limit is not None:
        queue = queue[:limit]
    ws = Workspace(compiled, timeout)
    try:
        specs_used = {id(s): s for s, _, _ in queue}
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for f in as_completed([pool.submit(check_baseline, ws, s) for s in specs_used.values()]):
                f.result()

            def one(spec: CompiledSpec, m: Mutant, files: dict[PurePosixPath, str]) -> Result:
                work = ws.copy(files)
                try:
                    status, detail = ws.run_tests(work, spec.module.name)
                    return Result(m, status, detail)
                finally:
                    shutil.rmtree(work, ignore_errors=True)

            futures = {pool.submit(one, *item): i for i, item in enumerate(queue)}
            results: list[Result | None] = [None] * len(queue)
            for done, f in enumerate(as_completed(futures), 1):
                results[futures[f]] = f.result()
                if progress is not None:
                    progress(done, len(queue), results[futures[f]])
        return [r for r in results if r is not None]
    finally:
        ws.close()
