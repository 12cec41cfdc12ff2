"""Acceptance corpus for `codespec validate` (see README.md in this folder).

The expectations in cases.json were derived from /work/shared/domain/facts.md,
independently of the validator's implementation. This module runs the CLI once
on the whole corpus and checks each case's `_expect` block.
"""
from __future__ import annotations

import contextlib
import io
import json
import re
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]  # /work/main
CASES_PATH = HERE / "cases.json"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CASES: list[dict] = json.loads(CASES_PATH.read_text(encoding="utf-8"))

# facts.md section 13: rule name -> severity (the leading word of the severity column).
CATALOGUE = {
    "invalid_time_range": "error",
    "missing_stop_time": "error",
    "sc_infusion_not_over_15_min": "error",
    "addon_units_exceed_time": "error",
    "units_below_time_support": "info",
    "addon_without_primary": "error",
    "once_per_encounter": "error",
    "mue_exceeded": "error",
    "ptp_modifier_required": "error",
    "ptp_not_allowed": "error",
    "multiple_initial_services": "error",
    "additional_pump_not_documented": "error",
    "invalid_modifier": "error",
    "modifier_59_with_x_modifier": "error",
    "physician_admin_in_facility_pos": "error",
    "revenue_code_missing": "error",
    "revenue_code_unexpected": "warning",
    "drug_discard_modifier_missing": "error",
    "drug_units_mismatch": "error",
    "supply_included_in_admin": "error",
    "site_of_care_review": "info",
    "rate_per_site_exceeds_label": "warning",
    "volume_per_site_exceeds_label": "warning",
}
# Claim-level warnings that are not catalogue rules: something could not be checked because no version
# of a table or rule is in force on the date of service (issue 4, effective dating).
NOT_CHECKED = {"table_not_in_force", "rule_not_in_force"}
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
OUTCOME_OF_RANK = {0: "accept", 1: "warn", 2: "reject"}
SPEC_RE = re.compile(r"^specs/.+:\d+:\d+$")


def case_label(index: int, case: dict) -> str:
    cid = case.get("id")
    if isinstance(cid, str) and cid:
        return cid
    return case.get("_label") or f"case-{index}"


LABELS = [case_label(i, c) for i, c in enumerate(CASES)]


@pytest.fixture(scope="module")
def results() -> list[dict]:
    from compiler.cli import main  # the validator may not exist yet: failing here is expected

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        try:
            main(["validate", str(CASES_PATH), "--format", "json"])
        except SystemExit:
            pass  # a non-zero exit status is fine: the corpus contains rejected and invalid encounters
    out = buf.getvalue()
    try:
        data = json.loads(out)
    except json.JSONDecodeError as exc:  # pragma: no cover - diagnostic
        pytest.fail(f"validator output is not JSON ({exc}); first 2000 chars:\n{out[:2000]}")
    assert isinstance(data, list), f"expected a JSON array, got {type(data).__name__}"
    return data


def _findings(result: dict) -> tuple[dict[str, list[dict]], list[dict]]:
    per_line = {}
    for line in result.get("lines") or []:
        per_line[str(line.get("line"))] = list(line.get("findings") or [])
    return per_line, list(result.get("claim_findings") or [])


def _non_info_rules(findings: list[dict]) -> set[str]:
    return {f.get("rule") for f in findings if f.get("severity") != "info"}


def _dump(obj) -> str:
    return json.dumps(obj, indent=1, sort_keys=True)


def test_one_result_per_encounter_in_order(results):
    assert len(results) == len(CASES), f"{len(results)} results for {len(CASES)} encounters"
    for i, (case, res) in enumerate(zip(CASES, results)):
        cid = case.get("id")
        if isinstance(cid, str) and cid:
            assert res.get("id") == cid, f"result #{i} has id {res.get('id')!r}, expected {cid!r}"
        else:  # the missing-id case: only its outcome is specified
            assert res.get("outcome") == "invalid", f"result #{i} (no id): {_dump(res)}"


def test_results_follow_the_contract(results):
    """Contract-level consistency of every validated (non-invalid) result."""
    problems = []
    for i, (case, res) in enumerate(zip(CASES, results)):
        label = LABELS[i]
        if res.get("outcome") == "invalid":
            continue
        du = res.get("derived_units") or {}
        for code in ("96369", "96370", "96371"):
            if code not in du:
                problems.append(f"{label}: derived_units lacks {code}")
        em = res.get("elapsed_minutes") or {}
        for ep in case.get("episodes") or []:
            if ep.get("id") not in em:
                problems.append(f"{label}: elapsed_minutes lacks {ep.get('id')}")
        worst = 0
        per_line, claim = _findings(res)
        for line in res.get("lines") or []:
            rank = 0
            for f in line.get("findings") or []:
                sev = f.get("severity")
                if sev not in SEVERITY_RANK:
                    problems.append(f"{label}: line {line.get('line')} finding with severity {sev!r}")
                    continue
                rank = max(rank, SEVERITY_RANK[sev])
            if line.get("outcome") != OUTCOME_OF_RANK[rank]:
                problems.append(f"{label}: line {line.get('line')} outcome {line.get('outcome')!r} "
                                f"but worst severity gives {OUTCOME_OF_RANK[rank]!r}")
            worst = max(worst, rank)
        for f in claim:
            worst = max(worst, SEVERITY_RANK.get(f.get("severity"), 0))
        if res.get("outcome") != OUTCOME_OF_RANK[worst]:
            problems.append(f"{label}: outcome {res.get('outcome')!r} but worst finding gives "
                            f"{OUTCOME_OF_RANK[worst]!r}")
        for f in claim + [f for fs in per_line.values() for f in fs]:
            rule, sev = f.get("rule"), f.get("severity")
            if rule in CATALOGUE and sev != CATALOGUE[rule]:
                problems.append(f"{label}: {rule} has severity {sev!r}, catalogue says {CATALOGUE[rule]!r}")
            if sev != "info":
                if rule not in CATALOGUE and not (rule in NOT_CHECKED and sev == "warning" and f in claim):
                    problems.append(f"{label}: non-info finding with unknown rule {rule!r}")
                if not isinstance(f.get("message"), str) or not f.get("message"):
                    problems.append(f"{label}: {rule} finding without message")
                if not SPEC_RE.match(str(f.get("spec", ""))):
                    problems.append(f"{label}: {rule} finding spec {f.get('spec')!r} is not specs/<file>:<line>:<col>")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("index", range(len(CASES)), ids=LABELS)
def test_case(results, index):
    case = CASES[index]
    expect = case["_expect"]
    assert index < len(results), f"no result for {LABELS[index]}"
    res = results[index]
    ctx = f"\nwhy: {case.get('_why')}\nexpected: {_dump(expect)}\nactual: {_dump(res)}"

    assert res.get("outcome") == expect["outcome"], f"outcome {res.get('outcome')!r}{ctx}"
    if expect["outcome"] == "invalid":
        return

    for eid, minutes in (expect.get("elapsed_minutes") or {}).items():
        got = (res.get("elapsed_minutes") or {}).get(eid, "<missing>")
        assert got == minutes, f"elapsed_minutes[{eid}] = {got!r}, expected {minutes!r}{ctx}"

    for code, units in (expect.get("derived_units") or {}).items():
        got = (res.get("derived_units") or {}).get(code, "<missing>")
        assert got == units, f"derived_units[{code}] = {got!r}, expected {units!r}{ctx}"

    per_line, claim = _findings(res)

    for line_no, rules in (expect.get("line_rules") or {}).items():
        assert line_no in per_line, f"no result for line {line_no}{ctx}"
        got = _non_info_rules(per_line[line_no])
        assert got == set(rules), f"line {line_no} rules {sorted(got)}, expected {sorted(rules)}{ctx}"

    if "claim_rules" in expect:
        got = _non_info_rules(claim)
        assert got == set(expect["claim_rules"]), f"claim rules {sorted(got)}, expected {sorted(expect['claim_rules'])}{ctx}"

    everywhere = {f.get("rule") for f in claim} | {f.get("rule") for fs in per_line.values() for f in fs}
    for rule in expect.get("absent_rules") or []:
        assert rule not in everywhere, f"rule {rule} must not appear{ctx}"
    for rule in expect.get("present_rules") or []:
        assert rule in everywhere, f"rule {rule} must appear (any severity, any line or claim){ctx}"

    for line_no, by_rule in (expect.get("finding_fields") or {}).items():
        findings = per_line.get(line_no, [])
        for rule, fields in by_rule.items():
            matching = [f for f in findings if f.get("rule") == rule]
            assert matching, f"line {line_no} has no {rule} finding{ctx}"
            assert any(all(f.get(k) == v for k, v in fields.items()) for f in matching), (
                f"line {line_no} {rule} finding lacks fields {fields}{ctx}")
