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
    if args.format == "json":
        print(render_json(warnings))
    else:
        if warnings:
            _print_diagnostics(warnings, "text", sys.stderr)
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


def validate_records(paths, evaluators, on_unreadable=None):
    """Yield one result per input record, in input order.

    A file that cannot be read (missing, a directory, an I/O error) is passed to `on_unreadable`
    (path, error) and the next file is read; without a callback the OSError is raised. A record whose
    validation fails for a reason of codespec's own still yields its result (`results.failed`), so
    that one record never takes the rest of the input with it."""
    from .runtime import results
    from .runtime.model import Problem
    from .runtime.records import read_records

    for path in paths:
        try:
            for raw in read_records(path):
                if raw.error is not None:
                    yield results.invalid(None, [Problem(raw.path, raw.error)], raw.source)
                    continue
                try:
                    result = results.evaluate(raw.value, evaluators, raw.source)
                except Exception as exc:  # noqa: BLE001 - reported in the record's result, not lost
                    result = results.failed(raw.value, raw.source, exc)
                yield result
        except OSError as err:
            if on_unreadable is None:
                raise
            on_unreadable(path, err)


def _one_line(text: str) -> str:
    """Text with its non-printable characters escaped, so that a record stays on its lines."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else json.dumps(c)[1:-1] for c in text)


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
    return "\n".join(_one_line(text) for text in out)


_RENDER = {
    "json": lambda result, first: ("\n" if first else ",\n") + json.dumps(result),
    "jsonl": lambda result, first: json.dumps(result) + "\n",
    "text": lambda result, first: _text(result) + "\n",
}


def cmd_validate(args) -> int:
    from .runtime import results

    try:
        evaluators = _evaluators(args.interpret)
    except CompileError as err:
        _print_diagnostics(err.diagnostics, "text", sys.stderr)
        return EXIT_FINDINGS
    unreadable = []

    def report_unreadable(path, err) -> None:
        unreadable.append(path)
        print(f"codespec: cannot read input {path}: {err.strerror or err}; going on with the next input",
              file=sys.stderr)

    render = _RENDER[args.format]
    if hasattr(sys.stdout, "reconfigure"):  # a terminal that cannot show a character gets its escape
        sys.stdout.reconfigure(errors="backslashreplace")
    worst = EXIT_OK
    first = True
    try:
        if args.format == "json":
            sys.stdout.write("[")
        for result in validate_records(args.inputs, evaluators, report_unreadable):
            try:
                out = render(result, first)
            except Exception as exc:  # noqa: BLE001 - a value codespec cannot render: say so in its place
                result = results.failed({"id": result.get("id")}, None, exc)
                out = render(result, first)
            if result["outcome"] in ("reject", "invalid"):
                worst = EXIT_FINDINGS
            sys.stdout.write(out)
            first = False
        if args.format == "json":
            sys.stdout.write("\n]\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # Whoever read the output stopped (`| head`): nothing more to say, and nowhere to say it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_USAGE
    except OSError as err:  # inputs report their own errors, so this is the output
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more can be written there
        print(f"codespec: cannot write output: {err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_USAGE if unreadable else worst


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
    p = sub.add_parser("validate", help="validate encounter records (JSON or JSONL files; - reads JSONL from stdin)")
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
