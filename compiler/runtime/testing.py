"""Hypothesis strategies, edge-case builders, profiles and assertions for the generated tests.

Hand-written and tested here once (tests/test_runtime_testing.py); generated tests only pass them
constants read from the IR (rule ids, spec positions, thresholds). The one runtime module that
imports hypothesis, and the one that may import the compiler (for the IR interpreter oracle).
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import random
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from ..coverage.boundaries import Edge, Knob, TableEdge  # noqa: F401  (re-exported: generated tests build them)
from . import results, timecalc
from .model import Encounter, parse_encounter

settings.register_profile("ci", derandomize=True, max_examples=40, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("deep", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def load_profile() -> None:
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def share(fraction: float) -> settings:
    """Settings running `fraction` of the loaded profile's examples (at least 10), so that the many
    per-rule tests keep the ci budget while `deep` still scales them up."""
    return settings(max_examples=max(10, int(settings.default.max_examples * fraction)))


@functools.cache
def interpreter_for(spec_path: str):
    from ..interp import Interpreter
    from ..pipeline import ROOT, compile_source
    from ..source import SourceFile

    return Interpreter(compile_source(SourceFile.read(ROOT / spec_path, ROOT)).module)


# ---- random encounters ----
CODES = ("96369", "96370", "96371", "96372", "96365", "96360", "99211", "99213", "J1559", "A4215", "96523")
MODIFIERS = ("XS", "59", "25", "JZ", "JW", "11", "XE", "91", "RT")
PAYERS = ("medicare", "uhc", "aetna", "bcbs_ibc", "bcbs_regence")
SETTINGS = ("physician", "facility")
ZONES = ("UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham")
BASE = datetime(2024, 8, 14, 9, 0, tzinfo=timezone(timedelta(hours=-4)))
DAY = "2024-08-14"  # 2024-Q3: the vintage of the CMS tables (facts.md)


def _iso(dt: datetime) -> str:
    return dt.isoformat()


def _drug(units: int) -> dict:
    """A 100 mg HCPCS unit drug whose dose matches the billed units."""
    return {"hcpcs_unit_mg": 100, "dose_mg": units * 100, "single_dose_container": True}


@st.composite
def encounter_dicts(draw, durations=st.integers(min_value=0, max_value=420 * 60), codes=CODES, payers=PAYERS,
                    settings_=SETTINGS, day=DAY):
    """Contract-shaped encounter dicts; `codes`, `payers` and `settings_` focus them on a rule."""
    setting = draw(st.sampled_from(settings_))
    n_eps = draw(st.integers(0, 3))
    episodes = []
    for i in range(n_eps):
        start = BASE + timedelta(minutes=draw(st.integers(0, 600)))
        kind = draw(st.sampled_from(("infusion", "infusion", "injection")))
        stop_mode = draw(st.sampled_from(("ok", "ok", "ok", "missing", "reversed")))
        secs = draw(durations)
        stop = None if stop_mode == "missing" else start + timedelta(seconds=-secs if stop_mode == "reversed" else secs)
        episodes.append({"id": f"E{i + 1}", "kind": kind, "route": draw(st.sampled_from(("subcutaneous", "intravenous"))),
                         "start": _iso(start), "stop": _iso(stop) if stop else None,
                         "pump_setups": draw(st.sampled_from((1, 1, 2, None))), "sites": draw(st.integers(1, 4)),
                         "volume_ml": draw(st.sampled_from((None, 20, 50, 100))),
                         "product_label": draw(st.sampled_from((None, "hizentra_pi", "cuvitru"))),
                         "infusion_number": draw(st.sampled_from((None, "first", "subsequent")))})
    lines = []
    pool = st.sampled_from(tuple(codes)) if tuple(codes) == CODES else \
        st.one_of(st.sampled_from(tuple(codes)), st.sampled_from(tuple(codes)), st.sampled_from(CODES))
    for i in range(draw(st.integers(0, 5))):
        code = draw(pool)
        units = draw(st.integers(0, 4))
        line = {"line": i + 1, "code": code, "units": units,
                "modifiers": draw(st.lists(st.sampled_from(MODIFIERS), max_size=2, unique=True))}
        if setting == "facility":
            line["revenue_code"] = draw(st.sampled_from(("0510", "0260", "0300", None)))
        if code.startswith("J") or draw(st.integers(0, 7)) == 0:
            line["drug"] = {"hcpcs_unit_mg": 100, "dose_mg": draw(st.integers(0, 20000)), "single_dose_container": True}
        if draw(st.booleans()):
            line["service_date"] = draw(st.sampled_from((day, (date.fromisoformat(day) + timedelta(days=1)).isoformat())))
        lines.append(line)
    record = {"id": "gen", "setting": setting, "payer": draw(st.sampled_from(tuple(payers))),
              "date_of_service": day, "lines": lines, "episodes": episodes}
    if setting == "physician":
        record["place_of_service"] = draw(st.sampled_from(("11", "22", "24")))
    else:
        record["type_of_bill"] = "0131"
    return record


def encounters(**kw):
    return encounter_dicts(**kw).map(parse_encounter)


def time_thresholds(module) -> list:
    """Every time edge (in minutes) the spec compares an infusion time with, from its IR."""
    from ..coverage.boundaries import module_boundaries

    return sorted({b.edge for b in module_boundaries(module) if b.unit == "min" and b.edge is not None})


def edge_seconds(minutes) -> list[int]:
    """Durations around a time edge: one minute and one second below, at, one second and one
    minute above, and the last second of the edge minute (where truncating seconds matters)."""
    base = round(Fraction(minutes) * 60)
    return [base + d for d in (-60, -1, 0, 1, 59, 60)]


def boundary_encounters(module):
    """Random encounters whose episodes last a time edge of the spec, or one step either side."""
    edges = sorted({s for t in time_thresholds(module) or [15] for s in edge_seconds(t) if s >= 0})
    return encounter_dicts(durations=st.sampled_from(edges)).map(parse_encounter)


def time_shifts():
    return st.integers(min_value=-800 * 86400, max_value=800 * 86400).map(lambda s: timedelta(seconds=s))


def zones():
    return st.sampled_from(ZONES)


def permutations():
    return st.integers(min_value=0, max_value=2**32 - 1)


def stretches():
    """(which episode, how many seconds later its stop moves): steps across edges and beyond."""
    return st.tuples(st.integers(0, 7), st.sampled_from((1, 59, 60, 61, 3600)) | st.integers(1, 4 * 3600))


def anything():
    scalars = st.none() | st.booleans() | st.integers(-5, 10**6) | st.text(max_size=8) | st.floats(allow_nan=False)
    json_like = st.recursive(scalars, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=4),
                             max_leaves=12)
    near_valid = encounter_dicts().flatmap(lambda d: st.sampled_from(list(d) or ["id"]).flatmap(
        lambda key: json_like.map(lambda v: {**d, key: v})))
    return json_like | near_valid | encounter_dicts()


# ---- rules under test and their edge cases ----
@dataclass(frozen=True)
class Target:
    """A rule or derive under test: where the spec states it and which inputs reach it."""

    kind: str  # rule | derive
    name: str
    location: str  # specs/<file>:<line>:<col>
    codes: tuple[str, ...] = ()  # one line code per code condition of its `where`
    pool: tuple[str, ...] = ()  # more codes its `where` accepts, for random encounters
    settings: tuple[str, ...] = SETTINGS
    payers: tuple[str, ...] = ("medicare",)
    day: str = DAY  # a date of service on which it is in force
    edges: tuple[Edge, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.kind} `{self.name}` ({self.location})"


@dataclass(frozen=True)
class Case:
    """One edge case: an encounter and why it is there."""

    id: str
    record: Encounter
    note: str

    def __str__(self) -> str:
        return self.id


_DEFAULTS = {"seconds": 3600, "units": 1, "lines": 1, "pumps": 1, "episodes": 1, "missing_stops": 0, "reversed": 0,
             "modifiers_in": 0, "modifiers_out": 0}
_FREE = {"units": (0, 1, 2, 3), "lines": (0, 1, 2), "pumps": (0, 1, 2, 3), "episodes": (0, 1, 2),
         "missing_stops": (0, 1, 2), "reversed": (0, 1), "modifiers_in": (0, 1, 2), "modifiers_out": (0, 1, 2)}
_DELTA_TEXT = {-60: "- 1 min", -1: "- 1 s", 0: "", 1: "+ 1 s", 59: "+ 59 s", 60: "+ 1 min"}
_PRODUCT_LIMIT = 300


def knob_label(knob: Knob) -> str:
    what = knob.route or knob.set or ",".join(knob.codes) or ("own line" if knob.own_line else "")
    return f"{knob.kind}[{what}]" if what else knob.kind


def edge_values(edge: Edge) -> list[tuple[object, str]]:
    """(knob value, why) pairs of one edge with a constant: the edge and one step either side."""
    v = edge.value
    if v is None:
        return [(x, f"{x} (compared with another input: {edge.text})") for x in _FREE.get(edge.knob.kind, ())]
    where = f"`{edge.text}` ({edge.location})"
    if edge.knob.kind == "seconds":
        out = []
        for delta, s in zip(_DELTA_TEXT, edge_seconds(v)):
            if s >= 0 or edge.knob.route is None:
                out.append((s, f"{s} s = {_minutes_text(v)} {_DELTA_TEXT[delta]}".rstrip() + f" of {where}"))
        return out
    lo, hi = (v - 1, v + 1) if isinstance(v, int) else (int(v), int(v) + 1)
    values = sorted({lo, v, hi} if isinstance(v, int) else {lo, hi})
    return [(x, f"{x} = {'edge' if x == v else 'edge - 1' if x < v else 'edge + 1'} of {where}") for x in values if x >= 0]


def _minutes_text(v) -> str:
    return f"{v} min" if Fraction(v).denominator == 1 else f"{float(v):g} min"


def boundary_cases(target: Target, module) -> list[Case]:
    """Deterministic edge cases of one rule or derive.

    The knobs of the flag (or derived value) are turned together over their edge values, those
    of the `where` (and of the lets it reads) one at a time with the others at ordinary values;
    edges against a table value take each in-force table row, one unit below, at and above it.
    """
    primary: dict[Knob, list] = {}
    secondary: dict[Knob, list] = {}
    table_edges = []
    for edge in target.edges:
        if edge.table is not None:
            table_edges.append(edge)
            continue
        into = primary if edge.primary else secondary
        for value, why in edge_values(edge):
            if all(value != v for v, _ in into.setdefault(edge.knob, [])):
                into[edge.knob].append((value, why))
    for knob in list(secondary):
        if knob in primary:
            for value, why in secondary.pop(knob):
                if all(value != v for v, _ in primary[knob]):
                    primary[knob].append((value, why))
    plans: list[tuple[dict, list[str]]] = []
    knobs = sorted(primary, key=knob_label)
    size = 1
    for k in knobs:
        size *= len(primary[k])
    if size <= _PRODUCT_LIMIT:
        for combo in itertools.product(*(primary[k] for k in knobs)):
            plans.append(({k: v for k, (v, _) in zip(knobs, combo)}, [w for _, w in combo]))
    else:
        for k in knobs:
            plans.extend(({k: v}, [w]) for v, w in primary[k])
    for k in sorted(secondary, key=knob_label):
        plans.extend(({k: v}, [w]) for v, w in secondary[k] if v != _DEFAULTS.get(k.kind))
    cases: list[Case] = []
    seen: set[str] = set()

    def add(setting, payer, turned, why, code_override=None, row=None, shown=None):
        record = scenario(target, module, setting, payer, turned, code_override, row)
        key = json.dumps(record, sort_keys=True)
        if key in seen:
            return
        seen.add(key)
        where = [",".join(str(v) for f, v in row.items() if f not in ("value", "key", "encounter.setting"))] if row else []
        parts = [setting] + ([payer] if len(target.payers) > 1 else []) + where + \
            [f"{knob_label(k)}={(shown or {}).get(k, _fmt(v))}" for k, v in sorted(turned.items(), key=lambda kv: knob_label(kv[0]))]
        note = f"{target.label}, {setting}" + "".join(f"; {w}" for w in why)
        cases.append(Case("-".join(parts), parse_encounter(record), note))

    for setting in target.settings:
        for payer in target.payers:
            for turned, why in plans or [({}, [])]:
                add(setting, payer, turned, why)
    for edge in table_edges:
        step = edge.table.step
        for row in table_rows(module, edge.table, target.day):
            setting = row.get("encounter.setting", target.settings[0])
            payer = row.get("encounter.payer", target.payers[0])
            if setting not in target.settings or payer not in target.payers:
                continue
            limit = row["value"]
            unit = edge.table.unit or ""
            for x, side in ((limit - step, "edge - 1"), (limit, "edge"), (limit + step, "edge + 1")):
                if x >= 0:
                    written = f"{_fmt(Fraction(x) / step)}{unit}"  # in the table's own unit
                    why = f"{written} = {side} ({edge.table.table}.{edge.table.column} = {_fmt(Fraction(limit) / step)}{unit} " \
                          f"for {row['key']}) of `{edge.text}` ({edge.location})"
                    add(setting, payer, {edge.knob: x}, [why], row.get("line.code"), row, {edge.knob: written})
    return cases


def table_rows(module, edge: TableEdge, on: str = DAY) -> list[dict]:
    """Rows in force on a day of a table edge: key field values and the edge value."""
    table = next(t for t in module.tables if t.name == edge.table)
    names = [k.name for k in table.keys] + [c.name for c in table.columns]
    day = date.fromisoformat(on)
    out, seen = [], set()
    for row in table.rows:
        values = dict(zip(names, row))
        lo, hi = values.get("effective_from"), values.get("effective_through")
        if (lo is not None and lo > day) or (hi is not None and hi < day):
            continue
        value = values.get(edge.column)
        if not isinstance(value, (int, Fraction)) or isinstance(value, bool):
            continue
        keys = tuple(values[k.name] for k in table.keys)
        if keys in seen:
            continue
        seen.add(keys)
        entry = {"value": value, "key": ", ".join(str(k) for k in keys)}
        for field_name, key in zip(edge.keys, keys):
            entry[field_name] = key
        out.append(entry)
    return out


def _members(knob: Knob, module) -> tuple[str, ...]:
    if knob.set is not None:
        return tuple(sorted(next(s.members for s in module.sets if s.name == knob.set)))
    return knob.codes


def _outside(members: set, n: int) -> list[str]:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    pool = (a + b for a in alphabet for b in alphabet)
    return list(itertools.islice((m for m in pool if m not in members), n))


def scenario(target: Target, module, setting: str, payer: str, turned: dict, code: str | None = None,
             row: dict | None = None) -> dict:
    """A minimal contract-shaped encounter for a target, with each knob turned to its value.

    One line per code of the rule's `where` (the first is "the rule's own line"), one SC infusion
    episode of an hour with one pump set-up and one site, unless a knob says otherwise.
    """
    codes = list(target.codes)
    if code is not None:
        codes = [code] + [c for c in codes if c != code]
    line_knobs = [k for k in turned if k.kind in ("units", "lines", "modifiers_in", "modifiers_out")]
    if not codes and any(k.own_line or k.kind.startswith("modifiers") for k in line_knobs):
        codes = ["96369"]
    lines = [{"line": i + 1, "code": c, "units": 1, "modifiers": []} for i, c in enumerate(codes)]
    for knob, v in sorted(turned.items(), key=lambda kv: knob_label(kv[0])):
        if knob.kind in ("units", "lines"):
            members = codes[:1] if knob.own_line else list(_members(knob, module))
            if not members:
                continue
            hits = [ln for ln in lines if ln["code"] in members]
            if knob.kind == "units":
                if not hits:
                    hits = [{"line": len(lines) + 1, "code": members[0], "units": 1, "modifiers": []}]
                    lines.extend(hits)
                hits[0]["units"] = v
            else:
                spare = itertools.cycle([m for m in members if m not in codes] or members)
                for _ in range(max(0, v - len(hits))):
                    lines.append({"line": len(lines) + 1, "code": next(spare), "units": 1, "modifiers": []})
        elif knob.kind == "modifiers_in" and lines:
            lines[0]["modifiers"] = list(_members(knob, module)[:v])
        elif knob.kind == "modifiers_out" and lines:
            lines[0]["modifiers"] = _outside(set(_members(knob, module)), v)
    volume = next(((k.kind, v) for k, v in turned.items() if k.kind in ("volume", "volume_rate")), None)
    for ln in lines:
        if setting == "facility":
            ln["revenue_code"] = "0510"
        if ln["code"].startswith("J"):
            ln["drug"] = _drug(ln["units"])
            ln["modifiers"] = ln["modifiers"] or ["JZ"]
    routes = sorted({k.route for k in turned if k.route} | {"subcutaneous"})
    episodes = []
    for route in routes:
        mine = {k.kind: v for k, v in turned.items() if k.route == route or (k.route is None and route == "subcutaneous")}
        count = mine.get("episodes", 1)
        seconds = mine.get("seconds", _DEFAULTS["seconds"])
        stop = BASE + timedelta(seconds=seconds)
        for i in range(count):
            episodes.append({"id": f"E{len(episodes) + 1}", "kind": "infusion", "route": route, "start": _iso(BASE),
                             "stop": _iso(stop), "pump_setups": mine.get("pumps", 1) if i == 0 else 0, "sites": 1})
        for i in range(mine.get("missing_stops", 0)):
            episodes.append({"id": f"E{len(episodes) + 1}", "kind": "infusion", "route": route, "start": _iso(BASE),
                             "stop": None, "pump_setups": 0, "sites": 1})
        for i in range(mine.get("reversed", 0)):
            episodes.append({"id": f"E{len(episodes) + 1}", "kind": "infusion", "route": route, "start": _iso(BASE),
                             "stop": _iso(BASE - timedelta(minutes=10)), "pump_setups": 0, "sites": 1})
    if volume is not None and episodes:
        kind, v = volume  # per site (one site), or per site per minute of the first episode
        stop = episodes[0]["stop"]
        minutes = Fraction(round((datetime.fromisoformat(stop) - BASE).total_seconds()), 60) if stop else Fraction(0)
        episodes[0]["volume_ml"] = _json_number(Fraction(v) * (minutes if kind == "volume_rate" else 1))
    record = {"id": "edge", "setting": setting, "payer": payer, "date_of_service": target.day, "lines": lines,
              "episodes": episodes}
    if setting == "physician":
        record["place_of_service"] = "11"
    else:
        record["type_of_bill"] = "0131"
    for field_name, key in (row or {}).items():
        if field_name.startswith("episode.") and episodes:
            episodes[0][field_name.split(".", 1)[1]] = key
    return record


def _json_number(v: Fraction):
    """An exact amount as the JSON decoder would hand it over: int, or Decimal when it terminates."""
    v = Fraction(v)
    if v.denominator == 1:
        return int(v)
    text = f"{Decimal(v.numerator) / Decimal(v.denominator):f}"
    return Decimal(text) if Fraction(Decimal(text)) == v else float(v)


def focused_encounters(target: Target, module):
    """Random encounters leaning towards a target: its codes, payers and settings, its time edges."""
    seconds = sorted({s for e in target.edges if e.knob.kind == "seconds" and e.value is not None
                      for s in edge_seconds(e.value) if s >= 0})
    durations = st.sampled_from(seconds) | st.integers(0, 420 * 60) if seconds else st.integers(0, 420 * 60)
    codes = tuple(dict.fromkeys([*target.codes, *target.pool, *(c for e in target.edges for c in _members(e.knob, module)[:8]
                                                                 if e.knob.kind in ("units", "lines"))]))
    return encounter_dicts(durations=durations, codes=codes or CODES, payers=target.payers + PAYERS,
                           settings_=target.settings, day=target.day).map(parse_encounter)


# ---- transformations ----
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


# ---- how failures read ----
def encounter_json(record: Encounter) -> str:
    """The record in the input contract's JSON shape (what a user would paste to reproduce)."""
    def num(v):
        if v is None or isinstance(v, (bool, int, str)):
            return v
        return int(v) if Fraction(v).denominator == 1 else float(v)

    lines = []
    for ln in record.lines:
        item = {"line": ln.line, "code": ln.code, "units": ln.units, "modifiers": list(ln.modifiers)}
        if ln.revenue_code is not None:
            item["revenue_code"] = ln.revenue_code
        if ln.service_date is not None:
            item["service_date"] = ln.service_date.isoformat()
        if ln.encounter != 1:
            item["encounter"] = ln.encounter
        if ln.drug is not None:
            item["drug"] = {k: num(getattr(ln.drug, k)) for k in ("hcpcs_unit_mg", "dose_mg", "volume_ml",
                                                                   "concentration_mg_per_ml", "single_dose_container")
                            if getattr(ln.drug, k) is not None}
        lines.append(item)
    episodes = []
    for ep in record.episodes:
        item = {"id": ep.id, "kind": ep.kind, "route": ep.route, "start": ep.start.isoformat(),
                "stop": None if ep.stop is None else ep.stop.isoformat()}
        for k in ("pump_setups", "sites", "volume_ml", "product_label", "infusion_number", "substance", "patient_weight_kg"):
            if getattr(ep, k) is not None:
                item[k] = num(getattr(ep, k))
        if ep.encounter != 1:
            item["encounter"] = ep.encounter
        episodes.append(item)
    out = {"id": record.id, "setting": record.setting, "payer": record.payer,
           "date_of_service": record.date_of_service.isoformat()}
    for k in ("place_of_service", "type_of_bill", "primary_reason_line"):
        if getattr(record, k) is not None:
            out[k] = getattr(record, k)
    out["lines"] = lines
    out["episodes"] = episodes
    return json.dumps(out, sort_keys=False)


def describe_values(record: Encounter, module=None) -> str:
    """Elapsed minutes of each episode, infusion minutes per route under the spec's policies,
    billed units per line, and the record itself."""
    parts = []
    elapsed = [f"{ep.id}={_show_minutes(timecalc.elapsed_seconds(ep.start, ep.stop))}"
               f" ({ep.kind}, {ep.route})" for ep in record.episodes]
    parts.append("elapsed minutes: " + (", ".join(elapsed) or "no episodes"))
    if module is not None and record.episodes:
        from .policies import Policies

        policies = Policies(dict(module.policies))
        by_route: dict[str, list] = {}
        for ep in record.episodes:
            if ep.kind == "infusion":
                by_route.setdefault(ep.route, []).append((ep.start, ep.stop))
        times = [f"{route}={_fmt(timecalc.minutes(timecalc.infusion_seconds(spans, policies), policies))}"
                 for route, spans in sorted(by_route.items())]
        if times:
            parts.append("infusion minutes (spec policies): " + ", ".join(times))
    units = [f"{ln.line}: {ln.code} x{ln.units}" + (f" [{' '.join(ln.modifiers)}]" if ln.modifiers else "")
             for ln in record.lines]
    parts.append("lines: " + ("; ".join(units) or "none"))
    parts.append("encounter: " + encounter_json(record))
    return "\n  ".join(parts)


def _show_minutes(seconds) -> str:
    if seconds is None:
        return "unknown"
    m, s = divmod(seconds, 60)
    return f"{m}" if not s else f"{m} ({m} min {s} s)"


def _fmt(v) -> str:
    return "unknown" if v is None else str(v) if Fraction(v).denominator == 1 else f"{float(v):g}"


# ---- assertions ----
def _line_numbers(record: Encounter) -> dict:
    """Input position -> line number, so findings compare across reordered records."""
    return {line.index: line.line for line in record.lines}


def _keyed(report, record: Encounter):
    number = _line_numbers(record)
    return Counter((f.rule, f.severity, f.message, f.spec, json.dumps(f.values, sort_keys=True, default=str),
                    number.get(f.line_index), f.episode) for f in report.findings)


def _rule_of(key) -> str:
    rule, _, _, _, values, _, _ = key
    if rule == "incomplete_data":
        return json.loads(values).get("checks", rule)
    return rule


def _derive_location(module, code: str) -> str:
    if module is None:
        return "?"
    fixed = [d for d in module.derives if d.code == code]
    keyed = [d for d in module.derives if d.code is None]
    return ", ".join(str(d.origin) for d in (fixed or keyed)) or "?"


def _finding_text(key) -> str:
    rule, severity, message, _, values, line, episode = key
    where = f"line {line}" if line is not None else f"episode {episode}" if episode else "claim"
    return f"{where}: {severity} {rule}: {message} {values}"


def report_difference(a, b, record: Encounter, other: Encounter | None = None, module=None,
                      labels=("generated validator", "IR interpreter")) -> str | None:
    """None when both reports agree; else which rules and derives differ, where the spec states
    them, and the values involved."""
    other = other or record
    fa, fb = _keyed(a, record), _keyed(b, other)
    only_a, only_b = fa - fb, fb - fa
    blocks = []
    by_rule: dict[tuple[str, str], list[str]] = {}
    for key, label in [(k, labels[0]) for k in sorted(only_a)] + [(k, labels[1]) for k in sorted(only_b)]:
        by_rule.setdefault((_rule_of(key), key[3]), []).append(f"only {label}: {_finding_text(key)}")
    for (rule, spec), lines in sorted(by_rule.items()):
        blocks.append(f"rule `{rule}` ({spec}):\n    " + "\n    ".join(lines))
    for code in sorted(set(a.derived) | set(b.derived)):
        if a.derived.get(code, 0) != b.derived.get(code, 0) or (code in a.derived) != (code in b.derived):
            blocks.append(f"derive `{code}` ({_derive_location(module, code)}): {labels[0]} {a.derived.get(code, 'absent')}, "
                          f"{labels[1]} {b.derived.get(code, 'absent')} unit(s)")
    if not blocks:
        return None
    return "\n  ".join(blocks)


def assert_same_report(a, b, record: Encounter, other: Encounter | None = None, module=None,
                       labels=("generated validator", "IR interpreter"), note: str = "") -> None:
    """Same findings (rule, severity, message, values, line, episode) and same derived units."""
    diff = report_difference(a, b, record, other, module, labels)
    if diff is None:
        return
    heading = f"{labels[0]} and {labels[1]} disagree"
    values = describe_values(record, module)
    if other is not None and other is not record:
        values += "\n  second record:\n  " + describe_values(other, module)
    raise AssertionError(f"{heading}\n  {diff}" + (f"\n  case: {note}" if note else "") + f"\n  {values}")


def assert_same_time_verdicts(a, b, record: Encounter, moved: Encounter, module=None) -> None:
    """Same rules fire on the same lines and episodes with the same derived units; messages may
    quote the instants themselves, which moved."""
    def verdicts(report, rec):
        number = _line_numbers(rec)
        return Counter((f.rule, f.spec, f.severity, number.get(f.line_index), f.episode) for f in report.findings)

    va, vb = verdicts(a, record), verdicts(b, moved)
    blocks = [f"rule `{k[0]}` ({k[1]}): {k[2]} on {_where(k)} only {label}"
              for diff, label in ((va - vb, "before"), (vb - va, "after")) for k in sorted(diff, key=str)]
    blocks += [f"derive `{c}` ({_derive_location(module, c)}): before {a.derived.get(c, 'absent')}, after {b.derived.get(c, 'absent')}"
               for c in sorted(set(a.derived) | set(b.derived)) if a.derived.get(c) != b.derived.get(c)]
    if blocks:
        raise AssertionError("verdicts changed when every instant moved by one amount and changed zone\n  "
                             + "\n  ".join(blocks) + "\n  before: " + describe_values(record, module)
                             + "\n  after: " + describe_values(moved, module))


def _where(key) -> str:
    line, episode = key[3], key[4]
    return f"line {line}" if line is not None else f"episode {episode}" if episode else "the claim"


def assert_monotone(validate, record: Encounter, which: int, seconds: int, code: str, direction: int,
                    location: str, module=None) -> None:
    """Derived units of `code` never fall (direction +1) or never rise (-1) when an episode's stop
    moves later; absent counts as 0 units, unknown (None) is not compared."""
    later = stretch(record, which, seconds)
    if later is None:
        return
    before = validate(record).derived.get(code, 0)
    after = validate(later).derived.get(code, 0)
    if before is None or after is None:
        return
    ok = after >= before if direction > 0 else after <= before
    if not ok:
        trend = "fell" if direction > 0 else "rose"
        raise AssertionError(f"derive `{code}` ({location}) {trend} from {before} to {after} unit(s) when an episode's stop "
                             f"moved {seconds} s later\n  before: {describe_values(record, module)}\n  after: "
                             f"{describe_values(later, module)}")


def assert_total(value, evaluators) -> None:
    result = results.evaluate(value, evaluators, "generated")
    assert isinstance(result, dict) and result["outcome"] in ("accept", "warn", "reject", "invalid"), \
        f"no result record for input {value!r}: {result!r}"


# ---- unit invariance ----
@dataclass(frozen=True)
class Respelling:
    """The same amount written in another unit at each of its places in the spec."""

    written: str
    instead: str
    spans: tuple[tuple[int, int, int], ...]  # (line, column, end column) of each place

    def __str__(self) -> str:
        return f"{self.written} as {self.instead}"


@functools.cache
def respelled_interpreter(spec_path: str, respelling: Respelling):
    """The IR interpreter of the spec with `respelling` applied to its text."""
    from ..interp import Interpreter
    from ..pipeline import ROOT, compile_source
    from ..source import SourceFile

    lines = (ROOT / spec_path).read_text(encoding="utf-8").splitlines(keepends=True)
    for line, col, end in sorted(respelling.spans, reverse=True):
        text = lines[line - 1]
        found = text[col - 1:end - 1]
        if found.split() != respelling.written.split():
            raise AssertionError(f"{spec_path}:{line}:{col} reads {found!r}, not {respelling.written!r}: "
                                 "the spec changed since `codespec build`; rebuild")
        lines[line - 1] = text[:col - 1] + respelling.instead + text[end - 1:]
    return Interpreter(compile_source(SourceFile(spec_path, "".join(lines)), ROOT).module)


# ---- spec examples ----
def check_example(module, name: str, validate) -> None:
    """An `example` block: its record, run through `validate`, meets every expectation it states."""
    ex = next(e for e in module.examples if e.name == name)
    record = parse_encounter(ex.record)
    result = results.build(record, [validate(record)])
    where = f"{ex.origin} example `{name}`"
    rules = {r.id: r.location for r in module.rules}

    def fail(what: str, rule_ids=()):
        cited = "".join(f"\n  rule `{r}` ({rules.get(r, '?')})" for r in sorted(rule_ids))
        raise AssertionError(f"{where}: {what}{cited}\n  {describe_values(record, module)}\n  result: {json.dumps(result)}")

    for number, expected in ex.line_rules:
        line = next(line for line in result["lines"] if line["line"] == number)
        got = {f["rule"] for f in line["findings"]}
        if not set(expected) <= got:
            fail(f"line {number} has {sorted(got)}, expected {sorted(expected)}", set(expected) - got)
    if ex.claim_rules is not None:
        got = {f["rule"] for f in result["claim_findings"] if f["severity"] != "info"}
        if got != set(ex.claim_rules):
            fail(f"claim findings {sorted(got)}, expected {sorted(ex.claim_rules)}", got ^ set(ex.claim_rules))
    for code, units_ in ex.units:
        if result["derived_units"].get(code) != units_:
            fail(f"derived {code} = {result['derived_units'].get(code)}, expected {units_} "
                 f"(derive `{code}` at {_derive_location(module, code)})")
    every = {f["rule"] for line in result["lines"] for f in line["findings"]} | {f["rule"] for f in result["claim_findings"]}
    for rule in ex.absent:
        if rule in every:
            fail(f"`{rule}` fired but the example says it must not", {rule})
    if ex.outcome and result["outcome"] != ex.outcome:
        fail(f"outcome {result['outcome']}, expected {ex.outcome}", every & set(rules))
