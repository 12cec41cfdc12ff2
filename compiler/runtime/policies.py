"""Named policy choices for questions the sources leave open (facts.md section 14).

A spec picks one alternative with `policy NAME = CHOICE`; the first alternative listed here is the
conservative reading and the default the shipped specs use. Each alternative is implemented once,
in timecalc.py or context.py, and read through a Policies value.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class PolicyDef:
    name: str
    choices: tuple[str, ...]  # first = conservative default
    question: str


POLICY_DEFS: dict[str, PolicyDef] = {
    p.name: p
    for p in (
        PolicyDef(
            "concurrent_pumps",
            ("clock_time", "pump_time"),
            "Q6: two SC pumps running at once count once (clock time) or each (summed pump time)",
        ),
        PolicyDef(
            "infusion_gaps",
            ("exclude", "include"),
            "Q7: time between non-contiguous SC infusion episodes of one encounter is left out or counted",
        ),
        PolicyDef(
            "partial_minutes",
            ("truncate", "exact"),
            "Q7: seconds past the last whole minute are dropped, or compared exactly (15 min 30 s > 15 min)",
        ),
        PolicyDef(
            "line_date_after_midnight",
            ("line_date", "encounter_date"),
            "Q4: per-date checks (MUE, add-on pairing by date) place each line on its own service date "
            "(CMS R1702CP: the day provided; an add-on hour dated after midnight is then checked on that "
            "date), or every line of an encounter on the encounter's first date (HCPro: the start date)",
        ),
        PolicyDef(
            "missing_stop_time",
            ("injection_only", "unknown"),
            "Q9: an SC infusion with no stop time supports only an injection (96372), "
            "or its time is unknown and time rules cannot decide",
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Policies:
    """The choices in force for one spec; unknown names are a checker error, never a silent default."""

    values: dict[str, str] = field(default_factory=dict)
    key: tuple = field(init=False, compare=False, repr=False)  # every choice in force, defaults included
    # name -> choice, defaults included; read-only. Time arithmetic reads it directly (a plain dict
    # lookup, where `policies[name]` is a call per duration).
    choices: dict = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        in_force = {name: self.values.get(name, d.choices[0]) for name, d in POLICY_DEFS.items()}
        object.__setattr__(self, "choices", in_force)
        # Equal keys mean identical semantics, so evaluators may share per-record work.
        object.__setattr__(self, "key", tuple(in_force[name] for name in sorted(POLICY_DEFS)))

    def __getitem__(self, name: str) -> str:
        return self.choices[name]

    def with_choice(self, name: str, choice: str) -> Policies:
        if choice not in POLICY_DEFS[name].choices:
            raise ValueError(f"policy {name} has no choice {choice!r}")
        return Policies({**self.values, name: choice})


CONSERVATIVE = Policies()
