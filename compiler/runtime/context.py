"""Evaluation context of one encounter record: grouping by encounter number, line dates, scopes.

Both the generated validators and the IR interpreter build one Context per record, so "which lines
share a date of service" or "which episodes belong to this encounter" is decided here only.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from datetime import date

from .model import Encounter, Line
from .policies import Policies
from .tables import in_period

SCOPES = ("line", "encounter", "date_of_service", "claim")
_ENCOUNTER = attrgetter("encounter")


class Context:
    __slots__ = ("record", "policies", "lines", "episodes", "lines_by_enc", "episodes_by_enc",
                 "encounter_numbers", "line_dates", "lines_by_day", "earliest_date", "units_by_enc", "units_by_day",
                 "line_counts_by_enc", "line_counts_by_day", "claim_units", "claim_lines", "tables_out_of_force",
                 "rules_out_of_force", "cache")

    def __init__(self, record: Encounter, policies: Policies) -> None:
        self.record = record
        self.policies = policies
        lines = self.lines = record.lines
        episodes = self.episodes = record.episodes
        dos = record.date_of_service
        # The lines of each encounter and of each date of service, and the units billed per code in
        # each: what the `per encounter` / `per date_of_service` scopes of a spec see, for the
        # generated code and the interpreter alike. One pass sums the record's units and lines per
        # code (the claim scope) and sees whether it has one encounter and one date; the usual record
        # does, and then that sum is every scope's (the encounter's first date is that date too).
        # `line_dates` holds each line's date at the line's index, its position in record.lines.
        n = lines[0].encounter if lines else None
        billed: dict[str, int] = {}
        counted: dict[str, int] = {}
        one_encounter = one_date = True
        for line in lines:
            code = line.code
            if code in billed:
                billed[code] += line.units
                counted[code] += 1
            else:
                billed[code] = line.units
                counted[code] = 1
            if line.encounter != n:
                one_encounter = False
            if line.service_date is not None and line.service_date != dos:
                one_date = False
        self.claim_units, self.claim_lines = billed, counted
        if one_encounter:
            for ep in episodes:
                if ep.encounter != n:
                    one_encounter = False
                    break
        if one_encounter and lines:
            self.lines_by_enc = {n: lines}
            self.units_by_enc = {n: billed}
            self.line_counts_by_enc = {n: counted}
            self.episodes_by_enc = {n: episodes} if episodes else {}
            self.encounter_numbers = [n]
        else:
            self._group_encounters(lines, episodes)
        if lines and one_date:  # every line on the date of service: the record's sums are its
            self.lines_by_day = {dos: lines}
            self.units_by_day = {dos: billed}
            self.line_counts_by_day = {dos: counted}
            self.line_dates = [dos] * len(lines)
            self.earliest_date = dos
        else:
            self._group_dates(lines, dos, policies)
        self.tables_out_of_force: dict[str, tuple] = {}
        self.rules_out_of_force: dict[str, tuple] = {}
        self.cache: dict = {}

    def _group_encounters(self, lines, episodes) -> None:
        """Lines and episodes of a record with several encounters (or none but episodes), by number."""
        self.lines_by_enc, self.units_by_enc, self.line_counts_by_enc = _group(lines, map(_ENCOUNTER, lines))
        self.episodes_by_enc: dict[int, list] = {}
        for ep in episodes:
            self.episodes_by_enc.setdefault(ep.encounter, []).append(ep)
        self.encounter_numbers = sorted(self.lines_by_enc.keys() | self.episodes_by_enc.keys())

    def _group_dates(self, lines, dos: date, policies: Policies) -> None:
        """Lines of a record on several dates, each on its own date or on its encounter's first (policy)."""
        days = [line.service_date or dos for line in lines]
        if policies.choices["line_date_after_midnight"] == "encounter_date":  # every line on its encounter's first date
            first: dict = {}
            for line, day in zip(lines, days):
                if line.encounter not in first or day < first[line.encounter]:
                    first[line.encounter] = day
            days = [first[line.encounter] for line in lines]
        self.lines_by_day, self.units_by_day, self.line_counts_by_day = _group(lines, days)
        self.line_dates = days
        self.earliest_date = min(min(days, default=dos), dos)  # its lines' dates and its date of service

    def line_date(self, line: Line) -> date:
        return self.line_dates[line.index]

    def scope_lines(self, line: Line, per: str) -> Sequence[Line]:
        if per == "encounter":
            return self.lines_by_enc[line.encounter]
        if per == "date_of_service":
            return self.lines_by_day[self.line_dates[line.index]]
        if per == "claim":
            return list(self.lines)
        return [line]

    def units_by_code(self, line: Line, per: str) -> dict[str, int]:
        """Units billed per code over the lines sharing `per` scope with this line."""
        return self._per_scope(line, per, self.units_by_enc, self.units_by_day, 0, line.units)

    def lines_by_code(self, line: Line, per: str) -> dict[str, int]:
        """How many lines bill each code among the lines sharing `per` scope with this line."""
        return self._per_scope(line, per, self.line_counts_by_enc, self.line_counts_by_day, 1, 1)

    def _per_scope(self, line: Line, per: str, by_enc: dict, by_day: dict, of_claim: int, own: int) -> dict[str, int]:
        if per == "encounter":
            return by_enc[line.encounter]
        if per == "date_of_service":
            return by_day[self.line_dates[line.index]]
        if per == "claim":
            return self.claim_lines if of_claim else self.claim_units
        return {line.code: own}

    def lookup(self, table, key: tuple, day: date):
        """The table row in force on `day` for the record's payer, or None (a missing key part finds nothing)."""
        return table.lookup(self.record.payer, key, day)

    def note_tables(self, tables) -> None:
        """Remember each table that has no version in force on some date of this record: the rules
        reading it cannot be checked on that date. Decided per record, not per lookup, so that it
        does not depend on which conditions happened to be evaluated."""
        earliest = self.earliest_date
        for table in tables:
            if not table.in_force(earliest):
                self.tables_out_of_force.setdefault(table.name, (earliest, table.origin))

    def rule_in_force(self, meta, day: date) -> bool:
        """Whether this version of a rule (`meta.period`) is in force on `day`. If it is not and no
        other version of the rule (`meta.periods`, all of them) covers the date either, remember that
        it was not checked."""
        if in_period(day, *meta.period):
            return True
        if not any(in_period(day, lo, hi) for lo, hi in meta.periods):
            self.rules_out_of_force.setdefault(meta.id, (day, meta.spec))
        return False


def _group(lines, keys) -> tuple[dict, dict, dict]:
    """Lines grouped by their keys (encounter numbers or dates, one per line), in input order, with
    the units billed and the lines counted per code in each group; one pass, no call per group."""
    groups: dict = {}
    billed: dict = {}
    counted: dict = {}
    for line, key in zip(lines, keys):
        code = line.code
        group = groups.get(key)
        if group is None:
            groups[key] = [line]
            billed[key] = {code: line.units}
            counted[key] = {code: 1}
        else:
            group.append(line)
            units, count = billed[key], counted[key]
            units[code] = units.get(code, 0) + line.units
            count[code] = count.get(code, 0) + 1
    return groups, billed, counted
