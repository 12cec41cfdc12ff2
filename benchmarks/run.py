"""Benchmark: generated validators vs a hand-written baseline vs the IR interpreter.

    python benchmarks/run.py [--n 2000] [--repeat 5] [--seed 0] [--json]

Generates encounters (benchmarks/encounters.py), parses them once with
`compiler.runtime.model.parse_encounter` (invalid ones are skipped), then times validating all parsed
records with each evaluator (best of --repeat, time.perf_counter, garbage collector paused during a
timed pass as `timeit` does).  Parsing is timed separately, for information only.  Ratios are taken
from throughputs measured in this one run; absolute numbers depend on the machine.

This is a benchmark run on demand, not a test: it always exits 0 once it has run.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
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

import baseline  # noqa: E402
import encounters  # noqa: E402

# (name, numerator, denominator, minimum ratio of throughputs)
TARGETS = (
    ("generated_vs_baseline", "generated", "baseline", 0.8),
    ("generated_vs_interpreter", "generated", "interpreter", 20.0),
)

# Severity of the catalogue rules the baseline emits (facts.md section 13).
BASELINE_SEVERITY = {"units_below_time_support": "info"}


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


def _findings(result):
    """Flatten an evaluator's result into (rule, severity) pairs, whatever its shape."""
    if result is None:
        return
    if isinstance(result, dict):
        if "rule" in result:
            yield result["rule"], result.get("severity") or BASELINE_SEVERITY.get(result["rule"], "error")
            return
        result = result.get("findings", ())
    elif hasattr(result, "findings"):
        result = result.findings
    elif hasattr(result, "rule"):
        yield result.rule, getattr(result, "severity", None)
        return
    for item in result:
        yield from _findings(item)


def count(fn, records) -> dict:
    findings = records_flagged = records_with_error = 0
    for rec in records:
        pairs = list(_findings(fn(rec)))
        findings += len(pairs)
        records_flagged += bool(pairs)
        records_with_error += any(sev == "error" for _, sev in pairs)
    return {"findings": findings, "records_with_findings": records_flagged,
            "records_with_error": records_with_error}


def _pairs(result, record) -> set:
    """(rule, line number or None) of the findings that decide outcomes (info findings left out)."""
    numbers = {line.index: line.line for line in record.lines}
    out = set()
    for item in result:
        if isinstance(item, dict):
            if BASELINE_SEVERITY.get(item["rule"], "error") != "info":
                out.add((item["rule"], item["line"]))
        else:
            for f in item.findings:
                if f.severity != "info":
                    out.add((f.rule, numbers.get(f.line_index)))
    return out


def agreement(a, b, records) -> dict:
    """How many records two evaluators judge identically (same rule on the same line)."""
    same = sum(_pairs(a(rec), rec) == _pairs(b(rec), rec) for rec in records)
    return {"records": len(records), "identical": same}


def best_time(fn, items, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            t0 = time.perf_counter()
            for item in items:
                fn(item)
            elapsed = time.perf_counter() - t0
        finally:
            if gc_was_enabled:
                gc.enable()
        best = min(best, elapsed)
    return best


def parse_all(raw: list[dict]) -> tuple[list, int]:
    records, invalid = [], 0
    for obj in raw:
        try:
            records.append(parse_encounter(obj))
        except InvalidRecord:
            invalid += 1
    return records, invalid


def _parse_one(obj):
    try:
        return parse_encounter(obj)
    except InvalidRecord:
        return None


def run(n: int, repeat: int, seed: int) -> dict:
    raw = encounters.generate(n, seed)
    records, invalid = parse_all(raw)
    parse_seconds = best_time(_parse_one, raw, repeat)
    available, missing = load_evaluators()

    results: dict = {}
    for name in ("baseline", "generated", "interpreter"):
        if name in missing:
            results[name] = {"available": False, "reason": missing[name]}
            continue
        fn = available[name]
        try:
            counts = count(fn, records)  # also warms up caches before timing
            seconds = best_time(fn, records, repeat)
        except Exception as exc:
            results[name] = {"available": False,
                             "reason": f"failed while validating: {type(exc).__name__}: {exc}",
                             "traceback": traceback.format_exc(limit=4)}
            continue
        results[name] = {"available": True, "seconds": seconds,
                         "per_second": len(records) / seconds if seconds > 0 else float("inf"), **counts}

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

    return {
        "agreement_baseline_generated": agree,
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
        print(f"\nbaseline and generated flag the same rules on the same lines (errors and warnings) in "
              f"{agree['identical']} of {agree['records']} records")
    print("(findings counts are for information; evaluators report different extras, e.g. incomplete_data)")


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
