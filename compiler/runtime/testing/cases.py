"""The generated tests' edge cases: the shared builder's records (`compiler.edgecases`), parsed."""

from __future__ import annotations

from dataclasses import dataclass

from ...edgecases import Target, probes
from ..model import Encounter, parse_encounter


@dataclass(frozen=True)
class Case:
    """One edge case: an encounter and why it is there."""

    id: str
    record: Encounter
    note: str

    def __str__(self) -> str:
        return self.id


def boundary_cases(target: Target, module) -> list[Case]:
    """Deterministic edge cases of one rule or derive (see `compiler.edgecases.probes`)."""
    return [Case(p.id, parse_encounter(p.record), p.note) for p in probes(target, module)]
