"""Reads a spec's CSV reference tables at compile time.

A table is reference data a claim is judged by, so it is read strictly: a bad cell, a row of the
wrong width or a stray quote gets a diagnostic at csv:line:col instead of a guess. The CSV is read
here rather than by the `csv` module so that every cell keeps its own line and column (quoted
cells may span lines) and malformed quoting is reported where it starts.
"""

from __future__ import annotations

import codecs
import hashlib
import keyword
import re
from datetime import date
from fractions import Fraction
from pathlib import Path

from .. import ir, nodes
from ..diagnostics import Diagnostics, did_you_mean
from ..ir import Ty
from ..runtime import units
from ..source import Span, utf8_error_position
from . import types as T
from .csv_cells import QUOTE_HINT, Cell, read_cells
from .typecheck import ITEM_SHAPES

EFFECTIVE = ("effective_from", "effective_through")
# The types a cell can be written as; sets, lists, flags and instants have no CSV spelling.
CELL_TYPES = ("text", "code", "modifier", "place", "revenue", "number", "date")
CELL_TYPES_HINT = "a table column is one of: " + ", ".join(CELL_TYPES) + ", or a unit such as `mL`, `min` or `mL/h`"
NUMBER = re.compile(r"-?0{{0,{n}}}([0-9]{{1,{n}}})(\.[0-9]{{1,{n}}})?".format(n=units.MAX_DIGITS))  # as in specs and records
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def load_table(decl: nodes.TableDecl, spec_path: str, root: Path, diags: Diagnostics) -> ir.Table | None:
    rel = (Path(spec_path).parent / decl.path).as_posix()
    file = root / rel
    try:
        raw = file.read_bytes()
    except OSError:
        diags.error("table-not-found", decl.span, f"table file `{rel}` cannot be read",
                    "table paths are relative to the spec file's folder")
        return None
    body = raw.removeprefix(codecs.BOM_UTF8)  # Excel's "CSV UTF-8" starts with a byte-order mark
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = utf8_error_position(body, err.start)  # in characters, as an editor counts them
        diags.error("bad-table-encoding", Span(rel, line, column, line, column + 1),
                    f"`{rel}` is not UTF-8 text (byte 0x{body[err.start]:02x})", "save the CSV file as UTF-8")
        return None
    declared = _declared_columns(decl, diags)
    rows = read_cells(text, rel, diags)
    if rows is None:
        return None
    head, body = (rows[0], rows[1:]) if rows else ([], [])
    header = [c.text.strip() for c in head]  # ` n` is the column `n`, as cells are read without their spaces
    if declared is None or not _header_ok(decl, declared, rel, head, header, diags) or \
            not _quotes_ok(body, header, declared, rel, diags):
        return None
    keys, values, periods = _shape(decl, declared)
    wanted = [(c, header.index(c.name)) for c in declared]
    dated = [(c, header.index(c.name) if c.name in header else None) for c in periods]
    converted = [_row(row, wanted, dated, len(keys), len(header), rel, diags) for row in body]
    return ir.Table(decl.name, rel, tuple(keys), (*values, *periods), tuple(r for r in converted if r is not None),
                    hashlib.sha256(raw).hexdigest(), origin=decl.span)


def placeholder(decl: nodes.TableDecl, spec_path: str) -> ir.Table | None:
    """A rowless stand-in for a declared table whose file could not be read (already reported), so
    that the rules reading it are still checked without an `unknown table` for each; None when the
    declaration's own columns are wrong. The spec has an error, so it is never compiled further."""
    declared = _declared_columns(decl, Diagnostics())
    if declared is None:
        return None
    keys, values, periods = _shape(decl, declared)
    rel = (Path(spec_path).parent / decl.path).as_posix()
    return ir.Table(decl.name, rel, tuple(keys), (*values, *periods), (), "", origin=decl.span)


def _shape(decl: nodes.TableDecl, declared: list[ir.TableColumn]) -> tuple[list, list, list]:
    """The declared key columns, value columns, and the period columns every table ends with."""
    keys, values = declared[: len(decl.keys)], declared[len(decl.keys):]
    return keys, values, [ir.TableColumn(c, "date", T.DATE) for c in EFFECTIVE]


def _declared_here(decl: nodes.TableDecl) -> bool:
    """Whether the declaration's columns lie within its own span. A payer's file is loaded with the
    base table's declaration at the payer's line, so its column mistakes are reported once, at the
    base, and a column its file lacks is reported at the payer's line."""
    s = decl.span
    return all((s.line, s.column) <= (c.span.line, c.span.column) and
               (c.span.end_line, c.span.end_column) <= (s.end_line, s.end_column) for c in (*decl.keys, *decl.columns))


def _declared_columns(decl: nodes.TableDecl, diags: Diagnostics) -> list[ir.TableColumn] | None:
    """The declared key and value columns with their types; None when one cannot be read."""
    sink = diags if _declared_here(decl) else Diagnostics()
    out: list[ir.TableColumn] = []
    seen: set[str] = set()
    for col in (*decl.keys, *decl.columns):
        if _column_ok(col, seen, sink):
            out.append(ir.TableColumn(col.name, col.type, _cell_type(col.type)))
        seen.add(col.name)
    return out if len(out) == len(decl.keys) + len(decl.columns) else None


def _column_ok(col: nodes.Column, seen: set[str], diags: Diagnostics) -> bool:
    if col.name in seen:
        diags.error("duplicate-column", col.span, f"column `{col.name}` is declared twice",
                    "declare each column once, either in `key (...)` or in `columns (...)`")
    elif col.name in EFFECTIVE:
        diags.error("reserved-name", col.span, f"`{col.name}` is the column of each row's period, not a key or value "
                    "column", "leave it out of `key (...)` and `columns (...)`: a lookup already takes the row in "
                    "force on the date of service")
    elif keyword.iskeyword(col.name) or col.name.startswith("_"):
        diags.error("reserved-name", col.span, f"`{col.name}` cannot name a table column",
                    "rename the column here and in the CSV header: a column name cannot start with `_` "
                    "or be a word such as `class`, `from` or `if`")
    elif _cell_type(col.type) is not None:
        return True
    elif T.parse_type(col.type) is None:
        diags.error("unknown-type", col.span, f"unknown column type `{col.type}`",
                    did_you_mean(col.type, [*CELL_TYPES, *units.known_symbols()]) or CELL_TYPES_HINT)
    elif col.type in units.DIM_BY_NAME:
        diags.error("bad-column-type", col.span, f"`{col.type}` says what the column measures, not the unit its "
                    "cells are written in", "write the unit of the numbers in the CSV, e.g. `mL`, `min` or `mL/h`")
    else:
        diags.error("bad-column-type", col.span, f"a table cell cannot hold a `{col.type}`", CELL_TYPES_HINT)
    return False


def _cell_type(name: str) -> Ty | None:
    if name in CELL_TYPES:
        return T.BY_NAME[name]
    unit = units.lookup(name)
    return Ty("amount", unit.dim) if unit else None


def _header_ok(decl, declared, rel: str, head: list[Cell], header: list[str], diags: Diagnostics) -> bool:
    ok = True
    for i, name in enumerate(header):
        if name and name in header[:i]:
            diags.error("duplicate-column", _span(rel, head[i]), f"the header names column `{name}` twice",
                        "give each column its own name, or delete the repeated column")
            ok = False
    own = _declared_here(decl)
    listed = "its header has: " + (", ".join(header) or "nothing")
    for col, written in zip(declared, (*decl.keys, *decl.columns)):
        if col.name in header:
            continue
        if own:
            diags.error("unknown-column", written.span, f"`{rel}` has no column `{col.name}`",
                        did_you_mean(col.name, header) or listed)
        else:
            diags.error("unknown-column", decl.span,
                        f"`{rel}` has no column `{col.name}`, which table `{decl.name}` declares",
                        did_you_mean(col.name, header) or f"a payer's file has the columns of the table it adds "
                        f"rows to ({', '.join(c.name for c in declared)}); {listed}")
        ok = False
    return ok


def _quotes_ok(body: list[list[Cell]], header: list[str], declared, rel: str, diags: Diagnostics) -> bool:
    """False, with a diagnostic, when a quoted cell spanning lines has taken in lines that read as rows
    of this table: its opening quote is most likely stray, and every row it took in is lost."""
    first = next((c for c in declared if header and c.name == header[0]), None)
    pattern = T.ITEM_PATTERNS.get(first.ty) if first else None
    for row in body:
        for cell in row:
            for k, part in enumerate(cell.text.split("\n")[1:], start=1):
                pieces = part.split(",")
                lead = pieces[0].strip()
                if len(pieces) == len(header) > 1 and lead and (pattern is None or re.match(pattern, lead)):
                    diags.error("bad-table-quote", _span(rel, cell),
                                f"the quoted cell that starts here runs on to line {cell.end_line} and takes in "
                                f"line {cell.line + k}, which reads as a row of its own", QUOTE_HINT)
                    return False
    return True


def _row(row: list[Cell], wanted, dated, nkeys: int, width: int, rel: str, diags: Diagnostics) -> tuple | None:
    """One row's key and value cells converted, then its period (None for an open end or an absent
    period column); None, with diagnostics, when a cell is bad."""
    if not any(c.text.strip() for c in row):
        diags.error("bad-table-row", _span(rel, row[0]), "this row has no values, only commas or spaces",
                    "delete the row")
        return None
    extra = next((c for c in row[width:] if c.text.strip()), None)
    if extra is not None:
        diags.error("bad-table-row", _span(rel, extra), f"this row has more cells than the header's {width}",
                    'a cell whose text has a comma must be in double quotes, e.g. `"first hour, set-up"`; '
                    "otherwise delete the extra commas")
        return None
    if len(row) < width:
        cells = f"{len(row)} cell" + ("s" if len(row) > 1 else "")
        diags.error("bad-table-row", _span(rel, row[0]), f"this row has {cells}; the header has {width}",
                    "give the row one cell per header column; an empty cell is nothing between two commas, "
                    "e.g. `96369,1,2024-07-01,`")
        return None
    out, ok = [], True
    for n, (col, i) in enumerate([*wanted, *((c, i) for c, i in dated if i is not None)]):
        cell = row[i]
        try:
            if n < nkeys and not cell.text.strip():
                raise ValueError("the cell is empty, but it is part of the row's key")
            out.append(_convert(cell.text, col))
        except ValueError as err:
            hint = ("fill in the cell, or delete the row: a row without its whole key can never be looked up"
                    if n < nkeys and not cell.text.strip() else _cell_hint(col))
            diags.error("bad-table-cell", _span(rel, cell), f"column `{col.name}`: {err}", hint)
            out.append(None)
            ok = False
    found = iter(out[len(wanted):])
    start, through = (next(found) if i is not None else None for _, i in dated)
    if start and through and through < start:
        diags.error("bad-period", _span(rel, row[dated[1][1]]),
                    f"the row's period ends ({through.isoformat()}) before it starts ({start.isoformat()})",
                    "write an effective_through on or after the effective_from (the period includes both dates)")
        ok = False
    return (*out[: len(wanted)], start, through) if ok else None


def _convert(cell: str, col: ir.TableColumn):
    cell = cell.strip()
    if cell == "":
        return None
    pattern = T.ITEM_PATTERNS.get(col.ty)
    if pattern is not None and not re.match(pattern, cell):
        raise ValueError(f"`{_shown(cell)}` is not a valid {col.ty}")
    if col.ty == T.DATE:
        try:  # fromisoformat alone would also take 20240101 and 2024-W01-1
            if ISO_DATE.fullmatch(cell):
                return date.fromisoformat(cell)
        except ValueError:
            pass
        raise ValueError(f"`{_shown(cell)}` is not a date (YYYY-MM-DD)")
    if T.is_amount(col.ty):
        if not NUMBER.fullmatch(cell):  # Fraction would also take 1/3, 1e3 and 1_000, and fail on 1/0
            if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", cell):
                raise ValueError(f"`{_shown(cell)}` has more digits than any amount a rule compares")
            raise ValueError(f"`{_shown(cell)}` is not a number")
        unit = units.lookup(col.type)
        return units.to_canonical(Fraction(cell), unit.symbol) if unit else units.normalize(Fraction(cell))
    return cell


def _shown(cell: str) -> str:
    """A cell as a message quotes it: shortened, with invisible characters named."""
    cell = cell if len(cell) <= 24 else cell[:20] + "..."
    return "".join(ch if ch.isprintable() else f"<U+{ord(ch):04X}>" for ch in cell)


def _cell_hint(col: ir.TableColumn) -> str:
    if col.ty == T.DATE:
        return "write the date as YYYY-MM-DD, e.g. 2024-07-01, or leave the cell empty"
    if T.is_amount(col.ty):
        unit = "" if col.ty.dim.is_number else f" (the column is in {col.type})"
        return (f"write a plain number{unit} such as 12, 0.5 or -3 (at most {units.MAX_DIGITS} digits before and "
                "after the point; no fractions, exponents or digit separators), or leave the cell empty")
    return ITEM_SHAPES[col.ty]


def _span(rel: str, cell: Cell) -> Span:
    width = len(cell.text.split("\n", 1)[0])
    return Span(rel, cell.line, cell.column, cell.line, cell.column + max(1, width))
