"""A bad file or option is a readable error (file:line:col, a stable code, a hint) and exit 2."""

from __future__ import annotations

from tests.tables_import.conftest import (AOC, FIXTURES, MUE_HEADER, MUE_HOSPITAL, MUE_PRACTITIONER,
                                          MUE_PRACTITIONER_Q4, PTP_HOSPITAL, PTP_PRACTITIONER, SHIPPED, shipped_copy)


def test_malformed_ptp_fixture_names_the_line_and_leaves_the_table_alone(codespec, tmp_path):
    out = shipped_copy(tmp_path, "ptp.csv")
    bad = FIXTURES / "bad" / "ccipra-bad-date-f1.txt"
    code, stdout, stderr = codespec("tables", "import", "ptp-practitioner", bad, "--out", out,
                                    "--effective-from", "2024-07-01")
    assert code == 2
    # line 7 is `96369<TAB>99202<TAB><TAB>20240731<TAB>2024-10-01...`: the deletion date starts at column
    # 5+1+5+1+0+1+8+1 + 1 = 23
    assert f"{bad}:7:23: error[cms-bad-date]: deletion date: `2024-10-01` is not a date written YYYYMMDD" in stderr
    assert "Traceback" not in stderr and stdout == ""
    assert out.read_bytes() == (SHIPPED / "ptp.csv").read_bytes()


def test_bad_mue_value_is_reported_at_its_cell(codespec, tmp_path):
    path = tmp_path / "MCR_MUE_PractitionerServices_Eff_07-01-2024.csv"
    path.write_text("preamble line,,,\n" + MUE_HEADER + "96369,1,2 Date of Service Edit: Policy,x\n96370,three,3,x\n",
                    encoding="utf-8")
    code, _, stderr = codespec("tables", "import", "mue-practitioner", path, "--out", tmp_path / "mue.csv")
    assert code == 2
    assert f"{path}:4:7: error[cms-bad-number]: MUE value `three` is not a whole number" in stderr
    assert not (tmp_path / "mue.csv").exists()


def test_unknown_code_shape_and_short_row(codespec, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(MUE_HEADER + "9636,1,2,x\n", encoding="utf-8")
    code, _, stderr = codespec("tables", "import", "mue-practitioner", path, "--effective-from", "2024-07-01",
                               "--out", tmp_path / "o.csv")
    assert code == 2 and f"{path}:2:1: error[cms-bad-code]: code `9636` is not a CPT/HCPCS code" in stderr
    path.write_text(MUE_HEADER + "96369,1\n", encoding="utf-8")
    code, _, stderr = codespec("tables", "import", "mue-practitioner", path, "--effective-from", "2024-07-01",
                               "--out", tmp_path / "o.csv")
    assert code == 2 and f"{path}:2:" in stderr and "error[cms-bad-row]: 2 field(s), the layout has 4" in stderr


def test_a_code_listed_twice_across_files_is_refused(codespec, tmp_path):
    one, two = tmp_path / "a.csv", tmp_path / "b.csv"
    one.write_text(MUE_HEADER + "96369,1,2,x\n", encoding="utf-8")
    two.write_text("\n" + MUE_HEADER + "96369,2,2,x\n", encoding="utf-8")
    code, _, stderr = codespec("tables", "import", "mue-practitioner", one, two, "--effective-from", "2024-07-01",
                               "--out", tmp_path / "o.csv")
    assert code == 2
    assert f"{two}:3:1: error[cms-duplicate]: physician,96369 is already in force on these dates ({one}:2)" in stderr


def test_the_wrong_settings_file_is_refused(codespec, tmp_path):
    code, _, stderr = codespec("tables", "import", "mue-practitioner", MUE_HOSPITAL, "--out", tmp_path / "o.csv")
    assert code == 2 and "error[cms-wrong-file]: this is the Outpatient Hospital Services table" in stderr
    code, _, stderr = codespec("tables", "import", "ptp-practitioner", PTP_HOSPITAL, "--out", tmp_path / "o.csv")
    assert code == 2 and "error[cms-wrong-file]" in stderr and "hospital PTP file" in stderr


def test_a_file_without_the_layouts_header(codespec, tmp_path):
    ptp = PTP_PRACTITIONER[0]
    code, _, stderr = codespec("tables", "import", "aoc", ptp, "--out", tmp_path / "o.csv")
    assert code == 2
    expected = "error[cms-no-header]: no `Add-on Code, Primary Code` header row found"
    assert f"{ptp}:1:1: {expected}" in stderr


def test_missing_unreadable_and_zipped_inputs(codespec, tmp_path):
    code, _, stderr = codespec("tables", "import", "aoc", tmp_path / "nope.csv", "--out", tmp_path / "o.csv")
    assert code == 2 and "error[cms-unreadable]: cannot read the file" in stderr
    zipped = tmp_path / "aoc.zip"
    zipped.write_bytes(b"PK\x03\x04rest")
    code, _, stderr = codespec("tables", "import", "aoc", zipped, "--out", tmp_path / "o.csv")
    assert code == 2 and "zip or xlsx" in stderr


def test_option_mistakes_are_usage_errors(codespec, tmp_path):
    plain = tmp_path / "mue.csv"
    plain.write_text(MUE_HEADER + "96369,1,2,x\n", encoding="utf-8")
    code, _, stderr = codespec("tables", "import", "mue-practitioner", plain, "--out", tmp_path / "o.csv")
    assert code == 2 and "carry no dates" in stderr and "--effective-from" in stderr
    q3 = MUE_PRACTITIONER
    code, _, stderr = codespec("tables", "import", "mue-practitioner", q3, "--effective-from", "2024-10-01",
                               "--out", tmp_path / "o.csv")
    assert code == 2 and "the file name says 2024-07-01" in stderr
    code, _, stderr = codespec("tables", "import", "mue-practitioner", q3, "--effective-from", "July")
    assert code == 2 and "`July` is not a date" in stderr
    code, _, stderr = codespec("tables", "import", "ptp-hospital", PTP_HOSPITAL, "--replace",
                               "--effective-from", "2024-07-01", "--out", tmp_path / "o.csv")
    assert code == 2 and "carry their own dates" in stderr
    code, _, stderr = codespec("tables", "import", "aoc", AOC,
                               "--out", SHIPPED / "mue.csv", "--check")
    assert code == 2 and "error[table-bad-header]" in stderr
    assert not (tmp_path / "o.csv").exists()


def test_check_reports_a_would_be_change_without_writing(codespec, tmp_path):
    out = shipped_copy(tmp_path, "mue.csv")
    code, stdout, stderr = codespec("tables", "import", "mue-practitioner", MUE_PRACTITIONER_Q4, "--out", out, "--check")
    assert code == 1
    assert "-physician,96372,4,3,Clinical: Data,2024-07-01,\n" in stdout
    assert "+physician,96372,5,3,Clinical: Data,2024-10-01,\n" in stdout
    assert "would change" in stderr
    assert out.read_bytes() == (SHIPPED / "mue.csv").read_bytes()
