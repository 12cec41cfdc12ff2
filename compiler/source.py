"""Spec source files and spans: every node and diagnostic points back to `path:line:col`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Span:
    """A region of one file; 1-based lines and columns, end_column exclusive (as lark reports)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def from_meta(cls, path: str, meta) -> Span:
        return cls(path, meta.line, meta.column, meta.end_line, meta.end_column)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str  # repository-relative POSIX path, never absolute
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def stem(self) -> str:
        return Path(self.path).stem

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def last_position(self) -> tuple[int, int]:
        lines = self.text.splitlines() or [""]
        return len(lines), len(lines[-1]) + 1

    @classmethod
    def read(cls, path: Path, root: Path) -> SourceFile:
        try:
            rel = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = path.as_posix()
        return cls(rel, path.read_text(encoding="utf-8"))
