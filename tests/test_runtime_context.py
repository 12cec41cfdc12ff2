"""The evaluation context: line dates per policy, including encounters that bill no line."""

from datetime import date

import pytest

from compiler.runtime.context import Context
from compiler.runtime.model import parse_encounter
from compiler.runtime.policies import Policies


def record(lines, episodes) -> dict:
    return {"id": "c", "setting": "physician", "payer": "medicare", "date_of_service": "2024-08-14",
            "place_of_service": "11", "lines": lines, "episodes": episodes}


EPISODE = {"id": "E1", "encounter": 2, "kind": "infusion", "route": "subcutaneous",
           "start": "2024-08-14T09:00:00-04:00", "stop": "2024-08-14T10:00:00-04:00", "pump_setups": 1, "sites": 1}


@pytest.mark.parametrize("choice", ["line_date", "encounter_date"])
def test_an_encounter_with_episodes_but_no_lines_has_no_line_dates(choice):
    rec = parse_encounter(record([], [{**EPISODE, "encounter": 1}]))
    ctx = Context(rec, Policies({"line_date_after_midnight": choice}))
    assert ctx.encounter_numbers == [1]
    assert ctx.line_dates == []


@pytest.mark.parametrize("choice", ["line_date", "encounter_date"])
def test_a_second_encounter_without_lines_leaves_the_first_ones_dates(choice):
    rec = parse_encounter(record([{"line": 1, "code": "96369", "units": 1, "encounter": 1}], [EPISODE]))
    ctx = Context(rec, Policies({"line_date_after_midnight": choice}))
    assert ctx.encounter_numbers == [1, 2]
    assert ctx.line_dates == [date(2024, 8, 14)]


def test_encounter_date_puts_every_line_on_the_encounters_first_date():
    lines = [{"line": 1, "code": "96369", "units": 1, "service_date": "2024-08-14"},
             {"line": 2, "code": "96370", "units": 1, "service_date": "2024-08-15"}]
    rec = parse_encounter(record(lines, []))
    own = Context(rec, Policies({"line_date_after_midnight": "line_date"}))
    first = Context(rec, Policies({"line_date_after_midnight": "encounter_date"}))
    assert own.line_dates == [date(2024, 8, 14), date(2024, 8, 15)]
    assert first.line_dates == [date(2024, 8, 14), date(2024, 8, 14)]


def _groups(ctx: Context) -> dict:
    as_lists = lambda d: {k: [x.index for x in v] for k, v in d.items()}  # noqa: E731
    return {"lines_by_enc": as_lists(ctx.lines_by_enc), "lines_by_day": as_lists(ctx.lines_by_day),
            "episodes_by_enc": as_lists(ctx.episodes_by_enc), "units_by_enc": ctx.units_by_enc,
            "units_by_day": ctx.units_by_day, "line_counts_by_enc": ctx.line_counts_by_enc,
            "line_counts_by_day": ctx.line_counts_by_day, "line_dates": ctx.line_dates,
            "encounter_numbers": ctx.encounter_numbers, "earliest_date": ctx.earliest_date}


@pytest.mark.parametrize("choice", ["line_date", "encounter_date"])
@pytest.mark.parametrize("lines, episodes", [
    ([{"line": 1, "code": "96369", "units": 1}, {"line": 2, "code": "96369", "units": 2}], [{**EPISODE, "encounter": 1}]),
    ([{"line": 1, "code": "96369", "units": 1, "service_date": "2024-08-14"}], []),  # its own date, the same day
    ([{"line": 1, "code": "96369", "units": 1}, {"line": 2, "code": "96370", "units": 1, "service_date": "2024-08-15"}], []),
    ([{"line": 1, "code": "96369", "units": 1}], [EPISODE]),  # an episode of another encounter
    ([{"line": 1, "code": "96369", "units": 1}, {"line": 2, "code": "96369", "units": 1, "encounter": 2}], []),
])
def test_the_one_group_shortcut_groups_as_the_general_case_does(lines, episodes, choice):
    policies = Policies({"line_date_after_midnight": choice})
    rec = parse_encounter(record(lines, episodes))
    general = Context(rec, policies)
    general._group_encounters(rec.lines, rec.episodes)  # the paths for records of several encounters
    general._group_dates(rec.lines, rec.date_of_service, policies)  # and dates
    assert _groups(Context(rec, policies)) == _groups(general)


@pytest.mark.parametrize("choice", ["line_date", "encounter_date"])
def test_units_and_lines_per_code_in_each_scope(choice):
    lines = [{"line": 1, "code": "96369", "units": 1}, {"line": 2, "code": "96369", "units": 2},
             {"line": 3, "code": "96370", "units": 3, "service_date": "2024-08-15"},
             {"line": 4, "code": "96369", "units": 1, "encounter": 2}]
    rec = parse_encounter(record(lines, []))
    ctx = Context(rec, Policies({"line_date_after_midnight": choice}))
    assert ctx.units_by_enc == {1: {"96369": 3, "96370": 3}, 2: {"96369": 1}}
    assert ctx.line_counts_by_enc == {1: {"96369": 2, "96370": 1}, 2: {"96369": 1}}
    day1, day2 = date(2024, 8, 14), date(2024, 8, 15)
    if choice == "line_date":  # the 96370 hour after midnight counts on its own date
        assert ctx.line_counts_by_day == {day1: {"96369": 3}, day2: {"96370": 1}}
    else:
        assert ctx.line_counts_by_day == {day1: {"96369": 3, "96370": 1}}
    assert ctx.lines_by_code(rec.lines[0], "claim") == {"96369": 3, "96370": 1}
    assert ctx.units_by_code(rec.lines[0], "claim") == {"96369": 4, "96370": 3}
    assert ctx.lines_by_code(rec.lines[0], "line") == {"96369": 1}
