"""Hypothesis strategies: random encounters (focused on a rule, or lasting a spec's time edges), and
the moves of the metamorphic tests (time shifts, zones, permutations, stretches), and any JSON."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from ...edgecases import BASE, DAY, SETTINGS, Target, edge_seconds, members
from ..model import parse_encounter

CODES = ("96369", "96370", "96371", "96372", "96365", "96360", "99211", "99213", "J1559", "A4215", "96523")
MODIFIERS = ("XS", "59", "25", "JZ", "JW", "11", "XE", "91", "RT")
PAYERS = ("medicare", "uhc", "aetna", "bcbs_ibc", "bcbs_regence")
ZONES = ("UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham")


def _iso(dt) -> str:
    return dt.isoformat()


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


def boundary_encounters(minutes):
    """Random encounters whose episodes last one of a spec's time edges (`minutes`, read from its IR
    by `codespec build`), or one step either side. A spec without time edges has none to lean on."""
    if not minutes:
        raise ValueError("boundary_encounters needs at least one time edge; a spec without any gets encounters()")
    edges = sorted({s for t in minutes for s in edge_seconds(t) if s >= 0})
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


def focused_encounters(target: Target, module):
    """Random encounters leaning towards a target: its codes, payers and settings, its time edges."""
    seconds = sorted({s for e in target.edges if e.knob.kind == "seconds" and e.value is not None
                      for s in edge_seconds(e.value) if s >= 0})
    durations = st.sampled_from(seconds) | st.integers(0, 420 * 60) if seconds else st.integers(0, 420 * 60)
    codes = tuple(dict.fromkeys([*target.codes, *target.pool, *(c for e in target.edges for c in members(e.knob, module)[:8]
                                                                 if e.knob.kind in ("units", "lines"))]))
    return encounter_dicts(durations=durations, codes=codes or CODES, payers=target.payers + PAYERS,
                           settings_=target.settings, day=target.day).map(parse_encounter)


