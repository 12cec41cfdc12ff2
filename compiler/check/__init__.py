"""Check stage: surface AST -> typed IR module, collecting every diagnostic it can.

    >>> # check(spec, source, diags, root) returns ir.Module, or None when errors were reported
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from .. import ir, nodes
from ..diagnostics import Diagnostics, did_you_mean
from ..runtime.policies import POLICY_DEFS
from ..source import SourceFile
from . import payers
from . import types as T
from .examples import build_examples
from .lint import lint
from .tables import load_table, placeholder
from .typecheck import SUBJECTS, Checker, Env, expand_items
from .versions import check_versions

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
PY_KEYWORDS = {"and", "or", "not", "in", "is", "if", "else", "for", "while", "def", "class", "return", "import",
               "from", "None", "True", "False", "lambda", "with", "as", "pass", "try", "except", "finally",
               "raise", "global", "nonlocal", "del", "yield", "assert", "break", "continue", "elif", "async", "await"}


def check(spec: nodes.Spec, source: SourceFile, diags: Diagnostics, root: Path) -> ir.Module | None:
    c = Checker(diags)
    names: dict[str, nodes.Node] = {}

    def claim(name: str, node: nodes.Node, span=None) -> bool:
        span = span or node.span
        if name in PY_KEYWORDS:
            diags.error("reserved-name", span, f"`{name}` is a reserved word", "choose another name")
            return False
        if name in names:
            first = names[name].span
            diags.error("duplicate-name", span, f"`{name}` is already defined at line {first.line}",
                        "rename one of them, or delete the repeat")
            return False
        names[name] = node
        return True

    if not re.match(r"^[a-z_][a-z0-9_]*$", spec.name) or spec.name != source.stem:
        if re.match(r"^[a-z_][a-z0-9_]*$", source.stem):
            diags.error("bad-spec-name", spec.span, f"spec name `{spec.name}` must match the file name `{source.stem}`",
                        f"write `spec {source.stem} \"...\"`")
        else:  # the file name itself is no spec name: `spec my-spec` would not parse
            usable = re.sub(r"[^a-z0-9_]", "_", source.stem.lower())
            usable = usable if re.match(r"^[a-z_]", usable) else "spec_" + usable
            diags.error("bad-spec-name", spec.span,
                        f"the file name `{source.stem}` is no spec name: spec names are lower-case letters, digits and _, "
                        "not starting with a digit", f"rename the file to `{usable}.rules` and write `spec {usable} \"...\"`")

    decls = spec.declarations
    for d in decls:  # input payer ids are read lower case (runtime.model): an upper-case one never matches
        for payer in getattr(d, "payers", ()):
            if payer != payer.lower():
                diags.error("bad-payer", getattr(d, "payers_span", None) or d.span,
                            f"payer `{payer}` is written with capitals; payer ids are read in lower case, so it would never apply",
                            f"write `{payer.lower()}`")
    codes: dict[str, str] = {}
    for d in decls:
        if isinstance(d, nodes.CodeDecl):
            if d.code in codes:
                diags.error("duplicate-name", d.span, f"code `{d.code}` is declared twice", "keep one `code` line per code")
            codes[d.code] = d.description

    tables: dict[str, ir.Table] = {}
    table_decls: dict[str, nodes.TableDecl] = {}
    for d in decls:
        if isinstance(d, nodes.TableDecl) and d.payers:
            _payer_table(d, table_decls, tables, source.path, root, diags)
        elif isinstance(d, nodes.TableDecl) and claim(d.name, d):
            table_decls[d.name] = d
            t = load_table(d, source.path, root, diags) or placeholder(d, source.path)
            if t is not None:
                tables[d.name] = t

    sets: dict[str, ir.CodeSet] = {}
    for d in decls:
        if isinstance(d, nodes.SetDecl) and claim(d.name, d):
            elem = T.ELEMENT_OF[T.SET_KIND[d.kind]]
            if d.column is not None:
                column, tname = d.column
                table = tables.get(tname)
                if table is None:
                    diags.error("unknown-table", d.span, f"unknown table `{tname}`", did_you_mean(tname, tables))
                    continue
                cols = [k.name for k in table.keys] + [k.name for k in table.columns]
                if column not in cols:
                    diags.error("unknown-column", d.span, f"table `{tname}` has no column `{column}`", did_you_mean(column, cols))
                    continue
                i = cols.index(column)
                col_ty = [*table.keys, *table.columns][i].ty
                if col_ty not in (elem, T.TEXT):  # a number or a date never equals a code
                    diags.error("type-mismatch", d.span, f"column `{column}` of `{tname}` holds {col_ty}, not {elem}",
                                f"read the set from a column declared as {elem} (or text)")
                    continue
                members = sorted({row[i] for row in table.rows if row[i] is not None})
                sets[d.name] = ir.CodeSet(d.name, d.kind, frozenset(members), d.span, (tname, column))
            else:
                members = expand_items(d.items, elem, diags)
                if members is not None:
                    sets[d.name] = ir.CodeSet(d.name, d.kind, frozenset(members), d.span)

    policies: dict[str, str] = {}
    for d in decls:
        if isinstance(d, nodes.PolicyDecl):
            pdef = POLICY_DEFS.get(d.name)
            if pdef is None:
                diags.error("unknown-policy", d.span, f"unknown policy `{d.name}`",
                            did_you_mean(d.name, POLICY_DEFS) or "policies: " + ", ".join(sorted(POLICY_DEFS)))
            elif d.choice not in pdef.choices:
                diags.error("unknown-choice", d.span, f"policy `{d.name}` has no choice `{d.choice}`",
                            "choices: " + ", ".join(pdef.choices))
            elif d.name in policies:
                diags.error("duplicate-name", d.span, f"policy `{d.name}` is set twice", "keep one `policy` line per policy")
            else:
                policies[d.name] = d.choice

    lets: dict[str, ir.Let] = {}
    derives: list[ir.Derive] = []
    rules: list[ir.Rule] = []
    rule_ids: set[str] = set()
    rule_decls: dict[str, nodes.RuleDecl] = {}  # first declaration of each id; versions need `effective`
    decls, excluded = payers.expand(decls, diags)
    for d in decls:
        if isinstance(d, nodes.LetDecl) and claim(d.name, d):
            if d.scope not in SUBJECTS:
                diags.error("bad-scope", d.span, f"`per {d.scope}` is not a scope a value can be computed for",
                            "one of: " + ", ".join(SUBJECTS))
                continue
            env = Env(d.scope, sets, tables, lets, policies, set(codes))
            e = c.expr(d.expr, env)
            if e is not None:
                lets[d.name] = ir.Let(d.name, d.scope, e, d.span)
        elif isinstance(d, nodes.DeriveDecl):
            derive = _derive(d, c, Env(d.scope if d.scope in SUBJECTS else "encounter", sets, tables, lets, policies, set(codes)), diags, codes)
            if derive is not None:
                derives.append(derive)
        elif isinstance(d, nodes.RuleDecl):
            if "__" in d.name:
                diags.error("reserved-name", d.name_span, f"rule `{d.name}` contains `__`, which names a rule's versions "
                            "and payer variants (`<rule>__for_<payer>`)", "use single underscores")
                continue
            same = next((r for r in rule_decls.values() if r.name != d.name and r.name.lower() == d.name.lower()), None)
            if same is not None:
                diags.error("duplicate-name", d.name_span, f"rule `{d.name}` differs only in case from `{same.name}` "
                            f"at line {same.span.line}", "give the rules names that differ in more than case")
                continue
            first = rule_decls.setdefault(d.name, d) if not d.override else d
            if first is not d and (first.effective is None or d.effective is None):
                diags.error("duplicate-name", d.name_span, f"rule `{d.name}` is already defined at line {first.span.line}",
                            "add `effective` periods to keep both versions")
                continue
            rule_ids.add(d.name)
            rule = _rule(d, c, Env(d.subject or "encounter", sets, tables, lets, policies, set(codes)), diags)
            if rule is not None:
                rules.append(payers.scope(rule, d, excluded.get(d.name) if not d.override else None))

    examples = build_examples(decls, rule_ids, diags)

    if diags.has_errors:
        return None
    module = ir.Module(spec.name, spec.title, source.path, source.sha256, tuple(sorted(codes.items())),
                       tuple(sets.values()), tuple(tables.values()), tuple(sorted(policies.items())),
                       tuple(lets.values()), tuple(derives), tuple(rules), tuple(examples))
    check_versions(module, diags, root)
    lint(module, diags, spec.comments)
    return None if diags.has_errors else module


def _payer_table(d: nodes.TableDecl, decls: dict, tables: dict, spec_path: str, root: Path, diags: Diagnostics) -> None:
    """A payer's rows for a declared table: same key and columns, read from the payer's file."""
    base = decls.get(d.name)
    if base is None:
        diags.error("unknown-table", d.span, f"payer rows for table `{d.name}`, which is not declared above",
                    did_you_mean(d.name, decls) or f"declare `table {d.name} = \"...\" key (...)` first")
        return
    taken = {p for o in tables[d.name].overlays for p in o.payers} if d.name in tables else set()
    for payer in d.payers:
        if payer in taken:
            diags.error("duplicate-override", d.span, f"payer `{payer}` already has rows for table `{d.name}`",
                        "keep one file of rows per payer and table")
    t = load_table(replace(base, path=d.path, span=d.span), spec_path, root, diags)
    if t is not None and d.name in tables:
        tables[d.name] = replace(tables[d.name], overlays=tables[d.name].overlays + (replace(t, payers=d.payers),))


def _derive(d: nodes.DeriveDecl, c: Checker, env: Env, diags: Diagnostics, codes) -> ir.Derive | None:
    if d.scope not in ("encounter", "line"):
        diags.error("bad-scope", d.span, "units are derived `per encounter` or `per line`",
                    "write `per encounter` for time-based codes, `per line` for drug units")
        return None
    code = None
    if isinstance(d.target, nodes.CodeLit):
        code = d.target.text
        if code not in codes:
            diags.error("undeclared-code", d.target.span, f"code `{code}` is not declared in this spec",
                        f"add `code {code} \"...\"` with a description in your own words")
            return None
    elif d.target.parts != ("line", "code") or d.scope != "line":
        diags.error("bad-derive-target", d.target.span, "derive units for a code, or for `line.code` per line",
                    "e.g. `derive 96369 per encounter = ...` or `derive line.code per line = ...`")
        return None
    e = c.expr(d.expr, env)
    where = c.require(d.where, env, T.BOOL, "the `where` condition") if d.where is not None else None
    if e is None or (d.where is not None and where is None):
        return None
    if e.ty != T.NUMBER:
        diags.error("type-mismatch", d.expr.span, f"derived units must be a number, found {e.ty}",
                    "count units, e.g. `1 when ... otherwise 0` or `steps(t, start: 91 min, every: 60 min)`")
        return None
    return ir.Derive(code, d.scope, e, where, d.span)


# What every finding already carries in the output contract: a report value may not take its place.
RESERVED_REPORT_NAMES = frozenset({"rule", "severity", "message", "spec", "path", "source"})


def _rule(d: nodes.RuleDecl, c: Checker, env: Env, diags: Diagnostics) -> ir.Rule | None:
    ok = True
    if d.subject is None:
        diags.error("missing-subject", d.name_span, f"rule `{d.name}` does not say what it checks",
                    "add `for each line`, `for each episode` or `for each encounter`")
        return None
    if d.subject not in SUBJECTS:
        diags.error("bad-subject", d.subject_span or d.span, f"`for each {d.subject}` is not something a rule can check",
                    did_you_mean(d.subject, SUBJECTS) or "one of: " + ", ".join(SUBJECTS))
        return None
    if d.flag is None:
        diags.error("missing-flag", d.name_span, f"rule `{d.name}` never says when it fires", "add `flag when CONDITION`")
        return None
    env.reads = []  # what the where and flag conditions read, named when they cannot be decided
    where = c.require(d.where, env, T.BOOL, "the `where` condition") if d.where is not None else None
    ok &= d.where is None or where is not None
    withs = []
    for b in d.withs:
        if b.name in env.locals:
            first = next(x for x in d.withs if x.name == b.name)
            diags.error("duplicate-name", b.span, f"`{b.name}` is already bound at line {first.span.line} of this rule",
                        "give each `with` value of a rule its own name")
            ok = False
            continue
        e = c.expr(b.expr, env)
        if e is None:
            ok = False
            continue
        env.locals[b.name] = e
        withs.append((b.name, e))
    flag = c.require(d.flag, env, T.BOOL, "the `flag when` condition")
    reads = tuple(dict.fromkeys(env.reads))
    ok &= flag is not None
    report = []
    for b in d.report:
        if b.name in RESERVED_REPORT_NAMES:
            diags.error("reserved-report-name", b.span, f"`{b.name}` names a part of every finding, not a value to report",
                        f"give the value another name, such as `{b.name}_value`")
            ok = False
            continue
        if any(r.name == b.name for r in report):
            diags.error("duplicate-name", b.span, f"rule `{d.name}` already reports `{b.name}`",
                        "report each value once, under its own name")
            ok = False
            continue
        e = c.expr(b.expr, env)
        if e is None:
            ok = False
            continue
        if e.ty.name in ("table", "row"):
            diags.error("type-mismatch", b.span, f"`{b.name}` is a {e.ty.name}, which a finding cannot show",
                        "report one of its columns (`ROW.COLUMN`) instead" if e.ty.name == "row"
                        else "report a value read from the table, not the table")
            ok = False
            continue
        report.append(ir.Report(b.name, e, str(e.ty.dim) if T.is_amount(e.ty) and not e.ty.dim.is_number else None))
    message = d.message or d.description or d.name
    names = {r.name for r in report}
    for m in PLACEHOLDER.finditer(message) if ok else ():
        if m.group(1) not in names:
            diags.error("unknown-placeholder", d.message_span or d.span, f"message uses `{{{m.group(1)}}}` but the rule reports no such value",
                        f"add `report {m.group(1)} = ...`" + (f"; {did_you_mean(m.group(1), names)}" if did_you_mean(m.group(1), names) else ""))
            ok = False
    effective = None
    if d.effective is not None:
        lo, hi = d.effective
        try:
            effective = (date.fromisoformat(lo), date.fromisoformat(hi) if hi else None)
        except ValueError:
            diags.error("bad-date", d.effective_span or d.span, "the effective period has an invalid date",
                        "dates are written YYYY-MM-DD and must exist on the calendar")
            ok = False
        if effective and effective[1] and effective[1] < effective[0]:
            diags.error("bad-period", d.effective_span or d.span, "the effective period ends before it starts",
                        "write the earlier date first: `effective FROM .. THROUGH`")
            ok = False
    if not ok:
        return None
    return ir.Rule(d.name, d.severity, d.description or "", d.subject, where, tuple(withs), flag, message,
                   tuple(report), effective, d.facts, reads, d.span, since=d.since)
