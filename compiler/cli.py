"""`codespec` command line: a thin layer over the pipeline and the runtime. main(argv) -> exit code.

Exit codes: 0 no error findings; 1 error findings or spec errors (or stale generated/ for
`build --check`); 2 usage errors or unreadable input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from .diagnostics import CompileError, render_all, render_json

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _print_diagnostics(diags, fmt: str, stream) -> None:
    from .pipeline import ROOT

    print(render_json(diags) if fmt == "json" else render_all(diags, ROOT), file=stream)


def cmd_check(args) -> int:
    from .commands._specs import compile_named

    compiled, failed = compile_named("check", args.specs, args.format)
    if compiled is None:
        return failed
    warnings = [w for c in compiled for w in c.warnings]
    if warnings:
        _print_diagnostics(warnings, args.format, sys.stderr)
    if args.format == "json":
        print(render_json(warnings))
    else:
        print(f"{len(compiled)} spec(s) ok: " + ", ".join(c.source.path for c in compiled))
    return EXIT_OK


def cmd_build(args) -> int:
    from .pipeline import build

    try:
        problems = build(check_only=args.check)
    except CompileError as err:
        _print_diagnostics(err.diagnostics, "text", sys.stderr)
        return EXIT_FINDINGS
    if args.check:
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            print("generated/ is out of date: run `codespec build`", file=sys.stderr)
            return EXIT_FINDINGS
        print("generated/ is up to date")
        return EXIT_OK
    print(f"wrote {len(problems)} file(s)" if problems else "generated/ already up to date")
    return EXIT_OK


def _evaluators(interpret: bool):
    if interpret:
        from .interp import load_interpreters

        return [i.validate for i in load_interpreters()]
    import generated.validators as gv

    return [gv.validate_all]


def validate_records(paths, evaluators):
    """Yield one result per input record, in input order; unreadable files raise OSError."""
    from .runtime import results
    from .runtime.model import Problem
    from .runtime.records import read_records

    for path in paths:
        for raw in read_records(path):
            if raw.error is not None:
                yield results.invalid(None, [Problem("", raw.error)], raw.source)
                continue
            yield results.evaluate(raw.value, evaluators, raw.source)


def _text(result: dict) -> str:
    ident = result["id"]
    if ident is None:
        ident = "(no id)"
    elif not ident.isprintable():  # one line per record: a newline in an id must not start another
        ident = json.dumps(ident)
    out = [f"{ident}: {result['outcome']}"]
    for f in result["claim_findings"]:
        where = ", ".join(x for x in (f.get("path") and f"at {f['path']}", f.get("source"), f.get("spec")) if x)
        out.append(f"  claim: {f['severity']} {f['rule']}: {f['message']}" + (f"  [{where}]" if where else ""))
    for line in result["lines"]:
        for f in line["findings"]:
            out.append(f"  line {line['line']} ({line['code']}): {f['severity']} {f['rule']}: {f['message']}  [{f['spec']}]")
    return "\n".join(out)


def cmd_validate(args) -> int:
    try:
        evaluators = _evaluators(args.interpret)
    except CompileError as err:
        _print_diagnostics(err.diagnostics, "text", sys.stderr)
        return EXIT_FINDINGS
    worst = EXIT_OK
    first = True
    try:
        if args.format == "json":
            sys.stdout.write("[")
        for result in validate_records(args.inputs, evaluators):
            if result["outcome"] in ("reject", "invalid"):
                worst = EXIT_FINDINGS
            if args.format == "json":
                sys.stdout.write(("\n" if first else ",\n") + json.dumps(result))
            elif args.format == "jsonl":
                sys.stdout.write(json.dumps(result) + "\n")
            else:
                print(_text(result))
            first = False
        if args.format == "json":
            sys.stdout.write("\n]\n")
    except BrokenPipeError:
        # Whoever read the output stopped (`| head`): nothing more to say, and nowhere to say it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_USAGE
    except (OSError, UnicodeDecodeError) as err:
        if args.format == "json":
            sys.stdout.write("\n]\n")
        print(f"codespec: cannot read input: {err}", file=sys.stderr)
        return EXIT_USAGE
    return worst


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="codespec", description="Coding-rule specs compiled to claim validators.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="parse and check specs; print diagnostics")
    p.add_argument("specs", nargs="*")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=cmd_check)
    p = sub.add_parser("build", help="write generated/ from specs/ (--check: verify it is current)")
    p.add_argument("--check", action="store_true")
    p.set_defaults(handler=cmd_build)
    p = sub.add_parser("validate", help="validate encounter records (JSON or JSONL files)")
    p.add_argument("inputs", nargs="+")
    p.add_argument("--format", choices=("text", "json", "jsonl"), default="text")
    p.add_argument("--interpret", action="store_true", help="evaluate the specs with the IR interpreter")
    p.set_defaults(handler=cmd_validate)
    from .commands import register

    register(sub)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors
        return int(exc.code or 0)
    return args.handler(args)
