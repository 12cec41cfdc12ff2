"""The whole diff: materialise both sides, compile them, generate encounters, compare, attribute.

Everything that reads the materialised copies happens inside one scratch directory's lifetime;
the returned `DiffResult` holds plain values only.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import CompileError, render_all
from ..pipeline import compile_cached
from . import causes, compare, encounters, sources


class DiffError(Exception):
    """A side or an input that cannot be used: a usage error (exit 2) with its message."""


@dataclass
class Entry:
    change: compare.Change
    lines: list  # causes.LineChange, sorted


@dataclass
class DiffResult:
    base: str  # side labels
    head: str
    encounters: list  # encounters.Encounter, in generation order
    entries: list  # Entry, in encounter order
    spec_changes: list  # (causes.LineChange, declarations containing it)


def _compile(which: str, side: sources.Side) -> list:
    try:
        return [c.module for c in compile_cached(side.root)]
    except CompileError as err:
        raise DiffError(f"{which} `{side.label}` does not compile:\n{render_all(err.diagnostics, side.root)}") from None


def run(base_arg: str, head_arg: str | None, *, repo: Path | None, random_count: int = 500, seed: int = 0,
        inputs: list[Path] = ()) -> DiffResult:
    with tempfile.TemporaryDirectory(prefix="codespec-diff-") as tmp:
        try:
            base = sources.materialise(base_arg, repo, Path(tmp) / "base")
            head = sources.materialise(head_arg, repo, Path(tmp) / "head")
        except sources.SourceError as err:
            raise DiffError(str(err)) from None
        base_modules = _compile("BASE", base)
        head_modules = _compile("HEAD", head)
        sides = [base_modules, head_modules]
        try:
            probes = encounters.generate(sides, random_count, seed, inputs)
        except (OSError, UnicodeDecodeError) as err:
            raise DiffError(f"cannot read encounters: {err}") from None
        changed_lines = causes.line_changes(base.root, head.root)
        paths = {c.path for c in changed_lines}
        blame = causes.Attribution(causes.Declarations(base_modules, base.root, paths),
                                   causes.Declarations(head_modules, head.root, paths), changed_lines)
    comparer = compare.Comparer(base_modules, head_modules)
    entries = []
    for enc in probes:
        change = comparer.compare(enc)
        if change is not None:
            entries.append(Entry(change, blame.lines(change.rules, change.derived, change.tables)))
    spec_changes = [(c, blame.declarations_of(c)) for c in changed_lines]
    return DiffResult(base.label, head.label, probes, entries, spec_changes)
