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
    path: str  # POSIX path relative to the repository root, or absolute for a file outside it
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def stem(self) -> str:
        return Path(self.path).stem

    def lines(self) -> list[str]:
        """The text's lines as the parser counts them: split at LF only (a form feed or U+2028
        inside a line does not start another), without the CR of a CRLF ending."""
        return [line.removesuffix("\r") for line in self.text.split("\n")]

    def line_text(self, line: int) -> str:
        lines = self.lines()
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def last_position(self) -> tuple[int, int]:
        lines = self.text.removesuffix("\n").split("\n")
        return len(lines), len(lines[-1].removesuffix("\r")) + 1

    @classmethod
    def read(cls, path: Path, root: Path) -> SourceFile:
        """The file, named relative to `root` when it is under it, else by its absolute path (a
        relative name would be read against `root` later, and its tables with it). Raises
        UnicodeDecodeError for text that is not UTF-8; a leading byte-order mark is dropped."""
        return cls(cls.name_of(path, root), path.read_bytes().decode("utf-8-sig"))

    @staticmethod
    def name_of(path: Path, root: Path) -> str:
        resolved = path.resolve()
        try:
            return resolved.relative_to(root.resolve()).as_posix()
        except ValueError:
            return resolved.as_posix()


def utf8_error_position(raw: bytes, start: int) -> tuple[int, int]:
    """1-based line and column (in characters, as an editor counts them) of byte `start`, the first
    byte of `raw` that is not UTF-8; `raw` without any byte-order mark."""
    line_start = raw.rfind(b"\n", 0, start) + 1
    column = len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, start) + 1, column
