"""Which spec lines caused a changed decision.

A rule's decision depends on its own block and on the declarations it reads: lets (transitively),
sets, tables (their declaration and every CSV row) and policies. The runtime reads policies
behind builtins such as `infusion_time` and table lookups, so a rule calling those depends on
every policy of its spec. The cause of a change is every line that differs between the versions
(difflib) inside those declarations: HEAD lines for changed or added text, BASE lines for removed
text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from .. import ir, nodes, syntax
from ..diagnostics import Diagnostics
from ..source import SourceFile

WHOLE_FILE = 10**9  # a table depends on every row of its CSV
DIFFED = (".rules", ".csv")


@dataclass(frozen=True)
class LineChange:
    path: str
    line: int  # in HEAD for changed or added lines, in BASE for removed ones
    side: str  # head | base
    text: str
    was: str | None  # the BASE text a changed HEAD line replaced, when the two pair up

    def to_json(self) -> dict:
        return {"path": self.path, "line": self.line, "side": self.side, "text": self.text, "was": self.was}

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


def _lines(root: Path, rel: str) -> list[str]:
    path = root / rel
    return path.read_text(encoding="utf-8").splitlines() if path.is_file() else []


def _files(root: Path) -> set[str]:
    base = root / "specs"
    if not base.is_dir():
        return set()
    return {p.relative_to(root).as_posix() for p in base.rglob("*") if p.is_file() and p.suffix in DIFFED}


def line_changes(base_root: Path, head_root: Path) -> list[LineChange]:
    """Every line that differs between the two versions' spec and table files, sorted."""
    out = []
    for rel in sorted(_files(base_root) | _files(head_root)):
        a, b = _lines(base_root, rel), _lines(head_root, rel)
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for k, j in enumerate(range(j1, j2)):
                out.append(LineChange(rel, j + 1, "head", b[j], a[i1 + k] if k < paired else None))
            for i in range(i1 + paired, i2):
                out.append(LineChange(rel, i + 1, "base", a[i], None))
    return sorted(out, key=lambda c: (c.path, c.line, c.side))


# ---- declarations and what depends on what ----
def _policy_spans(module: ir.Module, root: Path) -> dict[str, tuple]:
    source = SourceFile(module.path, (root / module.path).read_text(encoding="utf-8"))
    spec = syntax.parse_spec(source, Diagnostics())
    if spec is None:  # INVARIANT: the module compiled, so it parses
        return {}
    return {d.name: ((d.span.path, d.span.line, d.span.end_line),)
            for d in spec.declarations if isinstance(d, nodes.PolicyDecl)}


def _span(origin) -> tuple:
    return (origin.path, origin.line, origin.end_line)


class Declarations:
    """Spans of one version's declarations, keyed `kind name` (e.g. `rule mue_exceeded`)."""

    def __init__(self, modules: list[ir.Module], root: Path, changed_paths: set[str]) -> None:
        self.modules = modules
        self.spans: dict[str, list[tuple]] = {}
        self.rules: dict[str, list] = {}  # id -> (module, rule): versions and payer variants share an id
        for m in modules:
            for r in m.rules:
                self.rules.setdefault(r.id, []).append((m, r))
        for m in modules:
            for r in m.rules:
                self._add(f"rule {r.id}", _span(r.origin))
            for let in m.lets:
                self._add(f"let {m.name}.{let.name}", _span(let.origin))
            for s in m.sets:
                self._add(f"set {m.name}.{s.name}", _span(s.origin))
            for t in m.tables:
                self._add(f"table {m.name}.{t.name}", _span(t.origin))
                self._add(f"table {m.name}.{t.name}", (t.path, 1, WHOLE_FILE))
            for d in m.derives:
                self._add(f"derive {d.code or 'line.code'}", _span(d.origin))
            # policies carry no span in the IR: re-parse, but only files that changed
            for name, spans in (_policy_spans(m, root) if m.path in changed_paths else {}).items():
                for s in spans:
                    self._add(f"policy {m.name}.{name}", s)

    def _add(self, key: str, span: tuple) -> None:
        self.spans.setdefault(key, []).append(span)

    def containing(self, path: str, line: int) -> list[str]:
        """Declarations whose block holds the line (a table row belongs to its table)."""
        return sorted({k for k, spans in self.spans.items() for p, lo, hi in spans if p == path and lo <= line <= hi})

    def _closure(self, m: ir.Module, roots: list) -> set[str]:
        lets = {let.name: let for let in m.lets}
        sets = {s.name: s for s in m.sets}
        keys: set[str] = set()
        todo, seen = [e for e in roots if e is not None], set()
        while todo:
            for e in ir.walk(todo.pop()):
                match e:
                    case ir.LetRef(name=name) if name in lets:
                        keys.add(f"let {m.name}.{name}")
                        if name not in seen:
                            seen.add(name)
                            todo.append(lets[name].expr)
                    case ir.SetRef(name=name) if name in sets:
                        keys.add(f"set {m.name}.{name}")
                        if sets[name].from_table:
                            keys.add(f"table {m.name}.{sets[name].from_table[0]}")
                    case ir.TableRef(name=name) | ir.Lookup(table=name):
                        keys.add(f"table {m.name}.{name}")
                    case ir.Const(written=written) if written.startswith("policy."):
                        keys.add(f"policy {m.name}.{written.split('.', 1)[1]}")
                if isinstance(e, ir.Lookup) or (isinstance(e, ir.Call) and e.subject is not None):
                    keys.update(f"policy {m.name}.{name}" for name, _ in m.policies)
        return keys

    def rule_keys(self, rule_id: str) -> set[str]:
        keys = {f"rule {rule_id}"} if rule_id in self.rules else set()
        for m, rule in self.rules.get(rule_id, ()):
            keys |= self._closure(m, [rule.where, rule.flag, *(e for _, e in rule.withs)])
        return keys

    def derive_keys(self, code: str) -> set[str]:
        keys: set[str] = set()
        fixed = {d.code for m in self.modules for d in m.derives}
        for m in self.modules:
            for d in m.derives:
                if d.code == code or (d.code is None and code not in fixed):
                    keys.add(f"derive {d.code or 'line.code'}")
                    keys |= self._closure(m, [d.expr, d.where])
        return keys

    def table_keys(self, name: str) -> set[str]:
        return {k for k in self.spans if k.startswith("table ") and k.split(".", 1)[-1] == name}

    def lines_in(self, keys: set[str], changes: list[LineChange]) -> list[LineChange]:
        spans = [s for k in keys for s in self.spans.get(k, ())]
        return [c for c in changes if any(c.path == p and lo <= c.line <= hi for p, lo, hi in spans)]


class Attribution:
    """Maps a changed decision (rules, derived codes, tables) to the spec lines that caused it."""

    def __init__(self, base: Declarations, head: Declarations, changes: list[LineChange]) -> None:
        self.base, self.head = base, head
        self.head_changes = [c for c in changes if c.side == "head"]
        self.base_changes = [c for c in changes if c.side == "base"]

    def lines(self, rules=(), derived=(), tables=()) -> list[LineChange]:
        found: set[LineChange] = set()
        for decl, changes in ((self.head, self.head_changes), (self.base, self.base_changes)):
            keys: set[str] = set()
            for r in rules:
                keys |= decl.rule_keys(r)
            for code in derived:
                keys |= decl.derive_keys(code)
            for t in tables:
                keys |= decl.table_keys(t)
            found.update(decl.lines_in(keys, changes))
        return sorted(found, key=lambda c: (c.path, c.line, c.side))

    def declarations_of(self, change: LineChange) -> list[str]:
        return (self.head if change.side == "head" else self.base).containing(change.path, change.line)
