"""The IR interpreter of a spec, the generated tests' oracle: as written, or with an amount respelled
in another unit (the unit-invariance tests)."""

from __future__ import annotations

import functools
from dataclasses import dataclass


@functools.cache
def interpreter_for(spec_path: str):
    """One interpreter per spec, cached: the coverage plugin attaches its recorder to the very one
    the generated tests use."""
    from ...interp import Interpreter
    from ...pipeline import ROOT, compile_source
    from ...source import SourceFile

    return Interpreter(compile_source(SourceFile.read(ROOT / spec_path, ROOT)).module)


@dataclass(frozen=True)
class Respelling:
    """The same amount written in another unit at each of its places in the spec."""

    written: str
    instead: str
    spans: tuple[tuple[int, int, int], ...]  # (line, column, end column) of each place

    def __str__(self) -> str:
        return f"{self.written} as {self.instead}"


@functools.cache
def respelled_interpreter(spec_path: str, respelling: Respelling):
    """The IR interpreter of the spec with `respelling` applied to its text."""
    from ...interp import Interpreter
    from ...pipeline import ROOT, compile_source
    from ...source import SourceFile

    lines = (ROOT / spec_path).read_text(encoding="utf-8").splitlines(keepends=True)
    for line, col, end in sorted(respelling.spans, reverse=True):
        text = lines[line - 1]
        found = text[col - 1:end - 1]
        if found.split() != respelling.written.split():
            raise AssertionError(f"{spec_path}:{line}:{col} reads {found!r}, not {respelling.written!r}: "
                                 "the spec changed since `codespec build`; rebuild")
        lines[line - 1] = text[:col - 1] + respelling.instead + text[end - 1:]
    return Interpreter(compile_source(SourceFile(spec_path, "".join(lines)), ROOT).module)

