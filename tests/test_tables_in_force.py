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
