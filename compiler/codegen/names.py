"""Python names for the names a spec defines, so that no spec name can shadow a name the generated
code relies on (`with logic = ...` must not hide the `logic` module, a set `policies` must not
replace POLICIES). Names are kept as written wherever they are free, so generated code reads like
the spec; a reserved spelling gets a `v_` (constants `V_`) prefix, and a spelling already taken gets
trailing underscores until it is free.
"""

from __future__ import annotations

import builtins
import keyword
import re

from .. import ir

# What a generated validator module defines or imports, and the locals of its functions.
_GENERATED_LOCALS = {"ctx", "line", "episode", "enc", "findings", "derived", "record", "policies", "verdict",
                     "applies", "fn", "logic", "results", "fields", "date", "Fraction", "Context", "Policies",
                     "annotations", "validate", "all_in_force_from"}
_GENERATED_CONSTS = {"SPEC", "POLICIES", "OWN_NOTES", "CODES", "MODULES", "TABLE", "TABLES", "TABLES_IN_FORCE_FROM"}


def _reserved_local(name: str) -> bool:
    return (keyword.iskeyword(name) or keyword.issoftkeyword(name) or hasattr(builtins, name)
            or name in _GENERATED_LOCALS or name.startswith(("applies_", "summary_")) or _ROW.search(name) is not None
            or _reserved_const(name))  # a local spelled like a module constant would hide it in validate()


_ROW = re.compile(r"_row(_\d+)?$")  # how the generated code names table rows it looks up once


def _reserved_const(name: str) -> bool:
    return name in _GENERATED_CONSTS or name.startswith(("META_", "SET_")) or "__FOR_" in name


def _assign(names, spell, reserved, prefix: str, taken: set[str] | None = None) -> dict[str, str]:
    """Each name's spelling, or, when that is reserved, the spelling behind `prefix` (which no
    generated name starts with); a spelling already given (or `taken`) gets underscores until it is free."""
    out: dict[str, str] = {}
    taken = set() if taken is None else taken
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
    """The Python spelling of every name one spec module defines: lets and `with` values keep their
    case (and never share a spelling, since rules run inline in the loops where lets live), sets and tables become upper-case constants. Also what every expression of the
    module is emitted with: the constant of each set value, and the table columns never missing."""

    def __init__(self, module: ir.Module, full_columns: frozenset = frozenset()) -> None:
        consts = {s.name for s in module.sets} | {t.name for t in module.tables}
        self._consts = _assign(consts, str.upper, _reserved_const, "V_")
        # Lets and `with` values are locals of validate(); they may not take a constant's spelling,
        # and `with` values of the rules of a loop share its body, so they may not take a let's.
        module_level = set(self._consts.values())
        self._lets = _assign({let.name for let in module.lets}, str, _reserved_local, "v_", taken=set(module_level))
        withs = {n for r in module.rules for n, _ in r.withs}
        self._withs = _assign(withs, str, _reserved_local, "v_", taken=module_level | set(self._lets.values()))
        self.sets: dict[frozenset, str] = {s.members: self.const(s.name) for s in module.sets}
        self._members = {s.name: s.members for s in module.sets}
        # (table, column) pairs with a value in every row: a column of a row known to exist is present.
        self.full_columns = full_columns
        # A per-record summary several functions read (runtime.builtins.Signature.summary), as written
        # at the top of the encounter loop -> the local bound to it there (`summary_<function>_<args>`).
        self.summaries: dict[str, str] = {}
        # Every local the generator makes up (guards, rows, summaries), by what it holds: one
        # allocator, so that no two can take one spelling whatever the spec's names.
        self._generated: dict[tuple, str] = {}
        self._taken = set(self._consts.values()) | set(self._lets.values()) | set(self._withs.values())

    def _fresh(self, key: tuple, base: str) -> str:
        if key not in self._generated:
            name = re.sub(r"[^A-Za-z0-9_]+", "_", base)  # route texts may hold any character
            while name in self._taken:
                name += "_"
            self._taken.add(name)
            self._generated[key] = name
        return self._generated[key]

    def guard(self, rule: str) -> str:
        """The local holding the encounter-level part of a rule's `where` (`applies_<rule>`)."""
        return self._fresh(("applies", rule), f"applies_{rule}")

    def row(self, table: str, keys: tuple) -> str:
        """The local holding the row of `table` for `keys` (`<table>_row`), the same for every rule."""
        taken = sum(1 for k in self._generated if k[:2] == ("row", table) and k != ("row", table, keys))
        return self._fresh(("row", table, keys), f"{table}_row" + (f"_{taken + 1}" if taken else ""))

    def summary(self, text: str) -> str:
        """The local holding the summary `text` (`fn.infusions(ctx, enc, "subcutaneous")`)."""
        if text not in self.summaries:
            call, _, args = text.partition("(")
            parts = [call.removeprefix("fn.")] + [a.strip(' "').lower() for a in args.rstrip(")").split(",")[1:]
                                                  if a.strip() != "enc"]  # (ctx, enc, ...): the loop's, not in the name
            self.summaries[text] = self._fresh(("summary", text), "summary_" + "_".join(p.strip() for p in parts))
        return self.summaries[text]

    def derived_units(self) -> str:
        """The local holding the units a `derive` works out, before they are added to `derived`."""
        return self._fresh(("derived",), "units")

    def members(self, name: str) -> frozenset:
        """The codes of a declared set."""
        return self._members[name]

    def literal_set(self, value: frozenset) -> str:
        """The constant of a set written in a rule, named SET_<n> unless a declared set has its members."""
        if value not in self.sets:
            self.sets[value] = f"SET_{len(self.sets) + 1}"  # declared sets never start with SET_
        return self.sets[value]

    def let(self, name: str) -> str:
        return self._lets[name]

    def local(self, name: str) -> str:
        """A rule's `with` value."""
        return self._withs[name]

    def const(self, name: str) -> str:
        return self._consts[name]
