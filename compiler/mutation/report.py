"""Scores and renders a mutation run; honours `# mutate: <reason>` comments in specs.

An author explains a surviving mutant that cannot change any result (an equivalent mutant) with a
comment on the line above the mutated node: `# mutate: <reason>` covers every mutant whose node starts
on the next code line, `# mutate "<part of the mutation>": <reason>` only those whose description
contains that text (backticks ignored). Explained survivors stay in the count of mutants and out of
the count of kills, and are listed with their reason; an explanation that no survivor needs is
listed too, so stale ones do not linger.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .runner import ERROR, KILLED, SURVIVED, TIMEOUT, Result, SpecPlan

_EXPLAIN = re.compile(r'^\s*#\s*mutate(?:\s+"(?P<selector>[^"]+)")?\s*:\s*(?P<reason>\S.*?)\s*$')


@dataclass(frozen=True)
class Explanation:
    path: str
    line: int  # of the comment
    target: int  # the code line it speaks for
    selector: str | None
    reason: str

    def covers(self, r: Result) -> bool:
        o = r.mutant.origin
        return (o.path == self.path and o.line == self.target
                and (self.selector is None or self.selector.replace("`", "") in r.mutant.description.replace("`", "")))


def explanations(path: str, text: str) -> list[Explanation]:
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        m = _EXPLAIN.match(line)
        if m is None:
            continue
        j = i + 1
        while j < len(lines) and lines[j].lstrip().startswith("#"):
            j += 1
        out.append(Explanation(path, i + 1, j + 1, m.group("selector"), m.group("reason")))
    return out


@dataclass
class SpecScore:
    path: str
    mutants: int = 0  # judged: killed, survived, error or timeout
    killed: int = 0

    @property
    def score(self) -> float | None:
        return round(self.killed / self.mutants, 4) if self.mutants else None


@dataclass
class Summary:
    results: list[Result]
    explained: list[tuple[Result, Explanation]] = field(default_factory=list)
    survivors: list[Result] = field(default_factory=list)
    failures: list[Result] = field(default_factory=list)  # error and timeout: no verdict, not a kill
    invalid: list[Result] = field(default_factory=list)
    unused: list[Explanation] = field(default_factory=list)
    specs: list[SpecScore] = field(default_factory=list)
    duplicates: int = 0
    unchanged: int = 0

    @property
    def mutants(self) -> int:
        return sum(s.mutants for s in self.specs)

    @property
    def killed(self) -> int:
        return sum(s.killed for s in self.specs)

    @property
    def score(self) -> float | None:
        return round(self.killed / self.mutants, 4) if self.mutants else None


def summarize(plans: list[SpecPlan], results: list[Result], complete: bool) -> Summary:
    """`complete`: every mutant of the specs ran (no --limit/--rule), so unused explanations mean something."""
    s = Summary(results, duplicates=sum(p.duplicates for p in plans), unchanged=sum(p.unchanged for p in plans))
    notes = [e for p in plans for e in explanations(p.spec.source.path, p.spec.source.text)]
    scores = {p.spec.source.path: SpecScore(p.spec.source.path) for p in plans}
    used = set()
    for r in results:
        score = scores[r.mutant.origin.path]
        score.mutants += 1
        if r.status == KILLED:
            score.killed += 1
        elif r.status == SURVIVED:
            note = next((e for e in notes if e.covers(r)), None)
            if note is None:
                s.survivors.append(r)
            else:
                s.explained.append((r, note))
                used.add(note)
        elif r.status in (ERROR, TIMEOUT):
            s.failures.append(r)
    s.invalid = [r for p in plans for r in p.invalid]
    s.unused = [e for e in notes if e not in used] if complete else []
    s.specs = [scores[p] for p in sorted(scores)]
    return s


def _item(r: Result) -> dict:
    return {"spec": r.mutant.location, "mutation": r.mutant.description}


def to_json(s: Summary) -> str:
    return json.dumps({
        "mutants": s.mutants, "killed": s.killed, "score": s.score,
        "survivors": [_item(r) for r in s.survivors],
        "explained": [{**_item(r), "reason": e.reason} for r, e in s.explained],
        "errors": [{**_item(r), "status": r.status, "detail": r.detail} for r in s.failures],
        "invalid": [{**_item(r), "detail": r.detail} for r in s.invalid],
        "duplicates": s.duplicates, "unchanged": s.unchanged,
        "unused_explanations": [{"spec": f"{e.path}:{e.line}:1", "reason": e.reason} for e in s.unused],
        "specs": [{"spec": x.path, "mutants": x.mutants, "killed": x.killed, "score": x.score} for x in s.specs],
    }, indent=2)


def _fmt(score: float | None) -> str:
    return "n/a" if score is None else f"{score:.3f}"


def to_text(s: Summary, min_score: float, verbose: bool = False) -> str:
    out = []
    if verbose:
        for r in s.results:
            out.append(f"{r.status:<8} {r.mutant.location}  {r.mutant.description}" + (f"  [{r.detail}]" if r.detail else ""))
        out.append("")
    for x in s.specs:
        out.append(f"{x.path}: {x.mutants} mutants, {x.killed} killed, score {_fmt(x.score)}")
    sections = [
        ("survived", [f"  {r.mutant.location}  {r.mutant.description}" for r in s.survivors]),
        ("survived, explained in the spec", [f"  {r.mutant.location}  {r.mutant.description}\n      because: {e.reason}"
                                             for r, e in s.explained]),
        ("no verdict (error or timeout; not counted as killed)",
         [f"  {r.mutant.location}  {r.mutant.description}\n      {r.status}: {r.detail}" for r in s.failures]),
        ("invalid (the code generator rejected them; not counted)",
         [f"  {r.mutant.location}  {r.mutant.description}\n      {r.detail}" for r in s.invalid]),
        ("`# mutate:` comments that explain no survivor", [f"  {e.path}:{e.line}:1  {e.reason}" for e in s.unused]),
    ]
    for title, lines in sections:
        if lines:
            out += ["", f"{title} ({len(lines)}):", *lines]
    verdict = "ok" if s.score is None or s.score >= min_score else "below the minimum"
    out += ["", f"total: {s.mutants} mutants, {s.killed} killed, score {_fmt(s.score)} (minimum {min_score:g}): {verdict}",
            f"not run: {s.duplicates} duplicate(s) generating the same code as an earlier mutant, "
            f"{s.unchanged} generating the spec's own code, {len(s.invalid)} invalid"]
    return "\n".join(out)
