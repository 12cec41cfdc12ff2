"""Which CPT/HCPCS codes the shipped specs mention, so an import keeps only edits they can use.

A full CMS table has tens of thousands of codes; the validators consult only edits whose codes a
rule can meet. A code counts as referenced when a spec declares it (`code 96369 ...`), lists it
in a `codes` set (ranges expanded), or writes it as a constant in a rule, `let` or `derive`.
Sets filled from the CMS edit tables themselves are ignored: the import must not keep a code
merely because the previous import did.
"""

from __future__ import annotations

from pathlib import Path

from .. import ir
from ..pipeline import ROOT, compile_cached
from .repotable import AOC, MUE, PTP

CMS_TABLES = {spec.default_path for spec in (MUE, PTP, AOC)}


def referenced_codes(root: Path | None = None) -> frozenset[str]:
    """Every code the specs under `root` use (raises CompileError when they do not compile)."""
    codes: set[str] = set()
    for compiled in compile_cached((root or ROOT).resolve()):
        module = compiled.module
        cms = {t.name for t in module.tables if t.path in CMS_TABLES}
        codes.update(code for code, _ in module.codes)
        for code_set in module.sets:
            if code_set.kind == "codes" and (code_set.from_table is None or code_set.from_table[0] not in cms):
                codes.update(code_set.members)
        codes.update(d.code for d in module.derives if d.code)
        for e in ir.expressions(module):
            for node in ir.walk(e):
                if isinstance(node, ir.Const) and node.ty.name in ("code", "codes"):
                    codes.update(node.value if isinstance(node.value, frozenset) else (node.value,))
    return frozenset(codes)
