# Generated from specs/tables/labels.csv by `codespec build`. DO NOT EDIT.
# source-sha256: b1e424b19cb1fe92cad24dbc6a0f908ee15d91fb76133f17e6f6d9e1d6ef5e52
"""Reference table `labels` (10 rows), read by specs/drugs.rules."""

from datetime import date
from fractions import Fraction

from compiler.runtime.tables import Table

COLUMNS = ("product_label", "infusion_number", "max_ml_per_site", "max_ml_per_h_per_site", "effective_from", "effective_through", )
KEY = ("product_label", "infusion_number", )

ROWS = (
    ("cuvitru", "first", 60, Fraction(1, 3), date(2020, 1, 1), None),
    ("cuvitru", "subsequent", 60, 1, date(2020, 1, 1), None),
    ("gammagard_liquid_sc", "first", 30, Fraction(1, 3), date(2020, 1, 1), None),
    ("gammagard_liquid_sc", "subsequent", 30, Fraction(1, 2), date(2020, 1, 1), None),
    ("gamunex_c", "first", None, Fraction(1, 3), date(2020, 1, 1), None),
    ("gamunex_c", "subsequent", None, Fraction(1, 3), date(2020, 1, 1), None),
    ("hizentra_cidp", "first", 20, Fraction(1, 3), date(2020, 1, 1), None),
    ("hizentra_cidp", "subsequent", 50, Fraction(5, 6), date(2020, 1, 1), None),
    ("hizentra_pi", "first", 15, Fraction(1, 4), date(2020, 1, 1), None),
    ("hizentra_pi", "subsequent", 25, Fraction(5, 12), date(2020, 1, 1), None),
)

TABLE = Table("labels", "specs/tables/labels.csv", KEY, COLUMNS, ROWS, "specs/drugs.rules:5:1")
