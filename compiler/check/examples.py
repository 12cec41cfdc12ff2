"""Turns `example` blocks into input records in the contract's JSON shape, with their expectations."""

from __future__ import annotations

from .. import ir, nodes
from ..diagnostics import Diagnostics, did_you_mean

ENCOUNTER_KEYS = ("id", "setting", "payer", "date_of_service", "place_of_service", "type_of_bill", "primary_reason_line")
LINE_KEYS = ("units", "modifiers", "revenue_code", "service_date", "encounter")
DRUG_KEYS = ("hcpcs_unit_mg", "dose_mg", "volume_ml", "concentration_mg_per_ml", "single_dose_container")
EPISODE_KEYS = ("encounter", "kind", "route", "substance", "start", "stop", "pump_setups", "sites", "volume_ml",
                "product_label", "infusion_number", "patient_weight_kg")


def _fields(fields, allowed, diags: Diagnostics, where: str) -> dict | None:
    out = {}
    for f in fields:
        if f.name not in allowed:
            diags.error("unknown-example-field", f.span, f"{where} has no field `{f.name}`",
                        did_you_mean(f.name, allowed) or "fields: " + ", ".join(allowed))
            return None
        out[f.name] = f.value  # Decimal stays exact; the runtime parser reads it
    return out


def build_example(d: nodes.ExampleDecl, rule_ids: set[str], codes, diags: Diagnostics) -> ir.Example | None:
    enc = _fields(d.encounter, ENCOUNTER_KEYS, diags, "an example encounter")
    if enc is None:
        return None
    record = {"id": d.name, **enc, "lines": [], "episodes": []}
    for ep_id, fields in d.episodes:
        ep = _fields(fields, EPISODE_KEYS, diags, "an example episode")
        if ep is None:
            return None
        record["episodes"].append({"id": ep_id, **ep})
    for number, code, fields in d.lines:
        ln = _fields(fields, (*LINE_KEYS, *DRUG_KEYS), diags, "an example line")
        if ln is None:
            return None
        drug = {k: ln.pop(k) for k in DRUG_KEYS if k in ln}
        line = {"line": number, "code": code, **ln}
        line.setdefault("units", 1)
        line["modifiers"] = list(line.get("modifiers", []))
        if drug:
            line["drug"] = drug
        record["lines"].append(line)
    known = rule_ids | {"incomplete_data", "invalid_input", "table_not_in_force", "rule_not_in_force"}
    for name in [r for _, rs in d.line_rules for r in rs] + list(d.claim_rules or ()) + list(d.absent):
        if name not in known:
            diags.error("unknown-rule", d.span, f"example `{d.name}` expects unknown rule `{name}`",
                        did_you_mean(name, known) or "name a rule of this spec: " + ", ".join(sorted(known)))
            return None
    return ir.Example(d.name, d.description or "", record, d.outcome, d.line_rules, d.claim_rules, d.units, d.absent, d.span)
