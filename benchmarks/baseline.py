"""Hand-written baseline of the catalogue rules (facts.md section 13), for benchmarks/run.py.

This is what a careful Python programmer would write without the DSL: tables read once at import
into dicts/sets, one pass per record to group lines and episodes, plain ints for time.  It reads
only `compiler.runtime` (the stdlib-only runtime model), never the compiler itself.

Findings are small dicts {"rule": name, "line": line number or None}.  Conventions (the shipped
specs' conservative policy defaults): SC infusion time of an encounter is the clock time of the
union of its SC infusion episodes, truncated to whole minutes; it is unknown (time rules skipped)
when an episode has no stop or a stop before its start; per-date checks (MUE with MAI 2/3) sum
the lines of a code on each line's own service date (default: the encounter's date of service),
as the acceptance corpus expects (case midnight-reset-second-96369).
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from compiler.runtime.model import Encounter

__all__ = ["validate"]

TABLES = Path(__file__).resolve().parents[1] / "specs" / "tables"


def _rows(name: str) -> list[dict]:
    with open(TABLES / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _day(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


# (setting, code) -> tuple of (mue, mai, from, through)
MUE: dict[tuple[str, str], tuple] = {}
for _r in _rows("mue.csv"):
    _k = (_r["setting"], _r["code"])
    MUE[_k] = MUE.get(_k, ()) + (
        (int(_r["mue"]), int(_r["mai"]), _day(_r["effective_from"]), _day(_r["effective_through"])),)

# (setting, column_2) -> tuple of (column_1, modifier_indicator, from, through)
PTP: dict[tuple[str, str], tuple] = {}
for _r in _rows("ptp.csv"):
    _k = (_r["setting"], _r["column_2"])
    PTP[_k] = PTP.get(_k, ()) + (
        (_r["column_1"], int(_r["modifier_indicator"]), _day(_r["effective_from"]), _day(_r["effective_through"])),)

VALID_MODIFIERS = frozenset(r["modifier"] for r in _rows("modifiers.csv"))
# Read for completeness (the rules implemented here do not need them).
AOC_PRIMARIES: dict[str, frozenset] = {}
for _r in _rows("aoc.csv"):
    AOC_PRIMARIES[_r["addon"]] = AOC_PRIMARIES.get(_r["addon"], frozenset()) | {_r["primary"]}
INITIAL_RANK = {r["code"]: int(r["rank"]) for r in _rows("initial_hierarchy.csv")}
LABELS = _rows("labels.csv")
del _r, _k

EM_BYPASS = frozenset({"25"})
NON_EM_BYPASS = frozenset({"59", "XE", "XS", "XP", "XU",
                           "E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8",
                           "F9", "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9",
                           "LT", "RT", "LC", "LD", "RC", "LM", "RI"})
DISCARD_MODIFIERS = frozenset({"JW", "JZ"})
HOSPITAL_POS = frozenset({"19", "21", "22", "23"})
ADMIN_CODES = frozenset(str(c) for c in range(96360, 96380))
RHC_FQHC_POS = frozenset({"50", "72"})
JZ_FROM = datetime.date(2023, 7, 1)


def _in_force(frm, thru, day) -> bool:
    return (frm is None or frm <= day) and (thru is None or day <= thru)


def _is_em(code: str) -> bool:
    return code.startswith("99") or code == "G0463"


def _sc_minutes(episodes) -> tuple[int | None, int]:
    """(whole minutes of the union of SC infusion intervals or None if unknown, total pump set-ups)."""
    spans = []
    pumps = 0
    unknown = False
    for ep in episodes:
        if ep.kind != "infusion" or ep.route != "subcutaneous":
            continue
        pumps += ep.pump_setups or 0
        stop = ep.stop
        if stop is None or stop < ep.start:
            unknown = True
        elif not unknown:
            spans.append((ep.start.timestamp(), stop.timestamp()))
    if unknown:
        return None, pumps
    if not spans:
        return 0, pumps
    if len(spans) == 1:
        s, e = spans[0]
        return int(round(e - s)) // 60, pumps
    spans.sort()
    total = 0.0
    cs, ce = spans[0]
    for s, e in spans[1:]:
        if s > ce:
            total += ce - cs
            cs, ce = s, e
        elif e > ce:
            ce = e
    total += ce - cs
    return int(round(total)) // 60, pumps


def _check_encounter(rec: Encounter, lines, episodes, out: list) -> None:
    units_by_code: dict[str, int] = {}
    lines_by_code: dict[str, list] = {}
    for ln in lines:
        c = ln.code
        units_by_code[c] = units_by_code.get(c, 0) + ln.units
        lines_by_code.setdefault(c, []).append(ln)

    for ep in episodes:
        if ep.stop is not None and ep.stop < ep.start:
            out.append({"rule": "invalid_time_range", "line": None})

    has_timed = "96369" in lines_by_code or "96370" in lines_by_code or "96371" in lines_by_code
    if not has_timed:
        return
    minutes, pumps = _sc_minutes(episodes)
    l69 = lines_by_code.get("96369", ())
    l70 = lines_by_code.get("96370", ())
    l71 = lines_by_code.get("96371", ())

    if l69 or l70:
        missing = False
        for ep in episodes:
            if ep.stop is None and ep.kind == "infusion" and ep.route == "subcutaneous":
                missing = True
                break
        if missing:
            for ln in l69:
                out.append({"rule": "missing_stop_time", "line": ln.line})
            for ln in l70:
                out.append({"rule": "missing_stop_time", "line": ln.line})

    if minutes is not None:
        if minutes <= 15:
            for ln in l69:
                out.append({"rule": "sc_infusion_not_over_15_min", "line": ln.line})
        derived = (minutes - 31) // 60 if minutes >= 91 else 0
        billed = units_by_code.get("96370", 0)
        if billed > derived:
            for ln in l70:
                out.append({"rule": "addon_units_exceed_time", "line": ln.line})
        elif billed < derived and l69:
            out.append({"rule": "units_below_time_support", "line": l70[0].line if l70 else None})

    if not l69:
        for ln in l70:
            out.append({"rule": "addon_without_primary", "line": ln.line})
        for ln in l71:
            out.append({"rule": "addon_without_primary", "line": ln.line})
    if len(l69) > 1 or units_by_code.get("96369", 0) > 1:
        for ln in l69:
            out.append({"rule": "once_per_encounter", "line": ln.line})
    if len(l71) > 1 or units_by_code.get("96371", 0) > 1:
        for ln in l71:
            out.append({"rule": "once_per_encounter", "line": ln.line})
    if l71 and pumps < 2:
        for ln in l71:
            out.append({"rule": "additional_pump_not_documented", "line": ln.line})


def validate(rec: Encounter) -> list[dict]:
    out: list[dict] = []
    lines = rec.lines
    setting = rec.setting
    dos = rec.date_of_service
    facility = setting == "facility"
    physician_hospital_pos = not facility and rec.place_of_service in HOSPITAL_POS
    discard_applies = (rec.payer == "medicare" and dos >= JZ_FROM and rec.place_of_service not in RHC_FQHC_POS
                       and not (rec.type_of_bill or "").lstrip("0").startswith(("11", "71", "77")))

    # Group by encounter number (almost always one group).
    single = all(ln.encounter == 1 for ln in lines) and all(ep.encounter == 1 for ep in rec.episodes)
    if single:
        groups = {1: (lines, rec.episodes)}
    else:
        groups = {}
        for ln in lines:
            groups.setdefault(ln.encounter, ([], []))[0].append(ln)
        for ep in rec.episodes:
            groups.setdefault(ep.encounter, ([], []))[1].append(ep)
    for g_lines, g_eps in groups.values():
        _check_encounter(rec, g_lines, g_eps, out)

    # Claim-wide facts: billed codes, units per (code, date).
    billed = {ln.code for ln in lines}
    units_by_day: dict[tuple[str, datetime.date], int] = {}
    for ln in lines:
        k = (ln.code, ln.service_date or dos)
        units_by_day[k] = units_by_day.get(k, 0) + ln.units

    for ln in lines:
        code = ln.code
        mods = ln.modifiers
        n = ln.line
        day = ln.service_date or dos
        for m in mods:
            if m not in VALID_MODIFIERS:
                out.append({"rule": "invalid_modifier", "line": n})
        if facility and ln.revenue_code is None:
            out.append({"rule": "revenue_code_missing", "line": n})
        if physician_hospital_pos and code in ADMIN_CODES:
            out.append({"rule": "physician_admin_in_facility_pos", "line": n})

        for mue, mai, frm, thru in MUE.get((setting, code), ()):
            if _in_force(frm, thru, day):
                if (ln.units if mai == 1 else units_by_day[(code, day)]) > mue:
                    out.append({"rule": "mue_exceeded", "line": n})
                break

        edits = PTP.get((setting, code))
        if edits:
            bypass = None
            for col1, mi, frm, thru in edits:
                if col1 in billed and col1 != code and _in_force(frm, thru, day):
                    if mi == 0:
                        out.append({"rule": "ptp_not_allowed", "line": n})
                    else:
                        if bypass is None:
                            allowed = EM_BYPASS if _is_em(code) else NON_EM_BYPASS
                            bypass = not allowed.isdisjoint(mods)
                        if not bypass:
                            out.append({"rule": "ptp_modifier_required", "line": n})

        drug = ln.drug
        if drug is not None:
            unit = drug.hcpcs_unit_mg
            dose = drug.dose_mg
            if dose is None and drug.volume_ml is not None and drug.concentration_mg_per_ml is not None:
                dose = drug.volume_ml * drug.concentration_mg_per_ml
            if unit is not None and dose is not None:
                expected = -(-dose // unit)
                if expected < 1:
                    expected = 1
                if ln.units != expected:
                    out.append({"rule": "drug_units_mismatch", "line": n})
            if discard_applies and drug.single_dose_container is True and DISCARD_MODIFIERS.isdisjoint(mods):
                out.append({"rule": "drug_discard_modifier_missing", "line": n})
    return out
