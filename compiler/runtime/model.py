"""Typed input model for encounters, and the strict parser that builds it.

Generated validators reason about units, doses and infusion times; a value
silently coerced here (a rounded float, a guessed time zone, a lowercase code
upper-cased) would become a wrong coding decision downstream.  So the parser
never invents or repairs data: it either returns a fully typed `Encounter` or
raises `InvalidRecord` listing every problem it found, each with a path such
as ``lines[2].units`` so the user can fix the input in one pass.

Numbers are exact: an `int` when whole, else a `Fraction` (whole amounts, the
usual case, then compute at int speed).  JSON floats are expected as `Decimal`
(see `records.py`); a Python `float` is read as its shortest decimal form,
which is what `json.dumps` would have written.  Instants must carry a UTC
offset, because a naive local time is ambiguous in the repeated hour when
clocks fall back (facts Q14).
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from . import timecalc, units

__all__ = [
    "Drug",
    "Line",
    "Episode",
    "Encounter",
    "Problem",
    "InvalidRecord",
    "parse_encounter",
    "parse_instant",
]


@dataclass(frozen=True, slots=True)
class Drug:
    hcpcs_unit_mg: int | Fraction | None
    dose_mg: int | Fraction | None
    volume_ml: int | Fraction | None
    concentration_mg_per_ml: int | Fraction | None
    single_dose_container: bool | None


@dataclass(frozen=True, slots=True)
class Line:
    index: int  # position in Encounter.lines (Context keeps per-line values in lists by it)
    line: int
    code: str
    units: int
    modifiers: tuple[str, ...]
    revenue_code: str | None
    service_date: datetime.date | None
    encounter: int
    drug: Drug | None


@dataclass(frozen=True, slots=True)
class Episode:
    index: int
    id: str
    encounter: int
    kind: str
    route: str
    substance: str | None
    start: datetime.datetime
    stop: datetime.datetime | None
    pump_setups: int | None
    sites: int | None
    volume_ml: int | Fraction | None
    product_label: str | None
    infusion_number: str | None
    patient_weight_kg: int | Fraction | None
    # The instants on the absolute time line (timecalc.instant), worked out once: what rules compute with.
    start_us: int = field(init=False, repr=False, compare=False)
    stop_us: int | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "start_us", timecalc.instant(self.start))
        object.__setattr__(self, "stop_us", None if self.stop is None else timecalc.instant(self.stop))


@dataclass(frozen=True, slots=True)
class Encounter:
    id: str
    setting: str
    payer: str
    date_of_service: datetime.date
    place_of_service: str | None
    type_of_bill: str | None
    primary_reason_line: int | None
    lines: tuple[Line, ...]
    episodes: tuple[Episode, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a record; `path` is "" for the record itself."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InvalidRecord(Exception):
    """A record that cannot be validated, with every problem found in it."""

    def __init__(self, problems: tuple[Problem, ...], record_id: str | None = None) -> None:
        super().__init__(tuple(problems), record_id)
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.record_id: str | None = record_id

    def __str__(self) -> str:
        who = f"record {self.record_id!r}" if self.record_id is not None else "record"
        n = len(self.problems)
        listed = "; ".join(str(p) for p in self.problems)
        return f"{who} has {n} problem{'s' if n != 1 else ''}: {listed}"


SETTINGS = frozenset({"physician", "facility"})
KINDS = frozenset({"infusion", "injection"})
ROUTES = frozenset({"subcutaneous", "intravenous", "intramuscular"})
INFUSION_NUMBERS = frozenset({"first", "subsequent"})

_MISSING = object()

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INSTANT_RE = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})T"
    r"(?P<time>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)"
    r"(?P<offset>Z|[+-][0-9]{2}:[0-9]{2})?"
)
_CODE_RE = re.compile(r"[0-9A-Z]{5}")
_MODIFIER_RE = re.compile(r"[0-9A-Z]{2}")
_POS_RE = re.compile(r"[0-9]{2}")
_TOB_RE = re.compile(r"[0-9]{3,4}")
_REVENUE_RE = re.compile(r"[0-9]{4}")

# A dose, volume, concentration or weight is below 10**15 and written with at most 15 decimals.
# Anything else is no real quantity: refused, so that no rule divides 10**4000 by 10**-999 and
# no message has to print the 5000-digit result (nor build Fraction(Decimal("1e-999999999"))).
_QUANTITY_DIGITS = units.MAX_DIGITS
_QUANTITY_LIMIT = 10**_QUANTITY_DIGITS


def _found(value: object) -> str:
    """Describe a JSON value the way the user wrote it, briefly."""
    if value is _MISSING:
        return "nothing (the field is missing)"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, int):
        text = str(value) if value.bit_length() < 200 else "a very long integer"
        return text
    if isinstance(value, (float, Decimal)):
        text = str(value)
        return text if len(text) <= 60 else "a very long number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _instant_error(what: str, text: str) -> str | None:
    """Return why `text` is not an offset-carrying ISO 8601 instant, or None."""
    m = _INSTANT_RE.fullmatch(text)
    if m is None:
        return (
            f"{what} is not an ISO 8601 date-time such as "
            f'"2024-08-14T09:00:00-04:00", found {_found(text)}'
        )
    if m.group("offset") is None:
        return (
            f"{what} has no UTC offset: {_found(text)}; write it with an offset "
            "such as -04:00"
        )
    offset = m.group("offset")
    if offset != "Z" and (int(offset[1:3]) > 23 or int(offset[4:6]) > 59):
        return f"{what} has an offset that is no UTC offset: {_found(text)}; hours run 00-23, minutes 00-59"
    try:
        datetime.datetime.fromisoformat(text)
    except ValueError as exc:
        return f"{what} is not a valid date-time: {_found(text)} ({exc})"
    return None


def parse_instant(text: str) -> datetime.datetime:
    """Parse ``YYYY-MM-DDTHH:MM[:SS[.ffffff]]`` followed by ``Z`` or ``±HH:MM``.

    The result is always timezone-aware and keeps the offset as written.
    Raises ValueError when the offset is missing (a naive local time is
    ambiguous in the repeated hour when clocks fall back, facts Q14) or the
    text is not such an instant.
    """
    if not isinstance(text, str):
        raise ValueError(f"instant must be a string, found {_found(text)}")
    error = _instant_error("instant", text)
    if error is not None:
        raise ValueError(error)
    return datetime.datetime.fromisoformat(text)


def _exact_number(value: Decimal | float | int) -> int | Fraction | None:
    """The exact value (int when whole) of a finite number of sensible size, else None."""
    if isinstance(value, int):
        return value if -_QUANTITY_LIMIT < value < _QUANTITY_LIMIT else None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = Decimal(repr(value))
    if not value.is_finite():
        return None
    if value.is_zero():
        return 0
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or value.adjusted() >= _QUANTITY_DIGITS:
        return None
    if exponent < -_QUANTITY_DIGITS:  # trailing zeros do not count: 1.000...0 is 1
        kept = len(digits)
        while kept > 1 and digits[kept - 1] == 0:
            kept -= 1
        exponent += len(digits) - kept
        if exponent < -_QUANTITY_DIGITS:
            return None
        value = Decimal((_sign, digits[:kept], exponent))  # no Fraction of a million-digit power of ten
    exact = Fraction(value)
    return int(exact) if exact.denominator == 1 else exact


class _Parser:
    """Collects problems while reading one record."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # Field readers: each returns the typed value, or None after recording a
    # problem (or when an optional field is absent / null).

    def required_text(self, obj: dict, key: str, path: str) -> str | None:
        value = obj.get(key, _MISSING)
        if isinstance(value, str) and value.strip():
            return value
        self.problem(_join(path, key), f"expected a non-empty string, found {_found(value)}")
        return None

    def choice(self, obj: dict, key: str, path: str, allowed: frozenset[str], optional: bool = False) -> str | None:
        value = obj.get(key, _MISSING)
        if optional and (value is _MISSING or value is None):
            return None
        if isinstance(value, str) and value in allowed:
            return value
        names = [f'"{a}"' for a in sorted(allowed)]
        options = " or ".join(names) if len(names) <= 2 else "one of " + ", ".join(names)
        if optional:
            options += " or null"
        self.problem(_join(path, key), f"expected {options}, found {_found(value)}")
        return None

    def optional_text(self, obj: dict, key: str, path: str, pattern: re.Pattern[str] | None = None, shape: str = "") -> str | None:
        value = obj.get(key, _MISSING)
        if value is _MISSING or value is None:
            return None
        if pattern is None:
            if isinstance(value, str) and value.strip():
                return value
            self.problem(_join(path, key), f"expected a non-empty string or null, found {_found(value)}")
            return None
        if isinstance(value, str) and pattern.fullmatch(value):
            return value
        self.problem(_join(path, key), f"expected {shape} or null, found {_found(value)}")
        return None

    def integer(self, obj: dict, key: str, path: str, minimum: int, default: object = _MISSING, nullable: bool = False) -> int | None:
        """Read an int >= minimum.  bool is not an int here."""
        value = obj.get(key, _MISSING)
        if value is _MISSING and default is not _MISSING:
            return default  # type: ignore[return-value]
        if nullable and (value is _MISSING or value is None):
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            if minimum <= value < _QUANTITY_LIMIT:
                return value
            bound = f"an integer >= {minimum}" if value < minimum else f"an integer below 10^{_QUANTITY_DIGITS}"
            self.problem(_join(path, key), f"expected {bound}, found {_found(value)}")
            return None
        wanted = "an integer" + (" or null" if nullable else "")
        self.problem(_join(path, key), f"expected {wanted}, found {_found(value)}")
        return None

    def number(self, obj: dict, key: str, path: str, positive: bool = False) -> int | Fraction | None:
        """Read an optional non-negative (or positive) number, exactly."""
        value = obj.get(key, _MISSING)
        if value is _MISSING or value is None:
            return None
        bound = "a number > 0" if positive else "a number >= 0"
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            self.problem(_join(path, key), f"expected {bound} or null, found {_found(value)}")
            return None
        fraction = _exact_number(value)
        if fraction is None:
            self.problem(_join(path, key), f"expected a finite number of sensible size (below 10^{_QUANTITY_DIGITS}, "
                         f"at most {_QUANTITY_DIGITS} decimals), found {_found(value)}")
            return None
        if fraction < 0 or (positive and fraction == 0):
            self.problem(_join(path, key), f"expected {bound}, found {_found(value)}")
            return None
        return fraction

    def date(self, obj: dict, key: str, path: str, optional: bool) -> datetime.date | None:
        value = obj.get(key, _MISSING)
        if optional and (value is _MISSING or value is None):
            return None
        wanted = "a date YYYY-MM-DD" + (" or null" if optional else "")
        if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
            self.problem(_join(path, key), f"expected {wanted}, found {_found(value)}")
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:
            self.problem(_join(path, key), f"expected a valid date, found {_found(value)} ({exc})")
            return None

    def instant(self, obj: dict, key: str, path: str, nullable: bool) -> datetime.datetime | None:
        value = obj.get(key, _MISSING)
        # An absent optional instant is the same fact as null: nothing was documented.
        if nullable and (value is None or value is _MISSING):
            return None
        if not isinstance(value, str):
            wanted = "a date-time with a UTC offset" + (" or null" if nullable else "")
            self.problem(_join(path, key), f"expected {wanted}, found {_found(value)}")
            return None
        error = _instant_error(key, value)
        if error is not None:
            self.problem(_join(path, key), error)
            return None
        return datetime.datetime.fromisoformat(value)

    def flag(self, obj: dict, key: str, path: str) -> bool | None:
        value = obj.get(key, _MISSING)
        if value is _MISSING or value is None:
            return None
        if isinstance(value, bool):
            return value
        self.problem(_join(path, key), f"expected true, false or null, found {_found(value)}")
        return None

    def objects(self, obj: dict, key: str, hint: str = "") -> list[tuple[int, str, dict]]:
        """The dict elements of list field `key` (required: an absent list is not an empty one),
        with their index and path."""
        value = obj.get(key, _MISSING)
        if not isinstance(value, list):
            self.problem(key, f"expected a list, found {_found(value)}{hint}")
            return []
        items = []
        for i, item in enumerate(value):
            path = f"{key}[{i}]"
            if isinstance(item, dict):
                items.append((i, path, item))
            else:
                self.problem(path, f"expected an object, found {_found(item)}")
        return items

    # Structures.

    def drug(self, obj: dict, path: str) -> Drug | None:
        value = obj.get("drug", _MISSING)
        if value is _MISSING or value is None:
            return None
        path = _join(path, "drug")
        if not isinstance(value, dict):
            self.problem(path, f"expected an object or null, found {_found(value)}")
            return None
        return Drug(
            hcpcs_unit_mg=self.number(value, "hcpcs_unit_mg", path, positive=True),
            dose_mg=self.number(value, "dose_mg", path),
            volume_ml=self.number(value, "volume_ml", path),
            concentration_mg_per_ml=self.number(value, "concentration_mg_per_ml", path, positive=True),
            single_dose_container=self.flag(value, "single_dose_container", path),
        )

    def modifiers(self, obj: dict, path: str) -> tuple[str, ...]:
        value = obj.get("modifiers", _MISSING)
        if value is _MISSING:
            return ()
        path = _join(path, "modifiers")
        if not isinstance(value, list):
            self.problem(path, f"expected a list of modifiers, found {_found(value)}")
            return ()
        result = []
        for i, item in enumerate(value):
            if isinstance(item, str) and _MODIFIER_RE.fullmatch(item):
                result.append(item)
            else:
                self.problem(
                    f"{path}[{i}]",
                    f"expected a modifier of 2 uppercase letters or digits, found {_found(item)}",
                )
        return tuple(result)

    def line(self, index: int, obj: dict, path: str) -> Line | None:
        before = len(self.problems)
        number = self.integer(obj, "line", path, minimum=1)
        code = obj.get("code", _MISSING)
        if not (isinstance(code, str) and _CODE_RE.fullmatch(code)):
            self.problem(
                _join(path, "code"),
                f"expected a code of 5 uppercase letters or digits, found {_found(code)}",
            )
        units = self.integer(obj, "units", path, minimum=0)
        modifiers = self.modifiers(obj, path)
        revenue_code = self.optional_text(obj, "revenue_code", path, _REVENUE_RE, "a 4-digit revenue code")
        service_date = self.date(obj, "service_date", path, optional=True)
        encounter = self.integer(obj, "encounter", path, minimum=1, default=1)
        drug = self.drug(obj, path)
        if len(self.problems) > before:
            return None
        return Line(
            index=index,
            line=number,  # type: ignore[arg-type]
            code=code,  # type: ignore[arg-type]
            units=units,  # type: ignore[arg-type]
            modifiers=modifiers,
            revenue_code=revenue_code,
            service_date=service_date,
            encounter=encounter,  # type: ignore[arg-type]
            drug=drug,
        )

    def episode(self, index: int, obj: dict, path: str) -> Episode | None:
        before = len(self.problems)
        episode_id = self.required_text(obj, "id", path)
        encounter = self.integer(obj, "encounter", path, minimum=1, default=1)
        kind = self.choice(obj, "kind", path, KINDS)
        route = self.choice(obj, "route", path, ROUTES)
        substance = self.optional_text(obj, "substance", path)
        start = self.instant(obj, "start", path, nullable=False)
        stop = self.instant(obj, "stop", path, nullable=True)
        # A stop before its start is readable data: the `invalid_time_range` rule judges it.
        pump_setups = self.integer(obj, "pump_setups", path, minimum=0, nullable=True)
        sites = self.integer(obj, "sites", path, minimum=0, nullable=True)
        volume_ml = self.number(obj, "volume_ml", path)
        product_label = self.optional_text(obj, "product_label", path)
        infusion_number = self.choice(obj, "infusion_number", path, INFUSION_NUMBERS, optional=True)
        weight = self.number(obj, "patient_weight_kg", path)
        if len(self.problems) > before:
            return None
        return Episode(
            index=index,
            id=episode_id,  # type: ignore[arg-type]
            encounter=encounter,  # type: ignore[arg-type]
            kind=kind,  # type: ignore[arg-type]
            route=route,  # type: ignore[arg-type]
            substance=substance,
            start=start,  # type: ignore[arg-type]
            stop=stop,
            pump_setups=pump_setups,
            sites=sites,
            volume_ml=volume_ml,
            product_label=product_label,
            infusion_number=infusion_number,
            patient_weight_kg=weight,
        )


def parse_encounter(obj: object) -> Encounter:
    """Build an Encounter from a decoded JSON value, or raise InvalidRecord.

    All problems in the record are collected before raising.  Unknown keys
    are ignored so newer producers can add fields.
    """
    p = _Parser()
    if not isinstance(obj, dict):
        p.problem("", f"expected an encounter object, found {_found(obj)}")
        raise InvalidRecord(tuple(p.problems), None)
    raw_id = obj.get("id")
    record_id = raw_id if isinstance(raw_id, str) else None

    encounter_id = p.required_text(obj, "id", "")
    setting = p.choice(obj, "setting", "", SETTINGS)
    payer = p.required_text(obj, "payer", "")
    if payer is not None:  # payer ids are compared as the specs write them: lower case, no padding
        payer = payer.strip().lower()
    date_of_service = p.date(obj, "date_of_service", "", optional=False)
    place_of_service = p.optional_text(obj, "place_of_service", "", _POS_RE, "a 2-digit place of service")
    type_of_bill = p.optional_text(obj, "type_of_bill", "", _TOB_RE, "a 3- or 4-digit type of bill")
    primary = p.integer(obj, "primary_reason_line", "", minimum=1, nullable=True)

    lines: list[Line] = []
    line_numbers: dict[int, str] = {}
    for i, path, item in p.objects(obj, "lines"):
        number = item.get("line")
        if isinstance(number, int) and not isinstance(number, bool):
            if number in line_numbers:
                p.problem(_join(path, "line"), f"duplicate line number {number} (also {line_numbers[number]})")
            else:
                line_numbers[number] = path
        parsed = p.line(i, item, path)
        if parsed is not None:
            lines.append(parsed)

    episodes: list[Episode] = []
    episode_ids: dict[str, str] = {}
    for i, path, item in p.objects(obj, "episodes", "; write [] when the encounter documents none"):
        eid = item.get("id")
        if isinstance(eid, str) and eid.strip():
            if eid in episode_ids:
                p.problem(_join(path, "id"), f"duplicate episode id {_found(eid)} (also {episode_ids[eid]})")
            else:
                episode_ids[eid] = path
        parsed = p.episode(i, item, path)
        if parsed is not None:
            episodes.append(parsed)

    if primary is not None and isinstance(obj.get("lines"), list) and primary not in line_numbers:
        p.problem("primary_reason_line", f"expected the number of a line in this encounter, found {primary}")

    if p.problems:
        raise InvalidRecord(tuple(p.problems), record_id)
    return Encounter(
        id=encounter_id,  # type: ignore[arg-type]
        setting=setting,  # type: ignore[arg-type]
        payer=payer,  # type: ignore[arg-type]
        date_of_service=date_of_service,  # type: ignore[arg-type]
        place_of_service=place_of_service,
        type_of_bill=type_of_bill,
        primary_reason_line=primary,
        lines=tuple(lines),
        episodes=tuple(episodes),
    )
