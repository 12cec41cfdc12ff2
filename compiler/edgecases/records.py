"""Contract-shaped encounter dicts: the building blocks, and the minimal encounter of a target with
its knobs turned (`scenario`)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction

from ..boundaries import Knob
from ..runtime import timecalc
from ..runtime.policies import Policies
from .targets import DRUG_CODE, Target
from .values import DEFAULTS, DRUG_UNIT_MG, GAP_SECONDS, knob_label

BASE = datetime(2024, 8, 14, 9, 0, tzinfo=timezone(timedelta(hours=-4)))  # start of the edge cases' episodes
PLACE, BILL, REVENUE = "11", "0131", "0510"  # office, hospital outpatient, clinic: neutral defaults
_LINE_KNOBS = ("units", "lines", "modifiers_in", "modifiers_out", "dose", "spread")


def line(n: int, code: str, units: int = 1, modifiers=()) -> dict:
    return {"line": n, "code": code, "units": units, "modifiers": list(modifiers)}


def episode(eid: str, start: datetime, seconds: int | None, route: str = "subcutaneous", pumps: int | None = 1,
            sites: int = 1, kind: str = "infusion") -> dict:
    """An episode from `start` lasting `seconds` (negative: stops before it starts; None: no stop)."""
    stop = None if seconds is None else (start + timedelta(seconds=seconds)).isoformat()
    return {"id": eid, "kind": kind, "route": route, "start": start.isoformat(), "stop": stop,
            "pump_setups": pumps, "sites": sites}


def encounter(setting: str, payer: str, day: str, lines: list, episodes: list) -> dict:
    """The encounter, with the place of service (physician) or type of bill (facility) it needs."""
    record = {"id": "edge", "setting": setting, "payer": payer, "date_of_service": day, "lines": lines,
              "episodes": episodes}
    if setting == "physician":
        record["place_of_service"] = PLACE
    else:
        record["type_of_bill"] = BILL
    return record


def drug(dose_mg) -> dict:
    """A single-dose drug of 100 mg HCPCS units."""
    return {"hcpcs_unit_mg": DRUG_UNIT_MG, "dose_mg": dose_mg, "single_dose_container": True}


def members(knob: Knob, module) -> tuple[str, ...]:
    if knob.set is not None:
        return tuple(sorted(next(s.members for s in module.sets if s.name == knob.set)))
    return knob.codes


def _outside(inside: set, n: int) -> list[str]:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    pool = (a + b for a in alphabet for b in alphabet)
    return list(itertools.islice((m for m in pool if m not in inside), n))


def scenario(target: Target, module, setting: str, payer: str, turned: dict, code: str | None = None,
             row: dict | None = None) -> dict:
    """A minimal contract-shaped encounter for a target, with each knob turned to its value.

    One line per code of the rule's `where` (the first is "the rule's own line"), one SC infusion
    episode of an hour with one pump set-up and one site, unless a knob says otherwise. A table
    row puts its code first (and a code pair's other code second).
    """
    knobs = sorted(turned.items(), key=lambda kv: knob_label(kv[0]))
    values = [(k, v) for k, v in knobs if k.kind == "value"]
    codes = list(target.codes)
    for k, v in values:
        if k.field == "line.code" and v is not None:  # the rule's own line
            codes = [v] + [c for c in codes[1:] if c != v]
    if code is not None:
        codes = [code] + [c for c in codes if c != code]
    other = (row or {}).get("other_line.code")
    if other is not None:
        codes = codes[:1] + [other] + [c for c in codes[1:] if c != other]
    line_knobs = [k for k in turned if k.kind in _LINE_KNOBS]
    if not codes and any(k.kind == "dose" for k in line_knobs):
        codes = [DRUG_CODE]
    if not codes and (any(k.own_line or k.kind.startswith("modifiers") for k in line_knobs)
                      or any(k.field.startswith("line.") for k, _ in values)):
        codes = ["96369"]
    lines = [line(i + 1, c) for i, c in enumerate(codes)]
    for knob, v in knobs:
        if knob.kind in ("units", "lines"):
            counted = codes[:1] if knob.own_line else list(members(knob, module))
            if not counted:
                continue
            hits = [ln for ln in lines if ln["code"] in counted]
            if knob.kind == "units":
                if not hits:
                    hits = [line(len(lines) + 1, counted[0])]
                    lines.extend(hits)
                hits[0]["units"] = v
            else:
                spare = itertools.cycle([m for m in counted if m not in codes] or counted)
                for _ in range(max(0, v - len(hits))):
                    lines.append(line(len(lines) + 1, next(spare)))
        elif knob.kind == "modifiers_in" and lines:
            lines[0]["modifiers"] = list(members(knob, module)[:v])
        elif knob.kind == "modifiers_out" and lines:
            lines[0]["modifiers"] = _outside(set(members(knob, module)), v)
        elif knob.kind == "dose" and lines and v is not None:
            lines[0]["drug"] = drug(v)
        elif knob.kind == "spread" and lines:  # v units of the own code: half on a second line
            lines[0]["units"] = v - v // 2
            if v // 2:
                lines.append(line(len(lines) + 1, lines[0]["code"], v // 2))
    chosen_modifiers = any(k.field == "line.modifiers" for k, _ in values)
    for i, ln in enumerate(lines):
        if setting == "facility":
            ln["revenue_code"] = REVENUE
        if ln["code"].startswith("J"):
            ln.setdefault("drug", drug(ln["units"] * DRUG_UNIT_MG))
            if not (i == 0 and chosen_modifiers):
                ln["modifiers"] = ln["modifiers"] or ["JZ"]
    day = next((v for k, v in knobs if k.kind == "day"), None)
    episodes = _episodes(turned, BASE if day is None else datetime.combine(day, BASE.timetz()),
                         Policies(dict(module.policies)))
    record = encounter(setting, payer, target.day if day is None else day.isoformat(), lines, episodes)
    for knob, v in values:
        _set_value(record, knob.field, v)
    for field_name, key in (row or {}).items():
        if field_name.startswith("episode.") and episodes:
            episodes[0][field_name.split(".", 1)[1]] = key
    return record


def _episodes(turned: dict, start: datetime, policies: Policies) -> list[dict]:
    """Infusion episodes per route a knob counts (subcutaneous always), then the volume of the first."""
    routes = sorted({k.route for k in turned if k.route} | {"subcutaneous"})
    episodes: list[dict] = []

    def add(seconds, route, pumps, at=start):
        episodes.append(episode(f"E{len(episodes) + 1}", at, seconds, route, pumps))

    for route in routes:
        mine = {k.kind: v for k, v in turned.items() if k.route == route or (k.route is None and route == "subcutaneous")}
        seconds = mine.get("seconds", DEFAULTS["seconds"])
        layout = mine.get("layout", DEFAULTS["layout"])
        for i in range(mine.get("episodes", 1)):
            pumps = mine.get("pumps", 1) if i == 0 else 0
            if layout == "split":  # the same time in two halves, apart
                half = seconds // 2
                add(half, route, pumps)
                add(seconds - half, route, 0, start + timedelta(seconds=half + GAP_SECONDS))
            elif layout == "concurrent":  # the same time twice over, at once
                add(seconds, route, pumps)
                add(seconds, route, 0)
            else:
                add(seconds, route, pumps)
        for _ in range(mine.get("missing_stops", 0)):
            add(None, route, 0)
        for _ in range(mine.get("reversed", 0)):
            add(-600, route, 0)
    volume = next(((k.kind, v) for k, v in turned.items() if k.kind in ("volume", "volume_rate")), None)
    if volume is not None and episodes:
        kind, v = volume  # per site (one site), or per site per minute of the first episode
        stop = episodes[0]["stop"]
        # the elapsed minutes the rules see (runtime.timecalc, under the spec's partial_minutes policy)
        minutes = timecalc.minutes(timecalc.elapsed_us(start, datetime.fromisoformat(stop)), policies) if stop else 0
        episodes[0]["volume_ml"] = json_number(Fraction(v) * ((minutes or 0) if kind == "volume_rate" else 1))
    return episodes


def _set_value(record: dict, name: str, value) -> None:
    """A value knob's field set on the encounter (line fields: the rule's own line, or every line)."""
    subject, key = name.split(".", 1)
    if subject == "encounter" and value is not None:
        record[key] = value
    elif subject == "line" and key == "modifiers" and record["lines"]:
        mods = record["lines"][0]["modifiers"]
        if value is not None and value not in mods:
            mods.append(value)
    elif subject == "line" and key != "code":
        for ln in record["lines"]:
            ln[key] = value
    elif subject == "episode":
        for ep in record["episodes"]:
            ep[key] = value


def json_number(v: Fraction):
    """An exact amount as the JSON decoder would hand it over: int, or Decimal when it terminates."""
    v = Fraction(v)
    if v.denominator == 1:
        return int(v)
    text = f"{Decimal(v.numerator) / Decimal(v.denominator):f}"
    return Decimal(text) if Fraction(Decimal(text)) == v else float(v)
