"""Which CPT/HCPCS codes the shipped specs mention, so an import keeps only edits they can use.

A full CMS table has tens of thousands of codes; the validators consult only edits whose codes a
rule can meet. A code counts as referenced when a spec declares it (`code 96369 ...`), lists it
in a `codes` set (ranges expanded), or writes it as a constant in a rule, `let` or `derive`.
Sets filled from the CMS edit tables themselves are ignored: the import must not keep a code
merely because the previous import did.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

from .. import ir
from ..pipeline import ROOT, compile_all
from .repotable import AOC, MUE, PTP

CMS_TABLES = {spec.default_path for spec in (MUE, PTP, AOC)}


def referenced_codes(root: Path | None = None) -> frozenset[str]:
    """Compile the specs under `root` (raises CompileError when they do not compile).

    Compiling is the slow part of an import, so the answer is kept while no file under specs/
    changes (several imports in one process, as in the tests, compile once).
    """
    root = (root or ROOT).resolve()
    stamp = tuple((p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
                  for p in sorted((root / "specs").rglob("*")) if p.is_file())
    return _referenced(root, stamp)


@functools.lru_cache(maxsize=4)
def _referenced(root: Path, stamp: tuple) -> frozenset[str]:
    codes: set[str] = set()
    for compiled in compile_all(root):
        module = compiled.module
        cms = {t.name for t in module.tables if t.path in CMS_TABLES}
        codes.update(code for code, _ in module.codes)
        for code_set in module.sets:
            if code_set.kind == "codes" and (code_set.from_table is None or code_set.from_table[0] not in cms):
                codes.update(code_set.members)
        codes.update(d.code for d in module.derives if d.code)
        for node in (*module.rules, *module.lets, *module.derives):
            _constants(node, codes)
    return frozenset(codes)


def _constants(node, out: set[str]) -> None:
    if isinstance(node, ir.Const) and node.ty.name in ("code", "codes"):
        out.update(node.value if isinstance(node.value, (frozenset, set, tuple)) else (node.value,))
    elif isinstance(node, tuple):
        for item in node:
            _constants(item, out)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            _constants(getattr(node, f.name), out)
