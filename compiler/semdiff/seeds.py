"""Encounters the diff is given rather than builds: each version's `example` blocks and the user's
`--encounters` records."""

from __future__ import annotations

from pathlib import Path

from .. import ir
from ..runtime.records import read_records


def example_family(modules_by_side: list[list[ir.Module]]):
    for modules in modules_by_side:
        for m in sorted(modules, key=lambda m: m.name):
            for ex in m.examples:
                yield f"example {m.name}.{ex.name} ({ex.origin.path}:{ex.origin.line})", dict(ex.record)


def input_family(paths: list[Path]):
    """Records of user files; an unreadable file raises OSError, an undecodable record is skipped."""
    for path in paths:
        for raw in read_records(path):
            if raw.error is None and isinstance(raw.value, dict):
                yield f"input {raw.source}", dict(raw.value)
