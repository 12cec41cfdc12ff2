"""IR -> template view models: every decision about the generated text is made here, in Python."""

from __future__ import annotations

import re
from types import SimpleNamespace

from .. import ir
from .names import PyNames
from ..runtime import builtins
from .pyexpr import PyExpr, collect_sets, literal, lookups, names_used, pystr, summary_key


def docstring(text: str) -> str:
    """A triple-quoted literal that evaluates back to exactly `text`."""
    out = []
    for ch in text:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "\n" or ch.isprintable():
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return '"""' + "".join(out) + '"""'


def table_module_name(spec: str, table: str) -> str:
    return f"{spec}__{table}"


def overlay_suffix(t: ir.Table) -> str:
    """Names a payer's rows for a table: `mue` for Regence is `mue__for_bcbs_regence`."""
    return "__for_" + "_".join(t.payers)


def module_view(m: ir.Module) -> SimpleNamespace:
    names = PyNames(m, full_columns(m))
    summaries = _summaries(m, names)
    for text in summaries:
        names.summary(text)  # named before any expression is written, so that every call reads it
    hoisted = []
    for s in m.sets:
        hoisted.append(SimpleNamespace(const=names.const(s.name), value=literal(s.members),
                                       origin=f"{s.origin}" + (f" (column {s.from_table[1]} of {s.from_table[0]})" if s.from_table else "")))
    found: list = []
    for e in ir.expressions(m):
        collect_sets(e, found)
    for value in found:
        if value not in names.sets:
            hoisted.append(SimpleNamespace(const=names.literal_set(value), value=literal(value), origin="literal in a rule"))
    tables = [SimpleNamespace(module=table_module_name(m.name, t.name), const=names.const(t.name)) for t in m.tables]
    overlays = []  # payers' rows over a table: (table const, {payer: const of the payer's rows})
    for t in m.tables:
        if t.overlays:
            consts = {}
            for o in t.overlays:
                const = names.const(t.name) + overlay_suffix(o).upper()
                tables.append(SimpleNamespace(module=table_module_name(m.name, t.name + overlay_suffix(o)), const=const))
                consts.update({payer: const for payer in o.payers})
            overlays.append((names.const(t.name), "{" + ", ".join(f"{pystr(p)}: {c}" for p, c in sorted(consts.items())) + "}"))
    let_scope = {let.name: let.scope for let in m.lets}

    periods = ir.version_periods(m)
    # A row several rules of one loop read (both label rules read the episode's label row) is bound
    # by each under one name, so that _reuse keeps the first lookup for the rest.
    readers: dict[tuple, set] = {}
    for r in m.rules:
        for _, e in r.withs:
            for lk in lookups(e):
                readers.setdefault((r.subject, lk.table, lk.keys), set()).add(r.id + r.variant)
    shared_rows = {(t, k) for (subject, t, k), ids in readers.items() if len(ids) > 1}
    rules = [rule_view(r, names, let_scope, periods[(r.id, r.payers)], shared_rows) for r in m.rules]
    body = {"encounter": [], "line": [], "episode": []}
    bound: dict[str, dict[str, str]] = {"encounter": {}, "line": {}, "episode": {}}  # see _reuse
    guards = []
    for text in summaries:
        body["encounter"].append(f"{names.summary(text)} = {text}  # the summary the functions below read, once per encounter")
    for let in m.lets:
        py = PyExpr(let.scope, names)
        body[let.scope].append(f"{names.let(let.name)} = {py(let.expr)}  # {let.origin}")
    for d in m.derives:
        py = PyExpr(d.scope, names)
        code = pystr(d.code) if d.code else "line.code"
        where = py(d.where) if d.where is not None else None
        py.assume_present([d.where] if d.where is not None else [])  # the units are computed where it holds
        units = names.derived_units()
        # Summed over the record's encounters (results.merge_derived); the first contribution is the total.
        stmts = [f"{units} = {py(d.expr)}  # {d.origin}",
                 f"derived[{code}] = {units} if {code} not in derived else results.merged({units}, derived[{code}])"]
        if d.where is not None:
            body[d.scope].append(f"if {where}{' is True' if d.where.nullable else ''}:  # {d.origin}")
            stmts = ["    " + stmts[0].split("  # ")[0], "    " + stmts[1]]
        body[d.scope] += stmts
    run: list = []  # consecutive line rules that check only some codes

    def rule_lines(view, implied: frozenset | None = None) -> list[str]:
        """A rule's heading and block under its own tests; a code filter the enclosing test of
        `implied` codes already decides is left out."""
        tests = [view.guard] if view.encounter_guard is not None else []
        tests += [text for text, codes in view.code_filters if implied is None or codes is None or not implied <= codes]
        block = rule_block(view)
        if tests:
            block = [f"if {' and '.join(tests)}:", *("    " + ln for ln in block)]
        return [*view.heading, *block]

    def end_run() -> None:
        """Write the run; two or more rules go under one test of the codes any of them checks, so
        that a line of another code skips them all at once."""
        if len(run) < 2:
            for view in run:
                body["line"] += _reuse(bound["line"], rule_lines(view))
        else:
            codes = frozenset().union(*(view.codes for view in run))
            if codes not in names.sets:
                hoisted.append(SimpleNamespace(const=names.literal_set(codes), value=literal(codes),
                                               origin="the codes of a run of rules"))
            test = f"if line.code in {names.sets[codes]}:  # the codes the next {len(run)} rules check"
            body["line"] += _under(bound["line"], test, [rule_lines(view, codes) for view in run])
        run.clear()

    shared: list = []  # consecutive rules of one episode (or encounter) loop that open with the same `where`

    def end_shared() -> None:
        """Write them; two or more test their `where` once, and a later rule's block reads what an
        earlier one bound (both label rules look up the episode's label row)."""
        if len(shared) < 2:
            for subject, view in shared:
                body[subject] += _reuse(bound[subject], rule_lines(view))
        else:
            subject, first = shared[0]
            test = f"if {first.where}:  # the condition of the next {len(shared)} rules"
            body[subject] += _under(bound[subject], test, [[*view.heading, *rule_block(view, where_tested=True)]
                                                           for _, view in shared])
        shared.clear()

    for r, view in zip(m.rules, rules):
        if view.encounter_guard is not None:
            guards.append(f"{view.guard} = {view.encounter_guard}  # {r.location}")  # never missing
        if r.subject != "line":
            if shared and not (shared[0][0] == r.subject and _shares_where(shared[0][1], view)):
                end_shared()
            shared.append((r.subject, view))
            continue
        end_shared()
        if view.codes is None:
            end_run()
        run.append(view)
        if view.codes is None:
            end_run()
    end_run()
    end_shared()
    body["encounter"] += guards
    if not any(body.values()):  # a spec with nothing to evaluate still gets a valid loop
        body["encounter"].append("pass")
    return SimpleNamespace(
        path=m.path, sha256=m.sha256, path_literal=pystr(m.path),
        docstring=docstring(f"Validators for {m.path}: {m.title} ({len(m.rules)} rules)."),
        policies=_dict_literal(dict(m.policies)),
        codes=[(pystr(c), pystr(t)) for c, t in m.codes], sets=hoisted, tables=tables, overlays=overlays, rules=rules,
        table_consts=[names.const(t.name) for t in m.tables],
        # What its reports may say was not checked: its tables, and the rules it dates (Report keeps
        # only these of the notes a shared Context holds for every spec).
        own_notes=f"({literal(frozenset(t.name for t in m.tables))}, "
                  f"{literal(frozenset(r.id for r, view in zip(m.rules, rules) if view.dated))})",
        encounter_body=body["encounter"], line_body=body["line"], episode_body=body["episode"],
    )


def _summaries(m: ir.Module, names: PyNames) -> list[str]:
    """The per-record summaries the module's function calls read (Signature.summary), in the order
    the calls appear, for calls whose arguments are constants: each is bound once per encounter."""
    found: list[str] = []
    py = PyExpr("encounter", names)
    for e in ir.expressions(m):
        for n in ir.walk(e):
            if not isinstance(n, ir.Call):
                continue
            sig = builtins.SIGNATURES[n.function]
            if sig.summary is None or not all(isinstance(a, (ir.Const, ir.TableRef)) for a in n.args):
                continue
            if n.subject != "encounter" and "{subject}" in sig.summary:
                continue  # a summary of one line or episode: nothing to share across the loop
            key = summary_key(sig, n.subject, {name: py(a) for (name, _), a in zip(sig.params, n.args)})
            if key not in found:
                found.append(key)
    return found


_ASSIGN = re.compile(r"^( *)(\w+) = (.*)$")
_NEVER_REUSED = {"verdict", "applies"}  # a rule's own outcome, never carried to the next rule


def _reuse(bound: dict[str, str], block: list[str]) -> list[str]:
    """Drop an unguarded `name = value` that repeats one an earlier rule of the same loop left bound
    (two code-pair rules both start with `edit = fn.pair_edit(...)`): values are pure within a
    record, so the name still holds it. `bound` maps names to the values so held; assigning a name
    anywhere ends what was known of it and of every value that reads it."""
    out = []
    for line in block:
        m = _ASSIGN.match(line)
        if m is None:
            out.append(line)
            continue
        indent, name, value = m.groups()
        if not indent and name not in _NEVER_REUSED and bound.get(name) == value:
            out.append(f"# {name}: as bound above")
            continue
        out.append(line)
        reads_name = re.compile(rf"\b{name}\b")
        for other in [n for n, v in bound.items() if n == name or reads_name.search(v)]:
            del bound[other]
        if not indent and name not in _NEVER_REUSED and not reads_name.search(value):
            bound[name] = value
    return out


def _under(bound: dict[str, str], test: str, blocks: list[list[str]]) -> list[str]:
    """Rule blocks nested under one test (`if ...:`): inside it each block reuses what an earlier
    one bound (what was bound before the test holds too); after it, `bound` forgets what they rebind."""
    inner = dict(bound)
    nested = ["    " + ln for block in blocks for ln in _reuse(inner, block)]
    _reuse(bound, nested)
    return [test, *nested]


def _shares_where(a: SimpleNamespace, b: SimpleNamespace) -> bool:
    """Whether two rules open with the same never-missing `where` and nothing before it."""
    return (a.where is not None and a.where == b.where and not (a.where_nullable or b.where_nullable)
            and not (a.pre_withs or b.pre_withs) and a.encounter_guard is None and b.encounter_guard is None)


def rule_block(v: SimpleNamespace, where_tested: bool = False) -> list[str]:
    """The statements of one rule, written where validate() reaches its subject: each condition that
    ends the rule early (its `where`, its period in force) opens a block for the rest. `where_tested`:
    the caller has tested the `where` (never missing) for this rule and others."""
    out: list[str] = [f"{name} = {value}" for name, value in v.pre_withs]
    depth = 0

    def put(text: str) -> None:
        out.append("    " * depth + text)

    if where_tested:
        pass
    elif v.where and v.where_nullable:
        put(f"applies = {v.where}")
        put("if applies is not False:")
        depth += 1
    elif v.where:
        put(f"if {v.where}:")  # never missing: a Python bool
        depth += 1
    if v.effective:
        put(f"if {v.effective}:")
        depth += 1
    for name, value in v.withs:
        put(f"{name} = {value}")
    put(f"verdict = {v.flag}")
    branches = []
    if v.where and v.where_nullable:  # might apply and might fire: cannot tell, so say so
        branches.append(("applies is None and verdict is not False",
                         f"results.incomplete(META_{v.const}, {v.lacking})"))
    if v.flag_nullable:
        branches.append(("verdict is None", f"results.incomplete(META_{v.const}, {v.lacking})"))
    branches.append(("verdict", f"results.finding(META_{v.const}, {v.report}, {v.anchor})"))
    for i, (test, found) in enumerate(branches):
        put(f"{'if' if i == 0 else 'elif'} {test}:")
        put(f"    findings.append({found})")
    return out


def _dict_literal(d: dict) -> str:
    return "{" + ", ".join(f"{pystr(k)}: {pystr(v)}" for k, v in sorted(d.items())) + "}"


def _encounter_level(e: ir.Expr) -> bool:
    """Reads nothing of the line or episode: can be decided once per encounter instead of per line."""
    match e:
        case ir.FieldRead(field=name):
            return name.startswith("encounter.")
        case ir.Const() | ir.SetRef():
            return True
        case ir.LetRef(scope=scope):
            return scope == "encounter"
        case ir.LocalRef() | ir.Lookup() | ir.TableRef() | ir.RowField():
            return False
        case ir.Call(subject=subject, args=args):
            return subject is None and all(_encounter_level(a) for a in args)
    return all(_encounter_level(c) for c in ir.children(e))


def _code_test(e: ir.Expr) -> bool:
    """`line.code in SET` or `line.code = "X"`: never missing, a line of another code fails it."""
    match e:
        case ir.Member(item=ir.FieldRead(field="line.code"), collection=coll, negated=False) if not coll.nullable:
            return True
        case ir.Compare(op="=", left=ir.FieldRead(field="line.code"), right=ir.Const(value=str())):
            return True
    return False


def _prefilter(e: ir.Expr) -> ir.Expr | None:
    """A never-missing test that is false only where `e` is false, made of its code and presence
    tests (None: none), tested in the line loop before the rest of the rule so that most lines skip
    it at once. `line.code = 96370 or (line.code = 96369 and X)` gives `line.code = 96370 or
    line.code = 96369`: a line of another code skips the rule without computing X."""
    match e:
        case _ if _code_test(e):
            return e
        case ir.IsMissing(operand=ir.FieldRead(field=name), negated=True) if name.startswith("line."):
            return e
        case ir.BoolOp(op="or", items=items):
            parts = [_prefilter(i) for i in items]
            return None if None in parts else ir.BoolOp(e.ty, False, "or", tuple(parts), origin=e.origin)
        case ir.BoolOp(op="and", items=items):
            parts = [p for p in (_prefilter(i) for i in items) if p is not None]
            return _and(parts, e.origin)
    return None


def _implied(e: ir.Expr, names: PyNames) -> frozenset | None:
    """Codes outside which `e` is false, not merely missing (None: no such set). Kleene `and` is
    false when one conjunct is, `or` when every disjunct is."""
    match e:
        case ir.Member(collection=ir.SetRef(name=name)) if _code_test(e):
            return names.members(name)
        case ir.Member(collection=ir.Const(value=frozenset() as these)) if _code_test(e):
            return these
        case ir.Compare(right=ir.Const(value=str() as code)) if _code_test(e):
            return frozenset({code})
        case ir.BoolOp(op="or", items=items):
            parts = [_implied(i, names) for i in items]
            return None if None in parts else frozenset().union(*parts)
        case ir.BoolOp(op="and", items=items):
            parts = [p for p in (_implied(i, names) for i in items) if p is not None]
            return frozenset.intersection(*parts) if parts else None
    return None


def _codes(conditions: list[ir.Expr], names: PyNames) -> frozenset | None:
    """The codes a line must have for the conditions (a `where`'s conjuncts) to hold (None: any code may)."""
    codes = None
    for e in conditions:
        these = _implied(e, names)
        if these is not None:
            codes = these if codes is None else codes & these
    return codes


def _contains(e: ir.Expr, sub: ir.Expr) -> bool:
    return any(n == sub for n in ir.walk(e))


def _and(items: list[ir.Expr], origin) -> ir.Expr | None:
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return ir.BoolOp(items[0].ty, any(i.nullable for i in items), "and", tuple(items), origin=origin)


def full_columns(m: ir.Module) -> frozenset:
    """(table, column) pairs with a value in every row, payers' rows included: read from a row that
    exists, such a column is never missing. The rows are those the generated module embeds."""
    full = set()
    for t in m.tables:
        for i, col in enumerate(t.columns, start=len(t.keys)):
            if all(row[i] is not None for table in (t, *t.overlays) for row in table.rows):
                full.add((t.name, col.name))
    return frozenset(full)


def rule_view(r: ir.Rule, names: PyNames, let_scope, periods=(), shared_rows=frozenset()) -> SimpleNamespace:
    py = PyExpr(r.subject, names)
    # The `where` is split: encounter-level conjuncts are tested once per encounter in validate(), code
    # and presence tests guard the rule's block in the line loop, the rest opens the block. A
    # conjunction is true exactly when every conjunct is, so the split changes no verdict.
    hoisted, filters, filtered, rest = [], [], [], []
    for c in ir.conjuncts(r.where):
        if r.subject != "encounter" and _encounter_level(c) and not c.nullable:
            hoisted.append(c)
        elif r.subject == "line" and (pre := _prefilter(c)) is not None:
            filters.append((py(pre), _codes([c], names)))
            if pre == c:  # only code and presence tests: the filter is the condition
                filtered.append(c)
            else:  # the filter only skips lines for which c is false; c is still tested below
                rest.append(c)
        else:
            rest.append(c)
    origin = r.where.origin if r.where is not None else r.origin
    # A `with` value the first remaining condition also computes is bound first and reused there,
    # together with the values it reads (a `with` reads only those declared before it).
    withs_by_name = dict(r.withs)
    early: set[str] = set()
    if rest:
        todo = [name for name, e in r.withs if _contains(rest[0], e)]
        while todo:
            name = todo.pop()
            if name not in early:
                early.add(name)
                todo += [n for n in names_used(withs_by_name[name], ir.LocalRef) if n in withs_by_name]
    order = [(n, e) for n, e in r.withs if n in early] + [(n, e) for n, e in r.withs if n not in early]
    # Several values read from one table row (e.g. an MUE limit and its MAI), or a row other rules
    # read too: look the row up once, just before the first binding written out that needs it.
    uses: dict[tuple, int] = {}
    for _, e in r.withs:
        for lk in lookups(e):
            uses[(lk.table, lk.keys)] = uses.get((lk.table, lk.keys), 0) + 1
    bindings = []
    for name, e in order:
        for lk in lookups(e):
            k = (lk.table, lk.keys)
            if (uses[k] > 1 or k in shared_rows) and k not in py.rows:
                row_name = names.row(lk.table, lk.keys)
                bindings.append((name, row_name, py.row(lk)))
                py.rows[k] = row_name
    row_before = {name: [(row_name, text) for n, row_name, text in bindings if n == name] for name, _ in r.withs}
    pre_withs = [(n2, t2) for name, e in r.withs if name in early
                 for n2, t2 in [*row_before[name], (names.local(name), py(e))]]
    known = {e: names.local(name) for name, e in r.withs if name in early}
    where_py = PyExpr(r.subject, names, known)
    where_py.assume_present(hoisted + filtered)
    where = _and(rest, origin)
    where_text = where_py(where) if where is not None else None
    guard = _and(hoisted, origin)
    # Past the where, its `X is present` conjuncts hold: what follows writes no missing-value test for X.
    py.assume_present(ir.conjuncts(r.where))
    for n, e in r.withs:
        if n in early:
            py.bind(n, e)
    withs = []
    for n, e in r.withs:
        if n not in early:
            withs += [*row_before[n], (names.local(n), py(e))]
            py.bind(n, e)
    flag = py(r.flag)
    flag_nullable = py.null(r.flag)  # never missing here: no `incomplete_data` branch is written
    name = r.id + (f"__{r.variant}" if r.variant else "")  # versions and payer variants share the rule id
    anchor = {"line": "line.index", "episode": "None, episode.id", "encounter": "None"}[r.subject]
    # what an incomplete_data finding needs besides: the record and the line or episode, to name what is missing
    lacking = {"line": "line.index, None, record, line", "episode": "None, episode.id, record, episode",
               "encounter": "None, None, record"}[r.subject]
    effective = dated = None
    if r.effective is not None:
        # this version's period, then those of every version: none covering the date means "not checked"
        dated = (f"({literal(r.effective[0])}, {literal(r.effective[1])})",
                 "(" + "".join(f"({literal(a)}, {literal(b)}), " for a, b in periods) + ")")
        effective = f"ctx.rule_in_force(META_{name.upper()}, {py.day()})"
    report = "{" + ", ".join(f"{pystr(x.name)}: {py(x.expr)}" for x in r.report) + "}"
    dims = "(" + "".join(f"({pystr(x.name)}, {pystr(x.dim) if x.dim else 'None'}), " for x in r.report) + ")"
    reads = "(" + "".join(f"{pystr(x)}, " for x in r.reads) + ")"
    heading = f"# {r.location}  rule {name}"
    heading += f"  facts: {', '.join(r.facts)}" if r.facts else ""
    if r.payers:
        heading += "  payers: " + ", ".join(r.payers) + " only"
    elif r.exclusions:
        heading += "  payers: all but " + ", ".join(r.excluded_payers)
    heading = [heading, "# " + " ".join((r.description or r.message).split())]
    for payer, verb, at, why in r.exclusions:  # what took the rule from each payer, and why
        heading.append(f"# {'overridden' if verb == 'override' else 'disabled'} for {payer} at {at}"
                       + (f": {why}" if why else ""))
    return SimpleNamespace(
        heading=heading,
        name=name, const=name.upper(), id_literal=pystr(r.id), severity_literal=pystr(r.severity),
        location_literal=pystr(r.location), message_literal=pystr(r.message), value_dims=dims, reads=reads,
        effective=effective, dated=dated, where=where_text, pre_withs=pre_withs, where_nullable=where is not None and where.nullable,
        encounter_guard=PyExpr("encounter", names)(guard) if guard is not None else None,
        code_filters=filters, codes=_codes(filtered + rest, names), guard=names.guard(name) if guard is not None else None,
        withs=withs, flag=flag, flag_nullable=flag_nullable, report=report,
        anchor=anchor, lacking=lacking,
    )


def table_view(spec: ir.Module, t: ir.Table) -> SimpleNamespace:
    columns = [k.name for k in t.keys] + [c.name for c in t.columns]
    return SimpleNamespace(
        path=t.path, sha256=t.sha256, name=t.name, count=len(t.rows), spec=spec.path,
        columns="(" + "".join(f"{pystr(c)}, " for c in columns) + ")",
        key="(" + "".join(f"{pystr(k.name)}, " for k in t.keys) + ")",
        rows=["(" + ", ".join(literal(v) for v in row) + ("," if len(row) == 1 else "") + ")" for row in t.rows],
        name_literal=pystr(t.name), path_literal=pystr(t.path), origin_literal=pystr(str(t.origin)),
    )
