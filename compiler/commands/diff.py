"""`codespec diff BASE [HEAD]`: the decisions that change between two versions of the specs.

Exit codes: 0 no decision changed; 1 some did (so CI can gate a rule change); 2 usage errors
(unknown revision, missing directory, a side that does not compile, unreadable input).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..cli import EXIT_FINDINGS as EXIT_CHANGED  # some decision changed
from ..cli import EXIT_OK, EXIT_USAGE
from ._specs import number



def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "diff", help="list the coding decisions that change between two versions of the specs",
        description="BASE and HEAD are each a git revision of the repository or a directory holding "
                    "specs/ (or a specs directory). HEAD defaults to the working tree.")
    p.add_argument("base", metavar="BASE")
    p.add_argument("head", metavar="HEAD", nargs="?")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--random", type=number(int, zero=True), default=500, metavar="N", help="random encounters besides the boundary ones (default 500)")
    p.add_argument("--seed", type=number(int, zero=True), default=0, help="seed of the random encounters (default 0)")
    p.add_argument("--encounters", action="append", default=[], metavar="FILE",
                   help="also compare the records of this JSON or JSONL file (repeatable)")
    p.add_argument("--repo", default=None, metavar="DIR",
                   help="git repository that revisions and the working tree refer to (default: the one holding the current directory)")
    p.set_defaults(handler=cmd_diff)


def cmd_diff(args) -> int:
    from ..semdiff import DiffError, run
    from ..semdiff.report import render_json, render_text
    from ..semdiff.sources import repo_root

    start = Path(args.repo) if args.repo else Path.cwd()
    if args.repo and not start.is_dir():
        print(f"codespec diff: --repo {args.repo} is not a directory", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = run(args.base, args.head, repo=repo_root(start), random_count=args.random, seed=args.seed,
                     inputs=[Path(p) for p in args.encounters])
    except DiffError as err:
        print(f"codespec diff: {err}", file=sys.stderr)
        return EXIT_USAGE
    print(render_json(result) if args.format == "json" else render_text(result))
    return EXIT_CHANGED if result.entries else EXIT_OK
