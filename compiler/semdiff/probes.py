"""The edge cases of every rule and derive of both versions, from the shared builder
(`compiler.edgecases`), sorted into families by what they turn.

Both versions' boundaries are probed, so a moved threshold is tried at its old place and at its
new one. A set member present in one version only is exactly where the versions disagree: every
case of a rule that tests that set is tried again with the member.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import ir
from ..edgecases import Probe, Target, probes, targets

# Family of a case by the kinds of the knobs it turns, first match; a table row makes it `table`.
_FAMILIES = (("date", {"day"}), ("drug", {"dose"}), ("value", {"value"}), ("time", {"seconds", "layout"}),
             ("count", {"units", "lines", "spread", "pumps", "episodes", "missing_stops", "reversed", "modifiers_in",
                        "modifiers_out", "volume", "volume_rate"}))
ORDER = ("time", "count", "value", "date", "drug", "table", "rule")


def family(p: Probe) -> str:
    if p.table is not None:
        return "table"
    kinds = set(p.kinds)
    return next((name for name, of in _FAMILIES if kinds & of), "rule")


def side_targets(modules_by_side: list[list[ir.Module]]) -> list[tuple[ir.Module, list[Target]]]:
    """(module, its targets) of every module of every side, sides in order, modules by name."""
    return [(m, targets(m)) for modules in modules_by_side for m in sorted(modules, key=lambda m: m.name)]


def edge_families(found: list[tuple[ir.Module, list[Target]]]) -> dict[str, list[tuple[str, dict]]]:
    """(why, record) of every edge case, per family, in generation order."""
    out: dict[str, list] = {name: [] for name in ORDER}
    for m, ts in found:
        for t in ts:
            for p in probes(t, m):
                out[family(p)].append((p.note, p.record))
    return out


def changed_members(modules_by_side: list[list[ir.Module]]) -> dict[str, frozenset]:
    """Set name -> members that some version's set of that name lacks."""
    versions: dict[str, list[frozenset]] = {}
    for modules in modules_by_side:
        for m in modules:
            for s in m.sets:
                versions.setdefault(s.name, []).append(frozenset(s.members))
    return {name: frozenset().union(*vs) - frozenset.intersection(*vs) for name, vs in sorted(versions.items())
            if len(set(vs)) > 1}


def member_family(found: list[tuple[ir.Module, list[Target]]], changed: dict[str, frozenset]) -> Iterator[tuple[str, dict]]:
    for m, ts in found:
        for t in ts:
            knobs = {e.knob for e in t.edges if e.knob.kind == "value" and e.knob.set in changed}
            for knob in sorted(knobs, key=lambda k: (k.field, k.set)):
                for member in sorted(changed[knob.set]):
                    for p in probes(t, m, fixed={knob: member}):
                        why = f"set member {knob.field} = {member} ({knob.set} in one version only): {p.note}"
                        yield why, p.record
