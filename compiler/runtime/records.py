"""Read input files as a stream of raw records, one per encounter.

Decoding is kept apart from validation (`model.parse_encounter`) so that one
undecodable record costs only itself: a bad line in a JSONL file becomes an
error record and the lines after it are still read.  JSON floats are decoded
as `Decimal` so that 50.25 mL reaches the model as exactly 201/4, never as
a binary approximation.  Things JSON does not define are refused rather than
guessed at: NaN/Infinity, and objects that repeat a key (which value would
be meant?).
"""

from __future__ import annotations

import json
import pathlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["RawRecord", "read_records"]


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One decoded record, or why it could not be decoded.

    `source` names where it came from: ``cases.jsonl:3`` (line 3),
    ``cases.json[2]`` (element 2 of a top-level array) or ``cases.json``.
    Exactly one of `value` and `error` is meaningful: `error` is None when
    decoding succeeded (`value` may then be any JSON value, including null).
    """

    source: str
    value: object | None
    error: str | None


class _Refused(ValueError):
    """Raised inside the decoder for valid-looking JSON we will not accept."""


def _refuse_constant(name: str) -> object:
    raise _Refused(f"{name} is not a JSON number")


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"duplicate key {json.dumps(key)} in an object")
        result[key] = value
    return result


def _decode(text: str) -> object:
    return json.loads(
        text,
        parse_float=Decimal,
        parse_constant=_refuse_constant,
        object_pairs_hook=_no_duplicate_keys,
    )


def _describe(exc: Exception, with_line: bool) -> str:
    if isinstance(exc, json.JSONDecodeError):
        where = f"line {exc.lineno}, column {exc.colno}" if with_line else f"column {exc.colno}"
        return f"invalid JSON: {exc.msg} ({where})"
    if isinstance(exc, _Refused):
        return f"invalid JSON: {exc}"
    if isinstance(exc, RecursionError):
        return "invalid JSON: nested too deeply"
    # int() refuses numbers with thousands of digits (sys.int_info limit).
    return "invalid JSON: a number has too many digits"


def read_records(path: str | pathlib.Path) -> Iterator[RawRecord]:
    """Yield the records of a ``.jsonl`` or ``.json`` file, in file order.

    ``.jsonl``: one JSON value per line, read as a stream; blank lines are
    skipped; a line that does not decode yields an error record and reading
    continues.  Any other file is decoded whole: a top-level array yields one
    record per element, a top-level object yields one record, and anything
    else (or undecodable JSON) yields a single error record.  A leading UTF-8
    byte-order mark is tolerated.

    This is a generator, so file errors surface while iterating: a missing or
    unreadable file (or a directory) raises OSError, and bytes that are not
    UTF-8 raise UnicodeDecodeError when they are reached (records before them
    in a JSONL file have already been yielded).  Callers treat both as "the
    input cannot be read" rather than as a bad record.
    """
    name = str(path)
    p = pathlib.Path(path)
    if p.suffix.lower() == ".jsonl":
        yield from _read_jsonl(p, name)
    else:
        yield from _read_json(p, name)


def _read_jsonl(p: pathlib.Path, name: str) -> Iterator[RawRecord]:
    with open(p, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            source = f"{name}:{number}"
            try:
                value = _decode(line)
            except (ValueError, RecursionError) as exc:
                yield RawRecord(source, None, _describe(exc, with_line=False))
                continue
            yield RawRecord(source, value, None)


def _read_json(p: pathlib.Path, name: str) -> Iterator[RawRecord]:
    with open(p, encoding="utf-8-sig") as handle:
        text = handle.read()
    try:
        value = _decode(text)
    except (ValueError, RecursionError) as exc:
        yield RawRecord(name, None, _describe(exc, with_line=True))
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield RawRecord(f"{name}[{i}]", item, None)
    elif isinstance(value, dict):
        yield RawRecord(name, value, None)
    else:
        kind = "null" if value is None else type(value).__name__
        kinds = {"bool": "a boolean", "int": "a number", "Decimal": "a number", "str": "a string"}
        found = kinds.get(kind, kind)
        yield RawRecord(name, None, f"expected a JSON object or an array of objects, found {found}")
