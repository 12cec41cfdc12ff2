"""`codespec diff`: the decisions that move between two versions of the specs, and the lines behind them.

Expected sets are derived here from each generated encounter's own data (start/stop instants,
codes, units, dates) and the edited constant, never from the diff's own evaluation.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from compiler.cli import main
from compiler.edgecases import Target, probes
from compiler.semdiff import run
from compiler.semdiff.report import render_json, render_text

ROOT = Path(__file__).resolve().parents[1]
SC = "specs/sc_infusion.rules"
MUE = "specs/tables/mue.csv"
FEW = ["--random", "60"]


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["diff", *argv])
    return code, out.getvalue(), err.getvalue()


def copy_specs(dest: Path) -> Path:
    shutil.copytree(ROOT / "specs", dest / "specs")
    return dest


def edit(root: Path, rel: str, old: str, new: str) -> int:
    """Replace the one line `old` with `new`; return its (1-based) line number."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    hits = [i for i, text in enumerate(lines) if text.rstrip("\n") == old]
    assert len(hits) == 1, f"{rel}: expected exactly one line {old!r}, found {len(hits)}"
    lines[hits[0]] = new + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return hits[0] + 1


# ---- hand-derived expectations ----
def sc_minutes(record: dict, encounter: int) -> int | None:
    """Whole minutes of SC infusion in one encounter of a record, under the shipped policies:
    clock time (concurrent pumps once), gaps between episodes left out, seconds truncated.
    None when an SC infusion has no stop or stops before it starts (the rule does not apply then:
    `not time_unknown_is_injection and sc_reversed = 0`)."""
    spans = []
    for ep in record.get("episodes", []):
        if ep.get("encounter", 1) != encounter or ep["kind"] != "infusion" or ep["route"] != "subcutaneous":
            continue
        if ep.get("stop") is None:
            return None
        start, stop = datetime.fromisoformat(ep["start"]), datetime.fromisoformat(ep["stop"])
        if stop < start:
            return None
        spans.append((start, stop))  # aware datetimes: ordered and subtracted on the absolute time line
    total, end = timedelta(0), None
    for s, e in sorted(spans):  # length of the union of the intervals
        if end is None or s > end:
            total += e - s
            end = e
        elif e > end:
            total += e - end
            end = e
    return total // timedelta(minutes=1)


def moves_with_15_to_20(record: dict) -> bool:
    """`flag when sc_time <= 15 min` -> `<= 20 min` flags a 96369 line of an encounter whose SC time
    is 16..20 whole minutes (flagged under HEAD, not under BASE); nothing else changes."""
    encounters = {ln.get("encounter", 1) for ln in record["lines"] if ln["code"] == "96369"}
    return any((m := sc_minutes(record, n)) is not None and 16 <= m <= 20 for n in encounters)


def moves_with_mue_1_to_2(record: dict) -> bool:
    """physician 96369 MUE 1 -> 2 (MAI 2, so units add up over the date of service): the edit is
    flagged at 2 units under BASE (2 > 1) and not under HEAD (2 > 2 is false). The 2024-07-01 table
    is in force from that date; each line's date is its own service date, else the encounter's."""
    if record["setting"] != "physician":
        return False
    per_day: dict[date, int] = {}
    for ln in record["lines"]:
        if ln["code"] == "96369":
            day = date.fromisoformat(ln.get("service_date") or record["date_of_service"])
            per_day[day] = per_day.get(day, 0) + ln["units"]
    return any(day >= date(2024, 7, 1) and units == 2 for day, units in per_day.items())


# ---- the done criterion: one threshold moved ----
OLD_FLAG, NEW_FLAG = "  flag when sc_time <= 15 min", "  flag when sc_time <= 20 min"


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    """BASE: the repository's specs; HEAD: the same with 96369's 15-minute edge moved to 20."""
    tmp = tmp_path_factory.mktemp("moved")
    base, head = copy_specs(tmp / "base"), copy_specs(tmp / "head")
    line = edit(head, SC, OLD_FLAG, NEW_FLAG)
    return base, head, line


@pytest.fixture(scope="module")
def moved_result(moved):
    base, head, _ = moved
    return run(str(base), str(head), repo=None, random_count=200)


def test_moved_time_threshold_lists_exactly_the_encounters_that_move(moved, moved_result):
    line = moved[2]
    expected = {e.id for e in moved_result.encounters if moves_with_15_to_20(e.record)}
    changed = {entry.change.encounter.id for entry in moved_result.entries}

    assert changed == expected
    # the probes straddle both edges: 15 and 21 minutes exist and stay put, 16 and 20 move
    with_96369 = [e for e in moved_result.encounters if any(ln["code"] == "96369" for ln in e.record["lines"])]
    assert {15, 16, 20, 21} <= {sc_minutes(e.record, 1) for e in with_96369}
    assert {16, 20} <= {sc_minutes(e.record, 1) for e in with_96369 if e.id in expected}
    for entry in moved_result.entries:
        assert entry.change.rules == ("sc_infusion_not_over_15_min",)
        assert [(c.path, c.line, c.side, c.was) for c in entry.lines] == [(SC, line, "head", OLD_FLAG)]
    assert [(c.path, c.line, decls) for c, decls in moved_result.spec_changes] == \
        [(SC, line, ["rule sc_infusion_not_over_15_min"])]


def test_report_is_deterministic_and_names_the_change(moved, moved_result):
    base, head, line = moved
    again = run(str(base), str(head), repo=None, random_count=200)
    assert render_json(again) == render_json(moved_result)
    text = render_text(moved_result)
    assert f"{len(moved_result.entries)} decision(s) changed" in text
    assert f"{SC}:{line}  [rule sc_infusion_not_over_15_min]\n    - {OLD_FLAG}\n    + {NEW_FLAG}" in text
    assert f"caused by: {SC}:{line}\n" in text


def test_user_encounters_are_compared_too(moved, tmp_path):
    base, head, _ = moved
    # 18 min 30 s of SC infusion with 96369: accepted under the 15-minute rule, flagged under the 20-minute one
    mine = {"id": "mine-18", "setting": "facility", "payer": "medicare", "date_of_service": "2024-08-14",
            "type_of_bill": "0131", "lines": [{"line": 1, "code": "96369", "units": 1, "revenue_code": "0510"}],
            "episodes": [{"id": "E1", "kind": "infusion", "route": "subcutaneous",
                          "start": "2024-08-14T09:00:00Z", "stop": "2024-08-14T09:18:30Z", "pump_setups": 1}]}
    (tmp_path / "mine.jsonl").write_text(json.dumps(mine) + "\n", encoding="utf-8")
    code, out, err = cli(str(base), str(head), "--format", "json", "--random", "0",
                         "--encounters", str(tmp_path / "mine.jsonl"))
    assert code == 1, err
    entry = next(c for c in json.loads(out)["changed"] if c["encounter"]["id"] == "mine-18")
    assert entry["base"]["outcome"] == "accept" and entry["head"]["outcome"] == "reject"
    assert entry["head"]["findings"] == [{"rule": "sc_infusion_not_over_15_min", "severity": "error", "line": 1}]


def test_moved_table_value_lists_exactly_the_encounters_that_move_and_the_csv_row(tmp_path):
    base = copy_specs(tmp_path / "base")
    head = copy_specs(tmp_path / "head")
    row = edit(head, MUE, "physician,96369,1,2,Code Descriptor / CPT Instruction,2024-07-01,",
               "physician,96369,2,2,Code Descriptor / CPT Instruction,2024-07-01,")

    result = run(str(base), str(head), repo=None, random_count=60)
    expected = {e.id for e in result.encounters if moves_with_mue_1_to_2(e.record)}

    assert expected and {e.change.encounter.id for e in result.entries} == expected
    for entry in result.entries:
        assert entry.change.rules == ("mue_exceeded",)
        assert [(c.path, c.line, c.side) for c in entry.lines] == [(MUE, row, "head")]
    assert [(c.path, c.line, decls) for c, decls in result.spec_changes] == [(MUE, row, ["table claim_edits.mue"])]


# ---- nothing changed ----
def test_identical_directories_change_nothing(tmp_path):
    base = copy_specs(tmp_path / "base")
    head = copy_specs(tmp_path / "head")
    code, out, _ = cli(str(base), str(head), "--format", "json", *FEW)
    report = json.loads(out)
    assert code == 0
    assert report["changed"] == [] and report["spec_changes"] == []
    assert report["generated"] > 60  # boundary probes besides the random ones


def test_reworded_message_and_comment_change_no_decision(tmp_path):
    base = copy_specs(tmp_path / "base")
    head = copy_specs(tmp_path / "head")
    msg = edit(head, SC, '  message "96371 needs an additional pump set-up; pump set-ups documented: {pumps}"',
               '  message "96371 needs a second pump set-up; pump set-ups documented: {pumps}"')
    code, out, _ = cli(str(base), str(head), *FEW)
    assert code == 0
    assert "0 decision(s) changed" in out
    assert f"{SC}:{msg}  [rule additional_pump_not_documented]" in out


# ---- git revisions ----
def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)


def test_revision_against_working_tree(tmp_path):
    repo = copy_specs(tmp_path / "repo")
    _git(repo, "init", "-q")
    _git(repo, "add", "specs")
    _git(repo, "commit", "-q", "-m", "specs")
    line = edit(repo, SC, "  flag when sc_time <= 15 min", "  flag when sc_time <= 20 min")

    code, out, err = cli("HEAD", "--repo", str(repo), *FEW)
    assert code == 1, err
    assert "BASE HEAD (" in out and "HEAD working tree" in out
    assert f"caused by: {SC}:{line}" in out

    code, out, err = cli("HEAD", "HEAD", "--repo", str(repo), *FEW)
    assert code == 0, err
    assert "0 decision(s) changed" in out


def test_revision_of_this_repository_against_itself():
    code, _, err = cli("HEAD", "HEAD", "--repo", str(ROOT), "--random", "0")
    assert code == 0, err


# ---- bad input ----
def test_unknown_revision_or_directory_is_a_usage_error(tmp_path):
    code, out, err = cli("no-such-revision-or-dir", str(ROOT), "--repo", str(ROOT))
    assert code == 2 and out == ""
    assert "`no-such-revision-or-dir` is neither a directory nor a git revision" in err


def test_directory_without_specs_is_a_usage_error(tmp_path):
    (tmp_path / "empty").mkdir()
    code, _, err = cli(str(tmp_path / "empty"), str(ROOT))
    assert code == 2
    assert "holds neither a `specs/` directory nor any .rules file" in err


def test_spec_that_does_not_compile_prints_its_diagnostics(tmp_path):
    base = copy_specs(tmp_path / "base")
    head = copy_specs(tmp_path / "head")
    line = edit(head, SC, "  flag when sc_time <= 15 min", "  flag when sc_tim <= 15 min")
    code, out, err = cli(str(base), str(head))
    assert code == 2 and out == ""
    assert "HEAD" in err and f"{SC}:{line}:" in err


def test_negative_random_count_and_unreadable_encounters_are_usage_errors(tmp_path):
    assert cli(str(ROOT), str(ROOT), "--random", "-1")[0] == 2
    code, _, err = cli(str(ROOT), str(ROOT), "--encounters", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read encounters" in err


# ---- removed lines ----
def billed_twice_in_an_encounter(record: dict) -> bool:
    """`once_per_encounter` flags 96369 or 96371 billed for more than 1 unit in one encounter."""
    totals: dict = {}
    for ln in record["lines"]:
        if ln["code"] in ("96369", "96371"):
            key = (ln.get("encounter", 1), ln["code"])
            totals[key] = totals.get(key, 0) + ln["units"]
    return any(units > 1 for units in totals.values())


def test_removed_rule_is_blamed_on_its_base_lines(tmp_path):
    base = copy_specs(tmp_path / "base")
    head = copy_specs(tmp_path / "head")
    text = (head / SC).read_text(encoding="utf-8")
    start = text.index("rule once_per_encounter")
    end = text.index("\n\n", start) + 2
    (head / SC).write_text(text[:start] + text[end:], encoding="utf-8")
    first = text[:start].count("\n") + 1
    last = text[:end].count("\n") - 1  # the block, without the blank line after it

    result = run(str(base), str(head), repo=None, random_count=60)

    expected = {e.id for e in result.encounters if billed_twice_in_an_encounter(e.record)}
    assert expected and {e.change.encounter.id for e in result.entries} == expected
    for entry in result.entries:
        assert entry.change.rules == ("once_per_encounter",)
        assert [(c.line, c.side) for c in entry.lines] == [(n, "base") for n in range(first, last + 1)]
    assert f"{SC}:{first} (BASE, removed)" in render_text(result)


# ---- one boundary analysis, one edge-case builder ----
def _without_id(record: dict) -> str:
    return json.dumps({k: v for k, v in record.items() if k != "id"}, sort_keys=True, default=str)


@pytest.mark.parametrize("spec", ["sc_infusion", "claim_edits"])
def test_the_diff_compares_every_edge_case_the_generated_tests_run(spec):
    """The generated tests' deterministic cases (their Targets, as committed in generated/tests) are all
    among the diff's encounters: both come from compiler.edgecases."""
    tests = importlib.import_module(f"generated.tests.test_{spec}")
    wanted = {_without_id(p.record) for t in vars(tests).values() if isinstance(t, Target) for p in probes(t, tests.MODULE)}
    result = run(str(ROOT), str(ROOT), repo=None, random_count=0)
    assert len(wanted) > 100 and wanted <= {_without_id(e.record) for e in result.encounters}


def test_the_diff_runs_without_hypothesis():
    """Hypothesis is a test extra: `codespec diff` must not need it."""
    script = ("import sys; from compiler.semdiff import run; r = run(sys.argv[1], sys.argv[1], repo=None, random_count=5); "
              "print(len(r.encounters), 'hypothesis' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", script, str(ROOT)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    count, loaded = proc.stdout.split()
    assert int(count) > 60 and loaded == "False"


def moves_with_96372_as_addon(record: dict) -> bool:
    """`codes sc_addons` gains 96372: `addon_without_primary` now flags a 96372 line when no 96369 unit
    is billed on its date (physician; each line's own service date, else the encounter's) or in its
    encounter (facility)."""
    def day(ln):
        return ln.get("service_date") or record["date_of_service"]

    for ln in record["lines"]:
        if ln["code"] != "96372":
            continue
        if record["setting"] == "physician":
            primary = sum(o["units"] for o in record["lines"] if o["code"] == "96369" and day(o) == day(ln))
        else:
            primary = sum(o["units"] for o in record["lines"] if o["code"] == "96369"
                          and o.get("encounter", 1) == ln.get("encounter", 1))
        if primary == 0:
            return True
    return False


def test_a_set_member_added_in_head_is_probed_on_the_rules_that_test_the_set(tmp_path):
    base = copy_specs(tmp_path / "base")
    head = copy_specs(tmp_path / "head")
    line = edit(head, SC, "codes sc_addons = {96370, 96371}", "codes sc_addons = {96370, 96371, 96372}")

    result = run(str(base), str(head), repo=None, random_count=60)
    expected = {e.id for e in result.encounters if moves_with_96372_as_addon(e.record)}

    assert {e.change.encounter.id for e in result.entries} == expected
    # a probe of the set itself found it (a member probe, or a value probe of head's set), not only chance
    assert any(e.id in expected and "sc_addons" in e.why for e in result.encounters if not e.id.startswith("random-"))
    for entry in result.entries:
        assert entry.change.rules == ("addon_without_primary",)
        assert [(c.path, c.line, c.side) for c in entry.lines] == [(SC, line, "head")]
