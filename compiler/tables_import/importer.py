"""`codespec tables import`: from CMS files to the new text of one repository table.

Steps: parse every file in its layout, keep the edits whose codes the specs reference, date the
undated MUE rows, check no key has two overlapping periods, then merge with (or replace) the rows
of the same setting already in the table. Rows of the other setting are never touched, so the
practitioner and hospital files of one table can be imported one after the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import aoc, history, mue, ptp, repotable
from .cmsfile import ImportFailure, Parsed, problem
from .repotable import Row, TableSpec


class OptionError(ValueError):
    """The options do not fit the files or the table (a usage error, not a bad file)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Kind:
    name: str
    table: TableSpec
    setting: str | None  # the table's `setting` value the files fill; None = the whole table
    dated: bool  # does the layout carry effective dates?
    parse: object  # Path -> Parsed

    def in_scope(self, row: Row) -> bool:
        return self.setting is None or row.key[0] == self.setting


KINDS = {k.name: k for k in (
    Kind("mue-practitioner", repotable.MUE, "physician", False,
         lambda p: mue.parse(p, "physician", mue.PRACTITIONER)),
    Kind("mue-hospital", repotable.MUE, "facility", False,
         lambda p: mue.parse(p, "facility", mue.HOSPITAL)),
    Kind("ptp-practitioner", repotable.PTP, "physician", True, lambda p: ptp.parse(p, "physician")),
    Kind("ptp-hospital", repotable.PTP, "facility", True, lambda p: ptp.parse(p, "facility")),
    Kind("aoc", repotable.AOC, None, True, aoc.parse),
)}


@dataclass
class Outcome:
    path: Path
    old_text: str | None
    new_text: str
    imported: int = 0  # edits kept from the files
    unreferenced: int = 0  # edits dropped: no code the specs use
    skipped: dict[str, int] = field(default_factory=dict)
    added: int = 0  # rows in the new table that were not in the old one
    removed: int = 0  # rows of the old table gone or changed

    @property
    def changed(self) -> bool:
        return self.old_text != self.new_text


def run(kind_name: str, files: list[Path], out: Path | None = None, effective_from: date | None = None,
        merge: bool = True, root: Path | None = None) -> Outcome:
    """Compute the table's new text; raise ImportFailure for a bad file, OptionError for bad options."""
    from ..pipeline import ROOT
    from .codes import referenced_codes

    kind = KINDS[kind_name]
    root = root or ROOT
    out = out or root / kind.table.default_path
    parsed = Parsed([], {})
    for path in files:
        one = kind.parse(Path(path))
        parsed.edits.extend(one.edits)
        for reason, n in one.skipped.items():
            parsed.skipped[reason] = parsed.skipped.get(reason, 0) + n
    quarter = _quarter(kind, files, effective_from, merge)
    wanted = referenced_codes(root)
    kept = [e for e in parsed.edits if any(code in wanted for code in e.codes)]
    incoming = [e.row if kind.dated else replace(e.row, start=quarter) for e in kept]
    _check_overlaps(kept, incoming)
    old_text, existing = repotable.read(kind.table, out)
    if merge and quarter is None and any(kind.in_scope(r) for r in existing):
        raise OptionError(f"{out} already has {kind.name} rows; merging needs the first day of the new quarter",
                          "--effective-from YYYY-MM-DD closes the rows it changes the day before; "
                          "--replace discards them instead")
    if merge:
        try:
            rows = history.merge(existing, incoming, kind.in_scope, quarter)
        except history.OutOfOrder as err:
            raise OptionError(str(err), "import the older quarter first, or use --replace") from None
    else:
        rows = history.replace_scope(existing, incoming, kind.in_scope)
    new_text = repotable.render(kind.table, rows)
    before, after = set(existing), set(rows)
    return Outcome(out, old_text, new_text, len(kept), len(parsed.edits) - len(kept),
                   dict(sorted(parsed.skipped.items())), len(after - before), len(before - after))


def _quarter(kind: Kind, files, effective_from: date | None, merge: bool) -> date | None:
    if kind.dated:
        if effective_from is not None and not merge:
            raise OptionError(f"{kind.name} files carry their own dates; --effective-from only marks "
                              "where a merge starts", "drop --effective-from, or drop --replace")
        return effective_from
    named = {d for d in (mue.date_in_name(Path(f)) for f in files) if d is not None}
    if effective_from is not None:
        if named and named != {effective_from}:
            raise OptionError(f"--effective-from {effective_from} but the file name says {min(named)}",
                              "check you downloaded the quarter you meant")
        return effective_from
    if len(named) > 1:
        raise OptionError("the file names are for different quarters: " + ", ".join(map(str, sorted(named))),
                          "import one quarter at a time")
    if named:
        return named.pop()
    raise OptionError(f"{kind.name} files carry no dates and the file name gives none",
                      "--effective-from YYYY-MM-DD, the first day of the quarter the file is for")


def _check_overlaps(edits, rows: list[Row]) -> None:
    """Two rows for one key in force on the same day would make the table ambiguous."""
    by_key: dict[tuple, list] = {}
    for edit, row in zip(edits, rows):
        by_key.setdefault(row.key, []).append((row, edit))
    for key, versions in sorted(by_key.items()):
        versions.sort(key=lambda v: repotable.sort_key(v[0]))
        for (a, first), (b, second) in zip(versions, versions[1:]):
            if a.end is None or a.end >= b.start:
                raise ImportFailure([problem(second.path, second.line, 1, "cms-duplicate",
                                             f"{','.join(key)} is already in force on these dates ({first.where})",
                                             "pass each CMS file once; two versions of an edit cannot overlap")])

