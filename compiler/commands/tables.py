"""`codespec tables import KIND FILE...`: refresh a reference table from CMS's quarterly files.

Exit codes: 0 written (or, with --check, already up to date); 1 --check found differences, or the
specs do not compile; 2 usage errors and unreadable or malformed files.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from datetime import date
from pathlib import Path

from ..cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE



def add_parser(subparsers) -> None:
    from ..tables_import import KINDS

    tables = subparsers.add_parser("tables", help="maintain the reference tables in specs/tables/")
    sub = tables.add_subparsers(dest="tables_command", metavar="COMMAND", required=True)
    p = sub.add_parser("import", help="import CMS quarterly MUE / PTP / add-on code files into a table",
                       description="Read CMS files in their published layout, keep the edits whose codes the "
                                   "specs use, and write the repository table (see docs/tables-import.md).")
    p.add_argument("kind", choices=sorted(KINDS))
    p.add_argument("files", nargs="+", metavar="FILE", help="the .csv/.txt files from the CMS download")
    p.add_argument("--effective-from", type=_iso_date, metavar="DATE",
                   help="first day of the quarter the files are for (YYYY-MM-DD)")
    p.add_argument("--out", type=Path, help="table to update (default: the kind's table in specs/tables/)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 and show the diff if the table would change")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--merge", dest="merge", action="store_true", default=True,
                      help="keep older versions, closing changed rows the day before --effective-from (default)")
    mode.add_argument("--replace", dest="merge", action="store_false",
                      help="replace all rows of this setting with the files' rows")
    p.set_defaults(handler=cmd_import)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a date (YYYY-MM-DD)") from None


def cmd_import(args) -> int:
    from ..cli import _print_diagnostics
    from ..diagnostics import CompileError, render_text
    from ..tables_import import ImportFailure, OptionError, run

    try:
        outcome = run(args.kind, [Path(f) for f in args.files], args.out, args.effective_from, args.merge)
    except ImportFailure as err:
        for diag in err.diagnostics:
            print(render_text(diag, err.sources), file=sys.stderr)
        return EXIT_USAGE
    except OptionError as err:
        print(f"codespec tables import: {err}\n  help: {err.hint}", file=sys.stderr)
        return EXIT_USAGE
    except CompileError as err:
        print("codespec tables import: the specs do not compile, so the codes they use are unknown", file=sys.stderr)
        _print_diagnostics(err.diagnostics, "text", sys.stderr)
        return EXIT_FINDINGS
    print(_summary(args.kind, outcome))
    if args.check:
        if not outcome.changed:
            print(f"{outcome.path} is up to date")
            return EXIT_OK
        old = (outcome.old_text or "").splitlines(keepends=True)
        sys.stdout.writelines(difflib.unified_diff(old, outcome.new_text.splitlines(keepends=True),
                                                   f"a/{outcome.path}", f"b/{outcome.path}"))
        print(f"{outcome.path} would change: run without --check to write it", file=sys.stderr)
        return EXIT_FINDINGS
    if outcome.changed:
        from ..tables_import.repotable import write

        try:
            write(outcome.path, outcome.new_text)
        except OSError as err:
            print(f"codespec tables import: cannot write {outcome.path}: {err}", file=sys.stderr)
            return EXIT_USAGE
        print(f"wrote {outcome.path}")
    else:
        print(f"{outcome.path} already up to date")
    return EXIT_OK


def _summary(kind: str, outcome) -> str:
    parts = [f"{kind}: {outcome.imported} edit(s) kept, {outcome.unreferenced} dropped (no code the specs use)"]
    parts += [f"{n} skipped: {reason}" for reason, n in outcome.skipped.items()]
    parts.append(f"table: +{outcome.added} -{outcome.removed} row(s)")
    return "; ".join(parts)
