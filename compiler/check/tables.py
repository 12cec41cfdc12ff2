"""Reads a spec's CSV reference tables at compile time; bad cells get diagnostics at csv:row:col."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import date
from fractions import Fraction
from pathlib import Path

from .. import ir, nodes
from ..diagnostics import Diagnostics, did_you_mean
from ..runtime import units
from ..source import Span
from . import types as T
from .typecheck import ITEM_SHAPES

EFFECTIVE = ("effective_from", "effective_through")


def load_table(decl: nodes.TableDecl, spec_path: str, root: Path, diags: Diagnostics) -> ir.Table | None:
    rel = (Path(spec_path).parent / decl.path).as_posix()
    file = root / rel
    try:
        raw = file.read_bytes()
    except OSError:
        diags.error("table-not-found", decl.span, f"table file `{rel}` cannot be read",
                    "table paths are relative to the spec file's folder")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        diags.error("bad-table-encoding", Span(rel, line, column, line, column + 1),
                    f"`{rel}` is not UTF-8 text (byte 0x{raw[err.start]:02x})", "save the CSV file as UTF-8")
        return None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    columns = []
    ok = True
    for col in (*decl.keys, *decl.columns):
        ty = T.parse_type(col.type)
        if ty is None:
            diags.error("unknown-type", col.span, f"unknown column type `{col.type}`",
                        did_you_mean(col.type, [*T.BY_NAME, *units.known_symbols()])
                        or "a type (text, code, number, date, ...) or a unit such as `mL` or `mL/h`")
            ok = False
            continue
        if col.name not in header:
            diags.error("unknown-column", col.span, f"`{rel}` has no column `{col.name}`",
                        did_you_mean(col.name, header) or "its header has: " + (", ".join(header) or "nothing"))
            ok = False
            continue
        columns.append(ir.TableColumn(col.name, col.type, ty))
    if not ok:
        return None
    effective = [ir.TableColumn(c, "date", T.DATE) for c in EFFECTIVE if c in header]
    keys, values = columns[: len(decl.keys)], columns[len(decl.keys):]
    wanted = [*keys, *values, *effective]
    index = [header.index(c.name) for c in wanted]
    rows = []
    lines = text.split("\n")
    while True:
        rowno = reader.line_num + 1  # a quoted cell may span lines: the row starts after the last one read
        row = next(reader, None)
        if row is None:
            break
        if not row:
            continue
        converted = []
        for col, i in zip(wanted, index):
            cell = row[i] if i < len(row) else ""
            try:
                converted.append(_convert(cell, col))
            except ValueError as err:
                column = cell_column(lines[rowno - 1], i) if rowno <= len(lines) else 1
                diags.error("bad-table-cell", Span(rel, rowno, column, rowno, column + max(1, len(cell))),
                            f"column `{col.name}`: {err}", _cell_hint(col))
                converted.append(None)
        if len(effective) < 2:  # tables without periods are in force on every date
            converted.extend([None] * (2 - len(effective)))
        rows.append(tuple(converted))
    cols = (*values, *[ir.TableColumn(c, "date", T.DATE) for c in EFFECTIVE])
    return ir.Table(decl.name, rel, tuple(keys), tuple(cols), tuple(rows),
                    hashlib.sha256(raw).hexdigest(), origin=decl.span)


def _convert(cell: str, col: ir.TableColumn):
    cell = cell.strip()
    if cell == "":
        return None
    pattern = T.ITEM_PATTERNS.get(col.ty)
    if pattern is not None and not re.match(pattern, cell):
        raise ValueError(f"`{cell}` is not a valid {col.ty}")
    if col.ty == T.DATE:
        try:
            return date.fromisoformat(cell)
        except ValueError:
            raise ValueError(f"`{cell}` is not a date (YYYY-MM-DD)") from None
    if T.is_amount(col.ty):
        try:
            value = Fraction(cell)
        except ValueError:
            raise ValueError(f"`{cell}` is not a number") from None
        unit = units.lookup(col.type)
        return units.to_canonical(value, unit.symbol) if unit else units.normalize(value)
    return cell


def cell_column(line: str, index: int) -> int:
    """1-based column where cell `index` starts on its CSV line, quoted commas skipped."""
    if index == 0:
        return 1
    quoted, seen = False, 0
    for pos, ch in enumerate(line, start=1):
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            seen += 1
            if seen == index:
                return pos + 1
    return len(line) + 1


def _cell_hint(col: ir.TableColumn) -> str:
    if col.ty == T.DATE:
        return "write the date as YYYY-MM-DD, or leave the cell empty"
    if T.is_amount(col.ty):
        unit = "" if col.ty.dim.is_number else f" (the column is in {col.type})"
        return f"write a plain number{unit}, or leave the cell empty"
    return ITEM_SHAPES[col.ty]
