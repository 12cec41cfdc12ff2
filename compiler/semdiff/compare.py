"""Evaluate one encounter with both versions and say whether, and where, the decision moved.

A decision is what a biller acts on: the outcome, each line's outcome, which rules fire at which
severity on which line or episode, and the derived units. Messages and spec locations are not part
of it: rewording a message or moving a rule down the file changes nothing a claim depends on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import ir
from ..interp import Interpreter
from ..runtime import results
from ..runtime.model import InvalidRecord, parse_encounter
from .encounters import Encounter


def evaluators(modules: list[ir.Module]) -> list:
    return [Interpreter(m).validate for m in sorted(modules, key=lambda m: m.name)]


def _finding(f: dict, line: int | None) -> tuple:
    """(rule, severity, line, episode, subject): `subject` names the rule an incomplete_data finding
    could not decide or the table a table_not_in_force finding is about."""
    return (f["rule"], f["severity"], line, f.get("episode"), f.get("checks") or f.get("table"))


def summarise(result: dict) -> dict:
    found = [_finding(f, line["line"]) for line in result["lines"] for f in line["findings"]]
    found += [_finding(f, None) for f in result["claim_findings"]]
    return {
        "outcome": result["outcome"],
        "lines": [{"line": ln["line"], "code": ln["code"], "outcome": ln["outcome"]} for ln in result["lines"]],
        "findings": sorted(set(found), key=lambda k: tuple("" if v is None else str(v) for v in k)),
        "derived_units": dict(sorted(result["derived_units"].items())),
    }


@dataclass(frozen=True)
class Change:
    encounter: Encounter
    base: dict  # summary of the BASE result
    head: dict
    rules: tuple[str, ...]  # rules whose findings differ
    derived: tuple[str, ...]  # codes whose derived units differ
    tables: tuple[str, ...]  # tables in force on one side only


def _meaning(m: ir.Module) -> ir.Module:
    """The module without what cannot change a decision: wording, reports, examples, hashes (spans
    never take part in comparisons)."""
    rules = tuple(replace(r, description="", message="", report=(), facts=()) for r in m.rules)
    return replace(m, title="", path="", sha256="", examples=(), rules=rules)


class Comparer:
    """Evaluates both versions; specs whose meaning is identical on both sides are left out of the
    first pass, since their findings and derived units are the same whatever the encounter."""

    def __init__(self, base_modules: list[ir.Module], head_modules: list[ir.Module]) -> None:
        base = {m.name: m for m in base_modules}
        head = {m.name: m for m in head_modules}
        same = {n for n in base.keys() & head.keys() if _meaning(base[n]) == _meaning(head[n])}
        self.base_all, self.head_all = evaluators(base_modules), evaluators(head_modules)
        self.base_diff = evaluators([m for m in base_modules if m.name not in same])
        self.head_diff = evaluators([m for m in head_modules if m.name not in same])

    def compare(self, encounter: Encounter) -> Change | None:
        try:
            record = parse_encounter(encounter.record)
        except InvalidRecord:
            return None  # the same `invalid` result under both versions
        # Identical partial summaries imply identical full ones: findings are a union, outcomes
        # follow from findings, and derived units merge the same contributions.
        if self._summary(record, self.base_diff) == self._summary(record, self.head_diff):
            return None
        return diff(encounter, self._summary(record, self.base_all), self._summary(record, self.head_all))

    @staticmethod
    def _summary(record, evals: list) -> dict:
        return summarise(results.build(record, [ev(record) for ev in evals]))


def diff(encounter: Encounter, base: dict, head: dict) -> Change | None:
    if base == head:
        return None
    rules, tables = set(), set()
    for rule, _severity, _line, _episode, subject in set(base["findings"]) ^ set(head["findings"]):
        if rule == "table_not_in_force":
            tables.add(subject)
        elif rule in ("incomplete_data", "rule_not_in_force"):  # findings about another rule
            rules.add(subject)
        elif rule != "invalid_input":
            rules.add(rule)
    b, h = base["derived_units"], head["derived_units"]
    derived = sorted(code for code in set(b) | set(h) if b.get(code, "absent") != h.get(code, "absent"))
    return Change(encounter, base, head, tuple(sorted(rules)), tuple(derived), tuple(sorted(tables)))
