"""Reading input files: one bad record must not hide the others."""

from __future__ import annotations

from decimal import Decimal

import pytest

from compiler.runtime.records import RawRecord, read_records


def test_jsonl_bad_line_in_the_middle_keeps_the_rest_in_order(tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text('{"id": "a"}\n{"id": "b",\n\n   \n{"id": "c"}\n[1]\n', encoding="utf-8")
    records = list(read_records(path))
    name = str(path)
    assert [r.source for r in records] == [f"{name}:1", f"{name}:2", f"{name}:5", f"{name}:6"]
    assert records[0] == RawRecord(f"{name}:1", {"id": "a"}, None)
    assert records[1].value is None
    assert records[1].error.startswith("invalid JSON: ")
    assert "column" in records[1].error
    assert records[2] == RawRecord(f"{name}:5", {"id": "c"}, None)
    assert records[3] == RawRecord(f"{name}:6", [1], None)


def test_jsonl_floats_are_decimals(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"volume_ml": 50.25, "units": 2}\n', encoding="utf-8")
    (record,) = read_records(path)
    assert record.value == {"volume_ml": Decimal("50.25"), "units": 2}
    assert isinstance(record.value["volume_ml"], Decimal)


def test_jsonl_is_streamed(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text('{"id": "first"}\n' + "{not json}\n" * 3, encoding="utf-8")
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "last"}\n')
    records = read_records(path)
    assert next(records).value == {"id": "first"}
    # Lines appended after iteration started are still seen: nothing was preloaded.
    assert [r.error is not None for r in records] == [True, True, True, False]


def test_json_array_yields_one_record_per_element(tmp_path):
    path = tmp_path / "cases.json"
    path.write_text('[{"id": "a"}, {"id": "b", "x": 1.5}, 3]', encoding="utf-8")
    records = list(read_records(path))
    name = str(path)
    assert records == [
        RawRecord(f"{name}[0]", {"id": "a"}, None),
        RawRecord(f"{name}[1]", {"id": "b", "x": Decimal("1.5")}, None),
        RawRecord(f"{name}[2]", 3, None),
    ]


def test_json_object_yields_one_record(tmp_path):
    path = tmp_path / "one.json"
    path.write_text('{"id": "a"}', encoding="utf-8")
    assert list(read_records(str(path))) == [RawRecord(str(path), {"id": "a"}, None)]


def test_json_scalar_yields_one_error_record(tmp_path):
    path = tmp_path / "n.json"
    path.write_text("42", encoding="utf-8")
    (record,) = read_records(path)
    assert record.source == str(path) and record.value is None
    assert record.error == "expected a JSON object or an array of objects, found a number"


def test_bad_json_file_yields_one_error_record_with_position(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[\n  {"id": "a"},\n  {"id": }\n]', encoding="utf-8")
    records = list(read_records(path))
    assert len(records) == 1
    (record,) = records
    assert record.source == str(path) and record.value is None
    assert record.error.startswith("invalid JSON: ")
    assert "line 3, column 10" in record.error


def test_nan_and_duplicate_keys_are_refused(tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_text('{"dose_mg": NaN}\n{"units": 1, "units": 2}\n{"ok": true}\n', encoding="utf-8")
    first, second, third = read_records(path)
    assert (first.error, first.path) == ("invalid JSON: NaN is not a JSON number (at dose_mg)", "dose_mg")
    assert (second.error, second.path) == ('invalid JSON: duplicate key "units" in an object', "")
    assert third.value == {"ok": True}


def test_absurd_nesting_and_huge_numbers_are_error_records(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100000 + "]" * 100000 + "\n" + "1" * 5000 + "\n{}\n", encoding="utf-8")
    deep, huge, fine = read_records(path)
    assert deep.error == "invalid JSON: nested too deeply"
    assert huge.error == "invalid JSON: a number has too many digits"
    assert fine.value == {}


def test_utf8_bom_is_tolerated(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a"}')
    assert [r.value for r in read_records(path)] == [{"id": "a"}]


def test_empty_jsonl_yields_nothing(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    assert list(read_records(path)) == []


def test_missing_file_raises_oserror(tmp_path):
    with pytest.raises(OSError):
        list(read_records(tmp_path / "nope.jsonl"))
    with pytest.raises(OSError):
        list(read_records(tmp_path / "nope.json"))


def test_directory_raises_oserror(tmp_path):
    with pytest.raises(OSError):
        list(read_records(tmp_path))


def test_one_refused_element_of_a_json_array_costs_only_itself(tmp_path):
    # NaN, a repeated key, a number of 5000 digits and a lone surrogate escape, each in one element
    # of an array: that element is an error record at its path, its neighbours are read.
    path = tmp_path / "array.json"
    path.write_text('[{"id": "a"}, {"id": "b", "lines": [{"units": NaN}]}, {"id": "c"},'
                    ' {"id": "d", "drug": {"x": 1, "x": 2}}, {"id": "e", "units": ' + "9" * 5000 + '},'
                    ' {"id": "f", "setting": "\\udc00"}, {"id": "\\ud83d\\ude00"}]', encoding="utf-8")
    records = list(read_records(path))
    name = str(path)
    assert [r.source for r in records] == [f"{name}[{i}]" for i in range(7)]
    assert [r.value for r in records if r.error is None] == [{"id": "a"}, {"id": "c"}, {"id": "\U0001F600"}]
    errors = {r.source: (r.error, r.path) for r in records if r.error is not None}
    assert errors == {
        f"{name}[1]": ("invalid JSON: NaN is not a JSON number (at lines[0].units)", "lines[0].units"),
        f"{name}[3]": ('invalid JSON: duplicate key "x" in an object (at drug)', "drug"),
        f"{name}[4]": ("invalid JSON: a number has too many digits (at units)", "units"),
        f"{name}[5]": ("invalid JSON: a string holds a lone surrogate escape (\\ud800-\\udfff), which is not "
                       "Unicode text (at setting)", "setting"),
    }


def test_jsonl_lines_end_at_line_feeds_only(tmp_path):
    # A carriage return inside a line is JSON whitespace, not the start of another record.
    path = tmp_path / "cr.jsonl"
    path.write_bytes(b'{"id": "a",\r"units": 1}\r\n{"id": "b"}\n')
    assert [(r.source.rsplit(":", 1)[1], r.value) for r in read_records(path)] == [
        ("1", {"id": "a", "units": 1}), ("2", {"id": "b"})]


def test_a_jsonl_line_that_is_not_utf8_costs_only_itself(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"id": "a"}\n{"id": "caf\xe9"}\n{"id": "c"}\n')
    first, bad, last = read_records(path)
    assert (first.value, last.value) == ({"id": "a"}, {"id": "c"})
    assert bad.source.endswith(":2") and bad.value is None
    assert bad.error == "not UTF-8 text: byte 0xe9 (byte 12); save the file as UTF-8"


def test_a_json_file_that_is_not_utf8_is_one_error_record_with_its_position(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(b'[\n {"id": "a"},\n {"id": "caf\xe9"}\n]')
    (record,) = read_records(path)
    assert record.error == "not UTF-8 text: byte 0xe9 (line 3, byte 13); save the file as UTF-8"


def test_ndjson_is_read_line_by_line(tmp_path):
    path = tmp_path / "x.ndjson"
    path.write_text('{"id": "a"}\n{"id": "b"}\n', encoding="utf-8")
    assert [r.value["id"] for r in read_records(path)] == ["a", "b"]


def test_a_jsonl_line_of_other_whitespace_is_reported_not_skipped(tmp_path):
    # Only JSON's own whitespace makes a blank line; a line holding U+2028 or a no-break space is a
    # record that cannot be read, and says so.
    path = tmp_path / "odd.jsonl"
    path.write_text('{"id": "a"}\n\u2028\n\u00a0\n \t\r\n{"id": "b"}\n', encoding="utf-8")
    records = list(read_records(path))
    assert [(r.source.rsplit(":", 1)[1], r.error is None) for r in records] == [
        ("1", True), ("2", False), ("3", False), ("5", True)]
