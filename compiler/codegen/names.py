"""Python names for the names a spec defines, so that no spec name can shadow a name the generated
code relies on (`with logic = ...` must not hide the `logic` module, a set `policies` must not
replace POLICIES). Names are kept as written wherever they are free, so generated code reads like
the spec; a clashing name gets trailing underscores until it is free.
"""

from __future__ import annotations

import builtins
import keyword

from .. import ir

# What a generated validator module defines or imports, and the locals of its functions.
_GENERATED_LOCALS = {"ctx", "line", "episode", "enc", "findings", "derived", "record", "policies", "verdict",
                     "applies", "fn", "logic", "results", "fields", "date", "Fraction", "Context", "Policies",
                     "annotations", "validate"}
_GENERATED_CONSTS = {"SPEC", "POLICIES", "CODES", "MODULES", "TABLE"}


def _reserved_local(name: str) -> bool:
    return (keyword.iskeyword(name) or keyword.issoftkeyword(name) or hasattr(builtins, name)
            or name in _GENERATED_LOCALS or name.startswith(("applies_", "check_")) or name.endswith("_row"))


def _reserved_const(name: str) -> bool:
    return name in _GENERATED_CONSTS or name.startswith(("META_", "SET_")) or "__FOR_" in name


def _assign(names, spell, reserved, prefix: str) -> dict[str, str]:
    """Each name's spelling, or, when that is reserved, the spelling behind `prefix` (which no
    generated name starts with); a spelling already given gets underscores until it is free."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(names):
        py = spell(name)
        if reserved(py):
            py = prefix + py
        while py in taken:
            py += "_"
        taken.add(py)
        out[name] = py
    return out


class PyNames:
    """The Python spelling of every name one spec module defines: locals (lets, `with` values) keep
    their case, sets and tables become upper-case constants. Also what every expression of the
    module is emitted with: the constant of each set value, and the table columns never missing."""

    def __init__(self, module: ir.Module, full_columns: frozenset = frozenset()) -> None:
        locals_ = {let.name for let in module.lets} | {n for r in module.rules for n, _ in r.withs}
        self._locals = _assign(locals_, str, _reserved_local, "v_")
        consts = {s.name for s in module.sets} | {t.name for t in module.tables}
        self._consts = _assign(consts, str.upper, _reserved_const, "V_")
        self.sets: dict[frozenset, str] = {s.members: self.const(s.name) for s in module.sets}
        # (table, column) pairs with a value in every row: a column of a row known to exist is present.
        self.full_columns = full_columns

    def literal_set(self, value: frozenset) -> str:
        """The constant of a set written in a rule, named SET_<n> unless a declared set has its members."""
        if value not in self.sets:
            self.sets[value] = f"SET_{len(self.sets) + 1}"  # declared sets never start with SET_
        return self.sets[value]

    def local(self, name: str) -> str:
        return self._locals.get(name, name)

    def const(self, name: str) -> str:
        return self._consts[name]
