"""The moves of the metamorphic tests: shift and rezone instants, reorder lines and episodes, stretch
an episode, write the same record another way."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from ..model import Encounter


def shift_and_rezone(record: Encounter, shift: timedelta, zone: str) -> Encounter:
    """Every instant moved by `shift` and written in `zone` (absolute durations unchanged)."""
    tz = ZoneInfo(zone)
    eps = tuple(replace(ep, start=(ep.start + shift).astimezone(tz),
                        stop=None if ep.stop is None else (ep.stop + shift).astimezone(tz)) for ep in record.episodes)
    return replace(record, episodes=eps)


def reorder(record: Encounter, seed: int) -> Encounter:
    rng = random.Random(seed)
    lines, eps = list(record.lines), list(record.episodes)
    rng.shuffle(lines)
    rng.shuffle(eps)
    lines = [replace(line, index=i) for i, line in enumerate(lines)]
    eps = [replace(ep, index=i) for i, ep in enumerate(eps)]
    return replace(record, lines=tuple(lines), episodes=tuple(eps))


def stretch(record: Encounter, which: int, seconds: int) -> Encounter | None:
    """The record with one episode's stop `seconds` later, same start; None when no episode has a
    stop at or after its start (a missing or reversed stop has no later version)."""
    usable = [ep for ep in record.episodes if ep.stop is not None and ep.stop >= ep.start]
    if not usable:
        return None
    chosen = usable[which % len(usable)]
    eps = tuple(replace(ep, stop=ep.stop + timedelta(seconds=seconds)) if ep is chosen else ep for ep in record.episodes)
    return replace(record, episodes=eps)


_NUMBER_FIELDS = {"volume_ml", "dose_mg", "hcpcs_unit_mg", "concentration_mg_per_ml", "patient_weight_kg"}


def respell_record(record: dict, seed: int) -> dict:
    """The same encounter written another way the record parser accepts: instants with or without
    seconds or a zero fraction, `Z` for `+00:00`, numbers as decimals (`100.0`, `1E+2`), absent
    optional fields as null and back, objects with their keys in another order."""
    rng = random.Random(seed)

    def instant(text):
        if not isinstance(text, str):
            return text
        dt = datetime.fromisoformat(text)
        if dt.utcoffset() == timedelta(0) and rng.random() < 0.5:
            dt = dt.astimezone(timezone.utc)
            return dt.isoformat().replace("+00:00", "Z")
        choice = rng.randrange(3)
        if choice == 0 and dt.second == 0 and dt.microsecond == 0:
            return dt.isoformat(timespec="minutes")
        if choice == 1 and dt.microsecond == 0:
            return dt.isoformat(timespec="milliseconds")
        return text

    def number(v):
        if isinstance(v, bool) or not isinstance(v, int):
            return v
        forms = (f"{v}", f"{v}.0", f"{v}.00", f"{v * 10}E-1")  # what a JSON decoder hands over as Decimal
        return Decimal(forms[rng.randrange(len(forms))])

    def obj(d, optional=()):
        out = {}
        for k, v in d.items():
            if k in ("start", "stop"):
                v = instant(v)
            elif k in _NUMBER_FIELDS:
                v = number(v)
            elif k == "drug" and isinstance(v, dict):
                v = obj(v)
            if v is None and k in optional and rng.random() < 0.5:
                continue
            out[k] = v
        if out.get("modifiers") == [] and rng.random() < 0.5:
            del out["modifiers"]
        keys = list(out)
        rng.shuffle(keys)
        return {k: out[k] for k in keys}

    d = obj({k: v for k, v in record.items() if k not in ("lines", "episodes")}, ("place_of_service", "type_of_bill"))
    if "episodes" in record:
        d["episodes"] = [obj(ep, ("stop", "pump_setups", "sites", "volume_ml", "product_label", "infusion_number"))
                         for ep in record["episodes"]]
    d["lines"] = [obj(ln, ("revenue_code", "service_date", "drug")) for ln in record.get("lines", [])]
    return d

