"""Evaluation context of one encounter record: grouping by encounter number, line dates, scopes.

Both the generated validators and the IR interpreter build one Context per record, so "which lines
share a date of service" or "which episodes belong to this encounter" is decided here only.
"""

from __future__ import annotations

from datetime import date

from .model import Encounter, Line
from .policies import Policies
from .tables import in_period

SCOPES = ("line", "encounter", "date_of_service", "claim")


class Context:
    __slots__ = ("record", "policies", "lines", "episodes", "lines_by_enc", "episodes_by_enc",
                 "encounter_numbers", "line_dates", "tables_out_of_force", "rules_out_of_force", "cache",
                 "_lines_by_day")

    def __init__(self, record: Encounter, policies: Policies) -> None:
        self.record = record
        self.policies = policies
        lines = self.lines = record.lines
        episodes = self.episodes = record.episodes
        self.lines_by_enc: dict[int, list[Line]] = {}
        for line in lines:
            self.lines_by_enc.setdefault(line.encounter, []).append(line)
        self.episodes_by_enc: dict[int, list] = {}
        for ep in episodes:
            self.episodes_by_enc.setdefault(ep.encounter, []).append(ep)
        numbers = set(self.lines_by_enc) | set(self.episodes_by_enc)
        self.encounter_numbers = sorted(numbers)
        self.line_dates = self._line_dates()
        self.tables_out_of_force: dict[str, tuple] = {}
        self.rules_out_of_force: dict[str, tuple] = {}
        self.cache: dict = {}
        self._lines_by_day: dict[date, list[Line]] | None = None

    def _line_dates(self) -> dict[int, date]:
        """Date of service of each line (by input position), per `line_date_after_midnight`."""
        dos = self.record.date_of_service
        own = {line.index: line.service_date or dos for line in self.lines}
        if self.policies["line_date_after_midnight"] == "line_date":
            return own
        first = {n: min(own[line.index] for line in lines) for n, lines in self.lines_by_enc.items()}
        return {line.index: first[line.encounter] for line in self.lines}

    def line_date(self, line: Line) -> date:
        return self.line_dates[line.index]

    def scope_lines(self, line: Line, per: str) -> list[Line]:
        if per == "encounter":
            return self.lines_by_enc[line.encounter]
        if per == "date_of_service":
            by_day = self._lines_by_day
            if by_day is None:
                by_day = self._lines_by_day = {}
                for other in self.lines:
                    by_day.setdefault(self.line_dates[other.index], []).append(other)
            return by_day[self.line_dates[line.index]]
        if per == "claim":
            return list(self.lines)
        return [line]

    def units_by_code(self, line: Line, per: str) -> dict[str, int]:
        """Units billed per code over the lines sharing `per` scope with this line (computed once per scope)."""
        if per == "line":
            return {line.code: line.units}
        key = ("units", per, line.encounter if per == "encounter" else self.line_dates[line.index] if per == "date_of_service" else None)
        billed = self.cache.get(key)
        if billed is None:
            billed = self.cache[key] = {}
            for other in self.scope_lines(line, per):
                billed[other.code] = billed.get(other.code, 0) + other.units
        return billed

    def lookup_row(self, table, key: tuple, day: date):
        """The row in force for `key` on `day`, or None (missing key part, no row, table not in force)."""
        if None in key:
            return None
        return self.lookup(table, key, day)

    def lookup_value(self, table, key: tuple, day: date, column: str):
        """One column of the row in force, or None (missing key part, no row, or table not in force)."""
        if None in key:
            return None
        row = self.lookup(table, key, day)
        return None if row is None else getattr(row, column)

    def lookup(self, table, key: tuple, day: date):
        """A table row in force on `day` (for the record's payer), or None."""
        if not table.in_force(day):
            return None
        return table.get_for(self.record.payer, key, day)

    def note_tables(self, tables) -> None:
        """Remember each table that has no version in force on some date of this record: the rules
        reading it cannot be checked on that date. Decided per record, not per lookup, so that it
        does not depend on which conditions happened to be evaluated."""
        days = [*self.line_dates.values(), self.record.date_of_service]
        earliest = min(days)
        for table in tables:
            if not table.in_force(earliest):
                self.tables_out_of_force.setdefault(table.name, (earliest, table.origin))

    def rule_in_force(self, meta, day: date, period: tuple, periods: tuple) -> bool:
        """Whether this version of a rule is in force on `day`. If it is not and no other version of
        the rule (`periods`, all of them) covers the date either, remember that it was not checked."""
        if in_period(day, *period):
            return True
        if not any(in_period(day, lo, hi) for lo, hi in periods):
            self.rules_out_of_force.setdefault(meta.id, (day, meta.spec))
        return False


def contexts_for(record: Encounter, modules) -> list[Context]:
    """One Context per module, shared by modules whose policy choices agree (the usual case)."""
    shared: dict[tuple, Context] = {}
    out = []
    for module in modules:
        key = module.POLICIES.key
        ctx = shared.get(key)
        if ctx is None:
            ctx = shared[key] = Context(record, module.POLICIES)
        out.append(ctx)
    return out
