"""Reading and compiling the specs a subcommand names, with its errors reported the same way."""

from __future__ import annotations

import sys
from pathlib import Path


def compile_named(command: str, names: list[str], fmt: str = "text"):
    """(compiled specs, None), or (None, exit code) after telling the user what is wrong."""
    from ..cli import EXIT_FINDINGS, EXIT_USAGE, _print_diagnostics
    from ..diagnostics import CompileError
    from ..pipeline import compile_all

    paths = [Path(p) for p in names]
    for p in paths:
        if not p.is_file():
            print(f"codespec {command}: cannot read spec {p}", file=sys.stderr)
            return None, EXIT_USAGE
    try:
        return compile_all(paths=paths or None), None
    except CompileError as err:
        _print_diagnostics(err.diagnostics, fmt, sys.stderr)
        return None, EXIT_FINDINGS
    except (OSError, UnicodeDecodeError) as err:
        print(f"codespec {command}: cannot read spec: {err}", file=sys.stderr)
        return None, EXIT_USAGE
