"""Turns `example` blocks into input records in the contract's JSON shape, with their expectations.

An example runs as a test only after `codespec build`; whatever would make that test fail for a
reason other than the rules (a record the runtime cannot read, a line, rule or derived code that
does not exist, a name used twice) is reported here instead, at the clause that says it.
"""

from __future__ import annotations

import re

from .. import ir, nodes
from ..diagnostics import Diagnostics, did_you_mean
from ..runtime.model import InvalidRecord, parse_encounter
from ..source import Span

ENCOUNTER_KEYS = ("id", "setting", "payer", "date_of_service", "place_of_service", "type_of_bill", "primary_reason_line")
LINE_KEYS = ("units", "modifiers", "revenue_code", "service_date", "encounter")
DRUG_KEYS = ("hcpcs_unit_mg", "dose_mg", "volume_ml", "concentration_mg_per_ml", "single_dose_container")
EPISODE_KEYS = ("encounter", "kind", "route", "substance", "start", "stop", "pump_setups", "sites", "volume_ml",
                "product_label", "infusion_number", "patient_weight_kg")
# Findings the runtime adds on its own, whatever the spec's rules are. Not `invalid_input`: it is only
# ever found on a record that cannot be read, and an example's record is checked to be readable.
RUNTIME_FINDINGS = frozenset({"incomplete_data", "table_not_in_force", "rule_not_in_force"})

_WHOLE = "a whole number"
_INSTANT = "a date, a time and its UTC offset"
_DATE = "a date that exists on the calendar, written YYYY-MM-DD"
FORMS = {  # field: (what its value is, how one is written)
    "setting": ("`physician` or `facility`", "setting physician"),
    "payer": ("the payer's name", "payer medicare"),
    "date_of_service": (_DATE, "date_of_service 2024-08-14"),
    "service_date": (_DATE, "service_date 2024-08-14"),
    "place_of_service": ("two digits in quotes", 'place_of_service "11"'),
    "type_of_bill": ("three or four digits in quotes", 'type_of_bill "0131"'),
    "revenue_code": ("four digits in quotes", 'revenue_code "0510"'),
    "primary_reason_line": ("the number of one of this example's lines", "primary_reason_line 1"),
    "units": (_WHOLE + ", 0 or more", "units 2"),
    "encounter": (_WHOLE + ", 1 or more", "encounter 2"),
    "pump_setups": (_WHOLE, "pump_setups 2"),
    "sites": (_WHOLE, "sites 2"),
    "modifiers": ("a list in brackets of modifiers of two capital letters or digits", "modifiers [JW, 59]"),
    "kind": ("`infusion` or `injection`", "kind infusion"),
    "route": ("`subcutaneous`, `intravenous` or `intramuscular`", "route subcutaneous"),
    "infusion_number": ("`first` or `subsequent`", "infusion_number first"),
    "start": (_INSTANT, "start 2024-08-14T09:00:00-04:00"),
    "stop": (_INSTANT, "stop 2024-08-14T10:00:00-04:00"),
    "substance": ("text in quotes", 'substance "immune globulin"'),
    "product_label": ("text in quotes", 'product_label "Hizentra"'),
    "single_dose_container": ("`true` or `false`", "single_dose_container true"),
    "hcpcs_unit_mg": ("a number of milligrams above 0, without the unit", "hcpcs_unit_mg 100"),
    "dose_mg": ("a number of milligrams, without the unit", "dose_mg 250"),
    "volume_ml": ("a number of millilitres, without the unit", "volume_ml 12.5"),
    "concentration_mg_per_ml": ("a number of milligrams per millilitre above 0", "concentration_mg_per_ml 200"),
    "patient_weight_kg": ("a number of kilograms, without the unit", "patient_weight_kg 70"),
    "code": ("five capital letters or digits", "line 1: 96369"),
    "line": ("a whole number of 1 or more", "line 1: 96369"),
}


def build_examples(decls, rule_ids: set[str], diags: Diagnostics) -> list[ir.Example]:
    """Every example of the spec that checks clean; the others get diagnostics."""
    derived = {d.target.text for d in decls if isinstance(d, nodes.DeriveDecl) and isinstance(d.target, nodes.CodeLit)}
    per_line = any(isinstance(d, nodes.DeriveDecl) and not isinstance(d.target, nodes.CodeLit) for d in decls)
    seen: dict[str, nodes.ExampleDecl] = {}
    examples = []
    for d in decls:
        if not isinstance(d, nodes.ExampleDecl):
            continue
        at = _Clauses(d)
        if d.name in seen:
            diags.error("duplicate-name", at.name, f"example `{d.name}` is already defined at line {seen[d.name].span.line}; "
                        "only the first would run", "give each example its own name")
        seen.setdefault(d.name, d)
        ex = build_example(d, rule_ids | RUNTIME_FINDINGS, derived, per_line, at, diags)
        if ex is not None:
            examples.append(ex)
    return examples


def build_example(d: nodes.ExampleDecl, known: set[str], derived: set[str], per_line: bool, at: _Clauses,
                  diags: Diagnostics) -> ir.Example | None:
    """The example as the generated test runs it, or None after diagnostics. `derived` are the codes a
    `derive CODE` counts; `per_line` says a `derive line.code` counts the codes of the example's lines."""
    before = len(diags.items)
    record = _record(d, diags)
    if record is not None:
        _parse(d, record, at, diags)
    _expectations(d, known, derived | ({c for _, c, _ in d.lines} if per_line else set()), at, diags)
    if any(x.severity == "error" for x in diags.items[before:]) or record is None:
        return None
    return ir.Example(d.name, d.description or "", record, d.outcome, d.line_rules, d.claim_rules, d.units, d.absent, d.span)


def _fields(fields, allowed, diags: Diagnostics, where: str) -> dict | None:
    out: dict = {}
    spans: dict = {}
    for f in fields:
        if f.name not in allowed:
            diags.error("unknown-example-field", f.span, f"{where} has no field `{f.name}`",
                        did_you_mean(f.name, allowed) or "fields: " + ", ".join(allowed))
            return None
        if f.name in out:
            diags.error("duplicate-name", f.span, f"`{f.name}` is already given at line {spans[f.name].line}",
                        f"keep one `{f.name}`")
            return None
        out[f.name], spans[f.name] = f.value, f.span  # Decimal stays exact; the runtime parser reads it
    return out


def _record(d: nodes.ExampleDecl, diags: Diagnostics) -> dict | None:
    """The example's encounter in the contract's JSON shape, or None when a field is unknown or repeated."""
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
        line = {"line": number, "code": code, "units": 1, "modifiers": [], **ln}
        if drug:
            line["drug"] = drug
        record["lines"].append(line)
    return record


def _parse(d: nodes.ExampleDecl, record: dict, at: _Clauses, diags: Diagnostics) -> None:
    """Reads the record as the generated test will, and reports each problem at the field it names."""
    skip = _duplicates(d, "lines", [n for n, _, _ in d.lines], at, diags)
    skip |= _duplicates(d, "episodes", [e for e, _ in d.episodes], at, diags)
    if not d.encounter:
        skip.update(("setting", "payer", "date_of_service"))
        diags.error("missing-example-field", at.name, f"example `{d.name}` has no `encounter` line",
                    "describe the encounter, e.g. `encounter setting physician, payer medicare, date_of_service 2024-08-14`")
    try:
        parse_encounter(record)
    except InvalidRecord as err:
        missing: dict = {}
        for p in err.problems:
            if p.path not in skip:
                _problem(d, record, p.path, p.message, at, diags, missing)
        for (whose, opening, clause), keys in missing.items():
            samples = ", ".join(FORMS[k][1] if k in FORMS else k for k in keys)
            diags.error("missing-example-field", clause, f"{whose} of example `{d.name}` has no "
                        + " and no ".join(f"`{k}`" for k in keys),
                        f"add {'it' if len(keys) == 1 else 'them'} to the `{opening}` line, e.g. `{samples}`")


def _duplicates(d: nodes.ExampleDecl, kind: str, keys: list, at: _Clauses, diags: Diagnostics) -> set[str]:
    """Reports a line number or episode name used twice; returns the paths the runtime would report it at."""
    first: dict = {}
    paths = set()
    for i, key in enumerate(keys):
        if key in first:
            paths.add(f"{kind}[{i}].{'line' if kind == 'lines' else 'id'}")
            diags.error("duplicate-name", at.item(kind, i), f"example `{d.name}` has two "
                        f"{'lines numbered' if kind == 'lines' else 'episodes named'} {key} "
                        f"(the first is at line {at.item(kind, first[key]).line})",
                        "number the lines 1, 2, 3, ..." if kind == "lines" else "give each episode its own name")
        first.setdefault(key, i)
    return paths


def _problem(d: nodes.ExampleDecl, record: dict, path: str, message: str, at: _Clauses, diags: Diagnostics,
             missing: dict) -> None:
    """One problem of the runtime's parser, at the field its path names; a field not written at all
    is added to `missing`, to be reported once per clause."""
    m = re.match(r"(lines|episodes)\[(\d+)\]\.?(.*)$", path)
    if m:
        kind, i, rest = m.group(1), int(m.group(2)), m.group(3)
        obj, clause = record[kind][i], at.item(kind, i)
        fields = d.lines[i][2] if kind == "lines" else d.episodes[i][1]
        whose = f"line {d.lines[i][0]}" if kind == "lines" else f"episode {d.episodes[i][0]}"
        opening = f"{whose}:" if kind == "lines" else whose  # how its clause starts
    else:
        rest, obj, fields, whose, opening, clause = path, record, d.encounter, "the encounter", "encounter", at.encounter
    key = re.sub(r"\[\d+\]$", "", rest.split(".")[-1]) if rest else ""
    written = next((f for f in reversed(fields) if f.name == key), None)
    what, sample = FORMS.get(key, ("a value codespec can read", None))
    if key and written is None and key not in obj:
        missing.setdefault((whose, opening, clause), []).append(key)
        return
    hint = f"write {what}, e.g. `{sample}`" if sample else "see the example forms in docs/language.md"
    value = written.value if written is not None else None
    if key == "modifiers" and isinstance(value, (str, int)) and re.fullmatch(r"[0-9A-Za-z]{1,4}", str(value)):
        hint = f"modifiers are a list in brackets, even a single one: write `modifiers [{str(value).upper()}]`"
    subject = {"line": "the line number", "code": "the code", "": "the record"}.get(key, f"`{key}`")
    diags.error("invalid-example-input", written.span if written is not None else clause,
                f"{subject} of {whose} in example `{d.name}`: {message}", hint)


def _expectations(d: nodes.ExampleDecl, known: set[str], derived: set[str], at: _Clauses, diags: Diagnostics) -> None:
    """Each expectation names a line of the example, a rule of the spec, a code it derives."""
    numbers = [n for n, _, _ in d.lines]
    for i, (number, names) in enumerate(d.line_rules):
        if number not in numbers:
            diags.error("unknown-example-line", at.expected_line(i), f"example `{d.name}` has no line {number}",
                        f"expect findings on one of its lines ({', '.join(map(str, numbers))})" if numbers
                        else f"add `line {number}: CODE ...` to the example")
    named = [(name, "line_rule", (i, j)) for i, (_, names) in enumerate(d.line_rules) for j, name in enumerate(names)]
    named += [(name, "claim_rule", (j,)) for j, name in enumerate(d.claim_rules or ())]
    named += [(name, "absent_rule", (j,)) for j, name in enumerate(d.absent)]
    for name, where, index in named:
        if name == "invalid_input":
            diags.error("unknown-rule", getattr(at, where)(*index), f"example `{d.name}` expects `invalid_input`, "
                        "a finding only unreadable input gets",
                        "drop it: `codespec check` already makes sure every example can be read")
        elif name not in known:
            diags.error("unknown-rule", getattr(at, where)(*index), f"example `{d.name}` expects unknown rule `{name}`",
                        did_you_mean(name, known) or "name a rule of this spec: " + ", ".join(sorted(known)))
    if d.outcome == "invalid":
        diags.error("example-expects-invalid", at.outcome or at.name,
                    f"example `{d.name}` expects `invalid`, but an example shows what the rules decide",
                    "an example's encounter must be one codespec can read, for the rules to judge it: "
                    "write `expect accept`, `expect warn` or `expect reject`")
    # Always an error: derived units come from this spec's `derive`s alone, so no count, not even 0, can match.
    for j, (code, _) in enumerate(d.units):
        if code not in derived:
            diags.error("units-not-derived", _nth(at.units, j, at.name),
                        f"example `{d.name}` expects units of {code}, which nothing in this spec derives",
                        f"expect units of a code a `derive` counts: {', '.join(sorted(derived))}" if derived
                        else f"add `derive {code} per encounter = ...`, or drop this `expect units`")


def _nth(spans: list, i: int, default: Span) -> Span:
    return spans[i] if i < len(spans) else default


class _Clauses:
    """Where each clause of one example is (nodes.ExampleSpans), asked for by what a diagnostic is
    about; anything the spans lack falls back to the example's name."""

    def __init__(self, d: nodes.ExampleDecl) -> None:
        spans = d.spans
        self.name = spans.name if spans else d.span
        self.encounter: Span = (spans.encounter if spans else None) or self.name
        self.outcome: Span | None = spans.outcome if spans else None
        self.units: list[Span] = list(spans.units) if spans else []
        self._spans = spans

    def item(self, kind: str, i: int) -> Span:
        found = () if self._spans is None else (self._spans.lines if kind == "lines" else self._spans.episodes)
        return _nth(list(found), i, self.name)

    def expected_line(self, i: int) -> Span:
        rules = self._spans.line_rules if self._spans else ()
        return rules[i][0] if i < len(rules) else self.name

    def line_rule(self, i: int, j: int) -> Span:
        rules = self._spans.line_rules if self._spans else ()
        return _nth(list(rules[i][1]), j, self.name) if i < len(rules) else self.name

    def claim_rule(self, j: int) -> Span:
        return _nth(list(self._spans.claim_rules) if self._spans else [], j, self.name)

    def absent_rule(self, j: int) -> Span:
        return _nth(list(self._spans.absent) if self._spans else [], j, self.name)
