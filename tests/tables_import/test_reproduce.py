"""Done-when of issue 4 item 2: importing files in the CMS layouts reproduces the shipped tables.

The fixtures hold the shipped rows in the published layouts (preamble, BOM, CRLF, a quoted
multi-line header cell, Windows-1252 text, a PTP header that runs on over several rows, PTP parts
split over two files) plus rows for codes no spec uses, which the import must drop.
"""

from __future__ import annotations

from tests.tables_import.conftest import (AOC, MUE_HOSPITAL, MUE_PRACTITIONER, PTP_HOSPITAL, PTP_PRACTITIONER, SHIPPED,
                                          shipped_copy)


def test_mue_files_rebuild_the_shipped_table_byte_for_byte(codespec, tmp_path):
    out = tmp_path / "mue.csv"
    assert codespec("tables", "import", "mue-practitioner", MUE_PRACTITIONER, "--out", out)[0] == 0
    code, stdout, _ = codespec("tables", "import", "mue-hospital", MUE_HOSPITAL, "--out", out)
    assert code == 0
    # 30 shipped facility rows; 0001U, 36415, 97110 and J3490 are in no spec
    assert "30 edit(s) kept, 4 dropped" in stdout
    assert out.read_bytes() == (SHIPPED / "mue.csv").read_bytes()


def test_ptp_files_rebuild_the_shipped_table_byte_for_byte(codespec, tmp_path):
    out = tmp_path / "ptp.csv"
    code, stdout, _ = codespec("tables", "import", "ptp-practitioner", *PTP_PRACTITIONER, "--out", out)
    assert code == 0
    # 120 physician rows kept; 10021/10004, 36415/36416, 97110/97140 dropped; the MI 9 row skipped
    assert "120 edit(s) kept, 3 dropped" in stdout
    assert "1 skipped: modifier indicator 9" in stdout
    assert codespec("tables", "import", "ptp-hospital", PTP_HOSPITAL, "--out", out)[0] == 0
    assert out.read_bytes() == (SHIPPED / "ptp.csv").read_bytes()


def test_aoc_file_rebuilds_the_shipped_table_byte_for_byte(codespec, tmp_path):
    out = tmp_path / "aoc.csv"
    code, stdout, _ = codespec("tables", "import", "aoc", AOC, "--out", out)
    assert code == 0
    assert "32 edit(s) kept, 2 dropped" in stdout  # 11001/11000 and 15003/15002
    assert "1 skipped: type 2 add-on without listed primaries" in stdout  # 99153 / CCCCC
    assert out.read_bytes() == (SHIPPED / "aoc.csv").read_bytes()


def test_reimporting_the_same_quarter_leaves_the_shipped_tables_unchanged(codespec, tmp_path):
    runs = [("mue.csv", "mue-practitioner", [MUE_PRACTITIONER]), ("mue.csv", "mue-hospital", [MUE_HOSPITAL]),
            ("ptp.csv", "ptp-practitioner", PTP_PRACTITIONER), ("ptp.csv", "ptp-hospital", [PTP_HOSPITAL]),
            ("aoc.csv", "aoc", [AOC])]
    for table, kind, files in runs:
        out = tmp_path / table if (tmp_path / table).exists() else shipped_copy(tmp_path, table)
        code, stdout, stderr = codespec("tables", "import", kind, *files, "--out", out,
                                        "--effective-from", "2024-07-01", "--check")
        assert (code, stderr) == (0, ""), (kind, stdout)
        assert "up to date" in stdout
        assert out.read_bytes() == (SHIPPED / table).read_bytes()
