"""Evaluation context of one encounter record: grouping by encounter number, line dates, scopes.

Both the generated validators and the IR interpreter build one Context per record, so "which lines
share a date of service" or "which episodes belong to this encounter" is decided here only.
"""

from __future__ import annotations

from datetime import date

from .model import Encounter, Line
from .policies import Policies

SCOPES = ("line", "encounter", "date_of_service", "claim")


class Context:
    __slots__ = ("record", "policies", "lines", "episodes", "lines_by_enc", "episodes_by_enc",
                 "encounter_numbers", "line_dates", "tables_out_of_force", "cache")

    def __init__(self, record: Encounter, policies: Policies) -> None:
        self.record = record
        self.policies = policies
        self.lines = record.lines
        self.episodes = record.episodes
        self.lines_by_enc: dict[int, list[Line]] = {}
        for line in record.lines:
            self.lines_by_enc.setdefault(line.encounter, []).append(line)
        self.episodes_by_enc: dict[int, list] = {}
        for ep in record.episodes:
            self.episodes_by_enc.setdefault(ep.encounter, []).append(ep)
        self.encounter_numbers = sorted(set(self.lines_by_enc) | set(self.episodes_by_enc))
        self.line_dates = self._line_dates()
        self.tables_out_of_force: dict[str, date] = {}
        self.cache: dict = {}

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
            day = self.line_dates[line.index]
            return [other for other in self.lines if self.line_dates[other.index] == day]
        if per == "claim":
            return list(self.lines)
        return [line]

    def lookup_value(self, table, key: tuple, day: date, column: str):
        """One column of the row in force, or None (missing key part, no row, or table not in force)."""
        if None in key:
            return None
        row = self.lookup(table, key, day)
        return None if row is None else getattr(row, column)

    def lookup(self, table, key: tuple, day: date):
        """A table row in force on `day`; remembers tables consulted outside every version."""
        if not table.in_force(day):
            self.tables_out_of_force.setdefault(table.name, (day, table.origin))
            return None
        return table.get(key, day)
