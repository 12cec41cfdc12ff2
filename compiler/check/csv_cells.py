"""A CSV file as rows of cells, each with its line and column.

The `csv` module gives rows without positions, so a bad cell in a quoted cell spanning lines, or a
stray quote, could not be pointed at. This reader splits comma-separated, double-quoted text with
LF or CRLF line ends, keeps where each cell starts and ends, and reports malformed quoting and stray
carriage returns where they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Diagnostics
from ..source import Span

QUOTE_HINT = ("a cell that starts with a double quote runs until the next double quote: add the missing closing "
              'quote, or delete the stray one (a quote inside a quoted cell is written twice: "")')


@dataclass(frozen=True, slots=True)
class Cell:
    text: str  # without its quotes; "" inside a quoted cell is one "
    line: int  # where the cell starts (its opening quote, if quoted)
    column: int
    end_line: int  # where it ends: later than `line` for a quoted cell spanning lines


_CELL_END = re.compile(r"[,\r\n]")


def read_cells(text: str, rel: str, diags: Diagnostics) -> list[list[Cell]] | None:
    """The rows of a CSV (comma-separated, "-quoted, LF or CRLF line ends), each cell with its
    position; empty lines are skipped. None, with a diagnostic, when the text cannot be split into
    cells."""
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    pos, line, bol, n = 0, 1, 0, len(text)  # bol: where the current line begins
    while pos < n:
        start_line, column = line, pos - bol + 1
        if text[pos] == '"':
            end, value = _quoted(text, pos)
            if end is None:
                diags.error("bad-table-quote", _at(rel, line, column),
                            "this quoted cell is never closed, so it takes in the rest of the file", QUOTE_HINT)
                return None
            if text.count("\n", pos, end):
                line += text.count("\n", pos, end)
                bol = text.rfind("\n", pos, end) + 1
            pos = end
            if pos < n and text[pos] not in ",\r\n":
                if line > start_line:
                    diags.error("bad-table-quote", _at(rel, start_line, column), "the quoted cell that starts here "
                                f"runs on to line {line}, where text follows its closing quote", QUOTE_HINT)
                else:
                    diags.error("bad-table-quote", _at(rel, line, pos - bol + 1), "text follows the closing quote of "
                                "a quoted cell", 'a quote inside a quoted cell is written twice (`"12"" tubing"`); '
                                "or delete the quotes around the cell")
                return None
        else:
            found = _CELL_END.search(text, pos)
            end = found.start() if found else n
            value, pos = text[pos:end], end
        if text.startswith("\r", pos) and not text.startswith("\r\n", pos):
            if "\n" not in text:
                diags.error("bad-table-line-end", _at(rel, line, pos - bol + 1), "the lines of this file end with "
                            "a carriage return alone (an old Mac format)",
                            'save the file again as "CSV UTF-8" in Excel, or with Windows or Unix line '
                            "endings in a text editor")
            else:
                diags.error("bad-table-line-end", _at(rel, line, pos - bol + 1), "a hidden line-break character "
                            "(a carriage return) stands inside this line", "retype the end of the cell to remove "
                            "it, or put the cell in double quotes if it really spans lines")
            return None
        row.append(Cell(value, start_line, column, line))
        if pos < n and text[pos] == ",":
            pos += 1
            if pos == n:  # a comma ending the text ends the row with an empty cell
                row.append(Cell("", line, pos - bol + 1, line))
            continue
        if pos > bol or row[0].text:  # a line with nothing on it is no row, as for the csv module
            rows.append(row)
        pos += 2 if text.startswith("\r\n", pos) else 1
        line, bol, row = line + 1, pos, []
    if row:
        rows.append(row)
    return rows


def _quoted(text: str, pos: int) -> tuple[int | None, str]:
    """Where the quoted cell opening at `pos` ends (past its closing quote; None: never closed), and its value."""
    parts, start = [], pos + 1
    while True:
        close = text.find('"', start)
        if close < 0:
            return None, ""
        parts.append(text[start:close])
        if not text.startswith('"', close + 1):
            return close + 1, "".join(parts)
        parts.append('"')
        start = close + 2


def _at(rel: str, line: int, column: int) -> Span:
    return Span(rel, line, column, line, column + 1)
