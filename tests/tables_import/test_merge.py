"""A new quarter keeps the old versions: changed rows are closed the day before it starts."""

from __future__ import annotations

from tests.tables_import.conftest import (MUE_HEADER, MUE_PRACTITIONER, MUE_PRACTITIONER_Q4, PTP_PRACTITIONER, PTP_TITLES,
                                          SHIPPED, shipped_copy)

PTP_HEADER = PTP_TITLES + "\n"


def test_next_quarter_closes_the_changed_mue_row_and_opens_the_new_one(codespec, tmp_path):
    out = shipped_copy(tmp_path, "mue.csv")
    code, stdout, _ = codespec("tables", "import", "mue-practitioner", MUE_PRACTITIONER_Q4, "--out", out)
    assert code == 0
    assert "table: +2 -1 row(s)" in stdout
    old = "physician,96372,4,3,Clinical: Data,2024-07-01,\n"
    # quarter starts 2024-10-01 (file name), so the old value ends 2024-09-30
    new = ("physician,96372,4,3,Clinical: Data,2024-07-01,2024-09-30\n"
           "physician,96372,5,3,Clinical: Data,2024-10-01,\n")
    shipped = (SHIPPED / "mue.csv").read_text(encoding="utf-8")
    assert shipped.count(old) == 1
    assert out.read_text(encoding="utf-8") == shipped.replace(old, new)  # facility rows and other codes untouched


def test_merging_the_same_quarter_twice_changes_nothing_more(codespec, tmp_path):
    out = shipped_copy(tmp_path, "mue.csv")
    codespec("tables", "import", "mue-practitioner", MUE_PRACTITIONER_Q4, "--out", out)
    once = out.read_bytes()
    code, stdout, _ = codespec("tables", "import", "mue-practitioner", MUE_PRACTITIONER_Q4, "--out", out, "--check")
    assert code == 0 and "up to date" in stdout
    assert out.read_bytes() == once


def test_an_older_quarter_cannot_be_merged_after_a_newer_one(codespec, tmp_path):
    out = shipped_copy(tmp_path, "mue.csv")
    codespec("tables", "import", "mue-practitioner", MUE_PRACTITIONER_Q4, "--out", out)
    before = out.read_bytes()
    code, _, stderr = codespec("tables", "import", "mue-practitioner", MUE_PRACTITIONER, "--out", out)
    assert code == 2
    assert "already has rows from 2024-10-01" in stderr
    assert out.read_bytes() == before


def test_replace_discards_the_history_of_that_setting_only(codespec, tmp_path):
    out = shipped_copy(tmp_path, "mue.csv")
    codespec("tables", "import", "mue-practitioner", MUE_PRACTITIONER_Q4, "--out", out)
    code, _, _ = codespec("tables", "import", "mue-practitioner", MUE_PRACTITIONER_Q4, "--out", out, "--replace")
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "physician,96372,5,3,Clinical: Data,2024-10-01,\n" in text
    assert "physician,96372,4," not in text
    assert "physician,96369,1,2,Code Descriptor / CPT Instruction,2024-10-01,\n" in text
    assert "facility,96369,1,2,Code Descriptor / CPT Instruction,2024-07-01,\n" in text


def test_an_mue_code_missing_from_the_next_quarter_is_closed_not_deleted(codespec, tmp_path):
    out = tmp_path / "mue.csv"
    q1, q2 = tmp_path / "q1.csv", tmp_path / "q2.csv"
    q1.write_text(MUE_HEADER + "96369,1,2 Date of Service Edit: Policy,Code Descriptor / CPT Instruction\n"
                  "96371,1,3 Date of Service Edit: Clinical,Code Descriptor / CPT Instruction\n", encoding="utf-8")
    q2.write_text(MUE_HEADER + "96369,1,2 Date of Service Edit: Policy,Code Descriptor / CPT Instruction\n",
                  encoding="utf-8")
    assert codespec("tables", "import", "mue-practitioner", q1, "--out", out, "--effective-from", "2025-01-01")[0] == 0
    assert codespec("tables", "import", "mue-practitioner", q2, "--out", out, "--effective-from", "2025-04-01")[0] == 0
    assert out.read_text(encoding="utf-8") == (
        "setting,code,mue,mai,rationale,effective_from,effective_through\n"
        "physician,96369,1,2,Code Descriptor / CPT Instruction,2025-01-01,\n"
        "physician,96371,1,3,Code Descriptor / CPT Instruction,2025-01-01,2025-03-31\n")


def test_a_ptp_edit_deleted_in_the_next_quarter_ends_the_day_before_its_deletion(codespec, tmp_path):
    out = tmp_path / "ptp.csv"
    q1, q2 = tmp_path / "ccipra-q1-f1.txt", tmp_path / "ccipra-q2-f1.txt"
    q1.write_text(PTP_HEADER + "96369\t99211\t\t20100101\t*\t0\tMisuse of column two code with column one code\n"
                  "96369\t96372\t\t20100101\t*\t1\tCPT Manual or CMS manual coding instruction\n", encoding="utf-8")
    q2.write_text(PTP_HEADER + "96369\t99211\t\t20100101\t20250401\t0\tMisuse of column two code with column one code\n"
                  "96369\t96372\t\t20100101\t*\t1\tCPT Manual or CMS manual coding instruction\n", encoding="utf-8")
    assert codespec("tables", "import", "ptp-practitioner", q1, "--out", out)[0] == 0
    code, _, _ = codespec("tables", "import", "ptp-practitioner", q2, "--out", out, "--effective-from", "2025-04-01")
    assert code == 0
    assert out.read_text(encoding="utf-8") == (
        "setting,column_1,column_2,modifier_indicator,rationale,effective_from,effective_through\n"
        "physician,96369,96372,1,CPT Manual or CMS manual coding instruction,2010-01-01,\n"
        "physician,96369,99211,0,Misuse of column two code with column one code,2010-01-01,2025-03-31\n")


def test_merging_into_a_table_with_rows_needs_the_quarter_start(codespec, tmp_path):
    out = shipped_copy(tmp_path, "ptp.csv")
    code, _, stderr = codespec("tables", "import", "ptp-practitioner", *PTP_PRACTITIONER, "--out", out)
    assert code == 2
    assert "--effective-from" in stderr
    assert out.read_bytes() == (SHIPPED / "ptp.csv").read_bytes()
