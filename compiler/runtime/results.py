"""Findings and result records: the output contract, assembled in one place for every evaluator."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from types import MappingProxyType

from . import fields, timecalc, units
from .model import Encounter, Problem

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
OUTCOME_BY_RANK = {0: "accept", 1: "warn", 2: "reject"}
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What a finding needs to know about the rule that produced it."""

    id: str
    severity: str
    spec: str  # "specs/<file>:<line>:<col>"
    message: str  # template with {name} placeholders naming report values
    value_dims: tuple[tuple[str, str | None], ...]  # report value name -> dimension name of amounts
    reads: tuple[str, ...] = ()  # inputs the flag condition reads, named in incomplete_data findings
    # A dated version: its own period (from, through; None = open), and those of every version of
    # the rule, which together say whether a date it misses is checked by another (Context.rule_in_force).
    period: tuple | None = None
    periods: tuple = ()
    # The message cut at its placeholders once, not per finding: ((text, value name, dimension), ...)
    # and the text after the last placeholder. Finding.message fills it in.
    template: tuple = field(init=False, compare=False, repr=False)
    dims: dict = field(init=False, compare=False, repr=False)  # report value name -> dimension name
    # The meta of this rule's incomplete_data findings, made when the first is (see `incomplete`).
    undecided: RuleMeta | None = field(init=False, compare=False, repr=False, default=None)

    def __post_init__(self) -> None:
        dims = dict(self.value_dims)
        object.__setattr__(self, "dims", dims)
        parts, pos = [], 0
        for m in _PLACEHOLDER.finditer(self.message):
            parts.append((self.message[pos:m.start()], m.group(1), dims.get(m.group(1))))
            pos = m.end()
        object.__setattr__(self, "template", (tuple(parts), self.message[pos:]))


class Finding:
    """A rule's verdict on one line, episode or claim.

    Holds the raw report values; the message and the JSON payload are rendered only when asked
    for, so validating a batch costs no string formatting for findings nobody prints.
    """

    __slots__ = ("meta", "raw", "line_index", "episode")

    def __init__(self, meta: RuleMeta, raw: dict, line_index: int | None = None, episode: str | None = None):
        self.meta = meta
        self.raw = raw
        self.line_index = line_index  # input position of the line it is tied to; None = claim finding
        self.episode = episode

    @property
    def rule(self) -> str:
        return self.meta.id

    @property
    def severity(self) -> str:
        return self.meta.severity

    @property
    def spec(self) -> str:
        return self.meta.spec

    @property
    def message(self) -> str:
        parts, tail = self.meta.template
        raw = self.raw
        return "".join([text + text_value(raw.get(name), dim) for text, name, dim in parts]) + tail

    @property
    def values(self) -> dict:
        dims = self.meta.dims
        return {k: json_value(v, dims.get(k)) for k, v in self.raw.items()}

    def __repr__(self) -> str:
        return f"Finding({self.rule!r}, line_index={self.line_index!r}, episode={self.episode!r}, raw={self.raw!r})"

    def to_json(self) -> dict:
        meta = self.meta
        out = {"rule": meta.id, "severity": meta.severity, "message": self.message, "spec": meta.spec}
        if self.episode is not None:
            out["episode"] = self.episode
        out.update(self.values)
        if self.episode is not None:  # a report value named `episode` may not hide which episode it is
            out["episode"] = self.episode
        return out


def json_value(value, dim: str | None = None):
    """A report value as JSON: amounts as numbers in the unit their dimension is reported in
    (units.REPORTED: min, mL, mg, mL/h), instants and dates in ISO 8601, sets as sorted lists."""
    kind = type(value)
    if kind is str or (kind is int and dim is None):  # the usual values (codes, units), answered first
        return value
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, Fraction)):
        value = units.normalize(units.reported(value, dim) if dim else value)
        return value if isinstance(value, int) else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (frozenset, set)):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Lacking):
        return list(value.missing())
    return str(value)


def text_value(value, dim: str | None) -> str:
    if type(value) is str:  # the usual value (a code), answered first
        return value
    if value is None:
        return "missing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, Fraction)):
        return units.format_reported(value, dim) if dim else units.format_number(value)
    if isinstance(value, Lacking):
        return value.describe()
    if isinstance(value, (frozenset, set, tuple, list)):
        return ", ".join(sorted(str(v) for v in value)) if not isinstance(value, tuple) else ", ".join(value)
    if isinstance(value, date):  # datetimes too: ISO 8601, as in the JSON
        return value.isoformat()
    return str(value)


finding = Finding  # generated code and the interpreter call results.finding(meta, values, line, episode)


def incomplete(meta: RuleMeta, line_index: int | None = None, episode: str | None = None, record=None,
               subject=None) -> Finding:
    """The rule applied but its condition read missing data: say so instead of passing silently,
    naming the inputs it reads that the record (and the line or episode, `subject`) lacks; when
    none of them is missing (a zero divisor, a stop before its start), saying that instead."""
    info = meta.undecided
    if info is None:
        info = RuleMeta("incomplete_data", "info", meta.spec, "`{checks}` could not be decided: {missing}",
                        (("checks", None), ("missing", None)))
        object.__setattr__(meta, "undecided", info)
    return Finding(info, {"checks": meta.id, "missing": Lacking(meta.reads, record, subject)}, line_index, episode)


class Lacking:
    """The inputs an undecided rule reads that the record (or its line or episode) lacks: worked out
    when the finding is shown, like its message, so validating costs nothing for it."""

    __slots__ = ("reads", "record", "subject")

    def __init__(self, reads: tuple, record, subject):
        self.reads, self.record, self.subject = reads, record, subject

    def missing(self) -> tuple[str, ...]:
        """The inputs it reads that are missing: none when all are there but one is unusable."""
        if self.record is None:
            return ()
        return tuple(name for name in self.reads if self._lacks(name))

    def describe(self) -> str:
        missing = self.missing()
        if missing:
            return "missing data in " + ", ".join(missing)
        inputs = ", ".join(self.reads) or "its inputs"
        return (f"no input is missing, but {inputs} give no usable value "
                "(such as a division by 0 sites or 0 minutes, a stop before its start, an empty table cell)")

    def _lacks(self, name: str) -> bool:
        f = fields.FIELDS.get(name)
        if f is None:  # not an input field (a `let`, a `with`): its own inputs are listed too
            return False
        holder = self.record if f.subject == "encounter" else self.subject
        return holder is not None and fields.read(holder, f) is None

    def __repr__(self) -> str:
        return f"Lacking({self.missing()!r})"


_NO_NOTES = MappingProxyType({})  # a report's empty notes: read-only, so one serves every report


class Report:
    """What one spec module found for one encounter record (one per module and record, so a plain
    class: a dataclass's default factory costs every record)."""

    __slots__ = ("findings", "derived", "tables_out_of_force", "rules_out_of_force")

    def __init__(self, findings: list, derived: dict, tables_out_of_force: dict, rules_out_of_force: dict | None = None,
                 own: tuple[frozenset, frozenset] | None = None):
        self.findings = findings
        self.derived = derived  # code -> units (None = not established)
        if rules_out_of_force is None:
            rules_out_of_force = {}
        if own is not None:
            # A Context shared by several specs holds the notes of all, and may take more after this
            # report (the next spec's): keep what this spec's `own` names now (its table names, the
            # ids of the rules it dates), in mappings of the report's own.
            tables_out_of_force = {k: v for k, v in tables_out_of_force.items() if k in own[0]} \
                if tables_out_of_force else _NO_NOTES
            rules_out_of_force = {k: v for k, v in rules_out_of_force.items() if k in own[1]} \
                if rules_out_of_force else _NO_NOTES
        self.tables_out_of_force = tables_out_of_force  # table name -> (date, spec location of the table)
        self.rules_out_of_force = rules_out_of_force  # rule id -> (date, spec location of a version)

    def __repr__(self) -> str:
        return (f"Report(findings={self.findings!r}, derived={self.derived!r}, "
                f"tables_out_of_force={self.tables_out_of_force!r}, rules_out_of_force={self.rules_out_of_force!r})")


def merge_derived(into: dict, code: str, value) -> None:
    """Add derived units of a code to a total: once a contribution is unknown (None), so is the total."""
    into[code] = merged(value, into[code]) if code in into else value


def merged(value, total):
    """Two contributions of derived units as one (None: not established)."""
    return None if value is None or total is None else total + value


def build(record: Encounter, reports: list[Report]) -> dict:
    """The result record of one encounter: exactly one per input, per the output contract."""
    elapsed = {ep.id: timecalc.whole_minutes(timecalc.duration_us(ep.start_us, ep.stop_us)) for ep in record.episodes}
    derived: dict = {}
    by_line: dict[int, list] = {line.index: [] for line in record.lines}
    claim: list = []
    out_of_force: dict = {}
    rules_out: dict = {}
    for report in reports:
        for code, value in report.derived.items():
            merge_derived(derived, code, value)
        for f in report.findings:
            (claim if f.line_index is None else by_line[f.line_index]).append(f)
        out_of_force.update(report.tables_out_of_force)
        rules_out.update(report.rules_out_of_force)
    # Never a silent pass: what could not be checked for want of a version in force is a warning.
    for name, (day, origin) in sorted(out_of_force.items()):
        meta = RuleMeta("table_not_in_force", "warning", origin,
                        f"no version of table `{name}` is in force on {day.isoformat()}; rules reading it were not checked", ())
        claim.append(Finding(meta, {"table": name, "date": day.isoformat()}))
    for rule_id, (day, origin) in sorted(rules_out.items()):
        meta = RuleMeta("rule_not_in_force", "warning", origin,
                        f"no version of rule `{rule_id}` is in force on {day.isoformat()}; it was not checked", ())
        claim.append(Finding(meta, {"checks": rule_id, "date": day.isoformat()}))
    lines = []
    worst = 0
    for line in record.lines:
        fs = by_line[line.index]
        rank = max([SEVERITY_RANK[f.meta.severity] for f in fs], default=0)
        worst = max(worst, rank)
        lines.append({"line": line.line, "code": line.code, "outcome": OUTCOME_BY_RANK[rank],
                      "findings": [f.to_json() for f in fs]})
    for f in claim:
        worst = max(worst, SEVERITY_RANK[f.severity])
    return {
        "id": record.id,
        "outcome": OUTCOME_BY_RANK[worst],
        "elapsed_minutes": elapsed,
        "derived_units": {code: derived[code] for code in sorted(derived)},
        "lines": lines,
        "claim_findings": [f.to_json() for f in claim],
    }


def invalid(record_id: str | None, problems: list[Problem] | tuple, source: str) -> dict:
    """The result of a record that could not be read: says what is wrong and where."""
    return _invalid_result(record_id, [{"rule": "invalid_input", "severity": "error", "message": p.message,
                                        "path": p.path, "source": source, "spec": None} for p in problems])


def _invalid_result(record_id: str | None, findings: list[dict]) -> dict:
    return {"id": record_id, "outcome": "invalid", "elapsed_minutes": {}, "derived_units": {},
            "lines": [], "claim_findings": findings}


def failed(value, source: str | None, exc: Exception) -> dict:
    """The result of a record codespec failed on (a bug of its own, not of the record): still one
    result, in its place, saying so, so that the rest of the input is validated."""
    ident = value.get("id") if isinstance(value, dict) else None
    if not isinstance(ident, str) or not ident.isprintable() or len(ident) > 200:
        ident = None
    detail = ascii(str(exc))[1:-1][:300]
    finding = {"rule": "internal_error", "severity": "error",
               "message": f"codespec could not validate this record ({type(exc).__name__}: {detail}); "
                          "this is a bug in codespec, please report it with the record",
               "spec": None}
    if source is not None:
        finding["source"] = source
    return _invalid_result(ident, [finding])


def evaluate(value, evaluators, source: str = "") -> dict:
    """One result for one decoded input value, whatever it holds: a record or an `invalid` result."""
    from .model import InvalidRecord, parse_encounter

    try:
        record = parse_encounter(value)
    except InvalidRecord as err:
        return invalid(err.record_id, err.problems, source)
    reports = []
    for ev in evaluators:  # an evaluator returns one Report, or a list of them (validate_all)
        got = ev(record)
        reports.extend(got) if isinstance(got, list) else reports.append(got)
    return build(record, reports)
