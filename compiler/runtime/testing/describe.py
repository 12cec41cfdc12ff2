"""How a failing case reads: the record as the input contract's JSON and the values that decide it."""

from __future__ import annotations

import json
from fractions import Fraction

from ...edgecases import fmt
from .. import timecalc
from ..model import Encounter


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
    """Elapsed minutes of each episode, infusion minutes per encounter and route under the spec's policies,
    billed units per line, and the record itself."""
    parts = []
    elapsed = [f"{ep.id}={_show_minutes(timecalc.elapsed_seconds(ep.start, ep.stop))}"
               f" ({ep.kind}, {ep.route})" for ep in record.episodes]
    parts.append("elapsed minutes: " + (", ".join(elapsed) or "no episodes"))
    if module is not None and record.episodes:
        from ..policies import Policies

        policies = Policies(dict(module.policies))
        # per encounter and route, as the rules see it: episodes of two encounters are never one union
        by_route: dict[tuple[int, str], list] = {}
        for ep in record.episodes:
            if ep.kind == "infusion":
                by_route.setdefault((ep.encounter, ep.route), []).append((ep.start, ep.stop))
        several = len({n for n, _ in by_route}) > 1
        times = [f"{route}{f' (encounter {n})' if several else ''}="
                 f"{fmt(timecalc.minutes(timecalc.infusion_time(spans, policies), policies))}"
                 for (n, route), spans in sorted(by_route.items())]
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
