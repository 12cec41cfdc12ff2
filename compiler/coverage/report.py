"""Per-rule boundary coverage: which sides each rule, derive and let had exercised, and which not.

A side the input model cannot produce (a count below zero, a table column value no row holds) is
shown as `n/a` and never counts as missing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .. import ir
from ..boundaries import SIDES, Boundary, owners


@dataclass
class Row:
    boundary: Boundary
    hits: Counter

    @property
    def missing(self) -> list[str]:
        return [s for s in self.boundary.reachable if not self.hits.get(s)]


@dataclass
class OwnerRows:
    kind: str
    name: str
    location: str
    rows: list[Row] = field(default_factory=list)


def build(module: ir.Module, boundaries: list[Boundary], hits: dict) -> list[OwnerRows]:
    """Rows per owner in spec order (owners without boundaries included, with no rows)."""
    out = {o.label: OwnerRows(o.kind, o.name, o.location) for o in owners(module)}
    for b in boundaries:
        out[b.owner].rows.append(Row(b, Counter(hits.get(b.key, {}))))
    return list(out.values())


def missing_count(groups: list[OwnerRows]) -> int:
    return sum(len(r.missing) for g in groups for r in g.rows)


def render_text(spec: str, groups: list[OwnerRows], tests: str) -> str:
    lines = [f"{spec}  ({tests})"]
    width = max((len(r.boundary.text) for g in groups for r in g.rows), default=10)
    for g in groups:
        lines.append(f"  {g.kind} {g.name}  {g.location}")
        if not g.rows:
            lines.append("    no comparison against a constant")
        for r in g.rows:
            cells = []
            for side in SIDES:
                if side not in r.boundary.reachable:
                    cells.append(f"{side} n/a")
                else:
                    n = r.hits.get(side, 0)
                    cells.append(f"{side} {n}" if n else f"{side} NEVER")
            where = r.boundary.location.split(":", 1)[1]
            lines.append(f"    {where:<9} {r.boundary.text:<{width}}  " + "  ".join(f"{c:<12}" for c in cells).rstrip())
    return "\n".join(lines)


def to_json(spec: str, groups: list[OwnerRows], tests: dict) -> dict:
    return {
        "spec": spec,
        "tests": tests,
        "owners": [{
            "kind": g.kind, "name": g.name, "location": g.location,
            "boundaries": [{
                "location": r.boundary.location, "text": r.boundary.text,
                "edge": None if r.boundary.edge is None else _number(r.boundary.edge), "unit": r.boundary.unit,
                "reachable": list(r.boundary.reachable),
                "hits": {s: r.hits.get(s, 0) for s in SIDES if s in r.boundary.reachable},
                "missing": r.missing,
            } for r in g.rows],
        } for g in groups],
        "missing": missing_count(groups),
    }


def _number(v):
    from fractions import Fraction

    return int(v) if Fraction(v).denominator == 1 else float(v)
