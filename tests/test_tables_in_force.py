"""A table with no version in force on a record's date is reported once per record, whatever
conditions the evaluator happened to evaluate: the generated code skips rules by code and stops
conditions early, the interpreter evaluates every operand, and both must name the same tables."""

import pytest

import generated.validators as gv
from compiler.interp import load_interpreters
from compiler.runtime import results
from compiler.runtime.model import parse_encounter


def record(day: str, code: str) -> dict:
    return {"id": f"{day}-{code}", "setting": "physician", "payer": "medicare", "date_of_service": day,
            "place_of_service": "11", "lines": [{"line": 1, "code": code, "units": 1}], "episodes": []}


def not_checked(result: dict) -> set:
    return {f["table"] for f in result["claim_findings"] if f["rule"] == "table_not_in_force"}


EVALUATORS = {
    "generated": lambda rec: gv.validate_all(rec),
    "interpreter": lambda rec, _i=tuple(load_interpreters()): [i.validate(rec) for i in _i],
}


@pytest.mark.parametrize("which", sorted(EVALUATORS))
@pytest.mark.parametrize("code", ["96369", "A4215"])  # A4215: no rule of claim_edits looks it up by code
def test_tables_out_of_force_do_not_depend_on_which_rules_ran(which, code):
    # specs/tables/mue.csv, ptp.csv and aoc.csv start on 2024-07-01; labels.csv on 2020-01-01; the
    # rank and modifier tables carry no dates (always in force).
    before = parse_encounter(record("2024-06-30", code))
    on = parse_encounter(record("2024-07-01", code))
    assert not_checked(results.build(before, EVALUATORS[which](before))) == {"aoc", "mue", "ptp"}
    assert not_checked(results.build(on, EVALUATORS[which](on))) == set()


@pytest.mark.parametrize("which", sorted(EVALUATORS))
def test_each_specs_report_names_only_its_own_tables_and_rules(which):
    # validate_all's specs share one Context, whose notes hold every spec's; each report keeps its own.
    # On 2017-01-01 Aetna's site-of-care rule (claim_edits, dated from that day) is in force, but no
    # table starting 2024-07-01 is; the labels table (drugs) starts 2020-01-01.
    rec = parse_encounter({**record("2017-01-01", "J1559"), "setting": "facility", "payer": "aetna",
                           "type_of_bill": "0131", "place_of_service": None,
                           "lines": [{"line": 1, "code": "J1559", "units": 1, "revenue_code": "0636"}]})
    tables = {name: set(report.tables_out_of_force) for name, report in zip(["claim_edits", "drugs", "sc_infusion"],
                                                                             EVALUATORS[which](rec))}
    assert tables == {"claim_edits": {"mue", "ptp"}, "drugs": {"labels"}, "sc_infusion": {"aoc"}}


def test_every_table_is_in_force_from_the_latest_first_version():
    # The generated validators skip the per-table test for records on or after this day.
    from datetime import date

    from compiler.runtime.tables import Table, all_in_force_from

    def table(*froms):
        rows = [(f"k{i}", 1, f, None) for i, f in enumerate(froms)]
        return Table("t", "t.csv", ("key",), ("key", "value", "effective_from", "effective_through"), rows)

    older, newer, undated = table(date(2020, 1, 1)), table(date(2024, 7, 1), date(2024, 10, 1)), table(None)
    assert all_in_force_from((older, newer, undated)) == date(2024, 7, 1)
    assert all(t.in_force(date(2024, 7, 1)) for t in (older, newer, undated))
    assert not newer.in_force(date(2024, 6, 30))
    assert all_in_force_from((undated,)) == date.min


def test_a_lookup_finds_the_version_in_force_on_its_day_in_any_order_of_days():
    """A quarterly table: MUE 4 in Q3 2024, 6 from Q4, a row ending mid-quarter, and a payer's own row from 2024-11-15. Each
    day's answer is that day's, whichever days were asked before (lookups answer from per-day
    snapshots of the rows in force)."""
    from datetime import date

    from compiler.runtime.tables import Table

    columns = ("code", "mue", "effective_from", "effective_through")
    cms = Table("mue", "mue.csv", ("code",), columns, [
        ("96369", 4, date(2024, 7, 1), date(2024, 9, 30)),
        ("96369", 6, date(2024, 10, 1), None),
        ("96370", 9, None, date(2024, 8, 31)),
    ])
    payer = Table("mue", "acme.csv", ("code",), columns, [("96369", 2, date(2024, 11, 15), None)])
    cms.with_overlays({"acme": payer})
    expected = {
        (date(2024, 6, 30), "medicare", "96369"): None,  # before the table's first version
        (date(2024, 6, 30), "medicare", "96370"): None,  # an open-start row too: no version in force yet
        (date(2024, 7, 1), "medicare", "96369"): 4,
        (date(2024, 9, 30), "medicare", "96369"): 4,
        (date(2024, 8, 31), "medicare", "96370"): 9,
        (date(2024, 9, 1), "medicare", "96370"): None,  # its row ended the day before
        (date(2024, 10, 1), "medicare", "96369"): 6,
        (date(2024, 11, 14), "acme", "96369"): 6,         # the payer's row is not in force yet
        (date(2024, 11, 15), "acme", "96369"): 2,
        (date(2024, 11, 15), "medicare", "96369"): 6,
        (date(2031, 1, 1), "acme", "96369"): 2,
    }

    def mue(day, payer_id, code):
        row = cms.find(payer_id, (code,), day)
        return None if row is None else row.mue

    for keys in (sorted(expected), sorted(expected, reverse=True), sorted(expected)):
        assert {k: mue(*k) for k in keys} == expected


def test_a_payer_row_is_in_force_on_its_own_dates_and_never_before_the_table_is():
    """A payer's undated row applies on every date the table is in force, even before that payer's
    first dated row; and no payer row answers before the base table's first version."""
    from datetime import date

    from compiler.runtime.tables import Table

    columns = ("code", "mue", "effective_from", "effective_through")
    cms = Table("mue", "mue.csv", ("code",), columns, [("96369", 10, date(2023, 1, 1), None),
                                                       ("96370", 10, date(2023, 1, 1), None)])
    acme = Table("mue", "acme.csv", ("code",), columns, [("96369", 1, None, None),
                                                         ("96370", 1, date(2024, 1, 1), None)])
    cms.with_overlays({"acme": acme})

    def mue(payer, code, day):
        row = cms.find(payer, (code,), day)
        return None if row is None else row.mue

    assert mue("acme", "96369", date(2023, 6, 1)) == 1    # undated: in force before acme's 2024 row
    assert mue("acme", "96370", date(2023, 6, 1)) == 10   # acme's row not yet: the base row
    assert mue("acme", "96370", date(2024, 1, 1)) == 1
    assert mue("acme", "96369", date(2022, 12, 31)) is None  # before the table's first version
