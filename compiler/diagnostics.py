"""Diagnostics: one format for every stage, `path:line:col: error[code]: message` plus a hint."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field

from .source import SourceFile, Span


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: str  # error | warning
    code: str  # stable kebab-case slug; tests match on it
    message: str
    span: Span
    hint: str | None = None

    def to_json(self) -> dict:
        s = self.span
        return {"path": s.path, "line": s.line, "column": s.column, "end_line": s.end_line,
                "end_column": s.end_column, "severity": self.severity, "code": self.code,
                "message": self.message, "hint": self.hint}


@dataclass
class Diagnostics:
    """Collects diagnostics; passes keep going after an error so authors see them all at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, span: Span, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic("error", code, message, span, hint))

    def warning(self, code: str, span: Span, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic("warning", code, message, span, hint))

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)


class CompileError(Exception):
    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{sum(d.severity == 'error' for d in diagnostics)} error(s)")
        self.diagnostics = diagnostics


def did_you_mean(word: str, candidates) -> str | None:
    match = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"did you mean `{match[0]}`?" if match else None


def render_text(diag: Diagnostic, sources: dict[str, SourceFile]) -> str:
    s = diag.span
    out = [f"{s}: {diag.severity}[{diag.code}]: {diag.message}"]
    src = sources.get(s.path)
    if src is not None:
        text = src.line_text(s.line)
        width = max(1, (s.end_column - s.column) if s.end_line == s.line else len(text) - s.column + 1)
        out.append(f"{s.line:>4} | {text}")
        out.append("     | " + " " * (s.column - 1) + "^" * width)
    if diag.hint:
        out.append(f"  help: {diag.hint}")
    return "\n".join(out)


def render_all(diags: list[Diagnostic], root) -> str:
    """Every diagnostic as text, each with the source line it points at (read from under `root`)."""
    sources: dict[str, SourceFile] = {}
    for d in diags:
        path = root / d.span.path
        if d.span.path not in sources and path.is_file():
            sources[d.span.path] = SourceFile(d.span.path, path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(render_text(d, sources) for d in diags)


def render_json(diags: list[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diags], indent=2)
