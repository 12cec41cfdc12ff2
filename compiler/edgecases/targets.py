"""A rule or derive under test, with what an encounter needs for it to apply and the edges to turn."""

from __future__ import annotations

from dataclasses import dataclass

from .. import ir
from ..boundaries import Analysis, Edge, owners

DAY = "2024-08-14"  # 2024-Q3: the vintage of the CMS tables (facts.md)
SETTINGS = ("physician", "facility")
DRUG_CODE = "J1559"  # a drug line for rules that read one but name no code


@dataclass(frozen=True)
class Target:
    """A rule or derive under test: where the spec states it and which inputs reach it."""

    kind: str  # rule | derive
    name: str
    location: str  # specs/<file>:<line>:<col>
    codes: tuple[str, ...] = ()  # one line code per code condition of its `where`
    pool: tuple[str, ...] = ()  # more codes its `where` accepts, for random encounters
    settings: tuple[str, ...] = SETTINGS
    payers: tuple[str, ...] = ("medicare",)
    day: str = DAY  # a date of service on which it is in force
    edges: tuple[Edge, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.kind} `{self.name}` ({self.location})"


def targets(module: ir.Module, day: str = DAY) -> list[Target]:
    """Every rule and derive of a module with all its edges, amounts and other inputs alike, for a
    tool that builds its cases when it runs (`codespec diff`); a rule reading a drug line but
    naming no code gets a drug line."""
    a = Analysis(module)
    out = []
    for o in owners(module):
        if o.kind == "let":
            continue
        focus = a.focus(o, day)
        codes = focus.codes or ((DRUG_CODE,) if a.needs_drug(o) else ())
        out.append(Target(o.kind, o.name, o.location, codes=codes, pool=focus.pool, settings=focus.settings,
                          payers=focus.payers, day=focus.day, edges=(*a.edges(o), *a.input_edges(o))))
    return out
