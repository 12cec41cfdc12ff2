"""`codespec` command line: exit codes, diagnostics on stderr, one result per input record in order.

Encounters are written by hand from /work/shared/domain/facts.md: a 60-minute SC infusion supports
96369 x1 and no 96370 (F-TIME-03); 15 minutes or less is not an SC infusion at all (F-TIME-01/02).
"""

from __future__ import annotations

import json

import pytest

from compiler.cli import main


def encounter(record_id: str, stop: str) -> dict:
    """96369 x1 at the office (POS 11) for Medicare, one SC episode from 09:00 EDT to `stop`."""
    return {
        "id": record_id, "setting": "physician", "payer": "medicare", "date_of_service": "2024-08-14",
        "place_of_service": "11",
        "lines": [{"line": 1, "code": "96369", "units": 1, "modifiers": []}],
        "episodes": [{"id": "E1", "kind": "infusion", "route": "subcutaneous", "start": "2024-08-14T09:00:00-04:00",
                      "stop": stop, "pump_setups": 1, "sites": 1}],
    }


SIXTY_MINUTES = encounter("sc-60-min", "2024-08-14T10:00:00-04:00")    # accepted: 96369 x1
FIFTEEN_MINUTES = encounter("sc-15-min", "2024-08-14T09:15:00-04:00")  # rejected: an injection, not 96369
MISSING_ID = {k: v for k, v in SIXTY_MINUTES.items() if k != "id"}
UNITS_AS_WORDS = {**SIXTY_MINUTES, "id": "units-as-words",
                  "lines": [{"line": 1, "code": "96369", "units": "two", "modifiers": []}]}


def write_json(path, records) -> str:
    path.write_text(json.dumps(records), encoding="utf-8")
    return str(path)


@pytest.fixture
def mixed(tmp_path) -> str:
    """Five JSONL records: good, not JSON, no id, wrong type, rejected."""
    lines = [json.dumps(SIXTY_MINUTES), '{"id": "broken",', json.dumps(MISSING_ID), json.dumps(UNITS_AS_WORDS),
             json.dumps(FIFTEEN_MINUTES)]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_check_of_the_shipped_specs_exits_0(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "spec(s) ok" in out and "specs/sc_infusion.rules" in out


def test_check_of_a_bad_spec_exits_1_with_a_positioned_diagnostic(tmp_path, capsys):
    bad = tmp_path / "bad.rules"
    bad.write_text('spec bad "Bad"\nrule long warning\n  for each episode\n  flag when elapsed() > 15 mL\n',
                   encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    # `  flag when ` is 12 characters, so the comparison starts in column 13 of line 4.
    assert first.startswith(f"{bad.as_posix()}:4:13: error[dimension-mismatch]: ")
    assert "help: " in err


def test_validate_accepted_records_exits_0(tmp_path, capsys):
    assert main(["validate", write_json(tmp_path / "ok.json", [SIXTY_MINUTES])]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "sc-60-min: accept"


def test_validate_a_rejected_record_exits_1(tmp_path, capsys):
    assert main(["validate", write_json(tmp_path / "two.json", [SIXTY_MINUTES, FIFTEEN_MINUTES])]) == 1
    out = capsys.readouterr().out
    assert "sc-15-min: reject" in out and "sc_infusion_not_over_15_min" in out


def test_validate_a_missing_file_exits_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nowhere.json")]) == 2
    assert "cannot read input" in capsys.readouterr().err


def test_an_unknown_flag_exits_2(tmp_path, capsys):
    assert main(["validate", "--colour", write_json(tmp_path / "ok.json", [SIXTY_MINUTES])]) == 2
    assert "--colour" in capsys.readouterr().err


def test_no_command_exits_2(capsys):
    assert main([]) == 2


def test_json_output_has_one_result_per_record_in_order(mixed, capsys):
    assert main(["validate", "--format", "json", mixed]) == 1
    results = json.loads(capsys.readouterr().out)
    assert isinstance(results, list)
    assert [(r["id"], r["outcome"]) for r in results] == [
        ("sc-60-min", "accept"),
        (None, "invalid"),           # not JSON: no id can be read
        (None, "invalid"),           # no id
        ("units-as-words", "invalid"),
        ("sc-15-min", "reject"),
    ]
    broken, no_id, words = (r["claim_findings"] for r in results[1:4])
    assert [(f["rule"], f["source"]) for f in broken] == [("invalid_input", f"{mixed}:2")]
    assert [f["path"] for f in no_id] == ["id"]
    assert [f["path"] for f in words] == ["lines[0].units"]
    # The good records are still validated: 60 min supports 96369 x1, 15 min supports an injection.
    assert results[0]["derived_units"]["96369"] == 1 and results[0]["derived_units"]["96370"] == 0
    rejected = results[4]["lines"][0]
    assert [f["rule"] for f in rejected["findings"]] == ["sc_infusion_not_over_15_min"]
    assert results[4]["derived_units"]["96372"] == 1


def test_jsonl_output_has_one_line_per_record(mixed, capsys):
    assert main(["validate", "--format", "jsonl", mixed]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["outcome"] for line in lines] == ["accept", "invalid", "invalid", "invalid", "reject"]


def test_interpreter_and_generated_validators_agree(mixed, capsys):
    main(["validate", "--format", "json", mixed])
    generated = json.loads(capsys.readouterr().out)
    main(["validate", "--format", "json", "--interpret", mixed])
    interpreted = json.loads(capsys.readouterr().out)
    assert interpreted == generated


def test_text_output_says_where_an_invalid_record_is_wrong(mixed, capsys):
    assert main(["validate", mixed]) == 1
    out = capsys.readouterr().out.splitlines()
    # record 2 is not JSON, record 4 has units as words: each names its line of the file, and the field
    assert any(line.startswith("(no id): invalid") for line in out)
    assert any("invalid_input" in line and "mixed.jsonl:2]" in line for line in out)
    assert any("invalid_input" in line and "at lines[0].units" in line and "mixed.jsonl:4" in line for line in out)


def test_output_closed_early_ends_quietly(tmp_path):
    import subprocess
    import sys

    path = write_json(tmp_path / "many.json", [encounter(f"r{i}", "2024-08-14T09:15:00-04:00") for i in range(3000)])
    proc = subprocess.Popen([sys.executable, "-m", "compiler", "validate", path], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b"r0: reject")
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 2
    assert "cannot read input" not in err and "Traceback" not in err


def test_text_output_keeps_an_id_with_a_newline_on_its_line(tmp_path, capsys):
    path = write_json(tmp_path / "odd.json", [{**SIXTY_MINUTES, "id": "two\nlines"}])
    assert main(["validate", path]) == 0
    assert capsys.readouterr().out.splitlines() == ['"two\\nlines": accept']


def test_rates_are_reported_per_hour_in_json_as_in_the_label_table(tmp_path, capsys):
    # 100 mL over one hour on two sites is 50 mL/h per site; Hizentra's first-infusion label limit
    # is 15 mL/h per site (specs/tables/labels.csv), and the JSON says so in the same unit
    record = {**SIXTY_MINUTES, "id": "rate", "episodes": [{**SIXTY_MINUTES["episodes"][0], "sites": 2, "volume_ml": 100,
                                                           "product_label": "hizentra_pi", "infusion_number": "first"}]}
    main(["validate", "--format", "json", write_json(tmp_path / "rate.json", [record])])
    [result] = json.loads(capsys.readouterr().out)
    [rate] = [f for f in result["claim_findings"] if f["rule"] == "rate_per_site_exceeds_label"]
    assert (rate["rate"], rate["limit"]) == (50, 15)
    assert "average 50 mL/h per site is above the label limit of 15 mL/h" in rate["message"]


def test_messages_write_instants_in_iso_8601_as_the_json_does(tmp_path, capsys):
    record = encounter("reversed", "2024-08-14T08:30:00-04:00")  # stops before its 09:00 start
    main(["validate", "--format", "json", write_json(tmp_path / "rev.json", [record])])
    [result] = json.loads(capsys.readouterr().out)
    [f] = [f for f in result["claim_findings"] if f["rule"] == "invalid_time_range"]
    assert "stop 2024-08-14T08:30:00-04:00 is before start 2024-08-14T09:00:00-04:00" in f["message"]
    assert (f["start"], f["stop"]) == ("2024-08-14T09:00:00-04:00", "2024-08-14T08:30:00-04:00")


def test_incomplete_data_names_the_inputs_the_record_lacks(tmp_path, capsys):
    # a labelled episode without a stop: the rate rule cannot be decided for want of the stop, and
    # says so, not the label, volume and sites that are there
    record = {**SIXTY_MINUTES, "id": "no-stop", "episodes": [{**SIXTY_MINUTES["episodes"][0], "stop": None, "volume_ml": 10,
                                                              "product_label": "hizentra_pi", "infusion_number": "first"}]}
    no_pos = {k: v for k, v in SIXTY_MINUTES.items() if k != "place_of_service"}
    main(["validate", "--format", "json", write_json(tmp_path / "inc.json", [record, {**no_pos, "id": "no-pos"}])])
    results = json.loads(capsys.readouterr().out)
    found = {(r["id"], f["checks"]): f["missing"] for r in results
             for f in [*r["claim_findings"], *(f for ln in r["lines"] for f in ln["findings"])] if f["rule"] == "incomplete_data"}
    assert found[("no-stop", "rate_per_site_exceeds_label")] == ["episode.stop"]
    assert found[("no-pos", "physician_admin_in_facility_pos")] == ["encounter.place_of_service"]


def test_incomplete_data_says_when_nothing_is_missing_but_a_value_is_unusable(tmp_path, capsys):
    # 0 sites: the volume per site divides by zero. Every input is there, so none is named missing.
    episode = {**SIXTY_MINUTES["episodes"][0], "sites": 0, "volume_ml": 10, "product_label": "hizentra_pi",
               "infusion_number": "first"}
    main(["validate", "--format", "json", write_json(tmp_path / "zero.json", [{**SIXTY_MINUTES, "episodes": [episode]}])])
    [result] = json.loads(capsys.readouterr().out)
    [f] = [f for f in result["claim_findings"]
           if f["rule"] == "incomplete_data" and f["checks"] == "volume_per_site_exceeds_label"]
    assert f["missing"] == []
    assert "no input is missing" in f["message"] and "0 sites" in f["message"]


def test_an_unreadable_input_is_reported_and_the_next_is_still_validated(tmp_path, capsys):
    good = write_json(tmp_path / "good.json", [SIXTY_MINUTES])
    assert main(["validate", "--format", "jsonl", good, str(tmp_path / "nope.json"), str(tmp_path), good]) == 2
    captured = capsys.readouterr()
    assert [json.loads(line)["id"] for line in captured.out.splitlines()] == ["sc-60-min", "sc-60-min"]
    assert "nope.json" in captured.err and str(tmp_path) in captured.err and "going on" in captured.err


def test_output_that_cannot_be_written_exits_2_without_a_traceback(tmp_path):
    import subprocess
    import sys

    path = write_json(tmp_path / "one.json", [SIXTY_MINUTES])
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "compiler", "validate", "--format", "json", path],
                              stdout=full, stderr=subprocess.PIPE, timeout=120)
    err = done.stderr.decode()
    assert done.returncode == 2
    assert "cannot write output" in err and "Traceback" not in err


def test_a_record_codespec_fails_on_still_gets_its_result_and_the_rest_are_validated(tmp_path, capsys, monkeypatch):
    import generated.validators as gv

    real = gv.validate_all

    def fails_on_one(record):
        if record.id == "boom":
            raise ZeroDivisionError("a bug")
        return real(record)

    monkeypatch.setattr(gv, "validate_all", fails_on_one)
    path = write_json(tmp_path / "three.json", [SIXTY_MINUTES, {**SIXTY_MINUTES, "id": "boom"}, FIFTEEN_MINUTES])
    assert main(["validate", "--format", "json", path]) == 1
    results = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["outcome"]) for r in results] == [("sc-60-min", "accept"), ("boom", "invalid"),
                                                          ("sc-15-min", "reject")]
    [finding] = results[1]["claim_findings"]
    assert finding["rule"] == "internal_error" and "ZeroDivisionError: a bug" in finding["message"]
    assert finding["source"] == f"{path}[1]"


def test_text_output_keeps_each_message_on_its_line(tmp_path, capsys):
    # An episode id with a newline is echoed in a message; it must not start a line of its own.
    record = {**SIXTY_MINUTES, "id": "nl", "episodes": [{**SIXTY_MINUTES["episodes"][0], "id": "E1\nfake: accept",
                                                          "stop": "2024-08-14T08:00:00-04:00"}]}
    main(["validate", write_json(tmp_path / "nl.json", [record])])
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "nl: reject"
    assert all(line.startswith("  ") for line in out[1:]) and any("E1\\nfake: accept" in line for line in out)


def test_stdin_is_read_as_jsonl(monkeypatch, capsys):
    import io
    import sys

    data = (json.dumps(SIXTY_MINUTES) + "\n" + json.dumps(FIFTEEN_MINUTES) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["validate", "--format", "jsonl", "-"]) == 1
    assert [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()] == ["sc-60-min", "sc-15-min"]


def test_a_spec_named_relative_to_the_working_folder_reads_its_own_tables(tmp_path, capsys, monkeypatch):
    # A copy of the specs elsewhere, with a bad cell in its add-on table: checking the copy must
    # read the copy's table, not the repository's (it once read /work/main/specs/tables silently).
    import shutil

    from compiler.pipeline import ROOT

    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    aoc = tmp_path / "specs" / "tables" / "aoc.csv"
    lines = aoc.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",1,", ",one,", 1) if ",1," in lines[1] else lines[1] + "x"
    aoc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "specs/sc_infusion.rules"]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path}/specs/tables/aoc.csv:2:" in err


def test_a_spec_that_is_not_utf8_gets_a_positioned_diagnostic(tmp_path, capsys):
    bad = tmp_path / "latin.rules"
    bad.write_bytes(b'spec latin "Caf\xe9"\n')
    assert main(["check", "--format", "json", str(bad)]) == 1
    [diag] = json.loads(capsys.readouterr().out)  # JSON diagnostics go to stdout, for programs
    assert (diag["code"], diag["line"], diag["column"]) == ("bad-spec-encoding", 1, 16)
    assert diag["hint"] == "save the spec file as UTF-8"


def test_a_byte_order_mark_before_the_spec_line_is_ignored(tmp_path, capsys):
    from compiler.pipeline import ROOT

    spec = tmp_path / "sc_infusion.rules"
    spec.write_bytes(b"\xef\xbb\xbf" + (ROOT / "specs" / "sc_infusion.rules").read_bytes())
    (tmp_path / "tables").symlink_to(ROOT / "specs" / "tables")
    assert main(["check", str(spec)]) == 0


def test_two_specs_of_one_name_are_refused(tmp_path, capsys):
    # One generated module per spec name: the second would silently replace the first.
    from compiler.pipeline import ROOT

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "drugs.rules").write_bytes((ROOT / "specs" / "drugs.rules").read_bytes())
        (tmp_path / folder / "tables").symlink_to(ROOT / "specs" / "tables")
    assert main(["check", str(tmp_path / "a" / "drugs.rules"), str(tmp_path / "b" / "drugs.rules")]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path}/b/drugs.rules:3:1: error[duplicate-spec]: spec `drugs` is also declared in" in err


def test_a_spec_that_is_not_utf8_after_a_byte_order_mark_is_placed_at_the_bad_byte(tmp_path, capsys):
    bad = tmp_path / "mark.rules"
    bad.write_bytes(b'\xef\xbb\xbfspec mark "x"\n# caf\xc3\xa9 \xff\n')
    assert main(["check", "--format", "json", str(bad)]) == 1
    [diag] = json.loads(capsys.readouterr().out)
    assert (diag["line"], diag["column"], diag["message"][-11:]) == (2, 8, "(byte 0xff)")  # columns in characters
