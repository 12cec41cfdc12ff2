"""Read input files as a stream of raw records, one per encounter.

Decoding is kept apart from validation (`model.parse_encounter`) so that one
undecodable record costs only itself: a bad line in a JSONL file, or a bad
element of a JSON array, becomes an error record and the others are still read.
JSON floats are decoded as `Decimal` so that 50.25 mL reaches the model as
exactly 201/4, never as a binary approximation.  Things JSON does not define are
refused rather than guessed at: NaN/Infinity, objects that repeat a key (which
value would be meant?), numbers of thousands of digits, and strings holding a
lone UTF-16 surrogate (no Unicode text, so no output could repeat them).
"""

from __future__ import annotations

import codecs
import json
import pathlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["RawRecord", "read_records", "STDIN"]

STDIN = "-"  # the input name that reads JSONL from standard input
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_MAX_INT_DIGITS = sys.int_info.default_max_str_digits  # int() refuses longer
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One decoded record, or why it could not be decoded.

    `source` names where it came from: ``cases.jsonl:3`` (line 3),
    ``cases.json[2]`` (element 2 of a top-level array) or ``cases.json``.
    Exactly one of `value` and `error` is meaningful: `error` is None when
    decoding succeeded (`value` may then be any JSON value, including null).
    `path` says where in the record the error is (``lines[0].units``), when
    it is inside it.
    """

    source: str
    value: object | None
    error: str | None
    path: str = ""


class _Flaw:
    """Stands in the decoded value for something refused, so that the rest of
    the document still decodes and only the record holding it is lost."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


class _Decoder:
    """json.loads with the refusals above; `flawed` says whether the last
    document holds a `_Flaw` (so that clean documents are not walked)."""

    def __init__(self) -> None:
        self.flawed = False
        self._decoder = json.JSONDecoder(
            parse_float=Decimal,
            parse_int=self._int,
            parse_constant=self._constant,
            object_pairs_hook=self._object,
        )

    def decode(self, text: str) -> object:
        self.flawed = False
        return self._decoder.decode(text)

    def _flaw(self, reason: str) -> _Flaw:
        self.flawed = True
        return _Flaw(reason)

    def _int(self, text: str) -> object:
        if len(text.lstrip("-")) > _MAX_INT_DIGITS:
            return self._flaw("a number has too many digits")
        return int(text)

    def _constant(self, name: str) -> object:
        return self._flaw(f"{name} is not a JSON number")

    def _object(self, pairs: list[tuple[str, object]]) -> object:
        result: dict[str, object] = {}
        for key, value in pairs:
            if key in result:
                return self._flaw(f"duplicate key {json.dumps(key)} in an object")
            result[key] = value
        return result


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _first_flaw(value: object, path: str = "") -> tuple[str, str] | None:
    """Where in a decoded value the first refused thing is, and why."""
    if isinstance(value, _Flaw):
        return path, value.reason
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path, "a string holds a lone surrogate escape (\\ud800-\\udfff), which is not Unicode text"
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _first_flaw(key, path) or _first_flaw(item, _join(path, key))
            if found:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = _first_flaw(item, f"{path}[{i}]")
            if found:
                return found
    return None


def _suspect(text: str, decoder: _Decoder) -> bool:
    """Whether the document just decoded may hold something refused (worth walking its values)."""
    return decoder.flawed or ("\\u" in text and _SURROGATE_ESCAPE.search(text) is not None)


def _record(source: str, value: object, suspect: bool) -> RawRecord:
    """A decoded value as a record, or as the error of the first refused thing in it."""
    if suspect:
        try:
            found = _first_flaw(value)
        except RecursionError:
            found = ("", "nested too deeply")
        if found is not None:
            where, reason = found
            return RawRecord(source, None, f"invalid JSON: {reason}" + (f" (at {where})" if where else ""), where)
    return RawRecord(source, value, None)


def _describe(exc: Exception, with_line: bool) -> str:
    if isinstance(exc, json.JSONDecodeError):
        where = f"line {exc.lineno}, column {exc.colno}" if with_line else f"column {exc.colno}"
        return f"invalid JSON: {exc.msg} ({where})"
    if isinstance(exc, RecursionError):
        return "invalid JSON: nested too deeply"
    return f"invalid JSON: {exc}"


def _not_utf8(data: bytes, exc: UnicodeDecodeError, with_line: bool) -> str:
    start = exc.start
    if with_line:
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        where = f"line {line}, byte {column}"
    else:
        where = f"byte {start + 1}"
    return f"not UTF-8 text: byte 0x{data[start]:02x} ({where}); save the file as UTF-8"


def read_records(path: str | pathlib.Path) -> Iterator[RawRecord]:
    """Yield the records of a ``.jsonl`` (or ``.ndjson``) or ``.json`` file, in file order.

    ``.jsonl``: one JSON value per line (lines end at LF only; CR is whitespace
    inside a line), read as a stream; blank lines are skipped; a line that does
    not decode, or is not UTF-8, yields an error record and reading continues.
    ``-`` reads JSONL from standard input.  Any other file is decoded whole: a
    top-level array yields one record per element (an element holding something
    refused yields an error record, the others are kept), a top-level object
    yields one record, and anything else (or undecodable JSON) yields a single
    error record.  A leading UTF-8 byte-order mark is tolerated.

    This is a generator, so file errors surface while iterating: a missing or
    unreadable file (or a directory) raises OSError.  Callers treat it as "the
    input cannot be read" rather than as a bad record.
    """
    name = str(path)
    if name == STDIN:
        yield from _read_jsonl(sys.stdin.buffer, "<stdin>")
        return
    p = pathlib.Path(path)
    if p.suffix.lower() in _JSONL_SUFFIXES:
        with open(p, "rb") as handle:
            yield from _read_jsonl(handle, name)
    else:
        yield from _read_json(p, name)


def _read_jsonl(handle, name: str) -> Iterator[RawRecord]:
    decoder = _Decoder()
    for number, data in enumerate(handle, start=1):
        if number == 1 and data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        source = f"{name}:{number}"
        try:
            line = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield RawRecord(source, None, _not_utf8(data, exc, with_line=False))
            continue
        if not line.strip(" \t\r\n"):  # JSON's own whitespace: a line of anything else is no blank line
            continue
        try:
            value = decoder.decode(line)
        except (ValueError, RecursionError) as exc:
            yield RawRecord(source, None, _describe(exc, with_line=False))
            continue
        yield _record(source, value, _suspect(line, decoder))


def _read_json(p: pathlib.Path, name: str) -> Iterator[RawRecord]:
    data = p.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield RawRecord(name, None, _not_utf8(data, exc, with_line=True))
        return
    decoder = _Decoder()
    try:
        value = decoder.decode(text)
    except (ValueError, RecursionError) as exc:
        yield RawRecord(name, None, _describe(exc, with_line=True))
        return
    suspect = _suspect(text, decoder)  # once per file: the elements are walked only if it is
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield _record(f"{name}[{i}]", item, suspect)
    elif isinstance(value, dict) or isinstance(value, _Flaw):
        yield _record(name, value, suspect)
    else:
        kind = "null" if value is None else type(value).__name__
        kinds = {"bool": "a boolean", "int": "a number", "Decimal": "a number", "str": "a string"}
        found = kinds.get(kind, kind)
        yield RawRecord(name, None, f"expected a JSON object or an array of objects, found {found}")
