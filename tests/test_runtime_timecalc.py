"""Time arithmetic on documented instants, worked out by hand: the one definition both evaluators use."""

from datetime import datetime
from fractions import Fraction
from types import SimpleNamespace

import pytest

from compiler.runtime import timecalc
from compiler.runtime.policies import Policies

TRUNCATE, EXACT = Policies({"partial_minutes": "truncate"}), Policies({"partial_minutes": "exact"})


def at(text: str) -> int:
    return timecalc.instant(datetime.fromisoformat(text))


def test_one_moment_written_with_two_offsets_is_one_instant():
    assert at("2026-03-08T03:00:00-04:00") == at("2026-03-08T07:00:00Z") == at("2026-03-08T02:00:00-05:00")


@pytest.mark.parametrize("spans", [
    [("09:00:00-04:00", "09:15:59.500000-04:00")],
    # two episodes adding up to 959.5 s: the float timestamps once rounded this to 960 s (16 min)
    [("09:00:00.136758-04:00", "09:06:37.373088-04:00"), ("09:11:38.333525-04:00", "09:21:00.597195-04:00")],
])
def test_a_fraction_of_a_second_past_15_min_59_s_is_not_a_16th_minute(spans):
    us = timecalc.infusion_us([(at("2024-08-14T" + a), at("2024-08-14T" + b)) for a, b in spans], TRUNCATE)
    assert us == 959_500_000
    assert timecalc.minutes(us, TRUNCATE) == 15  # `truncate` drops everything past the last whole minute
    assert timecalc.minutes(us, EXACT) == Fraction(1919, 120)  # 15 min 59.5 s, which is more than 15 min
    assert timecalc.whole_minutes(us) == 15


def test_overlapping_pumps_count_once_and_a_gap_is_left_out():
    spans = [(at("2024-08-14T09:00:00Z"), at("2024-08-14T10:00:00Z")),   # 60 min
             (at("2024-08-14T09:30:00Z"), at("2024-08-14T10:30:00Z")),   # overlaps the first by 30 min
             (at("2024-08-14T11:00:00Z"), at("2024-08-14T11:10:00Z"))]   # after a 30 min gap
    assert timecalc.minutes(timecalc.infusion_us(spans, TRUNCATE), TRUNCATE) == 100
    summed = Policies({"concurrent_pumps": "pump_time", "infusion_gaps": "include"})
    assert timecalc.minutes(timecalc.infusion_us(spans, summed), summed) == 160


def test_a_missing_or_reversed_stop_leaves_the_time_unknown():
    start = at("2024-08-14T09:00:00Z")
    assert timecalc.infusion_us([(start, None), (start, start + 60_000_000)], TRUNCATE) is None
    assert timecalc.infusion_us([(start, start - 1)], TRUNCATE) is None
    assert timecalc.infusion_us([], TRUNCATE) == 0


_POLICY_SETS = [Policies({"concurrent_pumps": pumps, "infusion_gaps": gaps, "partial_minutes": part})
                for pumps in ("clock_time", "pump_time") for gaps in ("exclude", "include") for part in ("truncate", "exact")]


@pytest.mark.parametrize("policies", _POLICY_SETS, ids=lambda p: "-".join(p.key))
@pytest.mark.parametrize("spans, by_hand", [
    # whole minutes (truncated) under (clock_time, exclude), (pump_time, exclude), (clock_time, include), (pump_time, include)
    ([], (0, 0, 0, 0)),
    ([(0, 61 * 60_000_000 + 30_000_000)], (61, 61, 61, 61)),                          # one episode, 61.5 min
    ([(0, 60 * 60_000_000), (30 * 60_000_000, 90 * 60_000_000)], (90, 120, 90, 120)),  # overlapping pumps
    ([(0, 10 * 60_000_000), (20 * 60_000_000, 25 * 60_000_000)], (15, 15, 25, 25)),    # a 10-minute gap
    ([(0, None)], (None,) * 4),                                                        # no stop
    ([(0, 60_000_000), (5, 4)], (None,) * 4),                                          # one stop before its start
])
def test_infusion_time_reads_each_policy_as_worked_out_by_hand(policies, spans, by_hand):
    which = 2 * (policies["infusion_gaps"] == "include") + (policies["concurrent_pumps"] == "pump_time")
    if policies["partial_minutes"] == "truncate" or by_hand[which] is None:
        expected = by_hand[which]
    else:  # `exact` keeps the seconds past the last whole minute (only the 61.5-minute episode has any)
        expected = Fraction(123, 2) if by_hand[which] == 61 else by_hand[which]
    assert timecalc.minutes(timecalc.infusion_us(spans, policies), policies) == expected
    # what rules read: the encounter's summary of its episodes
    episodes = [SimpleNamespace(route="subcutaneous", kind="infusion", start_us=a, stop_us=b, pump_setups=1)
                for a, b in spans]
    assert timecalc.Infusions(episodes, "subcutaneous", policies).time == expected


@pytest.mark.parametrize("spans, by_hand", [
    ([], (0, 0, 0)),
    ([(0, 90 * 60_000_000)], (0, 0, 90)),
    ([(0, None), (0, 60_000_000)], (1, 0, None)),                   # one without a stop: the time is unknown
    ([(0, 60_000_000), (5, 4), (7, None), (9, None)], (2, 1, None)),  # both faults, each counted
    ([(5, 5)], (0, 0, 0)),                                          # a stop at its start is no fault
])
def test_the_summary_counts_missing_and_reversed_stops_and_says_the_time(spans, by_hand):
    episodes = [SimpleNamespace(route="subcutaneous", kind="infusion", start_us=a, stop_us=b, pump_setups=1)
                for a, b in spans]
    other = SimpleNamespace(route="intravenous", kind="infusion", start_us=0, stop_us=None, pump_setups=None)
    got = timecalc.Infusions([*episodes, other], "subcutaneous", TRUNCATE)
    assert (got.missing_stops, got.reversed, got.time) == by_hand
    assert got.episodes == episodes and got.pumps == len(spans)  # the other route's episode is not read
    # and its faults are the episodes whose own duration is unknown
    missing, reversed_, _ = by_hand
    assert sum(timecalc.duration_us(a, b) is None for a, b in spans) == missing + reversed_
