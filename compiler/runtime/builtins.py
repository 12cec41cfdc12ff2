"""Functions a spec may call, with their signatures: the checker types calls from SIGNATURES, and
the generated code and the interpreter call the same Python functions.

Signature type names are those of check/types.py: number, bool, text, code, codes, modifier_list,
modifiers, date, time, mass, volume, rate, concentration, scope, table, row, any_amount (a quantity
of any dimension; all such arguments of one call must share it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import timecalc
from .context import Context
from .model import Episode, Line


@dataclass(frozen=True, slots=True)
class Signature:
    name: str
    params: tuple[tuple[str, str], ...]
    returns: str
    nullable: bool
    subject: str | None  # what the function reads besides its arguments: line, episode, encounter
    doc: str
    # The same function as a Python expression over its present (never missing) arguments, named by
    # `{param}`, each used once: generated code writes it in place of a call. tests/test_runtime_builtins.py
    # holds every such form to the function on sampled arguments.
    inline: str | None = None
    inline_not: str | None = None  # its negation, likewise (`not any_of(...)` is common in rules)
    # For a function of a subject: the same function as an expression over `ctx`, the subject
    # (`{subject}`: the encounter number, line or episode) and its arguments, reading (`{summary}`) a
    # summary kept once per record, so generated code skips the function's own call and binds the
    # summary once per encounter. Held to the function by tests/test_runtime_builtins.py too.
    via: str | None = None
    summary: str | None = None
    # For a function reading a table by its own key: the types of the table's key columns, in order
    # (the checker refuses another table with a diagnostic).
    table_keys: tuple[str, ...] | None = None
    # Input fields of its subject it reads itself: an incomplete_data finding names those missing.
    reads: tuple[str, ...] = ()
    # Parameters that must be above zero: the checker refuses a literal that is not; at run time the
    # function answers missing (a value from a table cannot be refused in advance).
    positive: tuple[str, ...] = ()
    # Value columns (name, type) its table argument must have, read by name at run time.
    table_columns: tuple[tuple[str, str], ...] = ()


SIGNATURES: dict[str, Signature] = {}


def _builtin(params, returns, *, nullable=False, subject=None, inline=None, inline_not=None, via=None, summary=None,
             table_keys=None, reads=(), positive=(), table_columns=()):
    def register(fn):
        SIGNATURES[fn.__name__] = Signature(fn.__name__, tuple(params), returns, nullable, subject,
                                            (fn.__doc__ or "").strip().splitlines()[0], inline, inline_not, via,
                                            summary, table_keys, tuple(reads), tuple(positive),
                                            tuple(table_columns))
        return fn

    return register


def infusions(ctx: Context, enc: int, route: str) -> timecalc.Infusions:
    """The encounter's infusions of the route, summarised once per record (not a spec function:
    the infusion functions read it)."""
    key = ("infusions", enc, route)
    found = ctx.cache.get(key)
    if found is None:
        found = ctx.cache[key] = timecalc.Infusions(ctx.episodes_by_enc.get(enc, ()), route, ctx.policies)
    return found


_INFUSIONS = "fn.infusions(ctx, {subject}, {route})"


@_builtin([("route", "text")], "time", nullable=True, subject="encounter",
          via="{summary}.time", summary=_INFUSIONS)
def infusion_time(ctx: Context, enc: int, route: str):
    """Infusion time of the encounter by route, per the concurrency, gap and seconds policies."""
    return infusions(ctx, enc, route).time


@_builtin([("route", "text")], "number", subject="encounter",
          via="len({summary}.episodes)", summary=_INFUSIONS)
def infusion_episodes(ctx: Context, enc: int, route: str):
    """Number of infusion episodes of the encounter by route."""
    return len(infusions(ctx, enc, route).episodes)


@_builtin([("route", "text")], "number", subject="encounter",
          via="{summary}.missing_stops", summary=_INFUSIONS)
def episodes_missing_stop(ctx: Context, enc: int, route: str):
    """Number of infusion episodes of the encounter by route with no documented stop."""
    return infusions(ctx, enc, route).missing_stops


@_builtin([("route", "text")], "number", subject="encounter",
          via="{summary}.reversed", summary=_INFUSIONS)
def episodes_reversed(ctx: Context, enc: int, route: str):
    """Number of infusion episodes of the encounter by route whose stop precedes their start."""
    return infusions(ctx, enc, route).reversed


@_builtin([("route", "text")], "number", nullable=True, subject="encounter",
          via="{summary}.pumps", summary=_INFUSIONS)
def pump_setups(ctx: Context, enc: int, route: str):
    """Pump set-ups documented over the encounter's infusions by route; missing if any is undocumented."""
    return infusions(ctx, enc, route).pumps


@_builtin([], "time", nullable=True, subject="episode", reads=("episode.stop",))
def elapsed(ctx: Context, ep: Episode):
    """Elapsed time of the episode on absolute instants (missing if no stop or stop before start)."""
    return timecalc.minutes(timecalc.duration_us(ep.start_us, ep.stop_us), ctx.policies)


@_builtin([("codes", "codes"), ("per", "scope")], "number", subject="line")
def units_of(ctx: Context, line: Line, codes: frozenset, per: str):
    """Units billed for codes in the set, over the lines sharing the scope with this line."""
    if codes is None:  # a set that may be missing (a table's `addon_primaries`): missing
        return None
    billed = ctx.units_by_code(line, per)
    if isinstance(codes, str):
        return billed.get(codes, 0)
    return total_in(billed, codes)


def total_in(counts: dict[str, int], codes: frozenset) -> int:
    """The units (or lines) of the codes in the set, from a scope's count per code (not a spec function).
    A plain loop: the generated code calls it for every add-on and initial-service line, and a
    generator expression costs twice as much."""
    total = 0
    if len(codes) < len(counts):  # a set of one primary code, say: look its codes up
        for code in codes:
            if code in counts:
                total += counts[code]
        return total
    for code, n in counts.items():
        if code in codes:
            total += n
    return total


@_builtin([("codes", "codes"), ("per", "scope")], "number", subject="line")
def lines_of(ctx: Context, line: Line, codes: frozenset, per: str):
    """Number of lines with codes in the set, over the lines sharing the scope with this line."""
    if codes is None:
        return None
    counts = ctx.lines_by_code(line, per)
    if isinstance(codes, str):
        return counts.get(codes, 0)
    return total_in(counts, codes)


@_builtin([("codes", "codes"), ("rank", "table")], "number", nullable=True, subject="line", table_keys=("code",),
          table_columns=(("rank", "number"),))
def primary_line(ctx: Context, line: Line, codes: frozenset, rank):
    """Line number of the encounter's primary service among codes: on a physician claim the documented primary reason, else the best rank."""
    key = ("primary_line", line.encounter, codes, id(rank))  # the same for every line of the encounter
    if key not in ctx.cache:
        ctx.cache[key] = _primary_line(ctx, ctx.lines_by_enc[line.encounter], codes, rank)
    return ctx.cache[key]


def _primary_line(ctx: Context, lines: list[Line], codes, rank) -> int | None:
    candidates = [o for o in lines if o.code in codes]
    if not candidates:
        return None
    # F-ENC-03: a physician reports as initial the service of the primary reason for the encounter; a
    # facility follows the CPT hierarchy (the rank table) whatever the reason line says.
    reason = ctx.record.primary_reason_line if ctx.record.setting == "physician" else None
    for o in candidates:
        if o.line == reason:
            return o.line

    def order(o):
        row = ctx.lookup(rank, (o.code,), ctx.line_date(o))
        rank_of = None if row is None else row.rank  # an empty rank cell ranks last, as no row does
        return (math.inf if rank_of is None else rank_of, o.line)

    return min(candidates, key=order).line


@_builtin([("edits", "table"), ("per", "scope")], "row", nullable=True, subject="line",
          via="{summary}.get({subject}.index)",
          summary="fn.pair_edits(ctx, {edits}, {per})", table_keys=("text", "code", "code"))
def pair_edit(ctx: Context, line: Line, edits, per: str):
    """The code-pair edit (setting, column_1, column_2) in which this line is column 2 and column 1 is
    billed in scope. With several column-1 codes billed, the most restrictive edit (lowest modifier
    indicator, then lowest column-1 code) decides, so the order of the lines never matters."""
    return pair_edits(ctx, edits, per).get(line.index)


def pair_edits(ctx: Context, edits, per: str) -> dict:
    """Input position of each line that is column 2 of an edit in force -> its most restrictive edit,
    found once per record (several rules read the edits; not a spec function)."""
    key = ("pair_edit", edits, per)  # by table object: specs sharing a context may reuse names
    found = ctx.cache.get(key)
    if found is not None:
        return found
    found = ctx.cache[key] = {}
    lines = ctx.lines
    if len(lines) < 2:  # a pair needs two lines
        return found
    setting, payer, dates = ctx.record.setting, ctx.record.payer, ctx.line_dates
    partners = edits.partners((0, 2), 1)  # (setting, column 2) -> column-1 codes
    by_day = ctx.line_counts_by_day if per == "date_of_service" else None  # the usual scope, read directly
    for line in lines:
        column_1 = partners.get((setting, line.code))
        if column_1 is None:
            continue
        # The scope's codes, not its lines: an edit depends on the codes only, so a claim of
        # thousands of lines costs lines x codes, not lines x lines.
        day = dates[line.index]
        counts = by_day[day] if by_day is not None else ctx.lines_by_code(line, per)  # lines per code, this one's included
        best = None
        for code, n in counts.items():
            if code in column_1 and (code != line.code or n > 1):
                row = edits.find(payer, (setting, code, line.code), day)
                if row is not None and (best is None or _restriction(row) < _restriction(best)):
                    best = row
        if best is not None:
            found[line.index] = best
    return found


def _restriction(row) -> tuple:
    indicator = getattr(row, "modifier_indicator", None)
    return (indicator if indicator is not None else math.inf, row[1])


@_builtin([("addons", "table")], "codes", nullable=True, subject="line", table_keys=("code", "code"))
def addon_primaries(ctx: Context, line: Line, addons):
    """The primary codes an add-on table (keyed by add-on, then primary) lists for this line's code
    in force on the line's date; missing when it lists none, so the line is no add-on it knows then."""
    listed = addons.partners((0,), 1).get(line.code)  # add-on -> primaries
    if listed is None:
        return None
    payer, day = ctx.record.payer, ctx.line_dates[line.index]
    found = frozenset(p for p in listed if addons.find(payer, (line.code, p), day) is not None)
    return found or None


@_builtin([], "mass", nullable=True, subject="line", reads=("line.drug.dose", "line.drug.volume", "line.drug.concentration"))
def drug_dose(ctx: Context, line: Line):
    """Dose of the line's drug: the documented dose, else volume times concentration."""
    drug = line.drug
    if drug is None:
        return None
    if drug.dose_mg is not None:
        return drug.dose_mg
    if drug.volume_ml is not None and drug.concentration_mg_per_ml is not None:
        return drug.volume_ml * drug.concentration_mg_per_ml
    return None


@_builtin([("items", "modifier_list"), ("set", "modifiers")], "bool",
          inline="(not {set}.isdisjoint({items}))", inline_not="{set}.isdisjoint({items})")
def any_of(items, members):
    """True when any item is in the set."""
    return any(i in members for i in items)


@_builtin([("items", "modifier_list"), ("set", "modifiers")], "number")
def count_of(items, members):
    """How many items are in the set."""
    return sum(1 for i in items if i in members)


@_builtin([("items", "modifier_list"), ("set", "modifiers")], "modifier_list")
def not_in(items, members):
    """The items that are not in the set, in their order."""
    if members.issuperset(items):  # the usual case, answered without a loop in Python
        return ()
    return tuple(i for i in items if i not in members)


@_builtin([("items", "modifier_list")], "number", inline="len({items})")
def count(items):
    """Number of items."""
    return len(items)


@_builtin([("value", "number")], "number", nullable=True, inline="(-(-{value} // 1))")
def ceil(value):
    """Smallest whole number not below the value."""
    return None if value is None else math.ceil(value)


@_builtin([("value", "number")], "number", nullable=True, inline="({value} // 1)")
def floor(value):
    """Largest whole number not above the value."""
    return None if value is None else math.floor(value)


@_builtin([("a", "any_amount"), ("b", "any_amount")], "any_amount", nullable=True, inline="max({a}, {b})")
def larger(a, b):
    """The larger of two amounts of one dimension."""
    return None if a is None or b is None else max(a, b)


@_builtin([("value", "any_amount"), ("start", "any_amount"), ("every", "any_amount")], "number", nullable=True,
          positive=("every",))
def steps(value, start, every):
    """How many of the thresholds start, start+every, start+2*every, ... the value reaches."""
    if value is None or every is None or every <= 0:  # no thresholds that climb: nothing to count
        return None
    if value < start:
        return 0
    return (value - start) // every + 1  # exact for ints and Fractions alike


@_builtin([("text", "text"), ("prefix", "text")], "bool", nullable=True, inline="{text}.startswith({prefix})")
def starts_with(text, prefix):
    """True when the text starts with the prefix."""
    return None if text is None else text.startswith(prefix)
