"""Hypothesis strategies, profiles and assertions for the generated tests (hand-written and tested
here once; generated tests only pass them constants). The one runtime module importing hypothesis."""

from __future__ import annotations

import functools
import os
import random
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from . import results, units
from .model import Encounter, parse_encounter

settings.register_profile("ci", derandomize=True, max_examples=40, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("deep", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def load_profile() -> None:
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@functools.cache
def interpreter_for(spec_path: str):
    from ..interp import Interpreter
    from ..pipeline import ROOT, compile_source
    from ..source import SourceFile

    return Interpreter(compile_source(SourceFile.read(ROOT / spec_path, ROOT)).module)


# ---- strategies ----
CODES = ("96369", "96370", "96371", "96372", "96365", "96360", "99211", "99213", "J1559", "A4215", "96523")
MODIFIERS = ("XS", "59", "25", "JZ", "JW", "11", "XE", "91", "RT")
ZONES = ("UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham")
BASE = datetime(2024, 8, 14, 9, 0, tzinfo=timezone(timedelta(hours=-4)))


def _iso(dt: datetime) -> str:
    return dt.isoformat()


@st.composite
def encounter_dicts(draw, durations=st.integers(min_value=0, max_value=420 * 60)):
    setting = draw(st.sampled_from(("physician", "facility")))
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
    for i in range(draw(st.integers(0, 5))):
        code = draw(st.sampled_from(CODES))
        line = {"line": i + 1, "code": code, "units": draw(st.integers(0, 4)),
                "modifiers": draw(st.lists(st.sampled_from(MODIFIERS), max_size=2, unique=True))}
        if setting == "facility":
            line["revenue_code"] = draw(st.sampled_from(("0510", "0260", "0300", None)))
        if code == "J1559":
            line["drug"] = {"hcpcs_unit_mg": 100, "dose_mg": draw(st.integers(0, 20000)), "single_dose_container": True}
        if draw(st.booleans()):
            line["service_date"] = draw(st.sampled_from(("2024-08-14", "2024-08-15")))
        lines.append(line)
    record = {"id": "gen", "setting": setting, "payer": draw(st.sampled_from(("medicare", "uhc", "aetna", "bcbs_ibc", "bcbs_regence"))),
              "date_of_service": "2024-08-14", "lines": lines, "episodes": episodes}
    if setting == "physician":
        record["place_of_service"] = draw(st.sampled_from(("11", "22", "24")))
    else:
        record["type_of_bill"] = "0131"
    return record


def encounters(**kw):
    return encounter_dicts(**kw).map(parse_encounter)


def time_thresholds(module) -> list:
    """Every time constant (in minutes) a spec compares against, from its IR."""
    from .. import ir

    found = set()

    def walk(e):
        if isinstance(e, ir.Const) and e.ty.name == "amount" and e.ty.dim == units.TIME:
            found.add(e.value)
        for name in getattr(e, "__slots__", ()):
            child = getattr(e, name, None)
            for c in (child if isinstance(child, tuple) else (child,)):
                if isinstance(c, ir.Expr):
                    walk(c)

    for let in module.lets:
        walk(let.expr)
    for d in module.derives:
        walk(d.expr)
    for r in module.rules:
        for e in (r.where, r.flag):
            if e is not None:
                walk(e)
    return sorted(found)


def boundary_encounters(module):
    """Encounters whose SC infusion lasts each threshold, one second and one minute either side."""
    edges = []
    for t in time_thresholds(module) or [15]:
        base = int(t * 60)
        for delta in (-60, -1, 0, 1, 59, 60):
            if base + delta >= 0:
                edges.append(base + delta)
    # thresholds repeated every hour (the 96370 ladder) are reached through sums of these edges
    edges += [m * 60 + d for m in (151, 211, 271) for d in (-60, 0, 60)]
    return encounter_dicts(durations=st.sampled_from(sorted(set(edges)))).map(parse_encounter)


def time_shifts():
    return st.integers(min_value=-800 * 86400, max_value=800 * 86400).map(lambda s: timedelta(seconds=s))


def zones():
    return st.sampled_from(ZONES)


def permutations():
    return st.integers(min_value=0, max_value=2**32 - 1)


def anything():
    scalars = st.none() | st.booleans() | st.integers(-5, 10**6) | st.text(max_size=8) | st.floats(allow_nan=False)
    json_like = st.recursive(scalars, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=4),
                             max_leaves=12)
    near_valid = encounter_dicts().flatmap(lambda d: st.sampled_from(list(d) or ["id"]).flatmap(
        lambda key: json_like.map(lambda v: {**d, key: v})))
    return json_like | near_valid | encounter_dicts()


# ---- transformations ----
def shift_and_rezone(record: Encounter, shift: timedelta, zone: str) -> Encounter:
    """Every instant moved by `shift` and written in `zone` (absolute durations unchanged)."""
    from dataclasses import replace

    tz = ZoneInfo(zone)
    eps = tuple(replace(ep, start=(ep.start + shift).astimezone(tz),
                        stop=None if ep.stop is None else (ep.stop + shift).astimezone(tz)) for ep in record.episodes)
    return replace(record, episodes=eps)


def reorder(record: Encounter, seed: int) -> Encounter:
    from dataclasses import replace

    rng = random.Random(seed)
    lines, eps = list(record.lines), list(record.episodes)
    rng.shuffle(lines)
    rng.shuffle(eps)
    lines = [replace(line, index=i) for i, line in enumerate(lines)]
    eps = [replace(ep, index=i) for i, ep in enumerate(eps)]
    return replace(record, lines=tuple(lines), episodes=tuple(eps))


# ---- assertions ----
def _line_numbers(record: Encounter) -> dict:
    """Input position -> line number, so findings compare across reordered records."""
    return {line.index: line.line for line in record.lines}


def _keyed(report, record: Encounter):
    number = _line_numbers(record)
    return Counter((f.rule, f.severity, f.message, f.spec, repr(sorted(f.values.items())),
                    number.get(f.line_index), f.episode) for f in report.findings)


def assert_same_report(a, b, record: Encounter, other: Encounter | None = None) -> None:
    other = other or record
    fa, fb = _keyed(a, record), _keyed(b, other)
    assert fa == fb, f"findings differ on {record}:\nonly first: {fa - fb}\nonly second: {fb - fa}"
    assert a.derived == b.derived, f"derived units differ on {record}: {a.derived} != {b.derived}"


def assert_same_time_verdicts(a, b, record: Encounter, moved: Encounter) -> None:
    """Same rules fire on the same lines and episodes with the same derived units; messages may
    quote the instants themselves, which moved."""
    def verdicts(report, rec):
        number = _line_numbers(rec)
        return Counter((f.rule, f.severity, number.get(f.line_index), f.episode) for f in report.findings)

    va, vb = verdicts(a, record), verdicts(b, moved)
    assert va == vb, f"time verdicts differ after moving instants:\n{record}\n{moved}\nonly before: {va - vb}\nonly after: {vb - va}"
    assert a.derived == b.derived, f"derived units differ after moving instants: {a.derived} != {b.derived}"


def assert_total(value, evaluators) -> None:
    result = results.evaluate(value, evaluators, "generated")
    assert isinstance(result, dict) and result["outcome"] in ("accept", "warn", "reject", "invalid")


def check_example(module, name: str, validate) -> None:
    """An `example` block: its record, run through `validate`, meets every expectation it states."""
    ex = next(e for e in module.examples if e.name == name)
    record = parse_encounter(ex.record)
    result = results.build(record, [validate(record)])
    where = f"{ex.origin} example `{name}`"
    if ex.outcome:
        assert result["outcome"] == ex.outcome, f"{where}: outcome {result['outcome']}, expected {ex.outcome}: {result}"
    for number, rules in ex.line_rules:
        line = next(line for line in result["lines"] if line["line"] == number)
        got = {f["rule"] for f in line["findings"]}
        assert set(rules) <= got, f"{where}: line {number} has {sorted(got)}, expected {sorted(rules)}"
    if ex.claim_rules is not None:
        got = {f["rule"] for f in result["claim_findings"] if f["severity"] != "info"}
        assert got == set(ex.claim_rules), f"{where}: claim findings {sorted(got)}, expected {sorted(ex.claim_rules)}"
    for code, units_ in ex.units:
        assert result["derived_units"].get(code) == units_, f"{where}: derived {code} = {result['derived_units'].get(code)}, expected {units_}"
    every = {f["rule"] for line in result["lines"] for f in line["findings"]} | {f["rule"] for f in result["claim_findings"]}
    for rule in ex.absent:
        assert rule not in every, f"{where}: `{rule}` fired but the example says it must not: {result}"
