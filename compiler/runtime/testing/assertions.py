"""Assertions of the generated tests; each failure names the rule or derive, where the spec states it,
and the values involved."""

from __future__ import annotations

import json
from collections import Counter

from .. import results
from ..model import Encounter, parse_encounter
from .describe import describe_values
from .transforms import stretch


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


def report_in(validate_all, index: int):
    """One spec's report as validate_all gives it (every spec's, in spec-name order)."""
    def report(record: Encounter):
        return validate_all(record)[index]

    return report


def assert_agree(evaluators: dict, oracle, record: Encounter, module=None, note: str = "") -> None:
    """Each evaluator ({label: validate}) reaches the oracle's findings and derived units."""
    expected = oracle.validate(record)
    for label, validate in evaluators.items():
        assert_same_report(validate(record), expected, record, module=module, labels=(label, "IR interpreter"),
                           note=note)


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
        # Exactly the warnings and errors named; an info finding only when named (it never changes the outcome).
        expected = set(ex.claim_rules)
        every_claim = {f["rule"] for f in result["claim_findings"]}
        got = {f["rule"] for f in result["claim_findings"] if f["severity"] != "info"}
        if not expected <= every_claim or not got <= expected:
            fail(f"claim findings {sorted(every_claim)}, expected {sorted(expected)}", (expected - every_claim) | (got - expected))
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
