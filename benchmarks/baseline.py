"""Hand-written baseline of every rule of the shipped specs, for benchmarks/run.py.

The benchmark compares the generated validators with what a careful Python programmer would write
without the DSL, so this module reimplements the three specs (`sc_infusion`, `claim_edits`, `drugs`)
from their text and facts.md: reference tables read once at import from `specs/tables/*.csv` into
dicts and sets, one pass per record to group its lines by encounter and date, plain ints for time
(the instants in microseconds the model keeps beside each datetime).
It reads only `compiler.runtime.model` (the parsed record types) and nothing else of the compiler.

Conventions it shares with the specs, so the two can be compared finding for finding:

* The shipped policy choices: SC infusion time of an encounter is the clock time of the union of
  its SC infusion episodes, gaps excluded, seconds truncated; an SC infusion without a stop time
  supports only an injection (96372); per-date checks put each line on its own service date
  (default: the encounter's date of service).
* A rule that applies (its `where` holds) but whose flag condition needs data the record lacks
  reports an `incomplete_data` info finding naming the rule (`checks`), never a silent pass.
* A lookup on a date before a table's first effective date finds nothing. Whether a table is out of
  force is decided per record, not per lookup: when the record's earliest date (its date of service
  or a line's service date) precedes the first effective date of a table its spec declares, a
  claim-level `table_not_in_force` warning names the table, whichever rules happened to read it.
* Derived units (the specs' `derive` statements) are summed per code over encounters and modules;
  a value that cannot be established (None) stays None, as in the output contract.

Writing it from facts.md found two spec bugs, since fixed: PTP judged against the first column-1
line only (now the most restrictive pair decides), and 3-digit types of bill ("111") missed by the
JW/JZ exemption.

`validate(record)` returns {"findings": [{"rule", "severity", "line", "episode", "values"} ...],
"derived": {code: units}}; `line` is the line number, `episode` the episode id (or None), and
`values` the rule's report values as the output contract carries them (the `report` clause of the
rule: codes, units, limits, amounts in the units they are reported in), so the baseline does the
work the contract asks of a validator; messages are not rendered (nor are the generated ones
until a result is written). An incomplete_data finding names the rule it could not decide.
"""

from __future__ import annotations

import csv
import datetime
from fractions import Fraction
from pathlib import Path

from compiler.runtime.model import Encounter

__all__ = ["validate"]

TABLES = Path(__file__).resolve().parents[1] / "specs" / "tables"


def _rows(name: str) -> list[dict]:
    with open(TABLES / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _day(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _amount(text: str) -> Fraction | None:
    return Fraction(text) if text else None


def _first_date(rows: list[dict]) -> datetime.date | None:
    """Start of the table's oldest version: before it no version of the table is in force."""
    days = [_day(r["effective_from"]) for r in rows if r.get("effective_from")]
    return min(days) if days else None


def _in_force(versions, day: datetime.date):
    """The version (a tuple ending in effective_from, effective_through) in force on `day`, or None."""
    for v in versions:
        frm, thru = v[-2], v[-1]
        if (frm is None or frm <= day) and (thru is None or day <= thru):
            return v
    return None


# ---- reference tables (CSV), read once ----
_mue_rows = _rows("mue.csv")
# (setting, code) -> [(mue, mai, from, through), ...]
MUE: dict[tuple[str, str], list] = {}
for _r in _mue_rows:
    MUE.setdefault((_r["setting"], _r["code"]), []).append(
        (int(_r["mue"]), int(_r["mai"]), _day(_r["effective_from"]), _day(_r["effective_through"])))
MUE_FROM = _first_date(_mue_rows)

_ptp_rows = _rows("ptp.csv")
# (setting, column_1, column_2) -> [(modifier_indicator, from, through), ...]
PTP: dict[tuple[str, str, str], list] = {}
for _r in _ptp_rows:
    PTP.setdefault((_r["setting"], _r["column_1"], _r["column_2"]), []).append(
        (int(_r["modifier_indicator"]), _day(_r["effective_from"]), _day(_r["effective_through"])))
PTP_COLUMN_2 = frozenset((s, c2) for s, _c1, c2 in PTP)  # lines that can be column 2 of some edit
PTP_FROM = _first_date(_ptp_rows)

_label_rows = _rows("labels.csv")
# (product_label, infusion_number) -> [(max mL per site, max mL/h per site, from, through), ...]
LABELS: dict[tuple[str, str], list] = {}
for _r in _label_rows:
    LABELS.setdefault((_r["product_label"], _r["infusion_number"]), []).append(
        (_amount(_r["max_ml_per_site"]), _amount(_r["max_ml_per_h_per_site"]),
         _day(_r["effective_from"]), _day(_r["effective_through"])))
LABELS_FROM = _first_date(_label_rows)

_aoc_rows = _rows("aoc.csv")
# add-on -> [(primary, from, through), ...]: every row is Type 1 (tests/test_addon_table.py)
AOC: dict[str, list] = {}
for _r in _aoc_rows:
    AOC.setdefault(_r["addon"], []).append((_r["primary"], _day(_r["effective_from"]), _day(_r["effective_through"])))
AOC_FROM = _first_date(_aoc_rows)

# The dated tables the specs declare, by name, with the first day a version is in force.
TABLES_FROM = tuple((name, first) for name, first in (("aoc", AOC_FROM), ("labels", LABELS_FROM), ("mue", MUE_FROM),
                                                      ("ptp", PTP_FROM))
                    if first is not None)
INITIAL_RANK = {r["code"]: int(r["rank"]) for r in _rows("initial_hierarchy.csv")}  # undated table
VALID_MODIFIERS = frozenset(r["modifier"] for r in _rows("modifiers.csv"))
del _r, _mue_rows, _ptp_rows, _label_rows, _aoc_rows

# ---- code sets, as the specs state them ----
SC_TIME_CODES = frozenset({"96369", "96370"})
ONCE_PER_ENCOUNTER = frozenset({"96369", "96371"})
SC_CODES = frozenset({"96369", "96370", "96371"})
SC_PRIMARY = ("96369",)  # the primary of the SC add-ons
EM_CODES = frozenset(str(c) for c in range(99202, 99500)) | {"G0463"}
NCCI_BYPASS = frozenset({"E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9",
                         "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9",
                         "LT", "RT", "LC", "LD", "RC", "LM", "RI", "24", "57", "58", "78", "79", "27",
                         "59", "XE", "XS", "XP", "XU"})  # not 91 (F-MOD-09)
DISTINCT_SERVICE = frozenset({"59", "XE", "XS", "XP", "XU"})
INITIAL_SERVICES = frozenset({"96360", "96365", "96369", "96374", "96409", "96413"})
DRUG_ADMINISTRATION = frozenset(
    [str(c) for c in range(96360, 96380)] + ["96401", "96402"]
    + [str(c) for c in range(96409, 96426)] + [str(c) for c in range(96521, 96524)])
INJECTION_INFUSION = frozenset(str(c) for c in range(96360, 96380))  # UHC's supplies policy (F-POS-05)
MEDICARE_HOSPITAL_POS = frozenset({"19", "21", "22", "23"})
REGENCE_FACILITY_POS = frozenset({"19", "21", "22", "23", "24", "25", "31", "32", "34", "51", "52", "54",
                                  "61", "62", "65"})
SC_REVENUE_CODES = frozenset({"0260", "0450", "0510", "0760", "0761"})
STANDARD_SUPPLIES = frozenset({"A4215"})
SALINE = "J7050"  # normal saline up to 250 cc: Cigna pays no flush or dilution saline (F-PAY-CIGNA)
IMMUNE_GLOBULINS = frozenset({"J1551", "J1555", "J1558", "J1559", "J1575", "90284"})
DISCARD_MODIFIERS = frozenset({"JW", "JZ"})
SINGLE_DOSE_DRUGS = frozenset({"J1559"})  # Hizentra: single-use whatever the claim says (F-MOD-06)
DOSE_BILLED_DRUGS = frozenset({"J1559"})  # Hizentra: units count 100 mg of dose (F-DOC-05)
RHC_FQHC_POS = frozenset({"50", "72"})
EXEMPT_TOB = ("011", "071", "077")  # inpatient PPS, RHC and FQHC bills: no JW/JZ (F-MOD-06)
JW_JZ_FROM = datetime.date(2023, 7, 1)
AETNA_REVIEW_FROM = datetime.date(2017, 1, 1)
HOSPITAL_OUTPATIENT_TOB = ("013", "13", "085", "85")  # hospital and critical access hospital outpatient bills
REGENCE_POS_FROM = datetime.date(2024, 11, 1)  # Regence Policy 109 (F-POS-03)
CIGNA_SALINE_FROM = datetime.date(2017, 10, 21)


def _finding(out: list, rule: str, severity: str, line: int | None, episode: str | None, values: dict) -> None:
    out.append({"rule": rule, "severity": severity, "line": line, "episode": episode, "values": values})


def _incomplete(out: list, rule: str, line: int | None = None, episode: str | None = None) -> None:
    out.append({"rule": "incomplete_data", "severity": "info", "line": line, "episode": episode, "checks": rule})


def _exact(n, d: int):
    """n / d exactly (d a positive int): an int when whole, else one Fraction, as the contract reports it."""
    if type(n) is int:
        return n // d if n % d == 0 else Fraction(n, d)
    q = n / d
    return q.numerator if q.denominator == 1 else q


def _add_units(derived: dict, code: str, units: int | None) -> None:
    """Sum derived units per code; once a contribution is unknown the total is unknown."""
    if code not in derived or units is None:
        derived[code] = units
    elif derived[code] is not None:
        derived[code] += units


def _clock_minutes(spans: list) -> int:
    """Whole minutes covered by the union of (start, stop) spans in microseconds (concurrent pumps count once)."""
    if len(spans) == 1:
        start, stop = spans[0]
        return (stop - start) // 60_000_000
    spans.sort()
    total = 0
    cur_start, cur_stop = spans[0]
    for start, stop in spans[1:]:
        if start > cur_stop:  # a gap: not infusion time
            total += cur_stop - cur_start
            cur_start, cur_stop = start, stop
        elif stop > cur_stop:
            cur_stop = stop
    total += cur_stop - cur_start
    return total // 60_000_000


def _addon_hours(minutes: int) -> int:
    """96370 units supported: one at 91 min and one more every 60 min after (F-TIME-03)."""
    return 0 if minutes < 91 else (minutes - 91) // 60 + 1


def _episode_minutes(ep) -> int | None:
    if ep.stop_us is None or ep.stop_us < ep.start_us:
        return None
    return (ep.stop_us - ep.start_us) // 60_000_000


def _check_episodes(rec: Encounter, episodes, out: list) -> None:
    """Episode rules: reversed time ranges and product label limits (volume and rate per site)."""
    dos = rec.date_of_service
    for ep in episodes:
        if ep.stop_us is not None and ep.stop_us < ep.start_us:
            _finding(out, "invalid_time_range", "error", None, ep.id,
                     {"episode": ep.id, "start": ep.start, "stop": ep.stop})
        if ep.product_label is None:  # no labelled product, no limits
            continue
        if ep.infusion_number is None:  # a label whose limits cannot be placed
            _incomplete(out, "volume_per_site_exceeds_label", episode=ep.id)
            _incomplete(out, "rate_per_site_exceeds_label", episode=ep.id)
            continue
        row = _in_force(LABELS.get((ep.product_label, ep.infusion_number), ()), dos)
        if row is None:
            continue
        per_site, per_hour_per_site = row[0], row[1]
        volume, sites = ep.volume_ml, ep.sites
        if per_site is not None:
            if volume is None or not sites:
                _incomplete(out, "volume_per_site_exceeds_label", episode=ep.id)
            elif volume > per_site * sites:
                _finding(out, "volume_per_site_exceeds_label", "warning", None, ep.id,
                         {"per_site": _exact(volume, sites), "limit": per_site, "label": ep.product_label,
                          "number": ep.infusion_number})
        if per_hour_per_site is not None:
            minutes = _episode_minutes(ep)
            if volume is None or not sites or not minutes:
                _incomplete(out, "rate_per_site_exceeds_label", episode=ep.id)
            elif volume * 60 > per_hour_per_site * minutes * sites:  # mL/h per site, time in minutes
                _finding(out, "rate_per_site_exceeds_label", "warning", None, ep.id,
                         {"rate": _exact(volume * 60, minutes * sites), "limit": per_hour_per_site,
                          "label": ep.product_label, "number": ep.infusion_number})


def _primary_line(rec: Encounter, lines) -> int:
    """The encounter's primary initial service: on a physician claim the documented primary reason,
    else the best rank of the facility hierarchy (F-ENC-03)."""
    reason = rec.primary_reason_line if rec.setting == "physician" else None
    best = None
    for ln in lines:
        if ln.code in INITIAL_SERVICES:
            if ln.line == reason:
                return ln.line
            key = (INITIAL_RANK.get(ln.code, float("inf")), ln.line)
            if best is None or key < best:
                best = key
    return best[1]


def _check_encounter(rec: Encounter, lines, episodes, day_units: dict, out: list, derived: dict) -> None:
    """SC infusion time rules, add-on pairing and initial services of one encounter (by number)."""
    units: dict[str, int] = {}
    count: dict[str, int] = {}
    for ln in lines:
        units[ln.code] = units.get(ln.code, 0) + ln.units
        count[ln.code] = count.get(ln.code, 0) + 1

    # What the documentation supports: SC infusion episodes of this encounter.
    infusions = missing_stops = reversed_ranges = 0
    pumps: int | None = 0
    spans = []
    for ep in episodes:
        if ep.kind != "infusion" or ep.route != "subcutaneous":
            continue
        infusions += 1
        if ep.stop_us is None:
            missing_stops += 1
        elif ep.stop_us < ep.start_us:
            reversed_ranges += 1
        else:
            spans.append((ep.start_us, ep.stop_us))
        if pumps is not None:
            pumps = None if ep.pump_setups is None else pumps + ep.pump_setups
    if missing_stops or reversed_ranges:
        minutes = None  # unknown
    else:
        minutes = _clock_minutes(spans) if spans else 0

    _add_units(derived, "96369", 1 if minutes is not None and minutes >= 16 else 0)
    _add_units(derived, "96370", 0 if minutes is None else _addon_hours(minutes))
    _add_units(derived, "96371", 1 if minutes is not None and minutes >= 16 and pumps is not None and pumps >= 2
               else 0)
    if infusions and (missing_stops or (minutes is not None and minutes <= 15)):
        _add_units(derived, "96372", 1)

    time_known = minutes is not None  # no missing stop, no reversed range
    facility = rec.setting == "facility"
    initial_lines = sum(n for code, n in count.items() if code in INITIAL_SERVICES)
    primary = None
    for ln in lines:
        code, n = ln.code, ln.line
        if code in SC_CODES:
            if missing_stops and code in SC_TIME_CODES:
                _finding(out, "missing_stop_time", "error", n, None, {"code": code, "suggested_code": "96372"})
            if code == "96369":
                if time_known and minutes <= 15:
                    _finding(out, "sc_infusion_not_over_15_min", "error", n, None,
                             {"code": code, "elapsed": minutes, "suggested_code": "96372"})
                # no 96370 line at all: the hours the time supports went unbilled
                if time_known and "96370" not in count and _addon_hours(minutes) > 0:
                    _finding(out, "units_below_time_support", "info", n, None,
                             {"code": code, "billed_units": 0, "supported_units": _addon_hours(minutes),
                              "elapsed": minutes})
            else:  # an add-on: 96370 or 96371
                if code == "96370" and time_known:
                    billed, supported = units.get("96370", 0), _addon_hours(minutes)
                    if billed > supported:
                        _finding(out, "addon_units_exceed_time", "error", n, None,
                                 {"code": code, "billed_units": billed, "supported_units": supported,
                                  "elapsed": minutes})
                    elif billed < supported:
                        _finding(out, "units_below_time_support", "info", n, None,
                                 {"code": code, "billed_units": billed, "supported_units": supported,
                                  "elapsed": minutes})
                # The primary must have billed units: same encounter (facility) or same date (physician).
                if facility:
                    primary_units = units.get("96369", 0)
                else:
                    primary_units = day_units.get((ln.service_date or rec.date_of_service, "96369"), 0)
                if primary_units == 0:
                    _finding(out, "addon_without_primary", "error", n, None, {"code": code, "primary": SC_PRIMARY})
            if code in ONCE_PER_ENCOUNTER and units[code] > 1:
                _finding(out, "once_per_encounter", "error", n, None, {"code": code, "billed_units": units[code]})
            if code == "96371" and (pumps is None or pumps < 2):
                _finding(out, "additional_pump_not_documented", "error", n, None, {"code": code, "pumps": pumps})
        elif code in AOC:  # another add-on: the primaries the add-on table lists on the line's date
            day = ln.service_date or rec.date_of_service
            listed = [p for p, frm, thru in AOC[code] if (frm is None or frm <= day) and (thru is None or day <= thru)]
            if listed:
                if facility:
                    primary_units = sum(units.get(p, 0) for p in listed)
                else:
                    primary_units = sum(day_units.get((day, p), 0) for p in listed)
                if primary_units == 0:
                    _finding(out, "addon_without_primary", "error", n, None, {"code": code, "primary": frozenset(listed)})
        # A repeated code is not a second initial service (once_per_encounter / MUE judge it).
        if code in INITIAL_SERVICES and initial_lines > count[code]:
            if primary is None:
                primary = _primary_line(rec, lines)
            if n != primary and DISTINCT_SERVICE.isdisjoint(ln.modifiers):
                _finding(out, "multiple_initial_services", "error", n, None, {"code": code, "primary_line": primary})


def _check_line(rec: Encounter, ln, day: datetime.date, same_day: list, day_units: dict, day_injection_infusion: int,
                encounter_admin: int, out: list, derived: dict) -> None:
    """Rules of one line: MUE, code pairs, modifiers, place of service, revenue codes, payers, drugs."""
    code, n, mods = ln.code, ln.line, ln.modifiers
    setting, payer = rec.setting, rec.payer
    facility = setting == "facility"

    edit = _in_force(MUE.get((setting, code), ()), day)
    if edit is not None:
        limit, mai = edit[0], edit[1]
        billed = day_units[(day, code)]
        if (ln.units if mai == 1 else billed) > limit:
            _finding(out, "mue_exceeded", "error", n, None,
                     {"code": code, "billed_units": billed, "mue": limit, "mai": mai, "appealable": mai == 3})

    # A pair needs another line on the same date. Every pair with a column-1 line of that date counts;
    # the most restrictive one decides (an MI 0 edit is never bypassed, F-PTP-MI), whatever the order.
    # Among equally restrictive edits the lowest column-1 code is the one reported.
    if len(same_day) > 1 and (setting, code) in PTP_COLUMN_2:
        decides = None  # (modifier indicator, column-1 code) of the most restrictive edit
        for other in same_day:
            if other is not ln:
                pair = _in_force(PTP.get((setting, other.code, code), ()), day)
                if pair is not None and (decides is None or (pair[0], other.code) < decides):
                    decides = (pair[0], other.code)
        if decides is not None:
            indicator, column_1 = decides
            if indicator == 0:
                _finding(out, "ptp_not_allowed", "error", n, None,
                         {"code": code, "column_1": column_1, "modifier_indicator": 0})
            elif indicator == 1 and ("25" not in mods if code in EM_CODES else NCCI_BYPASS.isdisjoint(mods)):
                _finding(out, "ptp_modifier_required", "error", n, None,
                         {"code": code, "column_1": column_1, "modifier_indicator": 1,
                          "needed": "25" if code in EM_CODES else "59 or XE/XS/XP/XU"})

    for m in mods:
        if m not in VALID_MODIFIERS:
            _finding(out, "invalid_modifier", "error", n, None,
                     {"code": code, "modifiers": tuple(m for m in mods if m not in VALID_MODIFIERS)})
            break
    if payer in ("bcbs_ibc", "amerihealth") and sum(1 for m in mods if m in DISTINCT_SERVICE) > 1:
        _finding(out, "modifier_59_with_x_modifier", "error", n, None, {"code": code})

    if facility:
        revenue = ln.revenue_code
        if revenue is None:
            _finding(out, "revenue_code_missing", "error", n, None, {"code": code})
        elif code in SC_CODES and revenue not in SC_REVENUE_CODES:
            _finding(out, "revenue_code_unexpected", "warning", n, None,
                     {"code": code, "revenue_code": revenue, "expected": SC_REVENUE_CODES})
        if payer == "aetna" and code in IMMUNE_GLOBULINS and day >= AETNA_REVIEW_FROM:
            tob = rec.type_of_bill
            if tob is None:  # whether it is a hospital outpatient bill cannot be told
                _incomplete(out, "site_of_care_review", n)
            elif tob.startswith(HOSPITAL_OUTPATIENT_TOB):
                _finding(out, "site_of_care_review", "info", n, None, {"code": code})  # any hospital-outpatient IG line
        # Cigna cannot tell flush saline from hydration on the claim: J7050 with any administration of
        # the same encounter is flagged for review.
        if payer == "cigna" and code == SALINE and day >= CIGNA_SALINE_FROM and encounter_admin:
            _finding(out, "saline_flush_not_separately_paid", "warning", n, None, {"code": code})
    else:
        if code in DRUG_ADMINISTRATION:
            pos = rec.place_of_service
            if pos is None:
                _incomplete(out, "physician_admin_in_facility_pos", n)
            elif pos in (REGENCE_FACILITY_POS if payer == "bcbs_regence" and rec.date_of_service >= REGENCE_POS_FROM
                         else MEDICARE_HOSPITAL_POS):
                _finding(out, "physician_admin_in_facility_pos", "error", n, None, {"code": code, "pos": pos})
        if payer == "uhc" and code in STANDARD_SUPPLIES and day_injection_infusion:
            _finding(out, "supply_included_in_admin", "error", n, None, {"code": code})

    drug = ln.drug
    # Medicare JW/JZ on single-dose containers, except inpatient PPS and RHC/FQHC claims. Without a type
    # of bill (facility) or a place of service (professional) the exemption cannot be decided, nor can
    # the rule be for a drug line that does not say whether its container is single-dose.
    if payer == "medicare" and day >= JW_JZ_FROM and DISCARD_MODIFIERS.isdisjoint(mods):
        if code in SINGLE_DOSE_DRUGS:
            single = True
        else:
            single = False if drug is None else drug.single_dose_container
        if single is not False:
            if facility:
                tob = rec.type_of_bill
                if tob is not None and len(tob) == 3:  # "111" is "0111" without its leading zero
                    tob = "0" + tob
                exempt = None if tob is None else tob.startswith(EXEMPT_TOB)
            else:
                pos = rec.place_of_service
                exempt = None if pos is None else pos in RHC_FQHC_POS
            if exempt is None or (single is None and not exempt):
                _incomplete(out, "drug_discard_modifier_missing", n)
            elif not exempt:
                _finding(out, "drug_discard_modifier_missing", "error", n, None, {"code": code})
    if drug is None:
        if code in DOSE_BILLED_DRUGS:  # billed by dose, but no drug documented: the units cannot be checked
            _incomplete(out, "drug_units_mismatch", n)
        return
    dose = drug.dose_mg
    if dose is None and drug.volume_ml is not None and drug.concentration_mg_per_ml is not None:
        dose = drug.volume_ml * drug.concentration_mg_per_ml
    unit = drug.hcpcs_unit_mg
    if dose is None or unit is None:
        _add_units(derived, code, None)
        _incomplete(out, "drug_units_mismatch", n)
    else:
        expected = max(1, -(-dose // unit))  # HCPCS units: dose over unit size, rounded up, at least 1
        _add_units(derived, code, expected)
        if ln.units != expected:
            _finding(out, "drug_units_mismatch", "error", n, None,
                     {"code": code, "billed_units": ln.units, "expected_units": expected, "dose": dose,
                      "unit_size": unit})


def validate(rec: Encounter) -> dict:
    out: list[dict] = []
    derived: dict = {}
    dos = rec.date_of_service
    lines, episodes = rec.lines, rec.episodes

    # One pass: lines per date (record-wide) with their units, injections and infusions per date, drug
    # administrations per encounter number.
    dated = []
    by_day: dict[datetime.date, list] = {}
    day_units: dict[tuple, int] = {}
    day_injection_infusion: dict[datetime.date, int] = {}  # lines of 96360-96379 per date (UHC supplies)
    encounter_admin: dict[int, int] = {}
    for ln in lines:
        day = ln.service_date or dos
        dated.append((ln, day))
        by_day.setdefault(day, []).append(ln)
        key = (day, ln.code)
        day_units[key] = day_units.get(key, 0) + ln.units
        if ln.code in DRUG_ADMINISTRATION:
            encounter_admin[ln.encounter] = encounter_admin.get(ln.encounter, 0) + 1
            if ln.code in INJECTION_INFUSION:
                day_injection_infusion[day] = day_injection_infusion.get(day, 0) + 1

    # Encounters by number (nearly always one).
    numbers = {ln.encounter for ln in lines} | {ep.encounter for ep in episodes}
    if len(numbers) == 1:
        groups = [(lines, episodes)]
    else:
        groups = [([ln for ln in lines if ln.encounter == k], [ep for ep in episodes if ep.encounter == k])
                  for k in sorted(numbers)]
    for g_lines, g_episodes in groups:
        _check_encounter(rec, g_lines, g_episodes, day_units, out, derived)
        _check_episodes(rec, g_episodes, out)

    for ln, day in dated:
        _check_line(rec, ln, day, by_day[day], day_units, day_injection_infusion.get(day, 0), encounter_admin.get(ln.encounter, 0),
                    out, derived)

    earliest = min(min(by_day), dos) if by_day else dos
    for name, first in TABLES_FROM:
        if earliest < first:
            out.append({"rule": "table_not_in_force", "severity": "warning", "line": None, "episode": None,
                        "table": name})
    return {"findings": out, "derived": derived}
