"""The encounters a diff compares: the spec examples and the user's records, the edge cases of every
rule and derive of both versions, set members one version lacks, and seeded random ones.

Everything here is deterministic: families come in a fixed order, each in generation order, and
duplicates are dropped keeping the first, so the same two versions always give the same
encounters with the same ids.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .. import ir
from . import probes, randoms, seeds


@dataclass(frozen=True)
class Encounter:
    id: str
    why: str
    record: dict


def _dedupe_key(rec: dict) -> str:
    return json.dumps({k: v for k, v in rec.items() if k != "id"}, sort_keys=True, default=str)


def generate(modules_by_side: list[list[ir.Module]], random_count: int, seed: int,
             inputs: list[Path] = ()) -> list[Encounter]:
    """Every family in a fixed order; ids are `<family>-<n>` in that order, duplicates dropped."""
    found = probes.side_targets(modules_by_side)
    edges = probes.edge_families(found)
    families = [
        ("example", seeds.example_family(modules_by_side)),
        ("input", seeds.input_family(list(inputs))),
        *((name, edges[name]) for name in probes.ORDER),
        ("member", probes.member_family(found, probes.changed_members(modules_by_side))),
        ("random", randoms.random_family(found, random_count, seed)),
    ]
    out, seen = [], set()
    for family, items in families:
        n = 0
        for why, rec in items:
            key = _dedupe_key(rec)
            if key in seen:
                continue
            seen.add(key)
            n += 1
            eid = f"{family}-{n:04d}"
            out.append(Encounter(eid, why, {**rec, "id": eid} if family not in ("example", "input") else rec))
    return out
