"""The add-on table: which primaries `addon_primaries` finds for a line, and what the rule assumes of the table."""

import csv
from datetime import date
from pathlib import Path

from compiler.runtime import builtins
from compiler.runtime.context import Context
from compiler.runtime.model import parse_encounter
from compiler.runtime.policies import Policies
from compiler.runtime.tables import Table

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ("addon", "primary", "aoc_type", "effective_from", "effective_through")
ROWS = [
    ("96366", "96365", 1, date(2024, 7, 1), None),
    ("96366", "96367", 1, date(2024, 7, 1), date(2024, 9, 30)),  # a pair that ended
    ("96370", "96369", 1, date(2024, 7, 1), None),
]


def table() -> Table:
    base = Table("aoc", "aoc.csv", ("addon", "primary"), COLUMNS, ROWS)
    mine = Table("aoc", "aoc_plan.csv", ("addon", "primary"), COLUMNS, [("96366", "96360", 1, date(2024, 1, 1), None)])
    return base.with_overlays({"plan_x": mine})


def primaries(code: str, day: str, payer: str = "medicare"):
    rec = parse_encounter({"id": "a", "setting": "physician", "payer": payer, "date_of_service": day,
                           "place_of_service": "11", "lines": [{"line": 1, "code": code, "units": 1}], "episodes": []})
    ctx = Context(rec, Policies())
    return builtins.addon_primaries(ctx, rec.lines[0], table())


def test_the_primaries_listed_for_the_line_code_on_its_date():
    assert primaries("96366", "2024-08-14") == {"96365", "96367"}
    assert primaries("96366", "2024-10-01") == {"96365"}  # the 96367 pair ended on 2024-09-30


def test_no_listed_primary_is_missing_not_an_empty_set():
    assert primaries("96369", "2024-08-14") is None  # not an add-on
    assert primaries("96366", "2024-06-30") is None  # before the table's first version


def test_a_payers_rows_join_the_base_rows_for_that_payer_only():
    assert primaries("96366", "2024-08-14", payer="plan_x") == {"96360", "96365", "96367"}
    assert primaries("96366", "2024-08-14") == {"96365", "96367"}


def test_the_shipped_add_on_rows_are_all_type_1():
    # addon_without_primary (specs/sc_infusion.rules) flags an add-on without a listed primary as an
    # error: right for Type 1 (never paid without one, F-AOC-04), wrong for Type 3 (other primaries
    # may be acceptable). A quarter that brings a Type 3 row must bring a rule that tells them apart.
    with open(ROOT / "specs" / "tables" / "aoc.csv", newline="", encoding="utf-8") as f:
        types = {row["aoc_type"] for row in csv.DictReader(f)}
    assert types == {"1"}
