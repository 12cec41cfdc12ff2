"""What each CMS layout means, read straight from small files in that layout."""

from __future__ import annotations

from datetime import date

from compiler.tables_import import aoc, mue, ptp
from compiler.tables_import.repotable import Row
from tests.tables_import.conftest import MUE_HEADER, PTP_TITLES

PTP_HEADER = PTP_TITLES + "\r\n\t\t\t\t*=no data\t0=not allowed\t\r\n\t\t\t\t\t1=allowed\t\r\n"
AOC_HEADER = ("Add-on Code,Primary Code,AOC Edit Type,AOC_DEL_DT_JULIAN,Primary_Code_DEL_DT_JULIAN,"
              "AOC_EDIT_EFF_DT_JULIAN,AOC_EDIT_DEL_DT_JULIAN,Special Instruction Notes\n")


def rows(parsed):
    return [e.row for e in parsed.edits]


def test_ptp_deletion_date_is_the_first_day_the_edit_no_longer_applies(tmp_path):
    path = tmp_path / "ccipra-x-f1.txt"
    path.write_text(PTP_HEADER + "96369\t99211\t*\t19960101\t20241001\t0\tMisuse\r\n", encoding="utf-8")
    assert rows(ptp.parse(path, "physician")) == [
        Row(("physician", "96369", "99211"), ("0", "Misuse"), date(1996, 1, 1), date(2024, 9, 30))]


def test_ptp_rows_never_in_force_or_not_applicable_are_skipped_and_counted(tmp_path):
    path = tmp_path / "ccioph-x-f1.txt"
    path.write_text(PTP_HEADER + "96369\t99211\t\t20100101\t20100101\t1\tWithdrawn\r\n"
                    "96369\t99212\t\t20100101\t20110101\t9\tNot applicable\r\n"
                    "96369\t99213\t\t20100101\t*\t1\tKept\r\n", encoding="utf-8")
    parsed = ptp.parse(path, "facility")
    assert [r.key for r in rows(parsed)] == [("facility", "96369", "99213")]
    assert parsed.skipped == {"deleted on or before its effective date": 1, "modifier indicator 9 (not applicable)": 1}


def test_mue_keeps_only_the_digit_of_the_adjudication_indicator(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(MUE_HEADER + "J1559,2400,3 Date of Service Edit: Clinical,Prescribing Information\n"
                    "96369,1,2 Date of Service Edit: Policy,\"Code Descriptor / CPT Instruction\"\n"
                    "J3490,10,1 Line Edit,\"Nature, of service\"\n", encoding="utf-8")
    assert rows(mue.parse(path, "physician", mue.PRACTITIONER)) == [
        Row(("physician", "J1559"), ("2400", "3", "Prescribing Information"), None, None),
        Row(("physician", "96369"), ("1", "2", "Code Descriptor / CPT Instruction"), None, None),
        Row(("physician", "J3490"), ("10", "1", "Nature, of service"), None, None)]


def test_mue_quarter_comes_from_the_cms_file_name():
    assert mue.date_in_name("MCR_MUE_OutpatientHospitalServices_Eff_10-01-2024.csv") == date(2024, 10, 1)
    assert mue.date_in_name("mue.csv") is None


def test_aoc_julian_dates_and_the_earliest_deletion_ends_the_pair(tmp_path):
    path = tmp_path / "aoc.csv"
    # 2024183: 2024 is a leap year, Jan..Jun = 31+29+31+30+31+30 = 182 days, so day 183 is 2024-07-01.
    # Row 2: the primary code is deleted on 2025001 (2025-01-01) before the edit (2025091 = 2025-04-01),
    # so the pair ends 2024-12-31.
    path.write_text(AOC_HEADER + "96370,96369,1,,,2024183,,\n"
                    "96361,96360,1,,2025001,2024183,2025091,\n"
                    "99153,CCCCC,2,,,2009001,,\"note, with comma\"\n", encoding="utf-8")
    parsed = aoc.parse(path)
    assert rows(parsed) == [Row(("96370", "96369"), ("1",), date(2024, 7, 1), None),
                            Row(("96361", "96360"), ("1",), date(2024, 7, 1), date(2024, 12, 31))]
    assert parsed.skipped == {"type 2 add-on without listed primaries (CCCCC)": 1}


def test_aoc_accepts_calendar_dates_and_a_tab_delimited_sheet(tmp_path):
    path = tmp_path / "aoc.txt"
    path.write_text(AOC_HEADER.replace(",", "\t") + "96371\t96369\tType 1\t\t\t20240229\t*\t\n", encoding="utf-8")
    assert rows(aoc.parse(path)) == [Row(("96371", "96369"), ("1",), date(2024, 2, 29), None)]
