"""The pipeline in one place: read -> parse -> check -> emit, and writing/verifying generated/."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import check as check_stage
from . import codegen, ir, syntax
from .diagnostics import CompileError, Diagnostic, Diagnostics
from .source import SourceFile, Span, utf8_error_position

ROOT = Path(__file__).resolve().parents[1]
SPEC_DIR = "specs"
GENERATED = "generated"


@dataclass(frozen=True)
class CompiledSpec:
    source: SourceFile
    module: ir.Module
    files: dict[PurePosixPath, str]
    warnings: list[Diagnostic]


def compile_source(source: SourceFile, root: Path = ROOT) -> CompiledSpec:
    """Run every stage on one spec; raise CompileError carrying all diagnostics."""
    diags = Diagnostics()
    spec = syntax.parse_spec(source, diags)
    module = check_stage.check(spec, source, diags, root) if spec is not None else None
    if module is None or diags.has_errors:
        raise CompileError(diags.items)
    return CompiledSpec(source, module, codegen.emit(module), diags.items)


def spec_paths(root: Path = ROOT) -> list[Path]:
    return sorted((root / SPEC_DIR).glob("*.rules"))


def read_source(path: Path, root: Path = ROOT) -> SourceFile:
    """SourceFile.read, with text that is not UTF-8 reported as a diagnostic at its position."""
    try:
        return SourceFile.read(path, root)
    except UnicodeDecodeError:
        raw = path.read_bytes().removeprefix(codecs.BOM_UTF8)  # positions count from after the mark
        try:
            raw.decode("utf-8")
            start = 0
        except UnicodeDecodeError as err:
            start = err.start
        line, column = utf8_error_position(raw, start)
        name = SourceFile.name_of(path, root)
        raise CompileError([Diagnostic("error", "bad-spec-encoding", f"`{name}` is not UTF-8 text (byte 0x{raw[start]:02x})",
                                       Span(name, line, column, line, column + 1), "save the spec file as UTF-8")]) from None


def read_sources(paths: list[Path] | None, root: Path = ROOT) -> list[SourceFile]:
    return [read_source(p, root) for p in (paths or spec_paths(root))]


def compile_all(root: Path | None = None, paths: list[Path] | None = None) -> list[CompiledSpec]:
    """Compile every spec; raise one CompileError with the diagnostics of all failing specs."""
    root = root or ROOT
    compiled, errors = [], []
    first: dict[str, str] = {}  # spec name -> the file that declared it first
    for path in paths or spec_paths(root):
        try:
            spec = compile_source(read_source(path, root), root)
        except CompileError as err:
            errors.extend(err.diagnostics)
            continue
        name = spec.module.name
        if name in first:  # one generated module per name: the second would silently replace the first
            line = next((i for i, text in enumerate(spec.source.text.splitlines(), 1) if text.startswith("spec ")), 1)
            errors.append(Diagnostic("error", "duplicate-spec", f"spec `{name}` is also declared in `{first[name]}`",
                                     Span(spec.source.path, line, 1, line, 5),
                                     "give each spec its own name (and file name)"))
            continue
        first[name] = spec.source.path
        compiled.append(spec)
    if any(d.severity == "error" for d in errors):
        raise CompileError(errors)
    return compiled


_COMPILED: dict[str, list[CompiledSpec]] = {}  # digest of a specs/ tree -> its compiled specs


def specs_digest(root: Path) -> str:
    """Names and contents of every file under root/specs (tables included): equal digests, equal IR."""
    h = hashlib.sha256()
    for p in sorted((root / SPEC_DIR).rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def compile_cached(root: Path | None = None) -> list[CompiledSpec]:
    """compile_all, remembered while the specs and tables under `root` stay byte-for-byte the same
    (tools that compile the same tree several times in one process compile it once)."""
    key = specs_digest(root or ROOT)
    if key not in _COMPILED:
        _COMPILED[key] = compile_all(root or ROOT)
    return _COMPILED[key]


def package_files(compiled: list[CompiledSpec]) -> dict[PurePosixPath, str]:
    """Everything under generated/: per-spec files plus the package modules that tie them together."""
    from .codegen.env import environment

    files: dict[PurePosixPath, str] = {}
    for c in compiled:
        files.update(c.files)
    names = sorted(c.module.name for c in compiled)
    # Modules whose policy choices agree share one evaluation context per record (their groupings of
    # lines by encounter and date are the same); which ones do is known here, at build time.
    from .runtime.policies import Policies

    shared: dict[tuple, list[str]] = {}
    for c in sorted(compiled, key=lambda c: c.module.name):
        shared.setdefault(Policies(dict(c.module.policies)).key, []).append(c.module.name)
    context_of = {name: i for i, group in enumerate(shared.values(), start=1) for name in group}
    env = environment()
    header = "# Generated by `codespec build`. DO NOT EDIT.\n"
    files[PurePosixPath("generated/__init__.py")] = header + '"""Validators generated from specs/ (committed; rebuilt by `codespec build`)."""\n'
    files[PurePosixPath("generated/tables/__init__.py")] = header + '"""Reference tables embedded from specs/tables/."""\n'
    files[PurePosixPath("generated/validators/__init__.py")] = env.get_template("package.py.jinja").render(
        names=names, groups=list(shared.values()), context_of=context_of)
    if any(c.module.rules for c in compiled):
        from .codegen.testgen import emit_tests

        files.update(emit_tests([c.module for c in compiled]))
    return files


def build(root: Path | None = None, check_only: bool = False) -> list[str]:
    """Write generated/ (or, with check_only, list what is stale, missing or extra)."""
    root = root or ROOT
    files = package_files(compile_all(root))
    problems = []
    expected = {root / p for p in files}
    for rel, text in sorted(files.items()):
        path = root / rel
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            problems.append(f"{'stale' if current is not None else 'missing'}: {rel}")
            if not check_only:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for path in sorted((root / GENERATED).rglob("*.py")) if (root / GENERATED).exists() else []:
        if path not in expected:
            problems.append(f"extra: {path.relative_to(root).as_posix()}")
            if not check_only:
                path.unlink()
    return problems
