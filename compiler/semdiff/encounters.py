"""Encounters that probe every boundary of both versions, plus seeded random ones.

Everything here is deterministic: boundaries are iterated sorted, random encounters come from
`random.Random(seed)` over sorted pools, and duplicates are dropped keeping the first, so the same
two versions always give the same encounters with the same ids.
"""

from __future__ import annotations

import copy
import json
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction
from pathlib import Path

from .. import ir
from ..runtime import fields, units
from ..runtime.records import read_records
from .boundaries import Boundaries

DAY = date(2024, 8, 14)  # inside the 2024-Q3 tables (facts.md: test with 2024-Q3 dates)
START = time(9, 0)
OFFSET = timezone(timedelta(hours=-4))
DELTAS = (-60, -1, 0, 1, 59, 60)  # seconds around a time edge: a minute and a second either side
SETTINGS = ("physician", "facility")
PLACE, BILL, REVENUE = "11", "0131", "0510"  # office, hospital outpatient, clinic: neutral defaults
FABRICATED_MODIFIER = "11"  # well-formed but on no modifier list
DRUG_CODE = "J1559"  # a drug line for specs that read line.drug but name no drug code
DRUG_UNIT_MG = 100


@dataclass(frozen=True)
class Encounter:
    id: str
    why: str
    record: dict


# ---- building blocks ----
def _instant(day: date, seconds: int) -> str:
    return (datetime.combine(day, START, OFFSET) + timedelta(seconds=seconds)).isoformat()


def episode(eid: str, day: date, seconds: int | None, after: int = 0, pumps: int | None = 1, sites: int = 1,
            **extra) -> dict:
    """An SC infusion starting `after` seconds past 09:00 and lasting `seconds` (None: no stop)."""
    ep = {"id": eid, "kind": "infusion", "route": "subcutaneous", "start": _instant(day, after),
          "stop": None if seconds is None else _instant(day, after + seconds), "pump_setups": pumps, "sites": sites}
    ep.update(extra)
    return ep


def record(setting: str, lines: list, episodes: list = (), payer: str = "medicare", day: date = DAY) -> dict:
    rec = {"id": "", "setting": setting, "payer": payer, "date_of_service": day.isoformat()}
    if setting == "physician":
        rec["place_of_service"] = PLACE
    else:
        rec["type_of_bill"] = BILL
    rec["lines"] = []
    for n, (code, count, *extra) in enumerate(lines, start=1):
        line = {"line": n, "code": code, "units": count, "modifiers": []}
        if setting == "facility":
            line["revenue_code"] = REVENUE
        for more in extra:
            line.update(more)
        rec["lines"].append(line)
    rec["episodes"] = list(episodes)
    return rec


def _clock(seconds: int | None) -> str:
    if seconds is None:
        return "no stop"
    return f"{seconds // 60} min {seconds % 60} s"


def _codes(lines) -> str:
    return " ".join(f"{code}x{count}" for code, count, *_ in lines) or "no lines"


def _seconds(minutes) -> int:
    return int(round(Fraction(minutes) * 60))


def durations(b: Boundaries) -> list[int]:
    out = {0}
    for m in b.minutes:
        out.update(_seconds(m) + d for d in DELTAS if _seconds(m) + d >= 0)
    return sorted(out)


def _near(counts, low=0, high=6) -> list[int]:
    return sorted({c + d for c in counts for d in (-1, 0, 1)} & set(range(low, high + 1)))


# ---- families ----
def time_family(b: Boundaries):
    """Each time edge, a second and a minute either side: every time code alone and all of them
    together; in the physician setting also split by a gap, on concurrent pumps and with two pumps."""
    codes = sorted(b.time_codes)
    if not codes or not b.minutes:
        return
    first, rest = codes[0], codes[1:]
    together = [[(first, 1), *((c, u) for c in rest)] for u in (1, 2, 3)]
    alone = [[(c, 1)] for c in codes]
    full = together[0]
    for setting in SETTINGS:
        for s in durations(b):
            for lines in (alone + together if setting == "physician" else together):
                yield f"time edge: SC infusion {_clock(s)}; {setting}; {_codes(lines)}", \
                    record(setting, lines, [episode("E1", DAY, s)])
            if setting != "physician":
                continue
            half = s // 2
            yield f"time edge: two SC infusions {_clock(half)} + {_clock(s - half)} 10 min apart; {setting}", \
                record(setting, full, [episode("E1", DAY, half), episode("E2", DAY, s - half, after=half + 600)])
            yield f"time edge: two concurrent SC pumps of {_clock(s)} each; {setting}", \
                record(setting, full, [episode("E1", DAY, s), episode("E2", DAY, s)])
            yield f"time edge: SC infusion {_clock(s)} with 2 pump set-ups; {setting}", \
                record(setting, full, [episode("E1", DAY, s, pumps=2, sites=2)])
        yield f"time: SC infusion without stop; {setting}", record(setting, full, [episode("E1", DAY, None)])
        yield f"time: SC infusion stopping before its start; {setting}", record(setting, full, [episode("E1", DAY, -60)])


def count_family(b: Boundaries):
    """Units and pump counts around every whole number the specs compare with."""
    near = _near(b.counts)
    for template in b.templates:
        for setting in SETTINGS:
            for u in near:
                lines = [(template[0], 1), *((c, u) for c in template[1:])]
                yield f"count edge: {_codes(lines)}; {setting}", record(setting, lines, [episode("E1", DAY, 61 * 60)])
    if b.time_codes:
        lines = [(c, 1) for c in sorted(b.time_codes)]
        for p in near:
            yield f"count edge: {p} pump set-up(s)", record("physician", lines, [episode("E1", DAY, 61 * 60, pumps=p)])


def _drug(dose_mg: int) -> dict:
    return {"drug": {"hcpcs_unit_mg": DRUG_UNIT_MG, "dose_mg": dose_mg, "single_dose_container": True}}


def _drug_code(b: Boundaries) -> str:
    return next((c for c in sorted(b.codes) if c.startswith("J")), DRUG_CODE)


def _templates(b: Boundaries):
    """Each spec's declared codes, one unit each, with a one-hour SC infusion, in both settings."""
    for template in b.templates:
        for setting in SETTINGS:
            lines = [(c, 1) for c in template]
            yield f"{_codes(lines)}; {setting}", record(setting, lines, [episode("E1", DAY, 61 * 60)])


def with_value(rec: dict, name: str, value) -> dict | None:
    """A copy of `rec` with field `name` set to `value`; a code becomes one more line. None when
    the field cannot be set from a plain value."""
    fdef = fields.FIELDS.get(name)
    if fdef is None or len(fdef.attrs) != 1 or not isinstance(value, str):
        return None
    key = fdef.attrs[0]
    rec = copy.deepcopy(rec)
    if fdef.subject == "encounter":
        if key in ("setting", "date_of_service", "id"):
            return None
        rec[key] = value
    elif fdef.subject == "line" and key == "code":
        rec["lines"].append({"line": len(rec["lines"]) + 1, "code": value, "units": 1, "modifiers": []})
    elif fdef.subject == "line":
        for line in rec["lines"]:
            line[key] = [value] if key == "modifiers" else value
    else:
        for ep in rec["episodes"]:
            ep[key] = value
    return rec


def value_family(b: Boundaries):
    """Every value a spec tests a field against (payers, places, modifiers, codes ...) on each spec's codes."""
    bases = list(_templates(b))
    for name in sorted(b.values):
        for value in sorted(b.values[name], key=str):
            for why, rec in bases:
                changed = with_value(rec, name, value)
                if changed is not None:
                    yield f"value {name} = {value}: {why}", changed


def member_family(b: Boundaries, table_records: list):
    """A set member present in one version only, on every table row probe and every spec's codes."""
    bases = [*_templates(b), *table_records]
    for name in sorted(b.changed):
        for value in sorted(b.changed[name], key=str):
            for why, rec in bases:
                changed = with_value(rec, name, value)
                if changed is not None:
                    yield f"set member {name} = {value}: {why}", changed


def date_family(b: Boundaries):
    """Every effective date and date constant, a day either side."""
    days = sorted({d + timedelta(days=k) for d in b.dates for k in (-1, 0, 1)})
    for day in days:
        for template in b.templates:
            lines = [(c, 1) for c in template]
            yield f"date edge: {day}; {_codes(lines)}", record("physician", lines, [episode("E1", day, 61 * 60)], day=day)
        if b.reads_drug:
            dose = 100 * DRUG_UNIT_MG
            yield f"date edge: {day}; drug line", record("physician", [(_drug_code(b), 100, _drug(dose))], day=day)


def drug_family(b: Boundaries):
    """Doses a milligram either side of whole HCPCS units, billed at, under and over the units."""
    if not b.reads_drug:
        return
    code = _drug_code(b)
    for whole in (1, 100):
        for dose in (whole * DRUG_UNIT_MG - 1, whole * DRUG_UNIT_MG, whole * DRUG_UNIT_MG + 1):
            expected = max(1, math.ceil(dose / DRUG_UNIT_MG))
            for billed in (expected - 1, expected, expected + 1):
                yield f"dose edge: {dose} mg billed as {billed} unit(s)", \
                    record("physician", [(code, billed, _drug(dose))])


def _row_day(row: tuple) -> date:
    start, through = row[-2], row[-1]
    if (start is None or start <= DAY) and (through is None or DAY <= through):
        return DAY
    return start or through


def _canonical_to(value, symbol: str):
    return units.normalize(units.from_canonical(value, symbol))


def _hit(table: ir.Table, row: tuple, b: Boundaries):
    """The setting, line codes and episode fields that make a lookup of `row` succeed."""
    setting, codes, ep = "physician", [], {}
    if table.name in b.lookups:
        for key_field, value in zip(b.lookups[table.name], row):
            if key_field == "encounter.setting":
                setting = value
            elif key_field == "line.code":
                codes.append(value)
            elif key_field and key_field.startswith("episode."):
                ep[key_field.split(".", 1)[1]] = value
    else:  # pair_edit and primary_line: a text key is the setting, code keys are lines
        for key, value in zip(table.keys, row):
            if key.ty.name == "code":
                codes.append(value)
            elif key.name == "setting" and value in SETTINGS:
                setting = value
    return setting if setting in SETTINGS else "physician", codes, ep


def table_family(b: Boundaries):
    """One encounter per table row read by a rule, with the compared values a step either side."""
    for name in sorted(b.tables):
        if name not in b.lookups and name not in b.pair_tables and name not in b.rank_tables:
            continue
        seen, rows = set(), []
        for table in b.tables[name]:
            for row in table.rows:
                if row not in seen:
                    seen.add(row)
                    rows.append((table, row))
        if name in b.rank_tables:
            yield from _rank_pairs(name, rows)
            continue
        dated: dict = {}
        for table, row in rows:
            day = _row_day(row)
            setting, codes, ep = _hit(table, row, b)
            for d in row[-2:]:
                if isinstance(d, date):
                    dated.setdefault(d, (table, row))
            key = ", ".join(str(v) for v in row[: len(table.keys)])
            yield from _row_variants(b, table, row, key, setting, codes, ep, day)
        for d, (table, row) in sorted(dated.items()):
            setting, codes, ep = _hit(table, row, b)
            for k in (-1, 0, 1):
                day = d + timedelta(days=k)
                lines = [(c, 1) for c in codes]
                eps = [episode("E1", day, 60 * 60, sites=2, **ep)] if ep else []
                yield f"table {name} in force from/through {d}: {day}", record(setting, lines, eps, day=day)


def _row_variants(b, table, row, key, setting, codes, ep, day):
    names = [c.name for c in (*table.keys, *table.columns)]
    lines = [(c, 1) for c in codes]
    eps = [episode("E1", day, 60 * 60, sites=2, volume_ml=20, **ep)] if ep else []
    yield f"table {table.name} row ({key})", record(setting, lines, eps, day=day)
    for col in table.columns:
        value = row[names.index(col.name)]
        if (table.name, col.name) not in b.compared or value is None or col.ty.name != "amount":
            continue
        for step in (-1, 0, 1):
            if col.ty.dim == units.NUMBER and codes:
                count = int(value) + step
                if count >= 0:
                    yield f"table {table.name} row ({key}): {col.name} {value}, {count} unit(s)", \
                        record(setting, [(codes[0], count), *lines[1:]], eps, day=day)
            elif col.ty.dim in (units.VOLUME, units.RATE) and ep:
                # two sites over one hour: volume per site = volume / 2, rate per site = volume / 2 per hour
                per_site = _canonical_to(value, "mL" if col.ty.dim == units.VOLUME else "mL/h")
                volume = units.normalize(Fraction(per_site) * 2 + step)
                if volume >= 0:
                    yield f"table {table.name} row ({key}): {col.name} {per_site} per site, {volume} mL on 2 sites in 1 h", \
                        record(setting, lines, [episode("E1", day, 60 * 60, sites=2, volume_ml=_number(volume), **ep)], day=day)


def _number(value):
    value = units.normalize(value)
    return value if isinstance(value, int) else float(value)


def _rank_pairs(name, rows):
    """Adjacent ranks, in both line orders: which one is primary must not depend on order."""
    for (t1, r1), (t2, r2) in zip(rows, rows[1:]):
        c1 = next((v for k, v in zip(t1.keys, r1) if k.ty.name == "code"), None)
        c2 = next((v for k, v in zip(t2.keys, r2) if k.ty.name == "code"), None)
        if c1 and c2 and c1 != c2:
            for setting in SETTINGS:
                for a, b_ in ((c1, c2), (c2, c1)):
                    yield f"table {name}: {a} then {b_}; {setting}", record(setting, [(a, 1), (b_, 1)])


# ---- random ----
def _pools(b: Boundaries) -> dict:
    mods = sorted(b.values.get("line.modifiers", set()) | {FABRICATED_MODIFIER})
    labels = sorted({(r[0], r[1]) for name, ts in b.tables.items() for t in ts for r in t.rows
                     if b.lookups.get(name, ())[:2] == ("episode.product_label", "episode.infusion_number")})
    days = sorted({d + timedelta(days=k) for d in b.dates for k in (-1, 0, 1)})
    codes = sorted(b.codes | ({_drug_code(b)} if b.reads_drug else set()))
    return {
        "codes": codes or [DRUG_CODE],
        "units": sorted(set(range(5)) | set(_near(b.counts))),
        "modifiers": mods,
        "payers": sorted(b.values.get("encounter.payer", set()) | {"medicare"}),
        "places": sorted(b.values.get("encounter.place_of_service", set()) | {PLACE}),
        "bills": sorted(b.values.get("encounter.type_of_bill", set()) | {BILL}),
        "revenue": sorted(b.values.get("line.revenue_code", set()) | {REVENUE}),
        "seconds": durations(b),
        "labels": labels,
        "days": days or [DAY],
    }


def random_family(b: Boundaries, n: int, seed: int):
    pools = _pools(b)
    rng = random.Random(seed)
    for i in range(n):
        setting = rng.choice(SETTINGS)
        day = DAY if rng.random() < 0.7 else rng.choice(pools["days"])
        eps = []
        for k in range(rng.choice((0, 1, 1, 1, 2, 3))):
            secs = rng.choice(pools["seconds"]) if rng.random() < 0.6 else rng.randrange(0, 420 * 60)
            mode = rng.choice(("ok", "ok", "ok", "ok", "missing", "reversed"))
            secs = None if mode == "missing" else (-secs if mode == "reversed" else secs)
            ep = episode(f"E{k + 1}", day, secs, after=rng.randrange(0, 600) * 60, pumps=rng.choice((1, 1, 2, None)),
                         sites=rng.choice((1, 2, 3, 4)))
            ep["kind"] = rng.choice(("infusion", "infusion", "injection"))
            ep["route"] = rng.choice(("subcutaneous", "subcutaneous", "intravenous"))
            if pools["labels"] and rng.random() < 0.3:
                ep["product_label"], ep["infusion_number"] = rng.choice(pools["labels"])
                ep["volume_ml"] = rng.choice((10, 20, 50, 100, 200))
            eps.append(ep)
        lines = []
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4, 5))):
            code = rng.choice(pools["codes"])
            picked = min(len(pools["modifiers"]), rng.choice((0, 0, 1, 1, 2)))
            extra = {"modifiers": rng.sample(pools["modifiers"], picked)}
            if setting == "facility":
                extra["revenue_code"] = rng.choice([*pools["revenue"], None])
            if b.reads_drug and (code.startswith("J") or rng.random() < 0.1):
                extra.update(_drug(rng.choice((0, 50, 9999, 10000, 10001, 20000))))
            if rng.random() < 0.15:
                extra["service_date"] = (day + timedelta(days=1)).isoformat()
            lines.append((code, rng.choice(pools["units"]), extra))
        rec = record(setting, lines, eps, payer=rng.choice(pools["payers"]), day=day)
        if setting == "physician":
            rec["place_of_service"] = rng.choice(pools["places"])
        else:
            rec["type_of_bill"] = rng.choice(pools["bills"])
        if rng.random() < 0.1 and rec["lines"]:  # a second encounter on the same record
            rec["lines"][-1]["encounter"] = 2
            if rec["episodes"]:
                rec["episodes"][-1]["encounter"] = 2
        yield f"random #{i + 1} (seed {seed})", rec


# ---- seeds ----
def example_family(modules_by_side: list[list[ir.Module]]):
    for modules in modules_by_side:
        for m in sorted(modules, key=lambda m: m.name):
            for ex in m.examples:
                yield f"example {m.name}.{ex.name} ({ex.origin.path}:{ex.origin.line})", dict(ex.record)


def input_family(paths: list[Path]):
    """Records of user files; an unreadable file raises OSError, an undecodable record is skipped."""
    for path in paths:
        for raw in read_records(path):
            if raw.error is None and isinstance(raw.value, dict):
                yield f"input {raw.source}", dict(raw.value)


def _dedupe_key(rec: dict) -> str:
    return json.dumps({k: v for k, v in rec.items() if k != "id"}, sort_keys=True, default=str)


def generate(b: Boundaries, modules_by_side, random_count: int, seed: int, inputs: list[Path] = ()) -> list[Encounter]:
    """Every family in a fixed order; ids are `<family>-<n>` in that order, duplicates dropped."""
    tables = list(table_family(b))
    families = [
        ("example", example_family(modules_by_side)),
        ("input", input_family(list(inputs))),
        ("time", time_family(b)),
        ("count", count_family(b)),
        ("value", value_family(b)),
        ("date", date_family(b)),
        ("drug", drug_family(b)),
        ("table", tables),
        ("member", member_family(b, tables)),
        ("random", random_family(b, random_count, seed)),
    ]
    out, seen = [], set()
    for family, items in families:
        n = 0
        for why, rec in items:
            key = _dedupe_key(rec)
            if key in seen:
                continue
            seen.add(key)
            n += 1
            eid = f"{family}-{n:04d}"
            out.append(Encounter(eid, why, {**rec, "id": eid} if family not in ("example", "input") else rec))
    return out
