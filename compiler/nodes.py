"""Surface AST built by syntax/to_ast.py: mirrors the grammar; names are not resolved yet.

Spans never take part in equality, so two occurrences of `x < 1` compare equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .source import Span


@dataclass(frozen=True, slots=True)
class Node:
    span: Span = field(compare=False, repr=False, kw_only=True)


# ---- expressions ----
@dataclass(frozen=True, slots=True)
class Number(Node):
    text: str


@dataclass(frozen=True, slots=True)
class Quantity(Node):
    number: str
    unit: str
    unit_span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class DateLit(Node):
    text: str


@dataclass(frozen=True, slots=True)
class Str(Node):
    value: str


@dataclass(frozen=True, slots=True)
class CodeLit(Node):
    text: str


@dataclass(frozen=True, slots=True)
class Path(Node):
    parts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Arg(Node):
    name: str | None
    value: Expr


@dataclass(frozen=True, slots=True)
class Call(Node):
    name: str
    args: tuple[Arg, ...]


@dataclass(frozen=True, slots=True)
class Lookup(Node):
    table: str
    keys: tuple[Expr, ...]
    column: str


@dataclass(frozen=True, slots=True)
class SetItem(Node):
    lo: str
    hi: str | None  # a range `lo..hi`


@dataclass(frozen=True, slots=True)
class SetExpr(Node):
    items: tuple[SetItem, ...]


@dataclass(frozen=True, slots=True)
class Compare(Node):
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Arith(Node):
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Neg(Node):
    operand: Expr


@dataclass(frozen=True, slots=True)
class Member(Node):
    item: Expr
    collection: Expr
    negated: bool


@dataclass(frozen=True, slots=True)
class IsMissing(Node):
    operand: Expr
    negated: bool  # `is present`


@dataclass(frozen=True, slots=True)
class And(Node):
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Or(Node):
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Not(Node):
    operand: Expr


@dataclass(frozen=True, slots=True)
class Conditional(Node):
    then: Expr
    test: Expr
    otherwise: Expr


Expr = (Number | Quantity | DateLit | Str | CodeLit | Path | Call | Lookup | SetExpr | Compare | Arith | Neg
        | Member | IsMissing | And | Or | Not | Conditional)


# ---- declarations ----
@dataclass(frozen=True, slots=True)
class CodeDecl(Node):
    code: str
    description: str


@dataclass(frozen=True, slots=True)
class SetDecl(Node):
    kind: str  # codes | modifiers | places | revenue
    name: str
    items: tuple[SetItem, ...]
    column: tuple[str, str] | None = None  # (column, table) for `= column X of T`


@dataclass(frozen=True, slots=True)
class Column(Node):
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class TableDecl(Node):
    name: str
    path: str
    keys: tuple[Column, ...]
    columns: tuple[Column, ...]
    payers: tuple[str, ...] = ()  # `table NAME for payer ... = "file"`: a payer's rows over the base table


@dataclass(frozen=True, slots=True)
class PolicyDecl(Node):
    name: str
    choice: str
    description: str | None


@dataclass(frozen=True, slots=True)
class LetDecl(Node):
    name: str
    scope: str
    expr: Expr


@dataclass(frozen=True, slots=True)
class DeriveDecl(Node):
    target: CodeLit | Path
    scope: str
    expr: Expr
    where: Expr | None


@dataclass(frozen=True, slots=True)
class Binding(Node):
    name: str
    expr: Expr


@dataclass(frozen=True, slots=True)
class RuleDecl(Node):
    name: str
    severity: str
    description: str | None
    subject: str | None
    where: Expr | None
    withs: tuple[Binding, ...]
    flag: Expr | None
    message: str | None
    report: tuple[Binding, ...]
    effective: tuple[str, str | None] | None
    facts: tuple[str, ...]
    name_span: Span = field(compare=False, repr=False, default=None)
    payers: tuple[str, ...] = ()  # `for payer a, b`: the rule applies to these payers only
    payers_span: Span | None = field(compare=False, repr=False, default=None)
    override: bool = False  # an `override NAME for payer ...` block: missing clauses come from the base rule
    since: bool = False  # `effective since D`: the requirement begins on D (nothing to check before)
    subject_span: Span | None = field(compare=False, repr=False, default=None)
    message_span: Span | None = field(compare=False, repr=False, default=None)
    effective_span: Span | None = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class DisableDecl(Node):
    """`disable RULE for payer a, b "why"`: the base rule does not apply to these payers."""

    name: str
    payers: tuple[str, ...]
    reason: str | None
    name_span: Span = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class ExField(Node):
    name: str
    value: object  # str | int | Decimal | bool | None | list[str]


@dataclass(frozen=True, slots=True)
class ExampleDecl(Node):
    name: str
    description: str | None
    encounter: tuple[ExField, ...]
    episodes: tuple[tuple[str, tuple[ExField, ...]], ...]
    lines: tuple[tuple[int, str, tuple[ExField, ...]], ...]
    outcome: str | None
    line_rules: tuple[tuple[int, tuple[str, ...]], ...]
    claim_rules: tuple[str, ...] | None
    units: tuple[tuple[str, int], ...]
    absent: tuple[str, ...]
    spans: ExampleSpans | None = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class ExampleSpans:
    """Where each clause of an example is, in the order of the example's own tuples (diagnostics point
    at the clause they are about)."""

    name: Span
    encounter: Span | None  # the first `encounter` clause
    episodes: tuple[Span, ...]  # `episode NAME`
    lines: tuple[Span, ...]  # `line N: CODE`
    outcome: Span | None  # the outcome word of `expect ...`
    line_rules: tuple[tuple[Span, tuple[Span, ...]], ...]  # `expect line N ...`: N, then each rule name
    claim_rules: tuple[Span, ...]  # each rule name of `expect claim`
    units: tuple[Span, ...]  # the code of each `expect units`
    absent: tuple[Span, ...]  # the rule of each `expect no`


@dataclass(frozen=True, slots=True)
class Comment(Node):
    text: str


@dataclass(frozen=True, slots=True)
class Spec(Node):
    name: str
    title: str
    declarations: tuple[Node, ...]
    comments: tuple[Comment, ...]
