"""Time arithmetic, defined once: elapsed time on absolute instants, and infusion time per encounter.

Instants carry UTC offsets, so subtracting two aware datetimes gives the real elapsed time across
midnight, offsets and daylight-saving changes; wall clocks are never compared.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction

from .policies import Policies

_ZERO = timedelta(0)


def elapsed_seconds(start: datetime, stop: datetime | None) -> int | None:
    """Seconds from start to stop on the absolute time line; None when stop is missing or earlier."""
    if stop is None:
        return None
    seconds = (stop - start).total_seconds()
    if seconds < 0:
        return None
    return int(round(seconds))


def whole_minutes(seconds: int | None) -> int | None:
    """Documented whole minutes (what the `elapsed_minutes` output reports)."""
    return None if seconds is None else seconds // 60


def minutes(seconds: int | None, policies: Policies) -> int | Fraction | None:
    """Seconds as the minutes time rules compare, per the `partial_minutes` policy."""
    if seconds is None:
        return None
    if policies["partial_minutes"] == "truncate":
        return seconds // 60
    m = Fraction(seconds, 60)
    return int(m) if m.denominator == 1 else m


def is_reversed(start: datetime, stop: datetime | None) -> bool:
    return stop is not None and stop < start


def infusion_seconds(intervals: list[tuple[datetime, datetime | None]], policies: Policies) -> int | None:
    """Total infusion seconds of one encounter's episodes, per the gap and concurrency policies.

    None when any episode has no usable stop (missing or before its start): the total is unknown.
    No episodes at all is zero documented time.
    """
    if len(intervals) == 1:  # the usual case: one episode, no union to take
        return elapsed_seconds(*intervals[0])
    spans: list[tuple[datetime, datetime]] = []
    for start, stop in intervals:
        if stop is None or stop < start:
            return None
        spans.append((start, stop))
    if not spans:
        return 0
    # Aware datetimes order and subtract on the absolute time line, exactly (timedelta, not float).
    spans.sort()
    union = gaps = _ZERO
    cur_start, cur_stop = spans[0]
    for s, e in spans[1:]:
        if s > cur_stop:
            union += cur_stop - cur_start
            gaps += s - cur_stop
            cur_start, cur_stop = s, e
        else:
            cur_stop = max(cur_stop, e)
    union += cur_stop - cur_start
    total = union
    if policies["concurrent_pumps"] == "pump_time":
        total += sum((e - s for s, e in spans), _ZERO) - union
    if policies["infusion_gaps"] == "include":
        total += gaps
    return int(round(total.total_seconds()))
