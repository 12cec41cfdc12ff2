"""CMS Medically Unlikely Edit tables (Practitioner Services, Outpatient Hospital Services), CSV.

Layout: preamble, then the header `HCPCS/CPT Code, <Setting> Services MUE Values, MUE Adjudication
Indicator, MUE Rationale`, then one row per code. The MAI cell is the digit followed by its
meaning (`2 Date of Service Edit: Policy`); only the digit is kept. The file carries no dates: its
rows take the quarter's first day (from --effective-from or the `Eff_MM-DD-YYYY` in CMS's file name).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .cmsfile import CmsFile, Edit, Parsed, code_cell, norm, require_cells
from .repotable import Row

PRACTITIONER, HOSPITAL = "Practitioner Services", "Outpatient Hospital Services"
TABLES = (PRACTITIONER, HOSPITAL, "DME Supplier Services")  # the words before `MUE Values` in each table's header
_FILE_DATE = re.compile(r"Eff_(\d{2})-(\d{2})-(\d{4})", re.IGNORECASE)


def parse(path: Path, setting: str, table: str) -> Parsed:
    """Read one MUE table; `table` (PRACTITIONER or HOSPITAL) is the one the caller expects."""
    file = CmsFile.read(path)
    header, records = file.header(lambda r: bool(r.cells) and norm(r.cells[0]) == "HCPCSCPTCODE", "`HCPCS/CPT Code`",
                                  "an MUE table's data follows a header row whose first field is `HCPCS/CPT Code`")
    names = [norm(c) for c in header.cells]
    value = next((i for i, n in enumerate(names) if n.endswith("MUEVALUES")), None)
    mai = next((i for i, n in enumerate(names) if "ADJUDICATIONINDICATOR" in n), None)
    rationale = next((i for i, n in enumerate(names) if n.endswith("RATIONALE")), None)
    missing = [what for what, i in (("MUE Values", value), ("MUE Adjudication Indicator", mai),
                                    ("MUE Rationale", rationale)) if i is None]
    if missing:
        raise file.failure(header.line, 1, "cms-no-header", "header lacks " + ", ".join(f"`{m}`" for m in missing),
                           "is this a CMS MUE table?")
    found = next((words for words in TABLES if names[value].startswith(norm(words))), None)
    if found != table:
        raise file.cell_failure(header, value, "cms-wrong-file",
                                f"this is the {found or header.cells[value]} table, not {table}",
                                f"mue-practitioner reads {PRACTITIONER}, mue-hospital {HOSPITAL}")
    width = max(value, mai, rationale) + 1
    out = Parsed([], {})
    seen: dict[str, int] = {}
    for record in records:
        if record.blank:
            continue
        require_cells(file, record, width)
        code = code_cell(file, record, 0, "code")
        if code in seen:
            raise file.cell_failure(record, 0, "cms-duplicate", f"{code} is listed twice",
                                    f"first at line {seen[code]}")
        seen[code] = record.line
        units = record.cells[value]
        if not units.isdigit():
            raise file.cell_failure(record, value, "cms-bad-number", f"MUE value `{units}` is not a whole number")
        indicator = re.match(r"([123])(?!\d)", record.cells[mai])
        if indicator is None:
            raise file.cell_failure(record, mai, "cms-bad-number",
                                    f"MUE adjudication indicator `{record.cells[mai]}` does not start with 1, 2 or 3")
        row = Row((setting, code), (str(int(units)), indicator.group(1), record.cells[rationale]), None, None)
        out.edits.append(Edit(row, (code,), file.name, record.line))
    return out


def date_in_name(path: Path) -> date | None:
    """CMS names MUE files `MCR_MUE_<Setting>Services_Eff_MM-DD-YYYY.csv`."""
    match = _FILE_DATE.search(Path(path).name)
    if match is None:
        return None
    month, day, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None
