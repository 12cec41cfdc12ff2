# Generated from specs/tables/aoc.csv by `codespec build`. DO NOT EDIT.
# source-sha256: 059fb2378b5c01cba524a58401cecc6e6b5a8434300ee79a24336b71d45a661c
"""Reference table `aoc` (32 rows), read by specs/sc_infusion.rules."""

from datetime import date
from fractions import Fraction

from compiler.runtime.tables import Table

COLUMNS = ("addon", "primary", "aoc_type", "effective_from", "effective_through", )
KEY = ("addon", "primary", )

ROWS = (
    ("96361", "96360", 1, date(2024, 7, 1), None),
    ("96361", "96365", 1, date(2024, 7, 1), None),
    ("96361", "96374", 1, date(2024, 7, 1), None),
    ("96361", "96409", 1, date(2024, 7, 1), None),
    ("96361", "96413", 1, date(2024, 7, 1), None),
    ("96366", "96360", 1, date(2024, 7, 1), None),
    ("96366", "96365", 1, date(2024, 7, 1), None),
    ("96366", "96367", 1, date(2024, 7, 1), None),
    ("96366", "96413", 1, date(2024, 7, 1), None),
    ("96367", "96360", 1, date(2024, 7, 1), None),
    ("96367", "96365", 1, date(2024, 7, 1), None),
    ("96367", "96374", 1, date(2024, 7, 1), None),
    ("96367", "96409", 1, date(2024, 7, 1), None),
    ("96367", "96413", 1, date(2024, 7, 1), None),
    ("96368", "96360", 1, date(2024, 7, 1), None),
    ("96368", "96365", 1, date(2024, 7, 1), None),
    ("96368", "96366", 1, date(2024, 7, 1), None),
    ("96368", "96413", 1, date(2024, 7, 1), None),
    ("96368", "96415", 1, date(2024, 7, 1), None),
    ("96368", "96416", 1, date(2024, 7, 1), None),
    ("96368", "C8957", 1, date(2024, 7, 1), None),
    ("96370", "96369", 1, date(2024, 7, 1), None),
    ("96371", "96369", 1, date(2024, 7, 1), None),
    ("96375", "96360", 1, date(2024, 7, 1), None),
    ("96375", "96365", 1, date(2024, 7, 1), None),
    ("96375", "96374", 1, date(2024, 7, 1), None),
    ("96375", "96409", 1, date(2024, 7, 1), None),
    ("96375", "96413", 1, date(2024, 7, 1), None),
    ("96376", "96365", 1, date(2024, 7, 1), None),
    ("96376", "96374", 1, date(2024, 7, 1), None),
    ("96376", "96409", 1, date(2024, 7, 1), None),
    ("96376", "96413", 1, date(2024, 7, 1), None),
)

TABLE = Table("aoc", "specs/tables/aoc.csv", KEY, COLUMNS, ROWS, "specs/sc_infusion.rules:16:1")
