"""What the subcommands share: compiling the specs they name, and reading numeric options."""

from __future__ import annotations

import argparse
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
        # JSON is for a program reading stdout; text is for a person reading stderr.
        _print_diagnostics(err.diagnostics, fmt, sys.stdout if fmt == "json" else sys.stderr)
        return None, EXIT_FINDINGS
    except OSError as err:
        print(f"codespec {command}: cannot read spec: {err}", file=sys.stderr)
        return None, EXIT_USAGE


def number(kind=int, zero: bool = False):
    """An argparse type: a number of `kind` above zero (or at least zero)."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value < 0 or (value == 0 and not zero):
            raise argparse.ArgumentTypeError(f"must be {'at least 0' if zero else 'positive'}: {text!r}")
        return value
    return parse
