"""Time arithmetic, defined once: elapsed time on absolute instants, and infusion time per encounter.

Instants carry UTC offsets. Each is placed on the absolute time line as whole microseconds since
1970-01-01 UTC (`instant`), exactly, so elapsed time is right across midnight, offsets and
daylight-saving changes, and wall clocks are never compared. The parsed model keeps that number
beside each documented instant (Episode.start_us / stop_us), so rules compute with integers.

Durations stay in microseconds until a rule compares minutes: `partial_minutes = truncate` drops
everything past the last whole minute (15 min 59.5 s is 15 min), `exact` keeps it as a fraction.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from fractions import Fraction

from .policies import Policies

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
US_PER_SECOND = 1_000_000
US_PER_MINUTE = 60 * US_PER_SECOND


def instant(moment: datetime) -> int:
    """An aware datetime as whole microseconds since 1970-01-01 UTC (exact; datetimes hold microseconds)."""
    return (moment - _EPOCH) // _MICROSECOND


def duration_us(start_us: int, stop_us: int | None) -> int | None:
    """Microseconds from start to stop; None when stop is missing or earlier."""
    if stop_us is None or stop_us < start_us:
        return None
    return stop_us - start_us


def elapsed_us(start: datetime, stop: datetime | None) -> int | None:
    """duration_us of two documented instants."""
    return duration_us(instant(start), None if stop is None else instant(stop))


def elapsed_seconds(start: datetime, stop: datetime | None) -> int | None:
    """Whole seconds from start to stop (a fraction of a second is dropped); None when stop is missing or earlier."""
    us = elapsed_us(start, stop)
    return None if us is None else us // US_PER_SECOND


def whole_minutes(us: int | None) -> int | None:
    """Documented whole minutes of a duration (what the `elapsed_minutes` output reports)."""
    return None if us is None else us // US_PER_MINUTE


def minutes(us: int | None, policies: Policies) -> int | Fraction | None:
    """A duration as the minutes time rules compare, per the `partial_minutes` policy."""
    if us is None:
        return None
    if policies.choices["partial_minutes"] == "truncate":
        return us // US_PER_MINUTE
    m = Fraction(us, US_PER_MINUTE)
    return int(m) if m.denominator == 1 else m


def infusion_time(intervals: list[tuple[datetime, datetime | None]], policies: Policies) -> int | None:
    """infusion_us of documented instants."""
    return infusion_us([(instant(a), None if b is None else instant(b)) for a, b in intervals], policies)


def infusion_us(spans: list[tuple[int, int | None]], policies: Policies) -> int | None:
    """Total infusion time of one encounter's episodes in microseconds (instants as microseconds),
    per the gap and concurrency policies.

    None when any episode has no usable stop (missing or before its start): the total is unknown.
    No episodes at all is zero documented time.
    """
    for start, stop in spans:
        if duration_us(start, stop) is None:
            return None
    return union_us(spans, policies)


def union_us(spans: list[tuple[int, int]], policies: Policies) -> int:
    """infusion_us of spans that all have a usable stop."""
    if len(spans) < 2:  # the usual case: one episode, no union to take
        return spans[0][1] - spans[0][0] if spans else 0
    ordered = iter(sorted(spans))
    cur_start, cur_stop = next(ordered)
    union = gaps = 0
    for s, e in ordered:
        if s > cur_stop:
            union += cur_stop - cur_start
            gaps += s - cur_stop
            cur_start, cur_stop = s, e
        elif e > cur_stop:
            cur_stop = e
    union += cur_stop - cur_start
    total = union
    choices = policies.choices
    if choices["concurrent_pumps"] == "pump_time":
        total += sum(e - s for s, e in spans) - union
    if choices["infusion_gaps"] == "include":
        total += gaps
    return total


class Infusions:
    """What an encounter's infusion episodes of one route document, in one pass: the episodes, how
    many have no stop and how many stop before they start (the episodes duration_us has no time
    for), their pump set-ups (None once one is undocumented) and the infusion time in the minutes
    rules compare (infusion_us; None when any stop is unusable). Rules read all of it for each
    encounter, so it is worked out once (builtins.infusions keeps it for the record)."""

    __slots__ = ("episodes", "missing_stops", "reversed", "pumps", "time")

    def __init__(self, episodes, route: str, policies: Policies) -> None:
        chosen, spans = [], []
        missing = reversed_ = 0
        pumps: int | None = 0
        for ep in episodes:
            if ep.route == route and ep.kind == "infusion":
                chosen.append(ep)
                start, stop = ep.start_us, ep.stop_us
                if duration_us(start, stop) is not None:
                    spans.append((start, stop))
                elif stop is None:
                    missing += 1
                else:  # a stop, but no duration: one before its start
                    reversed_ += 1
                if pumps is not None:
                    pumps = None if ep.pump_setups is None else pumps + ep.pump_setups
        self.episodes, self.missing_stops, self.reversed, self.pumps = chosen, missing, reversed_, pumps
        self.time = None if missing or reversed_ else minutes(union_us(spans, policies), policies)
