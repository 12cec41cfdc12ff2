"""Effective periods of rule versions and table rows must neither overlap nor leave gaps."""

from __future__ import annotations

from datetime import date

from compiler.check.versions import Problem, period_problems
from compiler.pipeline import compile_source
from compiler.source import SourceFile
from tests.conftest import compile_failure, error_positions

D = date.fromisoformat


# ---- the period arithmetic ----
def test_back_to_back_periods_are_fine():
    assert period_problems([(D("2024-01-01"), D("2024-06-30")), (D("2024-07-01"), None)]) == []


def test_overlap_is_reported_at_the_later_period_with_the_shared_dates():
    # 2024-06-15 .. 2024-06-30 is in both
    got = period_problems([(D("2024-01-01"), D("2024-06-30")), (D("2024-06-15"), None)])
    assert got == [Problem("overlap", 1, 0, D("2024-06-15"), D("2024-06-30"))]


def test_gap_names_the_missing_days():
    # July is in neither period
    got = period_problems([(D("2024-01-01"), D("2024-06-30")), (D("2024-08-01"), None)])
    assert got == [Problem("gap", 1, 0, D("2024-07-01"), D("2024-07-31"))]


def test_periods_are_compared_in_date_order_not_list_order():
    periods = [(D("2024-10-01"), None), (D("2024-01-01"), D("2024-06-30")), (D("2024-07-01"), D("2024-09-30"))]
    assert period_problems(periods) == []


def test_a_long_period_is_remembered_past_a_short_one():
    # [Jan..Dec] contains [Mar..Apr]; May starts inside Jan..Dec too
    periods = [(D("2024-01-01"), D("2024-12-31")), (D("2024-03-01"), D("2024-04-30")), (D("2024-05-01"), None)]
    assert period_problems(periods) == [
        Problem("overlap", 1, 0, D("2024-03-01"), D("2024-04-30")),
        Problem("overlap", 2, 0, D("2024-05-01"), D("2024-12-31")),
    ]


def test_open_periods_on_both_ends_overlap_everywhere():
    got = period_problems([(None, None), (None, None)])
    assert got == [Problem("overlap", 1, 0, date.min, None)]


# ---- rule versions ----
HEAD = 'spec t "versions fixture"\ncode 96369 "first hour"\n'


def version(period: str | None, limit: int) -> str:
    eff = f"  effective {period}\n" if period else ""
    return f'rule too_many error "d"\n  for each line\n  flag when line.units > {limit}\n{eff}  message "m"\n'


def errors(text: str, root=None) -> list[tuple[str, int, int]]:
    """(code, line, column) of each error of HEAD + text, which must not compile."""
    return error_positions(compile_failure(HEAD + text, root))


def test_versions_that_tile_time_are_accepted():
    compiled = compile_source(SourceFile("specs/t.rules", HEAD + version("2024-01-01 .. 2024-06-30", 1)
                                         + version("2024-07-01 ..", 2)))
    assert [(r.id, r.effective) for r in compiled.module.rules] == [
        ("too_many", (D("2024-01-01"), D("2024-06-30"))), ("too_many", (D("2024-07-01"), None))]


def test_overlapping_versions():
    # second version starts at line 8 (HEAD is 2 lines, a version is 5)
    text = version("2024-01-01 .. 2024-06-30", 1) + version("2024-06-15 ..", 2)
    diagnostics = compile_failure(HEAD + text)
    assert error_positions(diagnostics) == [("version-overlap", 8, 1)]
    (d,) = diagnostics
    assert "line 3" in d.message and "2024-06-15 to 2024-06-30" in d.message and d.hint


def test_gap_between_versions():
    text = version("2024-01-01 .. 2024-06-30", 1) + version("2024-08-01 ..", 2)
    assert errors(text) == [("version-gap", 8, 1)]


def test_the_later_version_is_the_later_in_time():
    # written first (line 3) but starts last: the overlap is reported there
    text = version("2024-06-01 ..", 2) + version("2024-01-01 .. 2024-06-30", 1)
    assert errors(text) == [("version-overlap", 3, 1)]


def test_unversioned_duplicate_is_still_an_error():
    # the unversioned rule has no `effective` line (4 lines), so the duplicate's `rule` is line 7;
    # its name starts at column 6
    (d,) = compile_failure(HEAD + version(None, 1) + version("2024-07-01 ..", 2))
    assert (d.code, d.span.line, d.span.column) == ("duplicate-name", 7, 6)
    assert "add `effective` periods to keep both versions" in d.hint


# ---- table rows ----
def table_spec(tmp_path, csv_text: str) -> list[tuple[str, int, int]]:
    (tmp_path / "specs" / "tables").mkdir(parents=True)
    (tmp_path / "specs" / "tables" / "lim.csv").write_text(csv_text, encoding="utf-8")
    text = 'table lim = "tables/lim.csv" key (code: code) columns (limit: number)\n'
    return errors(text, root=tmp_path)


def test_table_rows_of_one_key_overlapping(tmp_path):
    # row 3 starts 2024-06-01, inside row 2's period; its effective_from cell follows "96369,2," (col 9)
    got = table_spec(tmp_path, "code,limit,effective_from,effective_through\n"
                               "96369,1,2024-01-01,2024-06-30\n96369,2,2024-06-01,\n")
    assert got == [("version-overlap", 3, 9)]


def test_table_rows_of_one_key_with_a_gap(tmp_path):
    # a blank line keeps line numbers honest: the later row is on line 5, its date at column 9
    got = table_spec(tmp_path, "code,limit,effective_from,effective_through\n"
                               "96369,1,2024-01-01,2024-06-30\n96370,1,2024-01-01,\n\n96369,2,2024-08-01,\n")
    assert got == [("version-gap", 5, 9)]


def test_table_rows_that_tile_or_differ_in_key_are_fine(tmp_path):
    (tmp_path / "specs" / "tables").mkdir(parents=True)
    (tmp_path / "specs" / "tables" / "lim.csv").write_text(
        "code,limit,effective_from,effective_through\n96369,1,2024-01-01,2024-06-30\n96369,2,2024-07-01,\n"
        "96370,1,2024-01-01,\n", encoding="utf-8")
    text = HEAD + 'table lim = "tables/lim.csv" key (code: code) columns (limit: number)\n' + version(None, 1)
    compiled = compile_source(SourceFile("specs/t.rules", text), root=tmp_path)
    assert len(compiled.module.tables[0].rows) == 3


def test_duplicate_key_without_periods_is_in_force_twice(tmp_path):
    got = table_spec(tmp_path, "code,limit\n96369,1\n96369,2\n")
    assert got == [("version-overlap", 3, 1)]
