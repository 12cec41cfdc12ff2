"""`codespec mutate [SPEC...]`: how many deliberate mistakes in a spec its own tests would catch.

Exit codes: 0 score at least --min-score; 1 score below it, spec errors, or the unmutated tests
failing; 2 usage errors or unreadable specs.
"""

from __future__ import annotations

import argparse
import os
import sys

from ._specs import number


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("mutate", help="mutation testing: mutate each spec's IR and run its generated tests")
    p.add_argument("specs", nargs="*", help="spec files (default: every spec in specs/)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--jobs", type=number(int), default=os.cpu_count() or 1, help="parallel test runs")
    p.add_argument("--limit", type=number(int, zero=True), help="run only the first N distinct mutants")
    p.add_argument("--rule", action="append", metavar="ID", help="only mutants inside this rule (repeatable)")
    p.add_argument("--timeout", type=number(float), default=120.0, help="seconds per mutant (default 120)")
    p.add_argument("--min-score", type=_fraction, default=0.95, help="exit 1 below this score (default 0.95)")
    p.add_argument("--verbose", action="store_true", help="list every mutant with its verdict")
    p.add_argument("--progress", action="store_true", help="report each finished mutant on stderr")
    p.set_defaults(handler=run_mutate)


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"a score is between 0 and 1: {text!r}")
    return value


def run_mutate(args) -> int:
    from ..cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
    from ._specs import compile_named
    from ..mutation import report, runner

    compiled, failed = compile_named("mutate", args.specs)
    if compiled is None:
        return failed
    rules = set(args.rule) if args.rule else None
    if rules is not None:
        known = {r.id for c in compiled for r in c.module.rules}
        if rules - known:
            print(f"codespec mutate: unknown rule(s) {', '.join(sorted(rules - known))}; "
                  f"rules: {', '.join(sorted(known))}", file=sys.stderr)
            return EXIT_USAGE

    plans = [runner.plan(c, rules, compiled) for c in compiled]

    def progress(done: int, total: int, r: runner.Result) -> None:
        print(f"[{done}/{total}] {r.status} {r.mutant.location} {r.mutant.description}", file=sys.stderr, flush=True)

    try:
        results = runner.run(plans, compiled, args.jobs, args.timeout, args.limit, progress if args.progress else None)
    except runner.BaselineError as err:
        print(f"codespec mutate: {err}", file=sys.stderr)
        return EXIT_FINDINGS
    summary = report.summarize(plans, results, complete=rules is None and args.limit is None)
    print(report.to_json(summary) if args.format == "json" else report.to_text(summary, args.min_score, args.verbose))
    return EXIT_OK if summary.score is None or summary.score >= args.min_score else EXIT_FINDINGS
