"""Text and JSON renderings of a diff. Both list encounters in generation order and lines sorted,
so two runs on the same versions print the same bytes."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from fractions import Fraction

from .run import DiffResult


def _plain(value):
    """JSON-ready values: exact numbers as ints when whole, else floats."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (Decimal, Fraction)):
        return int(value) if value == int(value) else float(value)
    return value


def _finding(key: tuple) -> dict:
    rule, severity, line, episode, subject = key
    out = {"rule": rule, "severity": severity, "line": line}
    if episode is not None:
        out["episode"] = episode
    if subject is not None:
        out["about"] = subject
    return out


def _summary(s: dict) -> dict:
    return {"outcome": s["outcome"], "lines": s["lines"], "findings": [_finding(k) for k in s["findings"]],
            "derived_units": _plain(s["derived_units"])}


def families(result: DiffResult) -> dict:
    return dict(sorted(Counter(e.id.rsplit("-", 1)[0] for e in result.encounters).items()))


def to_json(result: DiffResult) -> dict:
    changed = []
    for entry in result.entries:
        c = entry.change
        changed.append({"id": c.encounter.id, "why": c.encounter.why, "encounter": _plain(c.encounter.record),
                        "base": _summary(c.base), "head": _summary(c.head), "rules": list(c.rules),
                        "derived": list(c.derived), "tables": list(c.tables),
                        "spec_lines": [ln.to_json() for ln in entry.lines]})
    return {"base": result.base, "head": result.head, "generated": len(result.encounters),
            "families": families(result), "changed": changed,
            "spec_changes": [{**ln.to_json(), "declarations": decls} for ln, decls in result.spec_changes]}


def render_json(result: DiffResult) -> str:
    return json.dumps(to_json(result), indent=2)


def _where(ln) -> str:
    return f"{ln.path}:{ln.line}" + (" (BASE, removed)" if ln.side == "base" else "")


def _finding_text(key: tuple) -> str:
    rule, severity, line, episode, subject = key
    where = f"line {line}" if line is not None else (f"episode {episode}" if episode else "claim")
    return f"{where}: {severity} {rule}" + (f" ({subject})" if subject else "")


def _entry_text(entry) -> list[str]:
    c = entry.change
    b, h = c.base, c.head
    out = [f"{c.encounter.id}  {c.encounter.why}"]
    if b["outcome"] != h["outcome"]:
        out.append(f"  outcome: {b['outcome']} -> {h['outcome']}")
    for lb, lh in zip(b["lines"], h["lines"]):
        if lb["outcome"] != lh["outcome"]:
            out.append(f"  line {lb['line']} ({lb['code']}): {lb['outcome']} -> {lh['outcome']}")
    fb, fh = set(b["findings"]), set(h["findings"])
    out += [f"  - {_finding_text(k)}" for k in b["findings"] if k not in fh]
    out += [f"  + {_finding_text(k)}" for k in h["findings"] if k not in fb]
    db, dh = b["derived_units"], h["derived_units"]
    for code in sorted(set(db) | set(dh)):
        if db.get(code, "absent") != dh.get(code, "absent"):
            out.append(f"  derived {code}: {db.get(code, 'absent')} -> {dh.get(code, 'absent')}")
    if entry.lines:
        out.append("  caused by: " + ", ".join(_where(ln) for ln in entry.lines))
    else:
        out.append("  caused by: no changed line inside the declarations it depends on (see the spec lines above)")
    out.append("  encounter: " + json.dumps(_plain(c.encounter.record), sort_keys=True))
    return out


def render_text(result: DiffResult) -> str:
    fams = ", ".join(f"{n} {name}" for name, n in families(result).items())
    out = [f"codespec diff: BASE {result.base} -> HEAD {result.head}",
           f"{len(result.encounters)} encounters generated ({fams}); {len(result.entries)} decision(s) changed"]
    if result.spec_changes:
        out += ["", "Spec lines changed:"]
        for ln, decls in result.spec_changes:
            where = _where(ln) + (f"  [{', '.join(decls)}]" if decls else "")
            out.append(f"  {where}")
            if ln.was is not None:
                out.append(f"    - {ln.was}")
            out.append(f"    {'-' if ln.side == 'base' else '+'} {ln.text}")
    if result.entries:
        by_rule = Counter(name for e in result.entries
                          for name in (*e.change.rules, *(f"derived {c}" for c in e.change.derived),
                                       *(f"table {t}" for t in e.change.tables)))
        out += ["", "Changed decisions by cause: " + ", ".join(f"{k} {v}" for k, v in sorted(by_rule.items()))]
        for entry in result.entries:
            out += ["", *_entry_text(entry)]
    return "\n".join(out)
