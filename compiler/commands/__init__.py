"""Subcommands beyond check/build/validate, one module each, found by name.

A module here defines `add_parser(subparsers)`, which adds its subparser and sets
`handler=<function(args) -> exit code>`. Discovery is sorted so `--help` is stable.
"""

from __future__ import annotations

import importlib
import pkgutil


def register(subparsers) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}").add_parser(subparsers)
