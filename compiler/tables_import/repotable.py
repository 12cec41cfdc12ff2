"""The repository's CSV tables as the importer reads and writes them.

Writing must reproduce the committed files byte for byte (see specs/tables/README.md): UTF-8, LF,
one header row, a field quoted only when it needs it, dates as YYYY-MM-DD, an empty
`effective_through` for an open period, rows sorted by key then by period start. Anything else
would turn a quarter's import into a noisy diff.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..source import SourceFile
from .cmsfile import ImportFailure, problem

PERIOD = ("effective_from", "effective_through")


@dataclass(frozen=True)
class Row:
    key: tuple[str, ...]
    values: tuple[str, ...]
    start: date | None
    end: date | None  # inclusive; None = open

    def in_force_on_or_after(self, day: date) -> bool:
        return self.end is None or self.end >= day


@dataclass(frozen=True)
class TableSpec:
    name: str
    default_path: str  # repository-relative
    keys: tuple[str, ...]
    values: tuple[str, ...]

    @property
    def header(self) -> tuple[str, ...]:
        return (*self.keys, *self.values, *PERIOD)


MUE = TableSpec("mue", "specs/tables/mue.csv", ("setting", "code"), ("mue", "mai", "rationale"))
PTP = TableSpec("ptp", "specs/tables/ptp.csv", ("setting", "column_1", "column_2"), ("modifier_indicator", "rationale"))
AOC = TableSpec("aoc", "specs/tables/aoc.csv", ("addon", "primary"), ("aoc_type",))


def sort_key(row: Row):
    return (row.key, row.start or date.min, row.end or date.max, row.values)


def render(spec: TableSpec, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(spec.header)
    for row in sorted(rows, key=sort_key):
        writer.writerow([*row.key, *row.values, _iso(row.start), _iso(row.end)])
    return out.getvalue()


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def read(spec: TableSpec, path: Path) -> tuple[str | None, list[Row]]:
    """The table's current text and rows; (None, []) when the file does not exist yet."""
    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None, []
    except (OSError, UnicodeDecodeError) as err:
        raise ImportFailure([problem(name, 1, 1, "table-unreadable", f"cannot read the table: {err}")]) from None
    source = {name: SourceFile(name, text)}
    reader = csv.reader(io.StringIO(text, newline=""))
    header = tuple(next(reader, ()))
    if header != spec.header:
        raise ImportFailure([problem(name, 1, 1, "table-bad-header",
                                     f"header is `{','.join(header)}`, expected `{','.join(spec.header)}`",
                                     f"--out must name the {spec.name} table or a new file")], source)
    rows = []
    nkey, nval = len(spec.keys), len(spec.values)
    for cells in reader:
        if not cells:
            continue
        line = reader.line_num
        if len(cells) != len(spec.header):
            raise ImportFailure([problem(name, line, 1, "table-bad-row",
                                         f"{len(cells)} fields, expected {len(spec.header)}")], source)
        try:
            start, end = (date.fromisoformat(c) if c else None for c in cells[-2:])
        except ValueError:
            raise ImportFailure([problem(name, line, 1, "table-bad-row", "effective dates must be YYYY-MM-DD")],
                                source) from None
        rows.append(Row(tuple(cells[:nkey]), tuple(cells[nkey:nkey + nval]), start, end))
    return text, rows


def write(path: Path, text: str) -> None:
    """Replace the file atomically so an interrupted import never leaves half a table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
