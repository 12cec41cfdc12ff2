"""CMS NCCI procedure-to-procedure edits (practitioner `ccipra-*`, hospital `ccioph-*`), tab-delimited.

Layout: preamble, a header row starting `Column 1, Column 2` (its explanations may run on over a
few rows with an empty first field), then column 1, column 2, the `*=in existence prior to 1996`
mark, Effective Date (YYYYMMDD), Deletion Date (YYYYMMDD, `*` while active), Modifier (0, 1 or 9)
and PTP Edit Rationale. A quarter's file lists deleted edits too, so it carries the history.

A deletion date is the first day the edit no longer applies, so the row ends the day before; an
edit deleted on its effective date was never in force and is skipped, as is modifier indicator 9
("not applicable"), which CMS uses for such withdrawn edits.
"""

from __future__ import annotations

from pathlib import Path

from .cmsfile import CmsFile, Edit, Parsed, code_cell, day_before, find_column, norm, require_cells, yyyymmdd
from .repotable import Row


OTHER_PREFIX = {"physician": "ccioph", "facility": "ccipra"}  # CMS's names for the other setting's files


def parse(path: Path, setting: str) -> Parsed:
    file = CmsFile.read(path)
    if Path(path).name.lower().startswith(OTHER_PREFIX[setting]):
        other = "hospital" if setting == "physician" else "practitioner"
        raise file.failure(1, 1, "cms-wrong-file", f"`{Path(path).name}` is a {other} PTP file",
                           "ptp-practitioner reads ccipra-* files, ptp-hospital ccioph-* files")
    header, records = file.header(
        lambda r: len(r.cells) > 1 and norm(r.cells[0]) == "COLUMN1" and norm(r.cells[1]) == "COLUMN2",
        "`Column 1, Column 2`", "a PTP file starts data after a header row beginning `Column 1`, `Column 2`")
    columns = {
        "Effective Date": find_column(header, lambda n: n.startswith("EFFECTIVE")),
        "Deletion Date": find_column(header, lambda n: n.startswith("DELETION")),
        "Modifier": find_column(header, lambda n: n.startswith("MODIFIER")),
        "PTP Edit Rationale": find_column(header, lambda n: n.endswith("RATIONALE")),
    }
    missing = [name for name, i in columns.items() if i is None]
    if missing:
        raise file.failure(header.line, 1, "cms-no-header", "header lacks " + ", ".join(f"`{m}`" for m in missing),
                           "is this a CMS NCCI PTP file?")
    eff, dele, mod, why = columns.values()
    width = max(columns.values()) + 1
    out = Parsed([], {})
    started = False
    for record in records:
        if record.blank or (not started and not record.cells[0]):
            continue  # blank lines; the header's run-on explanation rows
        started = True
        require_cells(file, record, width)
        first = code_cell(file, record, 0, "column 1 code")
        second = code_cell(file, record, 1, "column 2 code")
        start = _date(file, record, eff, "effective date")
        deletion = None if record.cells[dele] in ("", "*") else _date(file, record, dele, "deletion date")
        indicator = record.cells[mod]
        if indicator not in ("0", "1", "9"):
            raise file.cell_failure(record, mod, "cms-bad-number", f"modifier indicator `{indicator}` is not 0, 1 or 9")
        if indicator == "9":
            out.skip("modifier indicator 9 (not applicable)")
            continue
        if deletion is not None and deletion <= start:
            out.skip("deleted on or before its effective date")
            continue
        end = day_before(deletion) if deletion else None
        row = Row((setting, first, second), (indicator, record.cells[why]), start, end)
        out.edits.append(Edit(row, (first, second), file.name, record.line))
    return out


def _date(file: CmsFile, record, index: int, what: str):
    try:
        return yyyymmdd(record.cells[index])
    except ValueError as err:
        raise file.cell_failure(record, index, "cms-bad-date", f"{what}: {err}") from None
