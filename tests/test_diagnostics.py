"""Bad specs in tests/diagnostics/ get exactly the diagnostics their `# expect:` comments pin.

The notation is described in tests/diagnostics/README.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest

from compiler.cli import main
from compiler.diagnostics import CompileError, render_text
from compiler.pipeline import ROOT, compile_source
from compiler.source import SourceFile

HERE = Path(__file__).resolve().parent
DIAG_DIR = HERE / "diagnostics"
FIXTURES = sorted(DIAG_DIR.glob("*.rules"))

PIN = re.compile(r"^#\s*expect:\s*(error|warning)\[([a-z0-9-]+)\]\s+(?:([^\s:]+):)?(\d+):(\d+)(.*)$")
OPTION = re.compile(r'\s+(?:(message|hint)~("(?:[^"\\]|\\.)*")|(nohint))')


@dataclass(frozen=True)
class Pin:
    severity: str
    code: str
    path: str
    line: int
    column: int
    message: str | None = None
    hint: str | None = None
    nohint: bool = False

    @property
    def key(self) -> tuple:
        return (self.path, self.line, self.column, self.severity, self.code)


def read_pins(path: Path) -> list[Pin]:
    spec_rel = path.relative_to(ROOT).as_posix()
    pins = []
    for lineno, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.startswith("# expect"):
            continue
        m = PIN.match(text)
        assert m, f"{spec_rel}:{lineno}: malformed pin: {text}"
        severity, code, file, line, column, rest = m.groups()
        options: dict = {}
        pos = 0
        while pos < len(rest.rstrip()):
            o = OPTION.match(rest, pos)
            assert o, f"{spec_rel}:{lineno}: cannot read pin option at {rest[pos:]!r}"
            if o.group(3):
                options["nohint"] = True
            else:
                options[o.group(1)] = json.loads(o.group(2))
            pos = o.end()
        where = (PurePosixPath(spec_rel).parent / file).as_posix() if file else spec_rel
        pins.append(Pin(severity, code, where, int(line), int(column), **options))
    return pins


def compile_fixture(path: Path):
    source = SourceFile.read(path, ROOT)
    try:
        return source, compile_source(source, ROOT).warnings
    except CompileError as err:
        return source, err.diagnostics
    except Exception as exc:  # noqa: BLE001 - a crash is the failure this reports
        pytest.fail(f"{source.path}: the compiler raised {type(exc).__name__}: {exc}, not CompileError")


def key(d) -> tuple:
    return (d.span.path, d.span.line, d.span.column, d.severity, d.code)


def test_the_fixture_directory_is_populated():
    assert len(FIXTURES) >= 30


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_diagnostics_are_exactly_the_pinned_ones(path):
    pins = read_pins(path)
    assert pins, "a bad spec must pin at least one diagnostic"
    source, found = compile_fixture(path)
    assert sorted(key(d) for d in found) == sorted(p.key for p in pins)

    by_key = {key(d): d for d in found}
    for pin in pins:
        d = by_key[pin.key]
        if pin.message is not None:
            assert pin.message in d.message, (pin, d.message)
        if pin.hint is not None:
            assert d.hint and pin.hint in d.hint, (pin, d.hint)
        if pin.nohint:
            assert not d.hint, f"{pin.code} now has a hint ({d.hint!r}): drop `nohint` from the pin"
        elif d.severity == "error":
            assert d.hint and d.hint.strip(), f"{pin.code} at {pin.line}:{pin.column} has no hint"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_rendered_diagnostics_start_with_their_position(path):
    source, found = compile_fixture(path)
    for d in found:
        text = render_text(d, {source.path: source})
        assert text.startswith(f"{d.span.path}:{d.span.line}:{d.span.column}: {d.severity}[{d.code}]: "), text
        if d.span.path == source.path:  # the offending line is quoted under the header
            assert text.splitlines()[1].endswith(source.line_text(d.span.line))


def _emitted_codes() -> set[str]:
    """Diagnostic codes written literally in the parser and checker sources."""
    pattern = re.compile(r'(?:\.(?:error|warning)\(|Diagnostic\("(?:error|warning)",)\s*"([a-z][a-z0-9-]*)"')
    codes = set()
    for folder in ("syntax", "check"):
        for py in sorted((ROOT / "compiler" / folder).glob("*.py")):
            codes.update(pattern.findall(py.read_text(encoding="utf-8")))
    return codes


def test_every_diagnostic_code_has_a_fixture():
    pinned = {p.code for path in FIXTURES for p in read_pins(path)}
    emitted = _emitted_codes()
    assert {"syntax", "dimension-mismatch", "bad-table-cell"} <= emitted  # the scan itself works
    assert sorted(emitted - pinned) == []


@pytest.mark.parametrize("name", ["syntax_unclosed_brace", "table_bad_number", "never_missing"])
def test_check_json_reports_the_pinned_diagnostics(name, capsys):
    path = DIAG_DIR / f"{name}.rules"
    pins = read_pins(path)
    code = main(["check", "--format", "json", str(path)])
    out, err = capsys.readouterr()
    has_error = any(p.severity == "error" for p in pins)
    assert code == (1 if has_error else 0)
    reported = json.loads(out)  # JSON is for programs: on stdout, once, errors and warnings alike
    assert err == ""
    assert sorted((d["path"], d["line"], d["column"], d["severity"], d["code"]) for d in reported) == \
        sorted(p.key for p in pins)
    assert all(d["hint"] for d in reported if d["severity"] == "error")
