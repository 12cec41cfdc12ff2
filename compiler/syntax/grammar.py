"""Finds grammar/rules.lark (the one grammar) and builds the LALR parser once."""

from __future__ import annotations

import functools
from pathlib import Path

from lark import Lark

GRAMMAR_PATH = Path(__file__).resolve().parents[2] / "grammar" / "rules.lark"


@functools.cache
def parser(strict: bool = False) -> Lark:
    return Lark(GRAMMAR_PATH.read_text(encoding="utf-8"), parser="lalr", propagate_positions=True,
                maybe_placeholders=True, strict=strict)


def comments(text: str) -> list[tuple[int, int, str]]:
    """(line, column, text) of every `#` comment outside string literals, for formatter and docs."""
    found = []
    for lineno, line in enumerate(text.split("\n"), start=1):  # as the parser counts lines
        line = line.removesuffix("\r")
        in_string = escaped = False
        for col, ch in enumerate(line, start=1):
            if in_string:
                if escaped:
                    escaped = False
                elif ch == "\\":
                    escaped = True
                elif ch == '"':
                    in_string = False
            elif ch == '"':
                in_string = True
            elif ch == "#":
                found.append((lineno, col, line[col - 1:]))
                break
    return found
