"""The vocabulary of boundaries: which input moves a compared value (a knob), the line a spec draws
on it (an edge), and the comparison of the IR it comes from (a boundary)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from .. import ir

SIDES = ("below", "at", "above")


@dataclass(frozen=True)
class Knob:
    """An input of an encounter that moves a compared value; the edge-case builder turns it.

    Amount kinds: seconds (an infusion's duration), units (billed units), lines (number of lines),
    pumps, episodes, missing_stops, reversed (infusion episodes of a route), modifiers_in /
    modifiers_out (modifiers of the rule's own line inside / outside a set), volume (an episode's
    volume per site), volume_rate (its volume per site per minute of elapsed time), dose (a drug
    line's dose in mg) and spread (units of the rule's own code, billed on two lines). Other kinds: day (the date of service), value (`field` set to a text value),
    layout (how a route's infusion time is split over episodes), row (the encounter matches a table
    row) and rank (two lines whose order a ranking table decides).
    """

    kind: str
    route: str | None = None  # episode knobs: the route counted
    codes: tuple[str, ...] = ()  # units / lines knobs: the codes counted; value knobs: the values tested
    set: str | None = None  # a named set of the spec (codes counted, modifiers, values tested)
    own_line: bool = False  # units of the rule's own line (`line.units`, `units_of(line.code, ...)`)
    field: str | None = None  # value knobs: the field set, e.g. "encounter.place_of_service"


@dataclass(frozen=True)
class TableEdge:
    """The edge is a table value: `column` of the row keyed by the encounter's `keys` fields.

    A row or rank edge has no compared column (""); its keys may name `other_line.code`, a second
    line's code (the column-1 code of a code pair)."""

    table: str
    column: str
    keys: tuple[str, ...]
    step: int | Fraction = 1  # one unit of the column as the table writes it, in canonical units
    unit: str | None = None  # the column's unit as the table declares it


@dataclass(frozen=True)
class Edge:
    """One line drawn by a spec, as the generated edge cases need it."""

    knob: Knob
    value: int | Fraction | date | str | None  # canonical constant (minutes for time); None: compared with another input
    location: str = ""
    text: str = ""
    unit: str | None = None
    primary: bool = True  # in the flag or derived value (not only in `where` or a let it reads)
    table: TableEdge | None = None


@dataclass(frozen=True)
class Boundary:
    """One comparison (or steps band edge) of the IR, owned by one rule, derive or let."""

    owner: str  # "rule <id>", "derive <code>" or "let <name>"
    owner_location: str
    location: str
    text: str
    edge: int | Fraction | None  # None: the other operand is not a constant (table value, instant)
    unit: str | None
    knob: Knob | None
    reachable: tuple[str, ...]  # sides the input model allows, in SIDES order
    operand: str  # where the tracer finds the value: left | right | diff | steps
    band: int = 0  # steps: which band edge
    node: ir.Expr | None = field(default=None, compare=False, repr=False)
    table: TableEdge | None = None
    primary: bool = True

    @property
    def key(self) -> str:
        return f"{self.location}#{self.band}" if self.operand == "steps" else self.location

    def side(self, operands) -> str | None:
        """The side of the edge the traced operand values fall on (None when a value is missing)."""
        if self.operand == "steps":
            value, edge = operands[0], self.edge
        elif self.operand == "diff" or self.edge is None:
            a, b = operands
            if a is None or b is None:
                return None
            value, edge = a - b, 0
            if isinstance(value, timedelta):
                value = value.total_seconds()
            if self.operand == "right":
                value = -value
        else:
            value, edge = operands[0 if self.operand == "left" else 1], self.edge
        if value is None or isinstance(value, bool) or not isinstance(value, (int, Fraction, float)):
            return None
        return "below" if value < edge else "at" if value == edge else "above"


@dataclass(frozen=True)
class Owner:
    kind: str  # rule | derive | let
    name: str
    location: str
    primary: tuple[ir.Expr, ...]  # the flag (and its `with`s), or what a derive or let computes
    secondary: tuple[ir.Expr, ...]  # a rule's `where`
    source: object = field(default=None, compare=False, repr=False)  # the ir.Rule, ir.Derive or ir.Let

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class Focus:
    """What an encounter needs for a rule to apply, as far as its `where` says plainly."""

    codes: tuple[str, ...]  # one line code per code condition (the first member of a set)
    pool: tuple[str, ...]  # more codes those conditions accept, for random encounters
    settings: tuple[str, ...]
    payers: tuple[str, ...]
    day: str  # a date of service on which the rule is in force (2024-Q3 when possible)


def position(location: str) -> tuple[int, int]:
    """(line, column) of a `path:line:col` location, for ordering; (0, 0) when there is none."""
    if not location:
        return (0, 0)
    _, line, col = location.rsplit(":", 2)
    return int(line), int(col)
