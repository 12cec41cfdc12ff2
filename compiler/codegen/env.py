"""The jinja2 environment: templates lay out files; they make no decisions (StrictUndefined)."""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, StrictUndefined


@functools.cache
def environment() -> Environment:
    return Environment(loader=PackageLoader("compiler.codegen", "templates"), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
