"""IR expression -> Python source text. Always parenthesised; literals via repr.

Operations on possibly-missing values call runtime.logic, where missing-data semantics are defined
once. Two shapes are written inline, each exactly what the logic function computes: a comparison of
plain names or attribute reads, `(None if x is None else x >= 16)` (logic.ge), and and/or with the
never-missing operands first, `a and b and logic.and3(c, d)` (logic.and3). Values a condition has
shown present (`X is present and X > 1`) are compared without a missing-value test. A function
given present arguments is written as its declared inline form (runtime.builtins.Signature.inline).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date
from fractions import Fraction

from .. import ir
from .names import PyNames
from ..runtime import builtins, fields

_PY_CMP = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "=": "==", "!=": "!="}
_LOGIC_CMP = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge", "=": "eq", "!=": "ne"}
_LOGIC_ARITH = {"+": "add", "-": "sub", "*": "mul", "/": "div"}


def pystr(text: str) -> str:
    literal = repr(text)
    return f'"{literal[1:-1]}"' if '"' not in text and "'" not in text else literal


def literal(value) -> str:
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, Fraction):
        return f"Fraction({value.numerator}, {value.denominator})"
    if isinstance(value, str):
        return pystr(value)
    if isinstance(value, date):
        return f"date({value.year}, {value.month}, {value.day})"
    if isinstance(value, frozenset):
        return "frozenset({" + ", ".join(literal(v) for v in sorted(value)) + "})"
    raise AssertionError(f"no literal for {value!r}")


class PyExpr:
    """Emits one rule's expressions; `subject` is the loop variable (line, episode or enc)."""

    def __init__(self, subject: str, names: PyNames, known: dict | None = None) -> None:
        self.subject = subject
        self.names = names
        self.known = known if known is not None else {}  # IR subexpression -> local already holding its value
        self.rows: dict[tuple, str] = {}  # (table, keys) -> local holding the row in force
        # Values known to be present where the expression runs (a `where X is present` that held, or an
        # earlier `X is present` of a short-circuiting `and`): no missing-value test is written for them.
        self.present: set = set()

    def assume_present(self, conditions) -> None:
        """Record what true conditions guarantee: for `X is present` conjuncts, that X is present."""
        for c in conditions:
            for part in ir.conjuncts(c):
                if isinstance(part, ir.IsMissing) and part.negated:
                    self.present.add(_key(part.operand))

    def bind(self, name: str, e: ir.Expr) -> None:
        """A `with` binding: its name is present when its value is."""
        if not self.null(e):
            self.present.add(("local", name))
        else:
            self.present.discard(("local", name))

    def null(self, e: ir.Expr) -> bool:
        """Whether `e` may be missing here, given what is known present (never more than the IR says)."""
        if not e.nullable:
            return False
        if _key(e) in self.present:
            return False
        match e:
            case ir.Lookup(table=table, keys=keys, column=column) if (table, column) in self.names.full_columns:
                # the row exists when any column of it was shown present
                return not any(isinstance(p, ir.Lookup) and p.table == table and p.keys == keys for p in self.present)
            case ir.Compare(left=l, right=r) | ir.Member(item=l, collection=r):
                return self.null(l) or self.null(r)
            case ir.Arith(op=op, left=l, right=r) if op != "/":
                return self.null(l) or self.null(r)
            case ir.Neg(operand=x) | ir.Not(operand=x):
                return self.null(x)
            case ir.Call(function=fn, args=args) if not builtins.SIGNATURES[fn].nullable:
                # missing only when an argument is (the checker types it so)
                return any(self.null(a) for a in args)
            case ir.Cond(test=t, then=a, otherwise=b) if not self.null(t):
                with self._assuming([t]):
                    yes = self.null(a)
                return yes or self.null(b)
            case ir.BoolOp(op=op, items=items):
                saved = set(self.present)
                try:
                    for item in items:  # as _boolop writes it: each operand knows what the earlier ones showed
                        if self.null(item):
                            return True
                        if isinstance(item, ir.IsMissing) and item.negated == (op == "and"):
                            self.present.add(_key(item.operand))
                    return False
                finally:
                    self.present = saved
        return True

    def day(self) -> str:
        return "ctx.line_dates[line.index]" if self.subject == "line" else "record.date_of_service"

    def row(self, e: ir.Lookup) -> str:
        """The row of `e`'s table in force for its key (None if a key part is missing or no row is)."""
        key = ", ".join(self(k) for k in e.keys) + ("," if len(e.keys) == 1 else "")
        if not any(self.null(k) for k in e.keys):  # no key part can be missing: ask the table directly
            return f"{self.names.const(e.table)}.find(record.payer, ({key}), {self.day()})"
        return f"{self.names.const(e.table)}.lookup(record.payer, ({key}), {self.day()})"

    def __call__(self, e: ir.Expr) -> str:
        if self.known:
            name = self.known.get(e)
            if name is not None:
                return name
        match e:
            case ir.Const(value=value):
                if isinstance(value, frozenset):
                    return self.names.sets[value]
                return literal(value)
            case ir.FieldRead(field=name):
                holder = name.rsplit(".", 1)[0]  # `line.drug` holds `line.drug.dose`
                holder_present = any(isinstance(p, ir.FieldRead) and p.field == holder for p in self.present)
                return self.field(name, present=_key(e) in self.present or holder_present)
            case ir.LetRef(name=name):
                return self.names.let(name)
            case ir.LocalRef(name=name):
                return self.names.local(name)
            case ir.SetRef(name=name) | ir.TableRef(name=name):
                return self.names.const(name)
            case ir.RowField(base=base, column=column):
                b = self(base)
                return f"{b}.{column}" if not self.null(base) else f"(None if {b} is None else {b}.{column})"
            case ir.Call(function="units_of", args=(codes, ir.Const(value=str(per))), subject="line") if (
                    self.subject == "line" and per in _SCOPE_UNITS and self._units_of(codes, _SCOPE_UNITS[per])):
                return self._units_of(codes, _SCOPE_UNITS[per])
            case ir.Call(function="lines_of", args=(codes, ir.Const(value=str(per))), subject="line") if (
                    self.subject == "line" and per in _SCOPE_LINES and self._units_of(codes, _SCOPE_LINES[per])):
                return self._units_of(codes, _SCOPE_LINES[per])
            case ir.Call(function="ceil" | "floor" as fn, args=(ir.Arith(op="/", left=a, right=b),), subject=None):
                # ceil(a / b) rounds the exact quotient: integer division gives it without a Fraction.
                return f"logic.{fn}_div({self(a)}, {self(b)})"
            case ir.Call(function=fn, args=args, subject=None) if self._inline(e, "inline"):
                return self._inline(e, "inline")
            case ir.Call(function=fn, args=args, subject=subject):
                parts = [self(a) for a in args]
                if subject is None:
                    return f"fn.{fn}({', '.join(parts)})"
                target = ("enc" if self.subject == "encounter" else f"{self.subject}.encounter") if subject == "encounter" \
                    else subject
                sig = builtins.SIGNATURES[fn]
                if sig.via is not None and not any(self.null(a) for a in args):
                    values = {name: p for (name, _), p in zip(sig.params, parts)}
                    summary = sig.summary.format(subject=target, **values)
                    summary = self.names.summaries.get(summary_key(sig, subject, values), summary)
                    return sig.via.format(subject=target, summary=summary, **values)
                return f"fn.{fn}({', '.join(['ctx', target, *parts])})"
            case ir.Lookup(table=table, keys=keys, column=column) if (table, keys) in self.rows:
                row = self.rows[(table, keys)]
                return f"{row}.{column}" if not self.null(e) else f"(None if {row} is None else {row}.{column})"
            case ir.Lookup(table=table, keys=keys, column=column):
                key = ", ".join(self(k) for k in keys) + ("," if len(keys) == 1 else "")
                return f"{self.names.const(table)}.value(record.payer, ({key}), {self.day()}, {pystr(column)})"
            case ir.Compare(op=">" | "=" as op, left=ir.Call(function="count", args=(ir.Call(function="not_in", args=(items, members)),)),
                            right=ir.Const(value=0)) if not (self.null(items) or self.null(members)):
                # `count(not_in(items, set)) > 0`: some item is outside the set, asked without building the list
                superset = f"{self(members)}.issuperset({self(items)})"
                return f"(not {superset})" if op == ">" else superset
            case ir.Compare(op=op, left=ir.Arith(op="/") as left, right=right) if not _is_div(right):
                numerator, divisors = _quotient(left)
                divs = ", ".join(self(d) for d in divisors) + ("," if len(divisors) == 1 else "")
                return f"logic.compare_quotient({pystr(op)}, {self(numerator)}, ({divs}), {self(right)})"
            case ir.Compare(op=op, left=left, right=ir.Arith(op="/") as right) if not _is_div(left):
                return self(ir.Compare(e.ty, e.nullable, _MIRROR[op], right, left, origin=e.origin))
            case ir.Compare(op=op, left=left, right=right):
                a, b = self(left), self(right)
                if _timeline(left) and _timeline(right):  # two instants: compare their places on the time line
                    a, b = _timeline(left), _timeline(right)
                if not (self.null(left) or self.null(right)):
                    return f"({a} {_PY_CMP[op]} {b})"
                if all(_plain(x) for x, e in ((a, left), (b, right)) if self.null(e)):  # each written twice is cheap
                    missing = " or ".join(x + " is None" for x, e in ((a, left), (b, right)) if self.null(e))
                    return f"(None if {missing} else {a} {_PY_CMP[op]} {b})"
                return f"logic.{_LOGIC_CMP[op]}({self(left)}, {self(right)})"
            case ir.Arith(op="/", left=ir.Arith(op="/")):
                numerator, divisors = _quotient(e)  # one Fraction at most, not one per division
                divs = ", ".join(self(d) for d in divisors) + ("," if len(divisors) == 1 else "")
                return f"logic.quotient({self(numerator)}, ({divs}))"
            case ir.Arith(op=op, left=left, right=right):
                if op != "/" and not (self.null(left) or self.null(right)):
                    return f"({self(left)} {op} {self(right)})"
                return f"logic.{_LOGIC_ARITH[op]}({self(left)}, {self(right)})"
            case ir.Neg(operand=operand):
                return f"(-{self(operand)})" if not self.null(operand) else f"logic.neg({self(operand)})"
            case ir.Member(item=item, collection=coll, negated=negated):
                test = f"{self(item)} {'not in' if negated else 'in'} {self(coll)}"
                if not (self.null(item) or self.null(coll)):
                    return f"({test})"
                if not self.null(coll) and _plain(self(item)):  # logic.member's missing item, written in place
                    return f"(None if {self(item)} is None else {test})"
                return f"logic.{'not_member' if negated else 'member'}({self(item)}, {self(coll)})"
            case ir.IsMissing(operand=ir.Const(value=value), negated=negated):  # decided here
                return repr((value is not None) if negated else (value is None))
            case ir.IsMissing(operand=operand, negated=negated):
                return f"({self(operand)} is {'not ' if negated else ''}None)"
            case ir.BoolOp(op=op, items=items):
                return self._boolop(op, items)
            case ir.Not(operand=ir.Call(subject=None) as call) if self._inline(call, "inline_not"):
                return self._inline(call, "inline_not")
            case ir.Not(operand=operand):
                return f"(not {self(operand)})" if not self.null(operand) else f"logic.not3({self(operand)})"
            case ir.Cond(test=test, then=then, otherwise=otherwise):
                if not self.null(test):
                    cond = self(test)
                    with self._assuming([test]):
                        yes = self(then)
                    return f"({yes} if {cond} else {self(otherwise)})"
                return f"logic.cond({self(test)}, {self(then)}, {self(otherwise)})"
        raise AssertionError(f"unknown IR node {type(e).__name__}")

    def _inline(self, call: ir.Call, form: str) -> str | None:
        """The function's declared inline form (or its negation's), when every argument is present."""
        sig = builtins.SIGNATURES[call.function]
        template = getattr(sig, form)
        if template is None or any(self.null(a) for a in call.args):
            return None
        return template.format(**{name: self(a) for (name, _), a in zip(sig.params, call.args)})

    def _units_of(self, codes: ir.Expr, billed: str) -> str | None:
        """`units_of(codes, per scope)` (or `lines_of`) read from the context's per-scope counts by
        code, which builtins.units_of and lines_of read too: one dict lookup for a single code. None
        (call the function) when the codes may be missing."""
        members = codes.value if isinstance(codes, ir.Const) else self.names.members(codes.name) if isinstance(
            codes, ir.SetRef) else None
        if isinstance(members, frozenset) and len(members) == 1:
            return f"{billed}.get({literal(next(iter(members)))}, 0)"
        if codes.ty.name == "code" and not self.null(codes):  # one code, e.g. line.code
            return f"{billed}.get({self(codes)}, 0)"
        if not self.null(codes):
            return f"fn.total_in({billed}, {self(codes)})"
        return None

    def _boolop(self, op: str, items) -> str:
        """Kleene and/or. Never-missing operands go first, in written order, joined by Python's
        short-circuiting and/or: a false one decides `and` (a true one `or`) outright, else the
        possibly-missing rest decides. Short-circuiting also lets `X is present and X > 1` skip
        the missing-value test of X. Evaluation order is free: looking a table up has no effect
        beyond its value (which tables are not in force is decided per record, Context.note_tables)."""
        firm, soft = [], []
        saved = set(self.present)
        for item in items:
            if self.null(item):
                soft.append(item)
                continue
            firm.append(self(item))
            guard = item.negated if isinstance(item, ir.IsMissing) else None
            if guard is not None and guard == (op == "and"):  # `X is present and ...`, `X is missing or ...`
                self.present.add(_key(item.operand))
        if soft:
            tail = self(soft[0]) if len(soft) == 1 else f"logic.{op}3({', '.join(self(i) for i in soft)})"
            firm.append(tail)
        self.present = saved
        return "(" + f" {op} ".join(firm) + ")"

    @contextmanager
    def _assuming(self, conditions):
        saved = set(self.present)
        self.assume_present(conditions)
        try:
            yield
        finally:
            self.present = saved

    def field(self, name: str, present: bool = False) -> str:
        fdef = fields.FIELDS[name]
        base = "record" if fdef.subject == "encounter" else fdef.subject
        if len(fdef.attrs) == 1 and not fdef.converts:
            return f"{base}.{fdef.attrs[0]}"
        if len(fdef.attrs) == 2 and not fdef.converts and present:  # it, or what holds it, is there
            return f"{base}.{fdef.attrs[0]}.{fdef.attrs[1]}"
        if len(fdef.attrs) == 2 and not fdef.converts:
            head = f"{base}.{fdef.attrs[0]}"
            return f"(None if {head} is None else {head}.{fdef.attrs[1]})"
        return f"fields.read({base}, fields.FIELDS[{pystr(name)}])"


# Per-scope sums of units by code kept by runtime.context.Context, as read for the current line.
_SCOPE_UNITS = {"encounter": "ctx.units_by_enc[line.encounter]",
                "date_of_service": "ctx.units_by_day[ctx.line_dates[line.index]]"}
# ... and of lines by code.
_SCOPE_LINES = {"encounter": "ctx.line_counts_by_enc[line.encounter]",
                "date_of_service": "ctx.line_counts_by_day[ctx.line_dates[line.index]]"}

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*|-?[0-9]+|\"[^\"\\\\]*\"")


def _plain(text: str) -> bool:
    """A name, attribute chain or simple literal: cheap and side-effect free to write twice."""
    return _PLAIN.fullmatch(text) is not None


_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}  # a op b == b mirror(op) a


def _timeline(e: ir.Expr) -> str | None:
    """An instant field as the integer the model keeps for it (fields.FieldDef.timeline), if it has one."""
    if isinstance(e, ir.FieldRead):
        fdef = fields.FIELDS[e.field]
        if fdef.timeline is not None and len(fdef.attrs) == 1:
            return f"{'record' if fdef.subject == 'encounter' else fdef.subject}.{fdef.timeline}"
    return None


def _is_div(e: ir.Expr) -> bool:
    return isinstance(e, ir.Arith) and e.op == "/"


def _quotient(e: ir.Arith) -> tuple[ir.Expr, list[ir.Expr]]:
    """`a / b / c` as (a, [b, c]): runtime.logic.compare_quotient compares it without Fractions,
    runtime.logic.quotient works it out with one."""
    divisors = []
    while _is_div(e):
        divisors.append(e.right)
        e = e.left
    return e, divisors[::-1]


def _key(e: ir.Expr):
    """Identity of a value for presence facts: a let or a `with` value by name (a rule's `with` may
    reuse a let's name), anything else by structure."""
    if isinstance(e, ir.LetRef):
        return ("let", e.name)
    if isinstance(e, ir.LocalRef):
        return ("local", e.name)
    return e


def lookups(e: ir.Expr) -> list[ir.Lookup]:
    """Table lookups in an expression, in evaluation order."""
    return [n for n in ir.walk(e) if isinstance(n, ir.Lookup)]


def summary_key(sig, subject: str | None, values: dict) -> str:
    """The summary a `via` form reads, as written at the top of the encounter loop (where the
    encounter number is `enc`: every line and episode of the loop belongs to it)."""
    return sig.summary.format(subject="enc" if subject == "encounter" else "{subject}", **values)


def collect_sets(e: ir.Expr, out: list) -> None:
    """Set literals used in an expression, in source order (hoisted to module constants)."""
    out.extend(n.value for n in ir.walk(e) if isinstance(n, ir.Const) and isinstance(n.value, frozenset))


def names_used(e: ir.Expr, kind) -> list[str]:
    return [n.name for n in ir.walk(e) if isinstance(n, kind)]