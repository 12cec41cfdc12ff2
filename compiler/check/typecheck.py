"""Elaborates AST expressions into typed IR: resolves names, checks types and unit dimensions.

Errors are collected (never raised); an expression that fails yields None and its rule is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from .. import ir, nodes
from ..diagnostics import Diagnostics, did_you_mean
from ..runtime import builtins, fields, units
from ..runtime.context import SCOPES
from ..runtime.policies import POLICY_DEFS
from . import types as T

SUBJECTS = ("line", "episode", "encounter")
ITEM_SHAPES = {
    T.CODE: "a code is five characters, e.g. `96369` or `J1559`",
    T.MODIFIER: "a modifier is two characters, e.g. `25` or `JZ`",
    T.PLACE: "a place of service is two digits, e.g. `11`",
    T.REVENUE: "a revenue code is four digits, e.g. `0510`",
}


@dataclass
class Env:
    """What names mean at one point of a spec."""

    subject: str  # line | episode | encounter
    sets: dict[str, ir.CodeSet]
    tables: dict[str, ir.Table]
    lets: dict[str, ir.Let]
    policies: dict[str, str]
    codes: set[str]
    locals: dict[str, ir.Expr] = field(default_factory=dict)
    reads: list[str] = field(default_factory=list)


def _const(value, ty, written, span, nullable=False):
    return ir.Const(ty, nullable, value, written, origin=span)


class Checker:
    def __init__(self, diags: Diagnostics) -> None:
        self.diags = diags

    # ---- entry ----
    def expr(self, node: nodes.Expr, env: Env, expect: ir.Ty | None = None, vocab=None) -> ir.Expr | None:
        method = getattr(self, "_" + type(node).__name__.lower())
        return method(node, env, expect, vocab)

    def require(self, node, env, want: ir.Ty, what: str) -> ir.Expr | None:
        e = self.expr(node, env, want)
        if e is not None and e.ty != want:
            self.diags.error("type-mismatch", node.span, f"{what} must be {want}, found {e.ty}",
                             "write a test such as `x > 0`, `x in some_set` or `x is present`" if want == T.BOOL else None)
            return None
        return e

    # ---- literals ----
    def _number(self, node: nodes.Number, env, expect, vocab):
        if expect is not None and expect in T.ITEM_PATTERNS:
            return self._item_literal(node.text, expect, node.span, env)
        value = units.normalize(Fraction(node.text))
        return _const(value, T.NUMBER, node.text, node.span)

    def _quantity(self, node: nodes.Quantity, env, expect, vocab):
        unit = units.lookup(node.unit)
        if unit is None:
            same_letters = [u for u in units.known_symbols() if u.lower() == node.unit.lower()]
            # `ML` is `mL` in the wrong case, not `L` (a factor of 1000): letters before likeness
            self.diags.error("unknown-unit", node.unit_span, f"unknown unit `{node.unit}`",
                             (f"did you mean `{same_letters[0]}`?" if same_letters else None)
                             or did_you_mean(node.unit, units.known_symbols())
                             or "units: " + ", ".join(units.known_symbols()))
            return None
        value = units.to_canonical(Fraction(node.number), unit.symbol)
        return _const(value, ir.Ty("amount", unit.dim), f"{node.number} {node.unit}", node.span)

    def _datelit(self, node: nodes.DateLit, env, expect, vocab):
        try:
            return _const(date.fromisoformat(node.text), T.DATE, node.text, node.span)
        except ValueError:
            self.diags.error("bad-date", node.span, f"`{node.text}` is not a calendar date",
                             "write a real date as YYYY-MM-DD")
            return None

    def _str(self, node: nodes.Str, env, expect, vocab):
        if expect is not None and expect in T.ITEM_PATTERNS:
            return self._item_literal(node.value, expect, node.span, env)
        return _const(node.value, T.TEXT, repr(node.value), node.span)

    def _codelit(self, node: nodes.CodeLit, env, expect, vocab):
        return self._item_literal(node.text, expect if expect in T.ITEM_PATTERNS else T.CODE, node.span, env)

    def _item_literal(self, text: str, ty: ir.Ty, span, env: Env):
        if not re.match(T.ITEM_PATTERNS[ty], text):
            self.diags.error("bad-literal", span, f"`{text}` is not a valid {ty}", ITEM_SHAPES[ty])
            return None
        if ty == T.CODE and text not in env.codes:
            self.diags.error("undeclared-code", span, f"code `{text}` is not declared in this spec",
                             f'declare it: `code {text} "what it means in your words"`'
                             + (f"; or {did_you_mean(text, env.codes)}" if did_you_mean(text, env.codes) else ""))
            return None
        return _const(text, ty, text, span)

    def _setexpr(self, node: nodes.SetExpr, env, expect, vocab):
        elem = T.ELEMENT_OF.get(expect) if expect is not None else None
        if elem is None:
            elem = T.CODE if all(re.match(T.ITEM_PATTERNS[T.CODE], i.lo) for i in node.items) else T.TEXT
        members = expand_items(node.items, elem, self.diags)
        if members is None:
            return None
        return _const(frozenset(members), T.SET_OF[elem], "{" + ", ".join(sorted(members)) + "}", node.span)

    # ---- names ----
    def _path(self, node: nodes.Path, env: Env, expect, vocab):
        parts = node.parts
        head = parts[0]
        if head == "policy" and len(parts) == 2:
            if parts[1] not in POLICY_DEFS:
                self.diags.error("unknown-policy", node.span, f"unknown policy `{parts[1]}`",
                                 did_you_mean(parts[1], POLICY_DEFS) or "policies: " + ", ".join(sorted(POLICY_DEFS)))
                return None
            return _const(env.policies.get(parts[1], POLICY_DEFS[parts[1]].choices[0]), T.TEXT, ".".join(parts), node.span)
        if head in SUBJECTS:
            name = ".".join(parts)
            fdef = fields.FIELDS.get(name)
            if fdef is None:
                own = sorted(f for f in fields.FIELDS if f.startswith(head + "."))
                self.diags.error("unknown-field", node.span, f"unknown field `{name}`",
                                 did_you_mean(name, fields.FIELDS) or f"the fields of a {head}: " + ", ".join(own))
                return None
            if fdef.subject != "encounter" and fdef.subject != env.subject:
                self.diags.error("wrong-subject", node.span, f"`{name}` is not available here: this part is about each {env.subject}",
                                 f"use it in a rule `for each {fdef.subject}`")
                return None
            env.reads.append(name)
            return ir.FieldRead(T.BY_NAME[fdef.type], fdef.nullable, name, origin=node.span)
        if head in env.locals:
            base = env.locals[head]
            if len(parts) == 1:
                return ir.LocalRef(base.ty, base.nullable, head, origin=node.span)
            return self._row_field(ir.LocalRef(base.ty, base.nullable, head, origin=node.span), parts[1:], node, env)
        if len(parts) == 1 and head in env.lets:
            let = env.lets[head]
            if let.scope != "encounter" and let.scope != env.subject:
                self.diags.error("wrong-subject", node.span, f"`{head}` is computed per {let.scope} and is not available here",
                                 f"use it in a rule `for each {let.scope}`")
                return None
            env.reads.append(head)
            return ir.LetRef(let.expr.ty, let.expr.nullable, head, let.scope, origin=node.span)
        if len(parts) == 1 and head in env.sets:
            s = env.sets[head]
            return ir.SetRef(T.SET_KIND[s.kind], False, head, origin=node.span)
        if len(parts) == 1 and head in env.tables:
            return ir.TableRef(ir.Ty("table", table=head), False, head, origin=node.span)
        if len(parts) == 1 and vocab and head in vocab:
            return _const(head, T.TEXT, head, node.span)
        candidates = [*env.locals, *env.lets, *env.sets, *env.tables, *SUBJECTS, *(vocab or ())]
        self.diags.error("unknown-name", node.span, f"unknown name `{'.'.join(parts)}`",
                         did_you_mean(head, candidates)
                         or "define it with `let`, `codes` or `table` above, or read a field such as `line.units`")
        return None

    def _row_field(self, base: ir.Expr, rest, node, env):
        if base.ty.name != "row" or len(rest) != 1:
            self.diags.error("unknown-field", node.span, f"`{'.'.join(node.parts)}` has no fields",
                             "only a table row (from `pair_edit` or a lookup) has columns to read")
            return None
        table = env.tables[base.ty.table]
        column = {c.name: c for c in (*table.keys, *table.columns)}.get(rest[0])
        if column is None:
            names = [c.name for c in (*table.keys, *table.columns)]
            self.diags.error("unknown-column", node.span, f"table `{table.name}` has no column `{rest[0]}`",
                             did_you_mean(rest[0], names) or "columns: " + ", ".join(names))
            return None
        return ir.RowField(column.ty, True, base, rest[0], origin=node.span)

    def _lookup(self, node: nodes.Lookup, env: Env, expect, vocab):
        table = env.tables.get(node.table)
        if table is None:
            self.diags.error("unknown-table", node.span, f"unknown table `{node.table}`",
                             did_you_mean(node.table, env.tables)
                             or f'declare it: `table {node.table} = "tables/FILE.csv" key (NAME: TYPE)`')
            return None
        if len(node.keys) != len(table.keys):
            keys = ", ".join(k.name for k in table.keys)
            self.diags.error("wrong-key", node.span, f"table `{table.name}` is keyed by ({keys}); {len(node.keys)} key(s) given",
                             f"write `{table.name}[{keys}].COLUMN` with one value per key")
            return None
        keys = []
        for key_node, col in zip(node.keys, table.keys):
            k = self.expr(key_node, env, col.ty, T.VOCABULARY.get("encounter.setting") if col.name == "setting" else None)
            if k is None:
                return None
            if k.ty != col.ty and not (col.ty == T.TEXT and k.ty in (T.CODE, T.PLACE)):
                self.diags.error("type-mismatch", key_node.span, f"key `{col.name}` of `{table.name}` is {col.ty}, found {k.ty}",
                                 f"pass a {col.ty} value for `{col.name}`")
                return None
            keys.append(k)
        column = {c.name: c for c in table.columns}.get(node.column)
        if column is None:
            names = [c.name for c in table.columns]
            self.diags.error("unknown-column", node.span, f"table `{table.name}` has no column `{node.column}`",
                             did_you_mean(node.column, names) or "value columns: " + (", ".join(names) or "none"))
            return None
        return ir.Lookup(column.ty, True, table.name, tuple(keys), node.column, origin=node.span)

    def _call(self, node: nodes.Call, env: Env, expect, vocab):
        sig = builtins.SIGNATURES.get(node.name)
        if sig is None:
            self.diags.error("unknown-function", node.span, f"unknown function `{node.name}`",
                             did_you_mean(node.name, builtins.SIGNATURES)
                             or "functions: " + ", ".join(sorted(builtins.SIGNATURES)))
            return None
        if sig.subject in ("line", "episode") and env.subject != sig.subject:
            self.diags.error("wrong-subject", node.span, f"`{node.name}` works on each {sig.subject}, not here",
                             f"use it in a rule `for each {sig.subject}`")
            return None
        env.reads.extend(sig.reads)  # the input fields it reads itself, named if they are missing
        params = dict(sig.params)
        bound: dict[str, nodes.Arg] = {}
        positional = [a for a in node.args if a.name is None]
        for (pname, _), arg in zip(sig.params, positional):
            bound[pname] = arg
        if len(positional) > len(sig.params):
            self.diags.error("wrong-arguments", node.span, f"`{node.name}` takes {len(sig.params)} argument(s)",
                             f"call it as {node.name}({', '.join(p for p, _ in sig.params)})")
            return None
        for arg in node.args:
            if arg.name is not None:
                if arg.name not in params:
                    self.diags.error("wrong-arguments", arg.span, f"`{node.name}` has no parameter `{arg.name}`",
                                     did_you_mean(arg.name, params)
                                     or f"call it as {node.name}({', '.join(p for p, _ in sig.params)})")
                    return None
                bound[arg.name] = arg
        args = []
        amount_dim = None
        for pname, ptype in sig.params:
            if pname not in bound:
                self.diags.error("wrong-arguments", node.span, f"`{node.name}` needs `{pname}`",
                                 f"call it as {node.name}({', '.join(p for p, _ in sig.params)})")
                return None
            arg = bound[pname]
            if ptype == "scope":
                if not (isinstance(arg.value, nodes.Path) and len(arg.value.parts) == 1 and arg.value.parts[0] in SCOPES):
                    self.diags.error("bad-scope", arg.span, "expected a scope", "one of: " + ", ".join(SCOPES))
                    return None
                args.append(_const(arg.value.parts[0], T.SCOPE, arg.value.parts[0], arg.span))
                continue
            if ptype == "table":
                e = self.expr(arg.value, env)
                if e is None or not isinstance(e, ir.TableRef):  # a let, `with` or `when` of tables is no table
                    self.diags.error("type-mismatch", arg.span, f"`{pname}` of `{node.name}` must be a table",
                                     "pass the name of a `table` declared in this spec")
                    return None
                keys = tuple(c.type for c in env.tables[e.name].keys)
                if sig.table_keys is not None and keys != sig.table_keys:
                    self.diags.error("table-shape", arg.span,
                                     f"`{node.name}` reads a table keyed by ({', '.join(sig.table_keys)}); "
                                     f"`{e.name}` is keyed by ({', '.join(keys)})",
                                     f"pass a table declared with key ({', '.join(sig.table_keys)})")
                    return None
                have = {c.name: c.type for c in env.tables[e.name].columns}
                for column, ctype in sig.table_columns:
                    if have.get(column) != ctype:
                        self.diags.error("table-shape", arg.span,
                                         f"`{node.name}` reads a `{column}` column of type {ctype}; `{e.name}` "
                                         + (f"has `{column}` of type {have[column]}" if column in have else f"has no `{column}` column"),
                                         f"declare `{e.name}` with `columns ({column}: {ctype})`")
                        return None
                args.append(e)
                continue
            want = None if ptype == "any_amount" else T.BY_NAME[ptype]
            literal_code = want == T.CODES and isinstance(arg.value, (nodes.Number, nodes.CodeLit))
            e = self.expr(arg.value, env, T.CODE if literal_code else want, T.VOCABULARY.get(pname))
            if e is None:
                return None
            if ptype == "any_amount":
                if not T.is_amount(e.ty) or (amount_dim is not None and e.ty.dim != amount_dim):
                    self.diags.error("dimension-mismatch", arg.span, f"`{pname}` of `{node.name}` must be "
                                     f"{amount_dim or 'an amount'}, found {e.ty}",
                                     f"pass `{node.name}` amounts of a single dimension (all times, all volumes, ...)")
                    return None
                amount_dim = e.ty.dim
            elif e.ty != want and not (want == T.CODES and e.ty == T.CODE):
                self.diags.error("type-mismatch", arg.span, f"`{pname}` of `{node.name}` must be {want}, found {e.ty}",
                                 f"call it as {node.name}({', '.join(p for p, _ in sig.params)}) with a {want} `{pname}`")
                return None
            if want == T.CODES and e.ty == T.CODE:
                e = _const(frozenset({e.value}), T.CODES, e.written, e.origin) if isinstance(e, ir.Const) else e
            if pname in sig.positive and isinstance(e, ir.Const) and e.value is not None and e.value <= 0:
                self.diags.error("bad-argument", arg.span, f"`{pname}` of `{node.name}` must be above zero",
                                 f"make `{pname}` greater than 0, such as `{pname}: 60 min`")
                return None
            args.append(e)
        if sig.returns == "row":
            ret = ir.Ty("row", table=args[0].name)
        elif sig.returns == "any_amount":
            ret = ir.Ty("amount", amount_dim)
        else:
            ret = T.BY_NAME[sig.returns]
        nullable = sig.nullable or any(a.nullable for a in args)
        return ir.Call(ret, nullable, node.name, tuple(args), sig.subject, origin=node.span)

    # ---- operators ----
    def _compare(self, node: nodes.Compare, env: Env, expect, vocab):
        left, right = self._pair(node.left, node.right, env)
        if left is None or right is None:
            return None
        if left.ty != right.ty:
            code = "dimension-mismatch" if T.is_amount(left.ty) and T.is_amount(right.ty) else "type-mismatch"
            self.diags.error(code, node.span, f"cannot compare {left.ty} with {right.ty}",
                             _unit_hint(left.ty, right.ty) or f"compare {left.ty} with {left.ty}")
            return None
        if node.op not in ("=", "!=") and not (T.is_amount(left.ty) or left.ty in (T.DATE, T.INSTANT)):
            self.diags.error("type-mismatch", node.span, f"`{node.op}` needs amounts or dates, found {left.ty}",
                             "compare with `=` or `!=`, or test membership with `in`")
            return None
        for a, b in ((left, right), (right, left)):  # payer ids are read lower case (runtime.model)
            if (isinstance(a, ir.FieldRead) and a.field == "encounter.payer" and isinstance(b, ir.Const)
                    and isinstance(b.value, str) and b.value != b.value.strip().lower()):
                self.diags.error("bad-payer", node.span, f"payer `{b.value}` would never match: payer ids are read "
                                 "in lower case, without surrounding spaces", f"write \"{b.value.strip().lower()}\"")
                return None
        return ir.Compare(T.BOOL, left.nullable or right.nullable, node.op, left, right, origin=node.span)

    def _pair(self, lnode, rnode, env):
        """Type two operands, letting a bare word or literal take its meaning from the other side.

        Each operand is typed once, so one mistake gives one diagnostic; when the left side fails, the
        right is still checked on its own unless it is a bare word that needed the left for meaning.
        """
        if self._needs_context(lnode, env):
            right = self.expr(rnode, env)
            if right is None:
                return None, None
            return self.expr(lnode, env, right.ty, _vocab_of(right, env)), right
        left = self.expr(lnode, env)
        if left is None:
            if not self._needs_context(rnode, env):
                self.expr(rnode, env)
            return None, None
        right = self.expr(rnode, env, left.ty, _vocab_of(left, env))
        return left, right

    def _needs_context(self, node, env) -> bool:
        """A bare word or literal whose type comes from the other operand."""
        if isinstance(node, (nodes.Number, nodes.Str, nodes.SetExpr, nodes.CodeLit)):
            return True
        return isinstance(node, nodes.Path) and len(node.parts) == 1 and node.parts[0] not in (
            *env.locals, *env.lets, *env.sets, *env.tables)

    def _arith(self, node: nodes.Arith, env: Env, expect, vocab):
        left, right = self.expr(node.left, env), self.expr(node.right, env)
        if left is None or right is None:
            return None
        if not (T.is_amount(left.ty) and T.is_amount(right.ty)):
            self.diags.error("type-mismatch", node.span, f"`{node.op}` needs amounts, found {left.ty} and {right.ty}",
                             "arithmetic works on numbers and amounts such as `15 min` or `line.units`")
            return None
        if node.op in "+-":
            if left.ty.dim != right.ty.dim:
                self.diags.error("dimension-mismatch", node.span, f"cannot {'add' if node.op == '+' else 'subtract'} "
                                 f"{right.ty} {'to' if node.op == '+' else 'from'} {left.ty}", _unit_hint(left.ty, right.ty))
                return None
            ty = left.ty
        else:
            ty = ir.Ty("amount", left.ty.dim * right.ty.dim if node.op == "*" else left.ty.dim / right.ty.dim)
        nullable = left.nullable or right.nullable or node.op == "/"
        return ir.Arith(ty, nullable, node.op, left, right, origin=node.span)

    def _neg(self, node: nodes.Neg, env, expect, vocab):
        e = self.expr(node.operand, env)
        if e is None:
            return None
        if not T.is_amount(e.ty):
            self.diags.error("type-mismatch", node.span, f"cannot negate {e.ty}", "only numbers and amounts have a sign")
            return None
        return ir.Neg(e.ty, e.nullable, e, origin=node.span)

    def _member(self, node: nodes.Member, env: Env, expect, vocab):
        if self._needs_context(node.item, env):
            coll = self.expr(node.collection, env)
            if coll is None:
                return None
            item = self.expr(node.item, env, T.ELEMENT_OF.get(coll.ty))
        else:
            item = self.expr(node.item, env)
            if item is None:
                if not self._needs_context(node.collection, env):
                    self.expr(node.collection, env)
                return None
            coll = self.expr(node.collection, env, T.SET_OF.get(item.ty), _vocab_of(item, env))
        if item is None or coll is None:
            return None
        if T.SET_OF.get(item.ty) != coll.ty:
            self.diags.error("type-mismatch", node.span, f"cannot look for {item.ty} in {coll.ty}",
                             f"look for a {T.ELEMENT_OF[coll.ty]} in {coll.ty}" if coll.ty in T.ELEMENT_OF
                             else "`in` needs a set on its right, e.g. `line.code in {96369, 96370}`")
            return None
        return ir.Member(T.BOOL, item.nullable or coll.nullable, item, coll, node.negated, origin=node.span)

    def _ismissing(self, node: nodes.IsMissing, env, expect, vocab):
        e = self.expr(node.operand, env)
        if e is None:
            return None
        if not e.nullable:
            self.diags.warning("never-missing", node.span, "this value is never missing, so the test is constant")
        return ir.IsMissing(T.BOOL, False, e, node.negated, origin=node.span)

    def _boolop(self, node, env, op):
        items = [self.require(i, env, T.BOOL, f"each side of `{op}`") for i in node.items]
        if any(i is None for i in items):
            return None
        return ir.BoolOp(T.BOOL, any(i.nullable for i in items), op, tuple(items), origin=node.span)

    def _and(self, node, env, expect, vocab):
        return self._boolop(node, env, "and")

    def _or(self, node, env, expect, vocab):
        return self._boolop(node, env, "or")

    def _not(self, node, env, expect, vocab):
        e = self.require(node.operand, env, T.BOOL, "the operand of `not`")
        return None if e is None else ir.Not(T.BOOL, e.nullable, e, origin=node.span)

    def _conditional(self, node: nodes.Conditional, env, expect, vocab):
        test = self.require(node.test, env, T.BOOL, "the condition after `when`")
        then = self.expr(node.then, env, expect)
        otherwise = self.expr(node.otherwise, env, then.ty if then is not None else expect)
        if test is None or then is None or otherwise is None:
            return None
        if then.ty != otherwise.ty:
            self.diags.error("type-mismatch", node.span, f"both branches must have one type: {then.ty} and {otherwise.ty}",
                             f"make the `otherwise` value a {then.ty} too")
            return None
        return ir.Cond(then.ty, test.nullable or then.nullable or otherwise.nullable, test, then, otherwise,
                       origin=node.span)


def _vocab_of(e: ir.Expr, env: Env):
    if isinstance(e, ir.FieldRead):
        return T.VOCABULARY.get(e.field)
    if isinstance(e, ir.Const) and e.written.startswith("policy."):
        return POLICY_DEFS[e.written.split(".", 1)[1]].choices
    return None


def _unit_hint(a: ir.Ty, b: ir.Ty) -> str | None:
    if T.is_amount(a) and T.is_amount(b):
        if a.dim.is_number:
            return f"the left side is a plain number and the right a {b}: drop the unit, or put a {b} on the left"
        unit = units.CANONICAL.get(a.dim)
        return f"both sides must be a {a}: write {a} amounts in a unit such as `{unit}`" if unit else None
    return None


MAX_RANGE = 10_000  # members one range may stand for: more is a typo, and would take hours to expand


def expand_items(items, elem: ir.Ty, diags: Diagnostics) -> list[str] | None:
    """Members of a set literal, ranges expanded (`96365..96368`); None after a diagnostic."""
    out: list[str] = []
    pattern = T.ITEM_PATTERNS.get(elem)
    for item in items:
        for text in (item.lo, item.hi):
            if text is not None and pattern and not re.match(pattern, text):
                diags.error("bad-literal", item.span, f"`{text}` is not a valid {elem}", ITEM_SHAPES.get(elem))
                return None
        if item.hi is None:
            out.append(item.lo)
            continue
        lo, hi = item.lo, item.hi
        prefix = re.match(r"^(\D*)", lo).group(1)
        if not (lo[len(prefix):].isdigit() and hi.startswith(prefix) and hi[len(prefix):].isdigit()
                and len(lo) == len(hi) and lo <= hi):
            diags.error("bad-range", item.span, f"`{lo}..{hi}` is not a range of codes",
                        "both ends need the same letters and width, low end first")
            return None
        width = len(lo) - len(prefix)
        size = int(hi[len(prefix):]) - int(lo[len(prefix):]) + 1
        if size > MAX_RANGE:
            diags.error("bad-range", item.span, f"`{lo}..{hi}` holds {size} codes",
                        f"a range is a run of neighbouring codes such as `96365..96368`; at most {MAX_RANGE}")
            return None
        out.extend(f"{prefix}{i:0{width}d}" for i in range(int(lo[len(prefix):]), int(hi[len(prefix):]) + 1))
    return sorted(set(out))
