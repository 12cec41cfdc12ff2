"""CMS NCCI add-on code edits, as the delimited text of CMS's AOC spreadsheet.

CMS publishes the AOC file as fixed-width text and, since June 2023, as .xlsx. The fixed-width
record layout was not available to us and openpyxl is not a dependency, so this reads the
spreadsheet saved as CSV or tab-delimited text. Columns are found by their header names:
`Add-on Code`, `Primary Code`, `AOC Edit Type`, `AOC_EDIT_EFF_DT` and the deletion dates
`AOC_DEL_DT` (add-on code), `Primary_Code_DEL_DT` and `AOC_EDIT_DEL_DT` (recent files add
`_JULIAN` to these names). Dates are YYYYDDD ("Julian"), YYYYMMDD also accepted; an empty or `*`
deletion date means none.

A row ends the day before the earliest of its three deletion dates: once the add-on code, the
primary code or the edit is deleted, the pairing no longer applies. Type 2 add-ons list the
placeholder primary `CCCCC` (contractor-defined primaries); they give no pair and are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from .cmsfile import CmsFile, Edit, Parsed, code_cell, day_before, find_column, julian, norm, require_cells, yyyymmdd
from .repotable import Row

CONTRACTOR_DEFINED = "CCCCC"


def parse(path: Path) -> Parsed:
    file = CmsFile.read(path)
    header, records = file.header(_is_header, "`Add-on Code, Primary Code`",
                                  "save the AOC spreadsheet's sheet as CSV; its header row names the columns")
    addon = find_column(header, lambda n: n == "ADDONCODE")
    primary = find_column(header, lambda n: n == "PRIMARYCODE")
    kind = find_column(header, lambda n: n.startswith("AOCEDITTYPE"))
    effective = find_column(header, lambda n: n.startswith("AOCEDITEFFDT"))
    deletions = [i for i in (find_column(header, lambda n, p=prefix: n.startswith(p))
                             for prefix in ("AOCEDITDELDT", "AOCDELDT", "PRIMARYCODEDELDT")) if i is not None]
    missing = [name for name, i in (("AOC Edit Type", kind), ("AOC_EDIT_EFF_DT", effective)) if i is None]
    if missing:
        raise file.failure(header.line, 1, "cms-no-header", "header lacks " + ", ".join(f"`{m}`" for m in missing),
                           "is this the CMS add-on code edit spreadsheet?")
    width = max(addon, primary, kind, effective, *deletions) + 1
    out = Parsed([], {})
    for record in records:
        if record.blank:
            continue
        require_cells(file, record, width)
        add_on = code_cell(file, record, addon, "add-on code")
        if record.cells[primary] == CONTRACTOR_DEFINED:
            out.skip("type 2 add-on without listed primaries (CCCCC)")
            continue
        main = code_cell(file, record, primary, "primary code")
        edit_type = re.fullmatch(r"(?:type\s*)?([123])", record.cells[kind], re.IGNORECASE)
        if edit_type is None:
            raise file.cell_failure(record, kind, "cms-bad-number",
                                    f"AOC edit type `{record.cells[kind]}` is not 1, 2 or 3")
        start = _date(file, record, effective, "AOC edit effective date")
        ends = [_date(file, record, i, "deletion date") for i in deletions if record.cells[i] not in ("", "*")]
        end = day_before(min(ends)) if ends else None
        if end is not None and end < start:
            out.skip("deleted on or before its effective date")
            continue
        row = Row((add_on, main), (edit_type.group(1),), start, end)
        out.edits.append(Edit(row, (add_on, main), file.name, record.line))
    return out


def _is_header(record) -> bool:
    return {"ADDONCODE", "PRIMARYCODE"} <= {norm(c) for c in record.cells}


def _date(file: CmsFile, record, index: int, what: str):
    text = record.cells[index]
    try:
        return julian(text) if len(text) == 7 else yyyymmdd(text)
    except ValueError as err:
        raise file.cell_failure(record, index, "cms-bad-date", f"{what}: {err}",
                                "AOC dates are YYYYDDD (year and day of year) or YYYYMMDD") from None
