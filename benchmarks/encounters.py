"""Deterministic random encounters in the input contract, for benchmarks/run.py.

`generate(n, seed)` returns n encounter dicts (physician and facility claims for 96369/96370/96371
and neighbours) dated in 2024-08, the vintage of the reference tables (2024-Q3), except a few on
2024-06-30, the day before the MUE and PTP tables' first version. The mix is drawn so that every
rule and payer override of the three specs fires over a couple of thousand encounters:

* SC infusions of 0-400 min, some without a stop or reversed, some across midnight, with offsets
  -04:00/-05:00/Z; some with a product label, infusion number and volume (a few without the volume
  or the number of sites) for the label limits;
* add-ons without primary, repeated units, E/M and injection lines next to 96369, invalid modifier
  11, 59 with XS or XE on one line, drug lines with and without JW/JZ, A4215 supplies and J7050
  saline next to administrations, a few lines dated the day after the date of service;
* Medicare for half the claims, UnitedHealthcare, Aetna, Independence BCBS, Regence and Cigna for
  the rest; physician places of service 19, 22 and 24 among the office ones; facility lines
  without revenue code and a few claims without place of service or type of bill.
"""

from __future__ import annotations

import datetime
import random

__all__ = ["generate"]

# 96365 and its add-on 96366 (IV): the IV neighbours reach the add-on table and the initial-service rule.
CODES = ("96369", "96370", "96371", "96372", "96365", "96366", "99211", "99213", "J1559", "A4215", "J7050")
CODE_WEIGHTS = (5, 3, 2, 2, 1, 1, 1, 1, 2, 1, 1)
MODIFIERS = ("XS", "59", "XE", "25", "JZ", "JW", "11")
REVENUE_CODES = ("0260", "0450", "0510", "0636", "0760", "0761")
SALINE_REVENUE_CODE = "0258"  # IV solutions
PAYERS = ("medicare", "uhc", "aetna", "bcbs_ibc", "bcbs_regence", "cigna")
PAYER_WEIGHTS = (10, 2, 2, 2, 2, 2)
# The products of specs/tables/labels.csv, and one (xembify) that has no row there: no limit applies.
PRODUCT_LABELS = ("cuvitru", "gammagard_liquid_sc", "gamunex_c", "hizentra_cidp", "hizentra_pi", "xembify")
INFUSION_NUMBERS = ("first", "subsequent")
OFFSETS = (
    ("-04:00", datetime.timezone(datetime.timedelta(hours=-4))),
    ("-05:00", datetime.timezone(datetime.timedelta(hours=-5))),
    ("Z", datetime.timezone.utc),
)
PHYSICIAN_POS = ("11", "11", "11", "49", "19", "22", "24")  # 24: a facility for Regence, not for Medicare
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
        if rng.random() < 0.4:
            _label(rng, episodes[-1])
    return episodes


def _label(rng: random.Random, episode: dict) -> None:
    """Product label, infusion number and volume, for the label limits (15-60 mL and mL/h per site).

    Volumes of 5-240 mL over 1-4 sites fall on both sides of every limit; a few episodes lack the
    volume, the number of sites or the infusion number, so the limit cannot be checked.
    """
    episode["product_label"] = rng.choice(PRODUCT_LABELS)
    episode["infusion_number"] = rng.choice(INFUSION_NUMBERS)
    r = rng.random()
    if r < 0.05:
        episode["sites"] = None
    elif r < 0.1:
        episode["sites"] = 0
    elif r < 0.13:
        del episode["infusion_number"]
    if rng.random() < 0.9:
        episode["volume_ml"] = rng.randrange(5, 241, 5) + rng.choice((0, 0, 0, 0.5))


def _drug(rng: random.Random) -> tuple[dict, int]:
    """A J1559 (Hizentra, 100 mg units) drug dict and the units a coder would bill (sometimes wrong)."""
    drug: dict = {"hcpcs_unit_mg": 100}
    r = rng.random()
    if r < 0.95:  # otherwise the claim does not say; J1559 is single-use anyway (F-MOD-06)
        drug["single_dose_container"] = r < 0.85
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


def _lines(rng: random.Random, facility: bool, day: datetime.date) -> list[dict]:
    lines = []
    codes = rng.choices(CODES, CODE_WEIGHTS, k=rng.randint(1, 6))
    if rng.random() < 0.7:  # most claims bill each code once
        codes = list(dict.fromkeys(codes))
    for i, code in enumerate(codes, start=1):
        line: dict = {"line": i, "code": code, "units": rng.choice((0, 1, 1, 1, 1, 2, 3, 4))}
        if rng.random() < 0.35:
            line["modifiers"] = rng.sample(MODIFIERS, rng.randint(1, 2))
        if facility and rng.random() < 0.95:
            if code == "J1559":
                line["revenue_code"] = "0636"
            elif code == "J7050":
                line["revenue_code"] = SALINE_REVENUE_CODE
            else:
                line["revenue_code"] = rng.choice(REVENUE_CODES)
        if code == "J1559":
            line["drug"], line["units"] = _drug(rng)
        if rng.random() < 0.03:  # provided after midnight: the line carries its own date
            line["service_date"] = (day + datetime.timedelta(days=1)).isoformat()
        lines.append(line)
    return lines


def generate(n: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    records = []
    for i in range(n):
        facility = rng.random() < 0.5
        if rng.random() < 0.02:  # no MUE or PTP version is in force yet
            day = datetime.date(2024, 6, 30)
        else:
            day = datetime.date(2024, 8, rng.randint(1, 31))
        payer = rng.choices(PAYERS, PAYER_WEIGHTS)[0]
        if payer == "bcbs_regence" and day.month == 8 and day.day % 2 == 0:
            day = day.replace(month=11)  # on either side of Regence's Policy 109 (2024-11-01)
        record: dict = {
            "id": f"enc-{i + 1}",
            "setting": "facility" if facility else "physician",
            "payer": payer,
            "date_of_service": day.isoformat(),
        }
        if rng.random() < 0.97:  # a few claims lack the field the JW/JZ and place-of-service rules read
            if facility:
                record["type_of_bill"] = rng.choice(FACILITY_TOB)
            else:
                record["place_of_service"] = rng.choice(PHYSICIAN_POS)
        record["lines"] = _lines(rng, facility, day)
        record["episodes"] = _episodes(rng, day)
        records.append(record)
    return records
