"""`codespec coverage [SPEC...]`: per rule, which sides of each boundary the generated tests reach.

Runs each spec's generated tests with the IR interpreter traced (see compiler/coverage) and lists,
for every comparison against a constant or table value and every `steps` band edge, how often the
compared value fell below, at and above it.

Exit codes: 0 every reachable side was hit and the tests pass; 1 a side was never hit, a test
failed, or a spec has errors; 2 usage errors, unreadable specs, or tests that cannot be run.
"""

from __future__ import annotations

import json
import sys


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("coverage", help="which sides of each rule's boundaries the generated tests reach")
    p.add_argument("specs", nargs="*", help="spec files (default: every spec in specs/)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--profile", help="Hypothesis profile of the test run (default: $HYPOTHESIS_PROFILE, else ci)")
    p.set_defaults(handler=run_coverage)


def run_coverage(args) -> int:
    from ..cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
    from ._specs import compile_named
    from ..coverage import report
    from ..boundaries import module_boundaries
    from ..coverage.measure import MeasureError, run_tests
    from ..pipeline import ROOT

    compiled, failed = compile_named("coverage", args.specs)
    if compiled is None:
        return failed
    specs = [(c.source.path, c.module.name) for c in compiled]
    try:
        measured = run_tests(ROOT, specs, args.profile)
    except MeasureError as err:
        print(f"codespec coverage: {err}", file=sys.stderr)
        return EXIT_USAGE
    tests = {"collected": measured.tests, "failed": measured.failed, "pytest_exit": measured.exitstatus}
    summary = f"{measured.tests} tests, {measured.failed} failed" if measured.exitstatus in (0, 1) else \
        f"{measured.tests} tests; pytest exit {measured.exitstatus}"
    missing = 0
    outputs = []
    for c in compiled:
        groups = report.build(c.module, module_boundaries(c.module), measured.hits.get(c.source.path, {}))
        missing += report.missing_count(groups)
        outputs.append(report.to_json(c.source.path, groups, tests) if args.format == "json"
                       else report.render_text(c.source.path, groups, summary))
    ok = missing == 0 and measured.exitstatus == 0
    if args.format == "json":
        print(json.dumps({"specs": outputs, "missing": missing, "tests": tests, "ok": ok}, indent=2))
    else:
        print("\n\n".join(outputs))
        verdict = "every reachable side was hit" if missing == 0 else f"{missing} reachable side(s) never hit (NEVER above)"
        print(f"\n{verdict}; generated tests: {summary}")
    if measured.exitstatus != 0:
        tail = "\n".join(measured.output.strip().splitlines()[-15:])
        print(f"codespec coverage: the generated tests did not pass:\n{tail}", file=sys.stderr)
    return EXIT_OK if ok else EXIT_FINDINGS
