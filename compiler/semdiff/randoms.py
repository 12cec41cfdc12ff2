"""Seeded random encounters between the boundaries: values drawn from what the specs name (codes,
modifiers, payers, places, time edges, label rows, effective dates) and from ordinary ranges.

`random.Random(seed)` over sorted pools, so the same versions and seed give the same encounters.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from .. import ir
from ..edgecases import BASE, DAY, DRUG_CODE, SETTINGS, Target, drug, edge_seconds, encounter, episode, line, table_rows
from ..edgecases.records import BILL, PLACE, REVENUE

FABRICATED_MODIFIER = "11"  # well-formed but on no modifier list
_LABEL_KEYS = ("episode.product_label", "episode.infusion_number")


def _near(counts, low=0, high=6) -> list[int]:
    return sorted({c + d for c in counts for d in (-1, 0, 1)} & set(range(low, high + 1)))


def pools(found: list[tuple[ir.Module, list[Target]]]) -> dict:
    """What the random encounters draw from, read from every target's edges."""
    edges = [(m, e) for m, ts in found for t in ts for e in t.edges]

    def values(name: str) -> set:
        return {e.value for _, e in edges if e.knob.kind == "value" and e.knob.field == name and e.value is not None}

    named = {c for m, _ in found for c, _ in m.codes} | {c for _, ts in found for t in ts for c in (*t.codes, *t.pool)}
    drugs = any(e.knob.kind == "dose" for _, e in edges) or any(DRUG_CODE in t.codes for _, ts in found for t in ts)
    counts = {e.value for _, e in edges if e.knob.kind in ("units", "lines", "pumps") and isinstance(e.value, int)}
    seconds = {0} | {s for _, e in edges if e.knob.kind == "seconds" and e.value is not None
                     for s in edge_seconds(e.value) if s >= 0}
    labels = {(row[_LABEL_KEYS[0]], row[_LABEL_KEYS[1]]) for m, e in edges
              if e.table is not None and e.table.keys == _LABEL_KEYS for row in table_rows(m, e.table)}
    days = {e.value + timedelta(days=k) for _, e in edges if e.knob.kind == "day" for k in (-1, 0, 1)}
    return {
        "codes": sorted(named | values("line.code") | ({DRUG_CODE} if drugs else set())) or [DRUG_CODE],
        "drugs": drugs,
        "units": sorted(set(range(5)) | set(_near(counts))),
        "modifiers": sorted(values("line.modifiers") | {FABRICATED_MODIFIER}),
        "payers": sorted(values("encounter.payer") | {p for _, ts in found for t in ts for p in t.payers} | {"medicare"}),
        "places": sorted(values("encounter.place_of_service") | {PLACE}),
        "bills": sorted(values("encounter.type_of_bill") | {BILL}),
        "revenue": sorted(values("line.revenue_code") | {REVENUE}),
        "seconds": sorted(seconds),
        "labels": sorted(labels),
        "days": sorted(days) or [date.fromisoformat(DAY)],
    }


def random_family(found: list[tuple[ir.Module, list[Target]]], n: int, seed: int):
    p = pools(found)
    rng = random.Random(seed)
    for i in range(n):
        setting = rng.choice(SETTINGS)
        day = date.fromisoformat(DAY) if rng.random() < 0.7 else rng.choice(p["days"])
        start = datetime.combine(day, BASE.timetz())
        eps = []
        for k in range(rng.choice((0, 1, 1, 1, 2, 3))):
            secs = rng.choice(p["seconds"]) if rng.random() < 0.6 else rng.randrange(0, 420 * 60)
            mode = rng.choice(("ok", "ok", "ok", "ok", "missing", "reversed"))
            secs = None if mode == "missing" else (-secs if mode == "reversed" else secs)
            ep = episode(f"E{k + 1}", start + timedelta(minutes=rng.randrange(0, 600)), secs,
                         route=rng.choice(("subcutaneous", "subcutaneous", "intravenous")),
                         pumps=rng.choice((1, 1, 2, None)), sites=rng.choice((1, 2, 3, 4)),
                         kind=rng.choice(("infusion", "infusion", "injection")))
            if p["labels"] and rng.random() < 0.3:
                ep["product_label"], ep["infusion_number"] = rng.choice(p["labels"])
                ep["volume_ml"] = rng.choice((10, 20, 50, 100, 200))
            eps.append(ep)
        lines = []
        for n_line in range(1, rng.choice((1, 1, 2, 2, 3, 4, 5)) + 1):
            code = rng.choice(p["codes"])
            picked = min(len(p["modifiers"]), rng.choice((0, 0, 1, 1, 2)))
            ln = line(n_line, code, rng.choice(p["units"]), rng.sample(p["modifiers"], picked))
            if setting == "facility":
                ln["revenue_code"] = rng.choice([*p["revenue"], None])
            if p["drugs"] and (code.startswith("J") or rng.random() < 0.1):
                ln["drug"] = drug(rng.choice((0, 50, 9999, 10000, 10001, 20000)))  # around 100 whole units
            if rng.random() < 0.15:
                ln["service_date"] = (day + timedelta(days=1)).isoformat()
            lines.append(ln)
        rec = encounter(setting, rng.choice(p["payers"]), day.isoformat(), lines, eps)
        if setting == "physician":
            rec["place_of_service"] = rng.choice(p["places"])
        else:
            rec["type_of_bill"] = rng.choice(p["bills"])
        if rng.random() < 0.1 and rec["lines"]:  # a second encounter on the same record
            rec["lines"][-1]["encounter"] = 2
            if rec["episodes"]:
                rec["episodes"][-1]["encounter"] = 2
        yield f"random #{i + 1} (seed {seed})", rec
