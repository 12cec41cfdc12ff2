"""Benchmark: generated validators vs a hand-written baseline vs the IR interpreter.

    python benchmarks/run.py [--n 2000] [--repeat 5] [--seed 0] [--json]

Generates encounters (benchmarks/encounters.py), parses them once with
`compiler.runtime.model.parse_encounter` (invalid ones are skipped), then times validating all parsed
records with each evaluator (best of --repeat passes, the evaluators' passes alternating,
time.perf_counter, garbage collector paused during a timed pass as `timeit` does).  Parsing is timed separately, for information only.  Ratios are taken
from throughputs measured in this one run; absolute numbers depend on the machine.  Untimed, it then
checks that the baseline and the generated validators agree record by record on every finding
(rule, severity, line number, episode; info included) and on the derived units, and shows the first
differences if they do not.  Last, it lists how many findings each rule of specs/*.rules (and each
payer override) produced, naming any that never fired: a rule the encounters never reach is a rule
the agreement check says nothing about.

This is a benchmark run on demand, not a test: it always exits 0 once it has run.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import re
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from compiler.runtime.model import InvalidRecord, parse_encounter  # noqa: E402
from compiler.runtime.results import json_value, merge_derived  # noqa: E402

import baseline  # noqa: E402
import encounters  # noqa: E402

SPECS = ROOT / "specs"
_RULE = re.compile(r"^rule\s+(\w+)", re.M)
_OVERRIDE = re.compile(r"^override\s+(\w+)\s+for\s+payer\s+(\w+(?:\s*,\s*\w+)*)", re.M)

# (name, numerator, denominator, minimum ratio of throughputs)
TARGETS = (
    ("generated_vs_baseline", "generated", "baseline", 0.8),
    ("generated_vs_interpreter", "generated", "interpreter", 20.0),
)

def load_evaluators() -> tuple[dict, dict]:
    """name -> callable(record); name -> reason an evaluator is not available."""
    available: dict = {"baseline": baseline.validate}
    missing: dict = {}
    try:
        import generated.validators as gv

        available["generated"] = gv.validate_all
    except Exception as exc:  # the generated package may not exist yet
        missing["generated"] = f"cannot import generated.validators: {type(exc).__name__}: {exc}"
    try:
        from compiler.interp import load_interpreters

        interps = tuple(load_interpreters())

        def interpret(record, _interps=interps):
            return [i.validate(record) for i in _interps]

        available["interpreter"] = interpret
    except Exception as exc:
        missing["interpreter"] = f"cannot load compiler.interp.load_interpreters(): {type(exc).__name__}: {exc}"
    return available, missing


def _reports(result) -> list:
    """The spec modules' reports of one record (generated and interpreter give a list of them)."""
    return result if isinstance(result, list) else [result]


def _baseline_label(f: dict) -> str:
    """Rule name as compared; `incomplete_data`, `rule_not_in_force` and `table_not_in_force` also name
    what they are about."""
    if f["rule"] in ("incomplete_data", "rule_not_in_force"):
        return f"{f['rule']}({f['checks']})"
    if f["rule"] == "table_not_in_force":
        return f"table_not_in_force({f['table']})"
    return f["rule"]


def _values(values: dict | None) -> str:
    """A baseline finding's report values as the output contract writes them (json_value: sets as
    sorted lists, instants in ISO 8601; the baseline keeps amounts in the units they are reported in)."""
    return "" if values is None else json.dumps({k: json_value(v) for k, v in values.items()}, sort_keys=True)


def normalize(result, record) -> tuple[set, dict]:
    """One evaluator's verdict on a record as (set of (rule, severity, line number, episode, report
    values as JSON), derived units).

    The baseline returns {"findings": [dicts], "derived": {...}}; the generated validators and the
    interpreter return one Report per spec module, whose findings name lines by input position and
    whose derived units are summed over modules as the output contract does. An incomplete_data
    finding is compared by the rule it could not decide (its `missing` inputs are worked out only
    when it is shown, and the baseline does not list them).
    """
    if isinstance(result, dict):
        found = {(_baseline_label(f), f["severity"], f["line"], f["episode"], _values(f.get("values")))
                 for f in result["findings"]}
        return found, dict(result["derived"])
    numbers = {line.index: line.line for line in record.lines}
    found: set = set()
    derived: dict = {}
    for report in _reports(result):
        for f in report.findings:
            line = None if f.line_index is None else numbers[f.line_index]
            if f.rule == "incomplete_data":
                found.add((f"incomplete_data({f.raw['checks']})", f.severity, line, f.episode, ""))
            else:
                found.add((f.rule, f.severity, line, f.episode, json.dumps(f.values, sort_keys=True)))
        for name in report.tables_out_of_force:
            found.add((f"table_not_in_force({name})", "warning", None, None, ""))
        for rule_id in report.rules_out_of_force:
            found.add((f"rule_not_in_force({rule_id})", "warning", None, None, ""))
        for code, units in report.derived.items():
            merge_derived(derived, code, units)
    return found, derived


def count(fn, records) -> dict:
    """Findings, flagged records and records with an error; `fired` counts each rule's own findings
    (not `incomplete_data` or `..._not_in_force`) per payer of the record, for the coverage line."""
    findings = records_flagged = records_with_error = 0
    fired: dict[str, dict[str, int]] = {}
    for rec in records:
        found, _ = normalize(fn(rec), rec)
        findings += len(found)
        records_flagged += bool(found)
        records_with_error += any(sev == "error" for _, sev, _, _, _ in found)
        for rule, _sev, _line, _episode, _values in found:
            if "(" not in rule:
                per_payer = fired.setdefault(rule, {})
                per_payer[rec.payer] = per_payer.get(rec.payer, 0) + 1
    return {"findings": findings, "records_with_findings": records_flagged,
            "records_with_error": records_with_error,
            "fired": {r: {p: fired[r][p] for p in sorted(fired[r])} for r in sorted(fired)}}


def spec_rules(specs: Path = SPECS) -> list[tuple[str, str | None]]:
    """What the coverage line expects to fire: every `rule` of specs/*.rules as (id, None), and each
    payer of an `override` as (id, payer), since only that payer's claims reach the override."""
    targets: set = set()
    for path in sorted(specs.glob("*.rules")):
        text = path.read_text(encoding="utf-8")
        targets.update((rule, None) for rule in _RULE.findall(text))
        for rule, payers in _OVERRIDE.findall(text):
            targets.update((rule, payer.strip()) for payer in payers.split(","))
    return sorted(targets, key=lambda t: (t[0], t[1] or ""))


def coverage(fired: dict, targets: list) -> dict:
    """Findings per spec rule (and per overriding payer) over the run, and the targets that never fired."""
    counts = {}
    for rule, payer in targets:
        per_payer = fired.get(rule, {})
        label = rule if payer is None else f"{rule} for payer {payer}"
        counts[label] = sum(per_payer.values()) if payer is None else per_payer.get(payer, 0)
    return {"findings_per_rule": counts, "never_fired": [label for label, n in counts.items() if n == 0]}


def agreement(a, b, records, names=("baseline", "generated"), show: int = 5) -> dict:
    """How many records two evaluators judge identically: every finding (info included) and derived units.

    For the first `show` differing records it lists the findings only one side reports (as
    [rule, severity, line, episode, report values]) and both sides' derived units when they differ;
    `differing_by_rule` counts the differing records per rule (`derived_units` for the units).
    """
    same = 0
    by_rule: dict[str, int] = {}
    examples: list = []
    for rec in records:
        found_a, derived_a = normalize(a(rec), rec)
        found_b, derived_b = normalize(b(rec), rec)
        if found_a == found_b and derived_a == derived_b:
            same += 1
            continue
        rules = {f[0] for f in found_a ^ found_b}
        if derived_a != derived_b:
            rules.add("derived_units")
        for rule in rules:
            by_rule[rule] = by_rule.get(rule, 0) + 1
        if len(examples) < show:
            key = lambda f: (f[0], f[1], -1 if f[2] is None else f[2], f[3] or "")  # noqa: E731
            diff = {"record": rec.id,
                    f"only_{names[0]}": [list(f) for f in sorted(found_a - found_b, key=key)],
                    f"only_{names[1]}": [list(f) for f in sorted(found_b - found_a, key=key)]}
            if derived_a != derived_b:
                diff[f"derived_{names[0]}"] = {c: derived_a[c] for c in sorted(derived_a)}
                diff[f"derived_{names[1]}"] = {c: derived_b[c] for c in sorted(derived_b)}
            examples.append(diff)
    return {"records": len(records), "identical": same,
            "differing_by_rule": {r: by_rule[r] for r in sorted(by_rule)}, "first_differences": examples}


def one_pass(fn, items) -> float:
    """Seconds for fn over every item, the garbage collector paused (as `timeit` does)."""
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        t0 = time.perf_counter()
        for item in items:
            fn(item)
        return time.perf_counter() - t0
    finally:
        if gc_was_enabled:
            gc.enable()


def best_time(fn, items, repeat: int) -> float:
    return min(one_pass(fn, items) for _ in range(repeat))


def _failed(exc: Exception) -> dict:
    return {"available": False, "reason": f"failed while validating: {type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(limit=4)}


def _parse_one(obj):
    try:
        return parse_encounter(obj)
    except InvalidRecord:
        return None


def parse_all(raw: list[dict]) -> tuple[list, int]:
    parsed = [_parse_one(obj) for obj in raw]
    records = [rec for rec in parsed if rec is not None]
    return records, len(parsed) - len(records)


def run(n: int, repeat: int, seed: int) -> dict:
    raw = encounters.generate(n, seed)
    records, invalid = parse_all(raw)
    parse_seconds = best_time(_parse_one, raw, repeat)
    available, missing = load_evaluators()

    results: dict = {}
    counted: dict = {}
    for name in ("baseline", "generated", "interpreter"):
        if name in missing:
            results[name] = {"available": False, "reason": missing[name]}
            continue
        try:
            counted[name] = count(available[name], records)  # also warms up caches before timing
        except Exception as exc:
            results[name] = _failed(exc)
    # Timed passes alternate between the evaluators, so a change of machine load during the run
    # touches all of them alike; each keeps its best pass.
    best = dict.fromkeys(counted, float("inf"))
    for _ in range(repeat):
        for name in list(best):
            try:
                best[name] = min(best[name], one_pass(available[name], records))
            except Exception as exc:
                results[name] = _failed(exc)
                del best[name]
    for name, seconds in best.items():
        results[name] = {"available": True, "seconds": seconds,
                         "per_second": len(records) / seconds if seconds > 0 else float("inf"), **counted[name]}
    results = {name: results[name] for name in ("baseline", "generated", "interpreter")}

    ratios: dict = {}
    for key, num, den, target in TARGETS:
        a, b = results[num], results[den]
        if a.get("available") and b.get("available"):
            value = a["per_second"] / b["per_second"]
            ratios[key] = {"value": value, "target": target, "status": "PASS" if value >= target else "MISS"}
        else:
            absent = [x for x in (num, den) if not results[x].get("available")]
            ratios[key] = {"value": None, "target": target, "status": "N/A",
                           "reason": "not available: " + ", ".join(absent)}

    agree = None
    if results.get("baseline", {}).get("available") and results.get("generated", {}).get("available"):
        agree = agreement(available["baseline"], available["generated"], records)

    targets = spec_rules()
    rule_coverage = {name: coverage(e["fired"], targets) for name, e in results.items() if e.get("available")}

    return {
        "agreement_baseline_generated": agree,
        "rule_coverage": rule_coverage,
        "n_generated": n, "seed": seed, "repeat": repeat,
        "records_parsed": len(records), "records_invalid": invalid,
        "parse": {"seconds": parse_seconds, "per_second": len(raw) / parse_seconds if parse_seconds else None},
        "evaluators": results, "ratios": ratios,
        "python": platform.python_version(), "platform": platform.platform(),
    }


def print_text(r: dict) -> None:
    print(f"codespec benchmark: {r['n_generated']} encounters generated (seed {r['seed']}), "
          f"{r['records_parsed']} parsed, {r['records_invalid']} invalid skipped; best of {r['repeat']}")
    print(f"Python {r['python']} on {r['platform']}")
    p = r["parse"]
    print(f"parsing (information, not compared): {p['per_second']:,.0f} encounters/s ({p['seconds']:.4f} s)")
    print()
    print(f"{'evaluator':<12} {'seconds':>9} {'encounters/s':>14} {'findings':>9} {'flagged':>8} {'w/ error':>8}")
    for name, e in r["evaluators"].items():
        if e["available"]:
            print(f"{name:<12} {e['seconds']:>9.4f} {e['per_second']:>14,.0f} {e['findings']:>9} "
                  f"{e['records_with_findings']:>8} {e['records_with_error']:>8}")
        else:
            print(f"{name:<12} NOT AVAILABLE: {e['reason']}")
    print()
    print("ratios (throughput, this run):")
    for key, x in r["ratios"].items():
        label = key.replace("_vs_", " / ")
        value = f"{x['value']:.2f}x" if x["value"] is not None else "n/a"
        extra = f"  ({x['reason']})" if "reason" in x else ""
        print(f"  {label:<24} {value:>9}   target >= {x['target']:g}x   {x['status']}{extra}")
    agree = r.get("agreement_baseline_generated")
    if agree:
        print(f"\nbaseline and generated agree on every finding (rule, severity, line, episode, report values; info included) "
              f"and on the derived units in {agree['identical']} of {agree['records']} records")
        if agree["differing_by_rule"]:
            print("records differing, by rule: "
                  + ", ".join(f"{rule} {n}" for rule, n in agree["differing_by_rule"].items()))
            for diff in agree["first_differences"]:
                print("  " + json.dumps(diff))
    # Evaluators with the same counts share one listing (the usual case: they agree).
    groups: dict[str, list] = {}
    for name, cov in r["rule_coverage"].items():
        groups.setdefault(json.dumps(cov, sort_keys=True), []).append(name)
    for key, names in groups.items():
        cov = json.loads(key)
        counts = cov["findings_per_rule"]
        print(f"\nrules that fired at least once ({', '.join(names)}): {len(counts) - len(cov['never_fired'])} "
              f"of {len(counts)} spec rules and payer overrides; findings per rule:")
        print("  " + ", ".join(f"{label} {n}" for label, n in sorted(counts.items())))
        if cov["never_fired"]:
            print("  never fired: " + ", ".join(cov["never_fired"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="encounters to generate (default 2000)")
    ap.add_argument("--repeat", type=int, default=5, help="timed passes per evaluator; best is kept (default 5)")
    ap.add_argument("--seed", type=int, default=0, help="random seed of the generator (default 0)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = ap.parse_args(argv)
    if args.n < 1 or args.repeat < 1:
        ap.error("--n and --repeat must be >= 1")
    result = run(args.n, args.repeat, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for name, e in result["evaluators"].items():
            if not e["available"]:
                print(f"note: evaluator '{name}' is not available: {e['reason']}", file=sys.stderr)
        print_text(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
