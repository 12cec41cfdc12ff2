"""Typed IR: names resolved, units checked, amounts in canonical units. Codegen and the
interpreter both trust it; every node keeps the span of the spec text it came from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import timedelta

from .runtime.units import Dim
from .source import Span


@dataclass(frozen=True, slots=True)
class Ty:
    """A value type. `amount` carries a dimension (NUMBER for plain numbers)."""

    name: str
    dim: Dim | None = None
    table: str | None = None

    def __str__(self) -> str:
        if self.name == "amount":
            return str(self.dim)
        return self.name


@dataclass(frozen=True, slots=True)
class Expr:
    ty: Ty
    nullable: bool
    origin: Span = field(compare=False, repr=False, kw_only=True)


def children(e: Expr) -> Iterator[Expr]:
    """The direct sub-expressions of `e`, in evaluation order (let and local references are leaves)."""
    for f in fields(e):
        value = getattr(e, f.name)
        if isinstance(value, Expr):
            yield value
        elif isinstance(value, tuple):
            yield from (item for item in value if isinstance(item, Expr))


def conjuncts(e: Expr | None) -> list[Expr]:
    """The parts of a (nested) `and`, flattened; a non-`and` expression is its own only part."""
    if e is None:
        return []
    if isinstance(e, BoolOp) and e.op == "and":
        return [c for item in e.items for c in conjuncts(item)]
    return [e]


def walk(e: Expr) -> Iterator[Expr]:
    """`e` and every sub-expression, depth first."""
    yield e
    for child in children(e):
        yield from walk(child)


@dataclass(frozen=True, slots=True)
class Const(Expr):
    value: object
    written: str


@dataclass(frozen=True, slots=True)
class FieldRead(Expr):
    field: str  # key of runtime.fields.FIELDS, e.g. "line.drug.dose"


@dataclass(frozen=True, slots=True)
class LetRef(Expr):
    name: str
    scope: str


@dataclass(frozen=True, slots=True)
class LocalRef(Expr):
    name: str


@dataclass(frozen=True, slots=True)
class SetRef(Expr):
    name: str


@dataclass(frozen=True, slots=True)
class TableRef(Expr):
    name: str


@dataclass(frozen=True, slots=True)
class RowField(Expr):
    base: Expr
    column: str


@dataclass(frozen=True, slots=True)
class Call(Expr):
    function: str  # key of runtime.builtins.SIGNATURES
    args: tuple[Expr, ...]
    subject: str | None


@dataclass(frozen=True, slots=True)
class Lookup(Expr):
    table: str
    keys: tuple[Expr, ...]
    column: str


@dataclass(frozen=True, slots=True)
class Compare(Expr):
    op: str  # < <= > >= = !=
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Arith(Expr):
    op: str  # + - * /
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Neg(Expr):
    operand: Expr


@dataclass(frozen=True, slots=True)
class Member(Expr):
    item: Expr
    collection: Expr
    negated: bool


@dataclass(frozen=True, slots=True)
class IsMissing(Expr):
    operand: Expr
    negated: bool


@dataclass(frozen=True, slots=True)
class BoolOp(Expr):
    op: str  # and | or
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Not(Expr):
    operand: Expr


@dataclass(frozen=True, slots=True)
class Cond(Expr):
    test: Expr
    then: Expr
    otherwise: Expr


# ---- declarations ----
@dataclass(frozen=True, slots=True)
class CodeSet:
    name: str
    kind: str
    members: frozenset
    origin: Span = field(compare=False, repr=False)
    from_table: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class TableColumn:
    name: str
    type: str  # text | code | number | date | a unit symbol
    ty: Ty


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    path: str  # repository-relative CSV path
    keys: tuple[TableColumn, ...]
    columns: tuple[TableColumn, ...]  # value columns, then effective_from / effective_through
    rows: tuple[tuple, ...]  # converted values, in file order
    sha256: str
    origin: Span = field(compare=False, repr=False)
    payers: tuple[str, ...] = ()  # for a payer's rows: the payers they apply to
    overlays: tuple[Table, ...] = ()  # payers' rows over this (base) table, in declaration order


@dataclass(frozen=True, slots=True)
class Let:
    name: str
    scope: str  # encounter | line | episode
    expr: Expr
    origin: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Derive:
    code: str | None  # a fixed code, or None when keyed by the line's code
    scope: str
    expr: Expr
    where: Expr | None
    origin: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Report:
    name: str
    expr: Expr
    dim: str | None  # dimension name of amounts (for messages), else None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str
    description: str
    subject: str  # line | episode | encounter
    where: Expr | None
    withs: tuple[tuple[str, Expr], ...]
    flag: Expr
    message: str
    report: tuple[Report, ...]
    effective: tuple[object, object] | None  # (date | None, date | None)
    facts: tuple[str, ...]
    reads: tuple[str, ...]
    origin: Span = field(compare=False, repr=False)
    # Payer scope, already part of `where` (check/payers.py); kept for readers and for naming variants.
    payers: tuple[str, ...] | None = None  # only these payers (a payer rule or an override)
    # A base rule some payers override or disable: (payer, "override" | "disable", where, why), where
    # the spec location of the override or disable and why its quoted text (None if it has none).
    exclusions: tuple[tuple[str, str, str, str | None], ...] = field(default=(), compare=False)
    since: bool = False  # the requirement begins with this version: before it there is nothing to check

    @property
    def location(self) -> str:
        return f"{self.origin.path}:{self.origin.line}:{self.origin.column}"

    @property
    def excluded_payers(self) -> tuple[str, ...]:
        return tuple(payer for payer, *_ in self.exclusions)

    def periods_in_force(self) -> tuple:
        """The dates this version accounts for: its own period, and for a requirement that begins
        with it (`effective since`), every earlier date (nothing to check there)."""
        if self.effective is None:
            return ()
        lo, _ = self.effective
        if self.since and lo is not None:
            return (self.effective, (None, lo - timedelta(days=1)))
        return (self.effective,)

    @property
    def variant(self) -> str:
        """Distinguishes the versions and payer variants of one rule id: '' for the base rule."""
        parts = []
        if self.payers:
            parts.append("for_" + "_".join(self.payers))
        if self.effective is not None and self.effective[0] is not None:
            parts.append("from_" + self.effective[0].isoformat().replace("-", "_"))
        return "__".join(parts)


@dataclass(frozen=True, slots=True)
class Example:
    name: str
    description: str
    record: dict  # an input record in the contract's JSON shape
    outcome: str | None
    line_rules: tuple[tuple[int, tuple[str, ...]], ...]
    claim_rules: tuple[str, ...] | None
    units: tuple[tuple[str, int], ...]
    absent: tuple[str, ...]
    origin: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Module:
    name: str
    title: str
    path: str
    sha256: str
    codes: tuple[tuple[str, str], ...]
    sets: tuple[CodeSet, ...]
    tables: tuple[Table, ...]
    policies: tuple[tuple[str, str], ...]
    lets: tuple[Let, ...]
    derives: tuple[Derive, ...]
    rules: tuple[Rule, ...]
    examples: tuple[Example, ...]


def expressions(m: Module):
    """Every expression of a module's lets, derives and rules (conditions, bindings, reports)."""
    for let in m.lets:
        yield let.expr
    for d in m.derives:
        yield d.expr
        if d.where is not None:
            yield d.where
    for r in m.rules:
        yield from (e for e in (r.where, r.flag) if e is not None)
        yield from (e for _, e in r.withs)
        yield from (x.expr for x in r.report)


def version_periods(m: Module) -> dict[tuple, tuple]:
    """(rule id, payers) -> the periods all versions of that rule account for; a date in none of
    them is outside every version (rule_not_in_force)."""
    out: dict[tuple, tuple] = {}
    for r in m.rules:
        out[(r.id, r.payers)] = out.get((r.id, r.payers), ()) + r.periods_in_force()
    return out
