"""Deterministic random encounters in the input contract, for benchmarks/run.py.

`generate(n, seed)` returns n encounter dicts (physician and facility claims for 96369/96370/96371
and neighbours) with dates of service in 2024-08, the vintage of the reference tables (2024-Q3).
The mix deliberately exercises every rule: short and long SC infusions (0-400 min), missing and
reversed stop times, infusions across midnight, offsets -04:00/-05:00/Z, add-ons without primary,
repeated units, E/M and injection lines next to 96369, invalid modifier 11, drug lines with and
without JW/JZ, facility lines without revenue code.
"""

from __future__ import annotations

import datetime
import random

__all__ = ["generate"]

CODES = ("96369", "96370", "96371", "96372", "96365", "99211", "99213", "J1559", "A4215")
CODE_WEIGHTS = (5, 3, 2, 2, 1, 1, 1, 2, 1)
MODIFIERS = ("XS", "59", "25", "JZ", "JW", "11")
REVENUE_CODES = ("0260", "0450", "0510", "0636", "0760", "0761")
OFFSETS = (
    ("-04:00", datetime.timezone(datetime.timedelta(hours=-4))),
    ("-05:00", datetime.timezone(datetime.timedelta(hours=-5))),
    ("Z", datetime.timezone.utc),
)
PHYSICIAN_POS = ("11", "11", "11", "49", "19", "22")
FACILITY_TOB = ("0131", "0131", "0851", "0141")


def _instant(dt: datetime.datetime, suffix: str) -> str:
    text = dt.strftime("%Y-%m-%dT%H:%M:%S")
    return text + suffix


def _episodes(rng: random.Random, day: datetime.date) -> list[dict]:
    episodes = []
    suffix, tz = rng.choice(OFFSETS)
    for k in range(rng.randint(1, 3)):
        if rng.random() < 0.1:  # late start: long infusions cross midnight
            hour, minute = rng.randint(21, 23), rng.randint(0, 59)
        else:
            hour, minute = rng.randint(7, 17), rng.choice((0, 5, 10, 15, 20, 30, 45))
        start = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
        minutes = rng.randint(0, 400)
        seconds = rng.choice((0, 0, 0, 30))
        r = rng.random()
        if r < 0.08:
            stop = None
        elif r < 0.13:
            stop = _instant(start - datetime.timedelta(minutes=minutes or 5), suffix)  # reversed
        else:
            stop = _instant(start + datetime.timedelta(minutes=minutes, seconds=seconds), suffix)
        episodes.append({
            "id": f"E{k + 1}",
            "kind": "infusion",
            "route": "subcutaneous",
            "start": _instant(start, suffix),
            "stop": stop,
            "pump_setups": rng.choice((1, 1, 1, 2)),
            "sites": rng.randint(1, 4),
        })
    return episodes


def _drug(rng: random.Random) -> tuple[dict, int]:
    """A J1559 (Hizentra, 100 mg units) drug dict and the units a coder would bill (sometimes wrong)."""
    drug: dict = {"hcpcs_unit_mg": 100, "single_dose_container": rng.random() < 0.9}
    if rng.random() < 0.7:
        dose = rng.randrange(1000, 20001, 50)
        drug["dose_mg"] = dose
    else:
        volume = rng.randrange(5, 101, 5)
        drug["volume_ml"] = volume
        drug["concentration_mg_per_ml"] = 200
        dose = volume * 200
    units = max(1, -(-dose // 100))
    if rng.random() < 0.15:
        units += rng.choice((-1, 1, 10))
    return drug, max(0, units)


def _lines(rng: random.Random, facility: bool) -> list[dict]:
    lines = []
    codes = rng.choices(CODES, CODE_WEIGHTS, k=rng.randint(1, 6))
    if rng.random() < 0.7:  # most claims bill each code once
        codes = list(dict.fromkeys(codes))
    for i, code in enumerate(codes, start=1):
        line: dict = {"line": i, "code": code, "units": rng.choice((0, 1, 1, 1, 1, 2, 3, 4))}
        if rng.random() < 0.35:
            line["modifiers"] = rng.sample(MODIFIERS, rng.randint(1, 2))
        if facility and rng.random() < 0.95:
            line["revenue_code"] = "0636" if code == "J1559" else rng.choice(REVENUE_CODES)
        if code == "J1559":
            line["drug"], line["units"] = _drug(rng)
        lines.append(line)
    return lines


def generate(n: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    records = []
    for i in range(n):
        facility = rng.random() < 0.5
        day = datetime.date(2024, 8, rng.randint(1, 31))
        record: dict = {
            "id": f"enc-{i + 1}",
            "setting": "facility" if facility else "physician",
            "payer": "medicare",
            "date_of_service": day.isoformat(),
        }
        if facility:
            record["type_of_bill"] = rng.choice(FACILITY_TOB)
        else:
            record["place_of_service"] = rng.choice(PHYSICIAN_POS)
        record["lines"] = _lines(rng, facility)
        record["episodes"] = _episodes(rng, day)
        records.append(record)
    return records
