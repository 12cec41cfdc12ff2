"""The unit table: the one place that knows unit spellings, dimensions and conversion factors.

Amounts travel through validators as plain numbers (int or Fraction) in the canonical unit of
their dimension, so a comparison is one Python operator; the checker tracks dimensions statically.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

# A dimension is a vector of exponents over these base dimensions.
BASES = ("time", "volume", "mass")


@dataclass(frozen=True, slots=True)
class Dim:
    """Exponents of (time, volume, mass); all zero is a plain number."""

    time: int = 0
    volume: int = 0
    mass: int = 0

    def __mul__(self, other: Dim) -> Dim:
        return Dim(self.time + other.time, self.volume + other.volume, self.mass + other.mass)

    def __truediv__(self, other: Dim) -> Dim:
        return Dim(self.time - other.time, self.volume - other.volume, self.mass - other.mass)

    @property
    def is_number(self) -> bool:
        return self == NUMBER

    def __str__(self) -> str:
        return DIM_NAMES.get(self) or _dim_formula(self)


NUMBER = Dim()
TIME = Dim(time=1)
VOLUME = Dim(volume=1)
MASS = Dim(mass=1)
RATE = Dim(volume=1, time=-1)
CONCENTRATION = Dim(mass=1, volume=-1)

DIM_NAMES = {NUMBER: "number", TIME: "time", VOLUME: "volume", MASS: "mass", RATE: "rate", CONCENTRATION: "concentration"}
DIM_BY_NAME = {name: dim for dim, name in DIM_NAMES.items()}


def _dim_formula(dim: Dim) -> str:
    parts = [f"{b}^{e}" for b, e in zip(BASES, (dim.time, dim.volume, dim.mass)) if e]
    return "*".join(parts)


@dataclass(frozen=True, slots=True)
class Unit:
    symbol: str
    dim: Dim
    factor: Fraction  # multiply an amount in this unit by factor to get the canonical unit
    canonical: bool = False


# Canonical units: min (time), mL (volume), mg (mass); compound units follow from them.
_UNITS = (
    Unit("min", TIME, Fraction(1), canonical=True),
    Unit("s", TIME, Fraction(1, 60)),
    Unit("h", TIME, Fraction(60)),
    Unit("mL", VOLUME, Fraction(1), canonical=True),
    Unit("L", VOLUME, Fraction(1000)),
    Unit("mg", MASS, Fraction(1), canonical=True),
    Unit("g", MASS, Fraction(1000)),
    Unit("kg", MASS, Fraction(1_000_000)),
    Unit("mL/min", RATE, Fraction(1), canonical=True),
    Unit("mL/h", RATE, Fraction(1, 60)),
    Unit("mg/mL", CONCENTRATION, Fraction(1), canonical=True),
    Unit("g/L", CONCENTRATION, Fraction(1)),
)
ALIASES = {"cc": "mL", "sec": "s", "mins": "min", "hr": "h", "hrs": "h", "cc/h": "mL/h", "ml": "mL", "mL/hr": "mL/h"}

UNITS: dict[str, Unit] = {u.symbol: u for u in _UNITS}
for _alias, _target in ALIASES.items():
    UNITS[_alias] = UNITS[_target]

CANONICAL: dict[Dim, str] = {u.dim: u.symbol for u in _UNITS if u.canonical}
# The unit an amount is reported in, in messages and in JSON: the canonical one, except rates, which
# product labels and infusion orders give per hour.
REPORTED: dict[Dim, str] = {**CANONICAL, RATE: "mL/h"}


def lookup(symbol: str) -> Unit | None:
    """The unit spelled `symbol`, aliases included; None if unknown."""
    return UNITS.get(symbol)


def known_symbols() -> list[str]:
    return sorted(UNITS)


def to_canonical(value: Fraction | int, symbol: str) -> Fraction | int:
    """An amount written in `symbol`, in the canonical unit of its dimension."""
    return normalize(Fraction(value) * UNITS[symbol].factor)


def from_canonical(value: Fraction | int, symbol: str) -> Fraction:
    return Fraction(value) / UNITS[symbol].factor


# Digits an amount may be written with, before and after the point, in input records, spec text and
# table cells alike: below 10**15 with at most 15 decimals. Beyond it nothing is a real dose, volume
# or time, and a rule dividing such amounts could build numbers no message can print.
MAX_DIGITS = 15


def normalize(value: Fraction | int) -> Fraction | int:
    """Whole amounts become ints, so the common case (whole minutes, units) compares as int."""
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    return value


# REPORTED by dimension name, and whether that unit is not the canonical one: findings read it by
# name for every amount they show, so no Dim is hashed per value
_REPORTED_BY_NAME = {DIM_NAMES[d]: (s, s != CANONICAL.get(d)) for d, s in REPORTED.items()}


def reported(value: Fraction | int, dim_name: str) -> Fraction | int:
    """An amount in canonical units, in the unit its dimension (by name) is reported in (REPORTED)."""
    symbol, converted = _REPORTED_BY_NAME.get(dim_name, (None, False))
    return normalize(from_canonical(value, symbol)) if converted else value


def format_reported(value: Fraction | int, dim_name: str) -> str:
    """Human text for an amount in canonical units, e.g. `91 min`, `12.5 mL/h`."""
    symbol = _REPORTED_BY_NAME.get(dim_name, (None, False))[0]
    shown = format_number(reported(value, dim_name))
    return f"{shown} {symbol}" if symbol else shown


def format_amount(value: Fraction | int, dim: Dim) -> str:
    """format_reported for a dimension."""
    return format_reported(value, DIM_NAMES.get(dim, ""))


def format_number(value: Fraction | int) -> str:
    value = normalize(value)
    if isinstance(value, int):
        return str(value)
    if abs(value) >= Fraction(1, 1000):
        return f"{float(value):.4f}".rstrip("0").rstrip(".")
    return f"{float(value):.4g}"  # a small amount keeps its digits: 4e-05, not 0
