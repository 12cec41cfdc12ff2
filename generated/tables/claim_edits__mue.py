# Generated from specs/tables/mue.csv by `codespec build`. DO NOT EDIT.
# source-sha256: 164f97bd7a8070e164d128e44ac15dac050e4c314bbe297ee88f8c2b4e2e6306
"""Reference table `mue` (60 rows), read by specs/claim_edits.rules."""

from datetime import date
from fractions import Fraction

from compiler.runtime.tables import Table

COLUMNS = ("setting", "code", "mue", "mai", "effective_from", "effective_through", )
KEY = ("setting", "code", )

ROWS = (
    ("facility", "96360", 2, 3, date(2024, 7, 1), None),
    ("facility", "96361", 24, 3, date(2024, 7, 1), None),
    ("facility", "96365", 2, 3, date(2024, 7, 1), None),
    ("facility", "96366", 24, 3, date(2024, 7, 1), None),
    ("facility", "96367", 4, 3, date(2024, 7, 1), None),
    ("facility", "96368", 1, 2, date(2024, 7, 1), None),
    ("facility", "96369", 1, 2, date(2024, 7, 1), None),
    ("facility", "96370", 3, 3, date(2024, 7, 1), None),
    ("facility", "96371", 1, 3, date(2024, 7, 1), None),
    ("facility", "96372", 5, 3, date(2024, 7, 1), None),
    ("facility", "96373", 3, 3, date(2024, 7, 1), None),
    ("facility", "96374", 1, 3, date(2024, 7, 1), None),
    ("facility", "96375", 6, 3, date(2024, 7, 1), None),
    ("facility", "96376", 10, 3, date(2024, 7, 1), None),
    ("facility", "96377", 1, 3, date(2024, 7, 1), None),
    ("facility", "96379", 2, 3, date(2024, 7, 1), None),
    ("facility", "96401", 4, 3, date(2024, 7, 1), None),
    ("facility", "96402", 2, 3, date(2024, 7, 1), None),
    ("facility", "96409", 1, 3, date(2024, 7, 1), None),
    ("facility", "96413", 1, 3, date(2024, 7, 1), None),
    ("facility", "96415", 8, 3, date(2024, 7, 1), None),
    ("facility", "96523", 2, 3, date(2024, 7, 1), None),
    ("facility", "99211", 2, 3, date(2024, 7, 1), None),
    ("facility", "99213", 2, 3, date(2024, 7, 1), None),
    ("facility", "G0463", 4, 3, date(2024, 7, 1), None),
    ("facility", "J1551", 1600, 3, date(2024, 7, 1), None),
    ("facility", "J1555", 480, 3, date(2024, 7, 1), None),
    ("facility", "J1558", 480, 3, date(2024, 7, 1), None),
    ("facility", "J1559", 2400, 3, date(2024, 7, 1), None),
    ("facility", "J1575", 3000, 3, date(2024, 7, 1), None),
    ("physician", "96360", 1, 3, date(2024, 7, 1), None),
    ("physician", "96361", 8, 3, date(2024, 7, 1), None),
    ("physician", "96365", 1, 3, date(2024, 7, 1), None),
    ("physician", "96366", 8, 3, date(2024, 7, 1), None),
    ("physician", "96367", 4, 3, date(2024, 7, 1), None),
    ("physician", "96368", 1, 2, date(2024, 7, 1), None),
    ("physician", "96369", 1, 2, date(2024, 7, 1), None),
    ("physician", "96370", 3, 3, date(2024, 7, 1), None),
    ("physician", "96371", 1, 3, date(2024, 7, 1), None),
    ("physician", "96372", 4, 3, date(2024, 7, 1), None),
    ("physician", "96373", 2, 3, date(2024, 7, 1), None),
    ("physician", "96374", 1, 3, date(2024, 7, 1), None),
    ("physician", "96375", 6, 3, date(2024, 7, 1), None),
    ("physician", "96376", 0, 3, date(2024, 7, 1), None),
    ("physician", "96377", 1, 3, date(2024, 7, 1), None),
    ("physician", "96379", 1, 3, date(2024, 7, 1), None),
    ("physician", "96401", 3, 3, date(2024, 7, 1), None),
    ("physician", "96402", 2, 3, date(2024, 7, 1), None),
    ("physician", "96409", 1, 3, date(2024, 7, 1), None),
    ("physician", "96413", 1, 3, date(2024, 7, 1), None),
    ("physician", "96415", 8, 3, date(2024, 7, 1), None),
    ("physician", "96523", 1, 3, date(2024, 7, 1), None),
    ("physician", "99211", 1, 3, date(2024, 7, 1), None),
    ("physician", "99213", 2, 3, date(2024, 7, 1), None),
    ("physician", "G0463", 0, 3, date(2024, 7, 1), None),
    ("physician", "J1551", 1600, 3, date(2024, 7, 1), None),
    ("physician", "J1555", 480, 3, date(2024, 7, 1), None),
    ("physician", "J1558", 480, 3, date(2024, 7, 1), None),
    ("physician", "J1559", 2400, 3, date(2024, 7, 1), None),
    ("physician", "J1575", 3000, 3, date(2024, 7, 1), None),
)

TABLE = Table("mue", "specs/tables/mue.csv", KEY, COLUMNS, ROWS, "specs/claim_edits.rules:13:1")
