# Generated from specs/tables/initial_hierarchy.csv by `codespec build`. DO NOT EDIT.
# source-sha256: fd07df258768f8901df2842dae90d8de7f07221c0e64a85cb88a16638363da13
"""Reference table `initial_rank` (6 rows), read by specs/claim_edits.rules."""

from datetime import date
from fractions import Fraction

from compiler.runtime.tables import Table

COLUMNS = ("code", "rank", "effective_from", "effective_through", )
KEY = ("code", )

ROWS = (
    ("96413", 1, None, None),
    ("96409", 2, None, None),
    ("96365", 3, None, None),
    ("96369", 4, None, None),
    ("96374", 5, None, None),
    ("96360", 6, None, None),
)

TABLE = Table("initial_rank", "specs/tables/initial_hierarchy.csv", KEY, COLUMNS, ROWS, "specs/claim_edits.rules:16:1")
