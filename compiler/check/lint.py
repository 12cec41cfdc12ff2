"""Lint of rule structure: warnings about specs that type-check but cannot mean what their author wrote.

Everything here is decided by exact arithmetic on the constants of the IR, never by sampling inputs:
a condition is abstracted, one value at a time, to the regions of that value where it can be true,
false or missing (the runtime's three-valued logic). Anything the analysis does not understand is
"could be anything", so every warning is backed by the constants alone.

Codes: band-gap, band-overlap, rule-never-fires, derive-never-applies, rule-shadowed,
code-set-overlap, bad-pragma. See docs/lint.md.
"""

from __future__ import annotations

import dataclasses
import math
import re
from bisect import bisect_left
from datetime import date
from fractions import Fraction

from .. import ir, nodes
from ..diagnostics import Diagnostics
from ..runtime import logic, units
from ..runtime.policies import Policies
from ..source import Span
from . import types as T

PRAGMA = re.compile(r"^#\s*lint:\s*(.*?)\s*$")
DISJOINT = re.compile(r"^disjoint\s+([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)+)$")
INTEGRAL_TIME = ("infusion_time", "elapsed")  # whole minutes under `partial_minutes = truncate`
DISCRETE = (T.CODE, T.TEXT, T.MODIFIER, T.PLACE, T.REVENUE, T.BOOL)


# ---- regions: sets of values of one variable, plus "missing" --------------------------------------
@dataclasses.dataclass(frozen=True)
class Ordered:
    """A subset of an ordered line: breakpoints p0 < ... < pn-1 and membership of the 2n+1 parts
    (-inf, p0), {p0}, (p0, p1), ..., {pn-1}, (pn-1, +inf); `missing` is membership of the absent value."""

    points: tuple = ()
    parts: tuple = (False,)
    missing: bool = False

    @staticmethod
    def compare(op: str, c) -> Ordered:
        below, at, above = {"<": (1, 0, 0), "<=": (1, 1, 0), ">": (0, 0, 1), ">=": (0, 1, 1),
                            "=": (0, 1, 0), "!=": (1, 0, 1)}[op]
        return Ordered((c,), (bool(below), bool(at), bool(above)), False)

    @staticmethod
    def full(missing: bool = True) -> Ordered:
        return Ordered((), (True,), missing)

    def contains(self, v) -> bool:
        i = bisect_left(self.points, v)
        if i < len(self.points) and self.points[i] == v:
            return self.parts[2 * i + 1]
        return self.parts[2 * i]

    def _combine(self, other: Ordered, f) -> Ordered:
        pts = tuple(sorted(set(self.points) | set(other.points)))
        parts = tuple(f(self.contains(s), other.contains(s)) for s in _samples(pts))
        return _simplify(pts, parts, f(self.missing, other.missing))

    def __and__(self, other):
        return self._combine(other, lambda a, b: a and b)

    def __or__(self, other):
        return self._combine(other, lambda a, b: a or b)

    def __invert__(self):
        return Ordered(self.points, tuple(not p for p in self.parts), not self.missing)

    def present(self) -> Ordered:
        return Ordered(self.points, self.parts, False)

    def intervals(self) -> list[tuple]:
        """Maximal runs of members as (lo, lo_closed, hi, hi_closed); None is an infinite end."""
        out, start = [], None
        for k, member in enumerate(self.parts):
            lo = (self.points[(k - 1) // 2], k % 2 == 1) if k > 0 else (None, False)
            hi = (self.points[k // 2], k % 2 == 1) if k < len(self.parts) - 1 else (None, False)
            if member and start is None:
                start = lo
            if member and (k == len(self.parts) - 1 or not self.parts[k + 1]):
                out.append((start[0], start[1], hi[0], hi[1]))
                start = None
        return out


def _samples(pts: tuple) -> list:
    """One representative value inside each part of the partition made by `pts`."""
    if not pts:
        return [0]
    out = [pts[0] - 1]
    for i, p in enumerate(pts):
        out.append(p)
        out.append((Fraction(p) + Fraction(pts[i + 1])) / 2 if i + 1 < len(pts) else p + 1)
    return out


def _simplify(pts: tuple, parts: tuple, missing: bool) -> Ordered:
    keep_pts, keep_parts = [], [parts[0]]
    for i, p in enumerate(pts):
        at, after = parts[2 * i + 1], parts[2 * i + 2]
        if at == keep_parts[-1] == after:
            continue
        keep_pts.append(p)
        keep_parts += [at, after]
    return Ordered(tuple(keep_pts), tuple(keep_parts), missing)


@dataclasses.dataclass(frozen=True)
class Discrete:
    """A subset of an unordered vocabulary: `members`, or everything but them when `co`."""

    members: frozenset = frozenset()
    co: bool = False
    missing: bool = False

    @staticmethod
    def full(missing: bool = True) -> Discrete:
        return Discrete(frozenset(), True, missing)

    def __and__(self, o):
        m = self.missing and o.missing
        if self.co and o.co:
            return Discrete(self.members | o.members, True, m)
        if self.co:
            return Discrete(o.members - self.members, False, m)
        if o.co:
            return Discrete(self.members - o.members, False, m)
        return Discrete(self.members & o.members, False, m)

    def __or__(self, o):
        return ~(~self & ~o)

    def __invert__(self):
        return Discrete(self.members, not self.co, not self.missing)

    def present(self) -> Discrete:
        return Discrete(self.members, self.co, False)


def _no_value(region, integral: bool, nullable: bool) -> bool:
    """True when the region holds no value the variable can take."""
    if region.missing and nullable:
        return False
    if isinstance(region, Discrete):
        return not region.co and not region.members
    return not any(_has_value(iv, integral) for iv in region.intervals())


def _has_value(iv, integral: bool) -> bool:
    lo, lo_closed, hi, hi_closed = iv
    if not integral or lo is None or hi is None:
        return True
    k = math.ceil(lo) if lo_closed else math.floor(lo) + 1
    return k < hi or (k == hi and hi_closed)


# ---- the abstraction of one condition, per variable -----------------------------------------------
@dataclasses.dataclass(frozen=True)
class Var:
    expr: ir.Expr
    ordered: bool  # amounts and dates; otherwise a vocabulary
    integral: bool

    def full(self):
        return Ordered.full() if self.ordered else Discrete.full()

    def empty(self):
        return ~self.full()

    def only_missing(self):
        return Ordered((), (False,), True) if self.ordered else Discrete(frozenset(), False, True)

    def show(self, value) -> str:
        if self.expr.ty == T.DATE:
            return date.fromordinal(int(value)).isoformat()
        return units.format_amount(value, self.expr.ty.dim)


NOTHING = object()


def _none(v):
    """Unknown at compile time is missing to the runtime's logic, and back."""
    return None if v is NOTHING else v


def _back(v):
    return NOTHING if v is None else v


class Analysis:
    """Abstract evaluation of boolean IR against one module's constants, lets and sets."""

    def __init__(self, module: ir.Module) -> None:
        self.lets = {let.name: let for let in module.lets}
        self.sets = {s.name: s.members for s in module.sets}
        self.truncate = Policies(dict(module.policies))["partial_minutes"] == "truncate"

    # -- constants: literals, named sets, arithmetic on them; policy choices stay opaque --
    def const(self, e: ir.Expr, locals_=None):
        match e:
            case ir.Const(value=value, written=written):
                return NOTHING if written.startswith("policy.") else value
            case ir.SetRef(name=name):
                return self.sets.get(name, NOTHING)
            case ir.Neg(operand=operand):
                return _back(logic.neg(_none(self.const(operand, locals_))))
            case ir.Arith(op=op, left=left, right=right):
                a, b = self.const(left, locals_), self.const(right, locals_)
                return _back(logic.ARITHMETIC[op](_none(a), _none(b)))
            case ir.LocalRef(name=name) if locals_ and name in locals_:
                return self.const(locals_[name], locals_)
            case ir.Compare(op=op, left=left, right=right):
                a, b = self.const(left, locals_), self.const(right, locals_)
                return _back(logic.COMPARE[op](_none(a), _none(b)))
            case ir.Member(item=item, collection=coll, negated=negated):
                member = logic.not_member if negated else logic.member
                return _back(member(_none(self.const(item, locals_)), _none(self.const(coll, locals_))))
            case ir.Not(operand=operand):
                return _back(logic.not3(_none(self.const(operand, locals_))))
            case ir.BoolOp(op=op, items=items):
                # runtime Kleene logic: True decides `or`, False decides `and`, even next to a missing value
                values = [_none(self.const(i, locals_)) for i in items]
                return _back(logic.and3(*values) if op == "and" else logic.or3(*values))
        return NOTHING

    def resolve(self, e: ir.Expr, locals_) -> ir.Expr:
        """Bool lets and `with` names stand for their definitions, so contradictions inside them count."""
        while True:
            if isinstance(e, ir.LetRef) and e.ty == T.BOOL and e.name in self.lets:
                e = self.lets[e.name].expr
            elif isinstance(e, ir.LocalRef) and locals_ and e.name in locals_:
                e = locals_[e.name]
            else:
                return e

    def integral(self, e: ir.Expr) -> bool:
        if e.ty == T.DATE:
            return True
        if isinstance(e, ir.LetRef) and e.name in self.lets:
            return self.integral(self.lets[e.name].expr)
        if isinstance(e, ir.Call):
            return e.function in INTEGRAL_TIME and self.truncate
        if isinstance(e, ir.Arith) and e.op in "+-":
            return all(self._integral_or_whole(x) for x in (e.left, e.right))
        if isinstance(e, ir.Neg):
            return self.integral(e.operand)
        return False

    def _integral_or_whole(self, e):
        c = self.const(e)
        return isinstance(c, int) if c is not NOTHING else self.integral(e)

    def var(self, e: ir.Expr) -> Var | None:
        if T.is_amount(e.ty) or e.ty == T.DATE:
            return Var(e, True, self.integral(e))
        if e.ty in DISCRETE:
            return Var(e, False, False)
        return None

    # -- atoms: which sub-expressions a condition constrains --
    def atoms(self, e: ir.Expr, locals_=None) -> list[tuple[Var, ir.Expr]]:
        """(variable, constraining sub-expression) pairs, in source order, duplicates kept."""
        out: list = []
        self._atoms(e, locals_, out, set())
        return out

    def _atoms(self, e, locals_, out, seen):
        e = self.resolve(e, locals_)
        if id(e) in seen:
            return
        seen.add(id(e))
        if self.const(e, locals_) is not NOTHING:
            return
        match e:
            case ir.BoolOp(items=items):
                for i in items:
                    self._atoms(i, locals_, out, seen)
            case ir.Not(operand=operand):
                self._atoms(operand, locals_, out, seen)
            case ir.Compare(left=left, right=right):
                for x, c in ((left, right), (right, left)):
                    if self.const(c, locals_) is not NOTHING and self.const(x, locals_) is NOTHING:
                        v = self.var(self.resolve(x, locals_))
                        if v is not None:
                            out.append((v, e))
            case ir.Member(item=item, collection=coll):
                if self.const(coll, locals_) is not NOTHING:
                    v = self.var(self.resolve(item, locals_))
                    if v is not None:
                        out.append((v, e))
            case ir.IsMissing(operand=operand):
                v = self.var(self.resolve(operand, locals_))
                if v is not None:
                    out.append((v, e))
            case _ if e.ty == T.BOOL and not isinstance(e, ir.Cond):
                out.append((Var(e, False, False), e))

    def variables(self, *exprs, locals_=None) -> list[Var]:
        found: dict = {}
        for e in exprs:
            if e is not None:
                for v, _ in self.atoms(e, locals_):
                    found.setdefault(v.expr, v)
        return list(found.values())

    # -- three regions: where the condition can be true, false, missing --
    def regions(self, e: ir.Expr, var: Var, locals_=None):
        full, empty = var.full(), var.empty()
        c = self.const(e, locals_)
        if c is True:
            return full, empty, empty
        if c is False:
            return empty, full, empty
        e = self.resolve(e, locals_)
        unknown = (full, full, full)
        match e:
            case ir.BoolOp(op=op, items=items):
                rs = [self.regions(i, var, locals_) for i in items]
                t, f, n = rs[0]
                for t2, f2, n2 in rs[1:]:
                    t, f, n = (t & t2, f | f2, n | n2) if op == "and" else (t | t2, f & f2, n | n2)
                return t, f, n
            case ir.Not(operand=operand):
                t, f, n = self.regions(operand, var, locals_)
                return f, t, n
            case ir.IsMissing(operand=operand, negated=negated):
                if self.resolve(operand, locals_) != var.expr:
                    return unknown
                gone = var.only_missing()
                return (~gone, gone, empty) if negated else (gone, ~gone, empty)
            case ir.Compare(op=op, left=left, right=right):
                region = None
                for x, k, flip in ((left, right, False), (right, left, True)):
                    value = self.const(k, locals_)
                    if value is not NOTHING and self.resolve(x, locals_) == var.expr:
                        region = self._compare_region(op, value, var, flip)
                return unknown if region is None else self._atom(region, var)
            case ir.Member(item=item, collection=coll, negated=negated):
                members = self.const(coll, locals_)
                if members is NOTHING or self.resolve(item, locals_) != var.expr or var.ordered:
                    return unknown
                t, f, n = self._atom(Discrete(frozenset(members)), var)
                return (f, t, n) if negated else (t, f, n)
            case _ if e == var.expr:
                return self._atom(Discrete(frozenset({True})), var)
        return unknown

    def _compare_region(self, op, value, var: Var, flip: bool):
        if flip:
            op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
        if var.ordered:
            return Ordered.compare(op, value.toordinal() if isinstance(value, date) else value)
        if op == "=":
            return Discrete(frozenset({value}))
        return Discrete(frozenset({value}), True) if op == "!=" else None

    @staticmethod
    def _atom(region, var: Var):
        present = ~var.only_missing()
        region = region.present()
        return region, present & ~region, var.only_missing()


def describe(e: ir.Expr) -> str:
    """A short name for a value in messages (the IR keeps no source text)."""
    match e:
        case ir.FieldRead(field=name) | ir.LetRef(name=name) | ir.LocalRef(name=name):
            return name
        case ir.Call(function=fn):
            return f"{fn}(...)"
        case ir.Lookup(table=table, column=column):
            return f"{table}[...].{column}"
        case ir.RowField(base=base, column=column):
            return f"{describe(base)}.{column}"
    return "this value"


def _where(span: Span) -> str:
    return f"line {span.line}:{span.column}"


# ---- the lint pass --------------------------------------------------------------------------------
def lint(module: ir.Module, diags: Diagnostics, comments: tuple[nodes.Comment, ...] = ()) -> None:
    """Add lint warnings for a checked module; `comments` carry the `# lint:` pragmas."""
    a = Analysis(module)
    for d in module.derives:
        _bands(d, a, diags)
        why = _never(a, d.where) if d.where is not None else None
        if why:
            diags.warning("derive-never-applies", d.where.origin,
                          f"derive {d.code or 'line.code'}: the `where` condition can never hold: {why}",
                          "fix the bounds in `where`; as written these units are never derived")
    for r in module.rules:
        _rule_never_fires(r, a, diags)
    _shadowed(module, diags)
    _disjoint_sets(module, comments, diags)


def _never(a: Analysis, cond: ir.Expr, also: ir.Expr | None = None, locals_=None) -> str | None:
    """Why `cond` (together with `also`, if given) can never be true, or None when it can."""
    whole = cond if also is None else ir.BoolOp(T.BOOL, False, "and", (also, cond), origin=cond.origin)
    if a.const(whole, locals_) is False:
        return "it is false whatever the claim says"
    for var in a.variables(whole, locals_=locals_):
        t, _, _ = a.regions(whole, var, locals_)
        if _no_value(t, var.integral, var.expr.nullable):
            subject = describe(var.expr)
            if subject == "this value":
                return "its parts contradict each other"
            return f"no value of `{subject}` satisfies it"
    return None


def _rule_never_fires(r: ir.Rule, a: Analysis, diags: Diagnostics) -> None:
    locals_ = dict(r.withs)
    checks = [(r.where, None, "the `where` condition can never hold"),
              (r.flag, None, "the `flag when` condition can never hold")]
    if r.where is not None:
        checks.append((r.flag, r.where, "the `flag when` condition contradicts the `where` condition"))
    for cond, also, what in checks:
        why = _never(a, cond, also, locals_) if cond is not None else None
        if why:
            diags.warning("rule-never-fires", cond.origin, f"rule `{r.id}`: {what}: {why}",
                          f"fix the bounds so some claim can satisfy it; as written `{r.id}` never reports anything")
            return


# ---- time bands of a derive -----------------------------------------------------------------------
def _chain(e: ir.Expr) -> tuple[list[tuple[ir.Expr, ir.Expr]], ir.Expr]:
    branches = []
    while isinstance(e, ir.Cond):
        branches.append((e.test, e.then))
        e = e.otherwise
    return branches, e


def _bands(d: ir.Derive, a: Analysis, diags: Diagnostics) -> None:
    branches, last = _chain(d.expr)
    if not branches:
        return
    label = f"derive {d.code or 'line.code'}"
    tests = [t for t, _ in branches]
    times = [v for v in a.variables(*tests) if T.is_amount(v.expr.ty) and v.expr.ty.dim == units.TIME]
    for var in times:
        present = ~var.only_missing()
        regions = [a.regions(test, var) for test, _ in branches]
        sure = [present & ~(f | n) for _, f, n in regions]
        for i, (test, _) in enumerate(branches):
            mine = regions[i][0] & present
            if _no_value(regions[i][0], var.integral, var.expr.nullable):
                diags.warning("derive-never-applies", test.origin,
                              f"{label}: this band's condition can never hold: no value of `{describe(var.expr)}` "
                              "satisfies it", "fix its bounds, or remove the band")
                continue
            if _no_value(mine, var.integral, False):
                continue  # a band for the missing value only
            taken = _union(sure[:i], var)
            if i and _no_value(mine & ~taken, var.integral, False):
                j = next(j for j in range(i) if not _no_value(mine & sure[j], var.integral, False))
                diags.warning("band-overlap", test.origin,
                              f"{label}: this band never applies: when `{describe(var.expr)}` is {_show(mine, var)} "
                              f"an earlier band (from {_where(branches[j][0].origin)}) already applies",
                              "narrow the earlier band, or move this band before it")
                continue
            for j in range(i):
                both = sure[i] & sure[j]
                if _no_value(both, var.integral, False):
                    continue
                if _no_value(regions[j][0] & present & ~sure[i], var.integral, False):
                    continue  # the earlier band lies inside this test: the usual most-specific-first chain
                diags.warning("band-overlap", test.origin,
                              f"{label}: this band and the band at {_where(branches[j][0].origin)} both claim "
                              f"`{describe(var.expr)}` = {_show(both, var)}; the earlier band wins there",
                              "make the shared bound exclusive on one side (`<` against `>=`) so each value "
                              "falls in exactly one band")
                break
        if a.const(last) != 0:
            continue  # a non-zero `otherwise` is itself a band: nothing falls through
        covered = _union([t for t, _, _ in regions], var).present()
        allowed = a.regions(d.where, var)[0] if d.where is not None else var.full()
        spans = [atom for test, _ in branches for atom in a.atoms(test)]
        for gap in (allowed & present & ~covered).intervals():
            if not _interior(gap, covered) or not _has_value(gap, var.integral):
                continue
            region = _interval_region(gap)
            diags.warning("band-gap", _gap_span(gap, var, a, spans, d),
                          f"{label}: no band applies when `{describe(var.expr)}` is {_show(region, var)}; "
                          f"it gets `otherwise 0`",
                          "extend a neighbouring band over this range (use `<=`/`>=` on the shared bound)")


def _union(regions, var: Var):
    out = var.empty()
    for r in regions:
        out = out | r
    return out


def _interval_region(iv) -> Ordered:
    lo, lc, hi, hc = iv
    region = Ordered.full(False)
    if lo is not None:
        region = region & Ordered.compare(">=" if lc else ">", lo)
    if hi is not None:
        region = region & Ordered.compare("<=" if hc else "<", hi)
    return region


def _interior(gap, covered: Ordered) -> bool:
    ivs = covered.intervals()
    lo, _, hi, _ = gap
    return (lo is not None and hi is not None and any(i[2] is not None and i[2] <= lo for i in ivs)
            and any(i[0] is not None and i[0] >= hi for i in ivs))


def _gap_span(gap, var: Var, a: Analysis, atoms, d: ir.Derive) -> Span:
    """The comparison whose constant bounds the gap: that is the bound to move."""
    for bound in (gap[2], gap[0]):
        for v, e in atoms:
            if v.expr == var.expr and isinstance(e, ir.Compare):
                value = a.const(e.right)
                value = a.const(e.left) if value is NOTHING else value
                if value is not NOTHING and (value.toordinal() if isinstance(value, date) else value) == bound:
                    return e.origin
    return d.origin


def _show(region: Ordered, var: Var) -> str:
    """A region in words, e.g. `91 min`, `90 min to 95 min`, `more than 90 min and less than 91 min`."""
    out = []
    for lo, lc, hi, hc in region.intervals():
        if var.integral:
            lo = None if lo is None else (math.ceil(lo) if lc else math.floor(lo) + 1)
            hi = None if hi is None else (math.floor(hi) if hc else math.ceil(hi) - 1)
            lc = hc = True
        if lo is not None and lo == hi:
            out.append(var.show(lo))
        elif lo is None and hi is None:
            out.append("any value")
        elif lo is None:
            out.append(f"{'at most' if hc else 'less than'} {var.show(hi)}")
        elif hi is None:
            out.append(f"{'at least' if lc else 'more than'} {var.show(lo)}")
        elif var.integral:
            out.append(f"{var.show(lo)} to {var.show(hi)}")
        else:
            out.append(f"{'at least' if lc else 'more than'} {var.show(lo)} and {'at most' if hc else 'less than'} "
                       f"{var.show(hi)}")
    return " or ".join(out)


# ---- shadowed rules -------------------------------------------------------------------------------
def _key(e, locals_):
    """A structural key: spans ignored, `with` names replaced by their definitions, and/or unordered."""
    if isinstance(e, ir.LocalRef) and e.name in locals_:
        return _key(locals_[e.name], locals_)
    if isinstance(e, ir.BoolOp):
        items = []
        for i in e.items:
            k = _key(i, locals_)
            items.extend(k[2] if k[0] == "bool" and k[1] == e.op else [k])
        return ("bool", e.op, tuple(sorted(items, key=repr)))
    if dataclasses.is_dataclass(e) and not isinstance(e, type):
        return (type(e).__name__, *(_key(getattr(e, f.name), locals_) for f in dataclasses.fields(e) if f.compare))
    if isinstance(e, tuple):
        return tuple(_key(x, locals_) for x in e)
    if isinstance(e, frozenset):
        return ("set", tuple(sorted(e, key=repr)))
    return e


def _periods_meet(a: ir.Rule, b: ir.Rule) -> bool:
    if a.effective is None or b.effective is None:
        return True
    (a0, a1), (b0, b1) = a.effective, b.effective
    return (a1 is None or b0 <= a1) and (b1 is None or a0 <= b1)


def _shadowed(module: ir.Module, diags: Diagnostics) -> None:
    seen: list[tuple[tuple, ir.Rule]] = []
    for r in module.rules:
        locals_ = dict(r.withs)
        key = (r.subject, _key(r.where, locals_), _key(r.flag, locals_))
        for other_key, other in seen:
            if other_key == key and other.id != r.id and _periods_meet(other, r):
                diags.warning("rule-shadowed", r.origin,
                              f"rule `{r.id}` has the same subject, `where` and `flag when` as rule `{other.id}` "
                              f"({_where(other.origin)}): every claim one flags, the other flags too",
                              f"merge `{r.id}` into `{other.id}`, or make their conditions differ")
                break
        seen.append((key, r))


# ---- code sets declared disjoint ------------------------------------------------------------------
def _disjoint_sets(module: ir.Module, comments, diags: Diagnostics) -> None:
    sets = {s.name: s for s in module.sets}
    for c in comments:
        m = PRAGMA.match(c.text)
        if m is None:
            continue
        d = DISJOINT.match(m.group(1))
        if d is None:
            diags.warning("bad-pragma", c.span, f"unknown lint pragma `{m.group(1)}`",
                          "write `# lint: disjoint SET, SET[, SET...]`")
            continue
        names = [n.strip() for n in d.group(1).split(",")]
        unknown = [n for n in names if n not in sets]
        if unknown:
            diags.warning("bad-pragma", c.span, f"`# lint: disjoint` names no set `{unknown[0]}`",
                          "name sets declared in this spec")
            continue
        kinds = {sets[n].kind for n in names}
        if len(kinds) > 1:
            diags.warning("bad-pragma", c.span, "`# lint: disjoint` mixes sets of different kinds: "
                          + ", ".join(sorted(kinds)), "compare sets of one kind (codes with codes)")
            continue
        ordered = sorted(dict.fromkeys(names), key=lambda n: (sets[n].origin.line, sets[n].origin.column))
        for i, later in enumerate(ordered):
            for earlier in ordered[:i]:
                shared = sorted(sets[later].members & sets[earlier].members)
                if shared:
                    listed = ", ".join(shared[:5]) + (f" and {len(shared) - 5} more" if len(shared) > 5 else "")
                    diags.warning("code-set-overlap", sets[later].origin,
                                  f"sets `{earlier}` ({_where(sets[earlier].origin)}) and `{later}` must be disjoint "
                                  f"(pragma at line {c.span.line}) but share {listed}",
                                  f"remove {shared[0]} from one of them, or drop the pair from the pragma if the "
                                  "overlap is intended")
