"""Reading a CMS download: encoding, delimiter, preamble and the problems a user can fix.

CMS files are exported from spreadsheets: a copyright preamble (sometimes one quoted, multi-line
cell), a header row, then data. They come with or without a BOM, with CRLF or LF, and in UTF-8 or
Windows-1252 (the preamble's registered-trademark sign). Everything here keeps the physical line
number of each record so a bad cell is reported where the user can find it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..check import types as T
from ..diagnostics import Diagnostic
from ..source import SourceFile, Span

CODE_RE = re.compile(T.ITEM_PATTERNS[T.CODE])  # CPT / HCPCS Level II, as the checker reads codes


class ImportFailure(Exception):
    """A file cannot be imported as asked; carries diagnostics and the text they point into."""

    def __init__(self, diagnostics: list[Diagnostic], sources: dict[str, SourceFile] | None = None) -> None:
        super().__init__("; ".join(f"{d.span}: {d.message}" for d in diagnostics))
        self.diagnostics = diagnostics
        self.sources = sources or {}


@dataclass(frozen=True)
class Record:
    line: int  # physical line where the record starts (1-based)
    cells: tuple[str, ...]  # stripped of surrounding whitespace

    @property
    def blank(self) -> bool:
        return not any(self.cells)


class CmsFile:
    """One decoded download, iterated as delimited records."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.name = str(path)
        self.text = text
        self.delimiter = "\t" if "\t" in text[:20000] else ","  # PTP/AOC .txt files are tab-delimited

    @classmethod
    def read(cls, path: Path) -> CmsFile:
        try:
            raw = Path(path).read_bytes()
        except OSError as err:
            raise ImportFailure([problem(str(path), 1, 1, "cms-unreadable",
                                         f"cannot read the file: {err.strerror or err}",
                                         "check the path; unzip the CMS download first")]) from None
        if raw.startswith(b"PK\x03\x04"):
            raise ImportFailure([problem(str(path), 1, 1, "cms-unreadable",
                                         "this is a zip or xlsx file, not delimited text",
                                         "unzip the download and pass the .csv/.txt inside; "
                                         "save an .xlsx sheet as CSV")])
        return cls(path, decode(raw))

    def records(self) -> Iterator[Record]:
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        start = 1
        try:
            for cells in reader:
                yield Record(start, tuple(c.strip() for c in cells))
                start = reader.line_num + 1
        except csv.Error as err:
            raise self.failure(start, 1, "cms-bad-row", f"unreadable record: {err}",
                               "a quote opened in this record is never closed") from None

    def failure(self, line: int, column: int, code: str, message: str, hint: str | None = None) -> ImportFailure:
        return ImportFailure([problem(self.name, line, column, code, message, hint)],
                             {self.name: SourceFile(self.name, self.text)})

    def cell_failure(self, record: Record, index: int, code: str, message: str, hint: str | None = None):
        column = sum(len(c) + 1 for c in record.cells[:index]) + 1
        return self.failure(record.line, column, code, message, hint)

    def header(self, matches, what: str, hint: str) -> tuple[Record, Iterator[Record]]:
        """Skip the preamble: return the first record `matches` accepts and the records after it."""
        records = self.records()
        for record in records:
            if matches(record):
                return record, records
        raise self.failure(1, 1, "cms-no-header", f"no {what} header row found", hint)


def problem(path: str, line: int, column: int, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic("error", code, message, Span(path, line, column, line, column + 1), hint)


def decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")  # every byte decodes; codes and numbers are ASCII either way


def norm(cell: str) -> str:
    """Header text without case, spaces, line breaks or punctuation: `HCPCS/\\nCPT Code` -> HCPCSCPTCODE."""
    return re.sub(r"[^A-Z0-9]", "", cell.upper())


def find_column(header: Record, test) -> int | None:
    for i, cell in enumerate(header.cells):
        if test(norm(cell)):
            return i
    return None


def yyyymmdd(text: str) -> date:
    if not re.fullmatch(r"\d{8}", text):
        raise ValueError(f"`{text}` is not a date written YYYYMMDD")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ValueError(f"`{text}` is not a calendar date") from None


def julian(text: str) -> date:
    """CMS 'Julian' dates are year and day of year, YYYYDDD (2024183 is 2024-07-01)."""
    if not re.fullmatch(r"\d{7}", text):
        raise ValueError(f"`{text}` is not a date written YYYYDDD")
    year, day = int(text[:4]), int(text[4:])
    first = date(year, 1, 1)
    if not 1 <= day <= (date(year + 1, 1, 1) - first).days:
        raise ValueError(f"`{text}`: day {day} does not exist in {year}")
    return first + timedelta(days=day - 1)


def day_before(day: date) -> date:
    return day - timedelta(days=1)


@dataclass(frozen=True)
class Edit:
    """One importable edit: the table row it becomes and the codes it concerns."""

    row: object  # repotable.Row
    codes: tuple[str, ...]
    path: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Parsed:
    edits: list[Edit]
    skipped: dict[str, int]  # reason -> rows the layout itself says not to import

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def code_cell(file: CmsFile, record: Record, index: int, what: str) -> str:
    value = record.cells[index]
    if not CODE_RE.match(value):
        raise file.cell_failure(record, index, "cms-bad-code", f"{what} `{value}` is not a CPT/HCPCS code",
                                "codes are five characters, digits and capital letters")
    return value


def require_cells(file: CmsFile, record: Record, count: int) -> None:
    if len(record.cells) < count:
        raise file.cell_failure(record, len(record.cells), "cms-bad-row",
                                f"{len(record.cells)} field(s), the layout has {count}",
                                f"fields are separated by {'tabs' if file.delimiter == chr(9) else 'commas'}")
