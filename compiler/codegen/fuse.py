"""The fused `validate_all`: the statements of every spec module of one context group in one loop.

Each module's `validate` loops over a record's encounters, lines and episodes by itself, so running
three modules pays for three loops. validate_all writes the statements module_view makes for each
module of a group (the modules sharing one Context) into one loop instead: every module's encounter
statements, then one line loop holding every module's line statements, then one episode loop.
Each module keeps its own findings list and derived units, so each report is the one its own
`validate` gives, finding for finding; the generated tests hold both to the IR interpreter.

A module's constants are imported under their own names, or as <spec>__<NAME> when another merged
module (of any group: validate_all has one namespace) uses the same name. A group is fused only
when no module's statements can overwrite a value another module bound for its loops with a
different one (two specs binding one let name to different values); two specs binding the same
summary of the record (`summary_infusions_subcutaneous = fn.infusions(ctx, enc, "subcutaneous")`)
bind the same value, so they are fused. Otherwise validate_all calls each module's `validate`,
with the same reports, only slower.
"""

from __future__ import annotations

import ast
import builtins
import io
import tokenize
from types import SimpleNamespace

# Names the generated modules import alike (the package imports them too) and the loop's own names.
SHARED = frozenset({"fn", "fields", "logic", "results", "Context", "Policies", "date", "Fraction"})
LOOP = frozenset({"ctx", "record", "enc", "line", "episode", "policies"})
_BODIES = ("encounter_body", "line_body", "episode_body")


def module_globals(source: str) -> set[str]:
    """The names a rendered validator module binds at its top level."""
    found: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                found.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return found - {"annotations"}


def _names(block: list[str]) -> tuple[set[str], set[str]]:
    """The names a block of statements binds, and those it reads."""
    bound: set[str] = set()
    read: set[str] = set()
    for node in ast.walk(ast.parse("\n".join(block))) if block else ():
        if isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, ast.Store) else read).add(node.id)
    return bound, read


def rename(block: list[str], names: dict[str, str]) -> list[str]:
    """The block with every name in `names` respelled; attributes (`line.code`) and keyword
    arguments keep their spelling."""
    if not block:
        return []
    edits: dict[int, list] = {}
    previous, depth = None, 0
    tokens = list(tokenize.generate_tokens(io.StringIO("\n".join(block) + "\n").readline))
    for i, tok in enumerate(tokens):
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            depth -= 1
        elif tok.type == tokenize.NAME and tok.string in names:
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            attribute = previous is not None and previous.type == tokenize.OP and previous.string == "."
            keyword = depth > 0 and after is not None and after.type == tokenize.OP and after.string == "="
            if not attribute and not keyword:
                edits.setdefault(tok.start[0] - 1, []).append((tok.start[1], tok.end[1], names[tok.string]))
        if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            previous = tok
    out = list(block)
    for row, changes in edits.items():
        text = out[row]
        for start, end, new in sorted(changes, reverse=True):
            text = text[:start] + new + text[end:]
        out[row] = text
    return out


def _single_assignments(block: list[str]) -> dict[str, tuple[str, frozenset]]:
    """name -> (its value's AST, the names the value reads) for each name the block binds exactly
    once, by a top-level `name = value`, and nowhere else."""
    counts: dict[str, int] = {}
    found: dict[str, tuple[str, frozenset]] = {}
    for stmt in ast.parse("\n".join(block)).body if block else ():
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                counts[node.id] = counts.get(node.id, 0) + 1
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            reads = frozenset(n.id for n in ast.walk(stmt.value) if isinstance(n, ast.Name))
            found[stmt.targets[0].id] = (ast.dump(stmt.value), reads)
    return {name: value for name, value in found.items() if counts[name] == 1}


def _part(name: str, view: SimpleNamespace, source: str) -> SimpleNamespace:
    """What one module's statements bind and read, and which of its constants they use."""
    enc_bound, enc_read = _names(view.encounter_body)
    loop_bound, loop_read = set(), set()
    for body in ("line_body", "episode_body"):
        b, r = _names(getattr(view, body))
        loop_bound |= b
        loop_read |= r
    defined = module_globals(source) - SHARED
    single = {n: v for n, v in _single_assignments(view.encounter_body).items() if n not in loop_bound}
    return SimpleNamespace(name=name, view=view, bound=enc_bound | loop_bound, live=enc_bound & loop_read,
                           used=(enc_read | loop_read) & defined, defined=defined, single=single,
                           locals=(enc_bound | enc_read | loop_bound | loop_read) - defined)


_FREE = SHARED | LOOP | set(dir(builtins))  # names whose value is the same for every module (locals never shadow builtins)


def _same_value(name: str, a: SimpleNamespace, b: SimpleNamespace, seen: frozenset = frozenset()) -> bool:
    """Whether two modules bind `name` once each, in their encounter statements, to the same value:
    the same expression of no constant of their own, reading only names bound so too."""
    value = a.single.get(name)
    if value is None or value != b.single.get(name) or value[1] & (a.defined | b.defined):
        return False
    return all(n in _FREE or n in seen or _same_value(n, a, b, seen | {name}) for n in value[1])


def _overwrites(parts: list[SimpleNamespace]) -> bool:
    """Whether one module's statements bind, to another value, a name another's loops read from
    its own encounter statements."""
    return any(a is not b and not all(_same_value(n, a, b) for n in a.live & b.bound) for a in parts for b in parts)


def fuse_groups(groups: list[list[tuple[str, SimpleNamespace, str]]]) -> list[SimpleNamespace | None]:
    """For each context group, given as (name, module_view, rendered source) of its modules in
    spec-name order, its fused statements; None for a group whose modules could overwrite each
    other's values. The constants of every fused module share validate_all's namespace, so they are
    named over all groups at once; should a spelling clash anyway, nothing is fused."""
    fusable = [None if _overwrites(parts) else parts for parts in ([_part(*m) for m in g] for g in groups)]
    parts = [p for group in fusable if group for p in group]
    uses: dict[str, int] = {}
    for p in parts:
        for g in p.used:
            uses[g] = uses.get(g, 0) + 1
    taken = set(SHARED) | LOOP | {n for p in parts for n in p.locals}
    if any(n.startswith(("spec_", "report_", "ctx_")) for n in taken):
        return [None] * len(groups)  # a local spelled like a name validate_all gives its modules, reports or contexts
    chosen: set[str] = set()
    for p in parts:
        p.names = {g: (g if uses[g] == 1 else f"{p.name}__{g}") for g in sorted(p.used)}
        p.names.update(findings=f"findings_{p.name}", derived=f"derived_{p.name}")
        for spelling in [p.names[g] for g in sorted(p.used)] + [p.names["findings"], p.names["derived"]]:
            if spelling in chosen or spelling in taken:
                return [None] * len(groups)  # a spelling a local (or another constant) already has
            chosen.add(spelling)
    return [None if group is None else SimpleNamespace(
        modules=[SimpleNamespace(
            name=p.name, path=p.view.path, findings=p.names["findings"], derived=p.names["derived"],
            imports=[g if g == p.names[g] else f"{g} as {p.names[g]}" for g in sorted(p.used)],
            tables_checked=bool(p.view.table_consts),
            **{body: rename(getattr(p.view, body), p.names) for body in _BODIES}) for p in group],
        reads_policies=any("policies" in p.locals for p in group)) for group in fusable]
