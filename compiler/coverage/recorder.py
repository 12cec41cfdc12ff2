"""Records which side of each boundary an interpreter's evaluations fell on.

Attached as the interpreter's tracer, it sees the operand values of every comparison and call,
picks out the boundaries of `boundaries.module_boundaries` by node identity, and counts the side
each value fell on. Node identity ties a hit to the one rule, derive or let that states it, even
when two rules write the same comparison.
"""

from __future__ import annotations

from collections import Counter

from .. import ir
from ..boundaries import Boundary, module_boundaries


class Recorder:
    def __init__(self, module: ir.Module) -> None:
        self.module = module  # keeps the traced nodes alive, so their ids stay theirs
        self.boundaries: list[Boundary] = module_boundaries(module)
        self._by_node: dict[int, list[Boundary]] = {}
        for b in self.boundaries:
            self._by_node.setdefault(id(b.node), []).append(b)
        self.hits: dict[str, Counter] = {b.key: Counter() for b in self.boundaries}

    def __call__(self, node: ir.Expr, operands) -> None:
        for b in self._by_node.get(id(node), ()):
            side = b.side(operands)
            if side is not None:
                self.hits[b.key][side] += 1

    def attach(self, interpreter) -> Recorder:
        interpreter.tracer = self
        return self

    def to_json(self) -> dict:
        return {key: dict(sorted(counts.items())) for key, counts in sorted(self.hits.items())}


def record(interpreter, records) -> Recorder:
    """Evaluate records with a recorder attached (and detached afterwards)."""
    recorder = Recorder(interpreter.module)
    previous, interpreter.tracer = interpreter.tracer, recorder
    try:
        for r in records:
            interpreter.validate(r)
    finally:
        interpreter.tracer = previous
    return recorder
