"""The values a knob is turned to around one edge, and how a case names them."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from ..boundaries import Edge, Knob

DRUG_UNIT_MG = 100  # the HCPCS unit of the edge cases' drug lines
GAP_SECONDS = 600  # between the two halves of a split infusion
LAYOUTS = {"single": "the time in one episode", "split": f"the time in two episodes {GAP_SECONDS // 60} min apart",
           "concurrent": "the time in each of two concurrent episodes"}
DEFAULTS = {"seconds": 3600, "units": 1, "lines": 1, "pumps": 1, "episodes": 1, "missing_stops": 0, "reversed": 0,
            "modifiers_in": 0, "modifiers_out": 0, "layout": "single", "day": None, "dose": None}
_FREE = {"units": (0, 1, 2, 3), "lines": (0, 1, 2), "pumps": (0, 1, 2, 3), "episodes": (0, 1, 2),
         "missing_stops": (0, 1, 2), "reversed": (0, 1), "modifiers_in": (0, 1, 2), "modifiers_out": (0, 1, 2)}
_DELTA_TEXT = {-60: "- 1 min", -1: "- 1 s", 0: "", 1: "+ 1 s", 59: "+ 59 s", 60: "+ 1 min"}
_SIDE = {-1: "edge - 1", 0: "edge", 1: "edge + 1"}
_ORDINARY = {"value": "none", "day": "ordinary", "dose": "of-units"}  # how a case id names a None value


def edge_seconds(minutes) -> list[int]:
    """Durations around a time edge: one minute and one second below, at, one second and one
    minute above, and the last second of the edge minute (where truncating seconds matters)."""
    base = round(Fraction(minutes) * 60)
    return [base + d for d in _DELTA_TEXT]


def knob_label(knob: Knob) -> str:
    what = knob.route or knob.set or ",".join(knob.codes) or ("own line" if knob.own_line else "")
    name = knob.field or knob.kind
    return f"{name}[{what}]" if what else name


def edge_values(edge: Edge) -> list[tuple[object, str]]:
    """(knob value, why) pairs of one edge: the edge and one step either side (a value edge: the
    value itself, or for a list field none of the set; a layout: each of them)."""
    v, kind = edge.value, edge.knob.kind
    where = f"`{edge.text}` ({edge.location})"
    if kind == "value":
        return [(v, f"{edge.knob.field} = {v} of {where}" if v is not None else f"{edge.knob.field}: none of {where}")]
    if kind == "layout":
        return [(x, f"{text} of {where}") for x, text in LAYOUTS.items()]
    if kind == "day":  # None: the target's own day, so that turned together the others keep it too
        return [(None, "the ordinary date of service")] + \
            [(v + timedelta(days=d), f"{v + timedelta(days=d)} = {_SIDE[d]} of {where}") for d in (-1, 0, 1)]
    if kind == "dose":  # None: the dose the billed units make
        mg = v * DRUG_UNIT_MG  # a dose of v whole units, one mg either side
        return [(None, "the dose of the billed units")] + \
            [(mg + d, f"{mg + d} mg = {_SIDE[d]} ({v} x {DRUG_UNIT_MG} mg) of {where}") for d in (-1, 0, 1)]
    if v is None:
        return [(x, f"{x} (compared with another input: {edge.text})") for x in _FREE.get(kind, ())]
    if kind == "seconds":
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


def fmt(v) -> str:
    """A value as case ids and notes show it: whole numbers plain, dates and text as written."""
    if v is None:
        return "unknown"
    if isinstance(v, (str, date)):
        return str(v)
    return str(v) if Fraction(v).denominator == 1 else f"{float(v):g}"


def shown(knob: Knob, v) -> str:
    if v is None and knob.kind in _ORDINARY:
        return _ORDINARY[knob.kind]
    return fmt(v)
