"""Check stage: names resolve, amounts land in canonical units, ranges expand, tables get typed.

Specs are written inline and checked on their own (no codegen); assertions read the typed IR.
Expected values are worked out by hand in the comments next to them.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from compiler import ir
from compiler.check import check
from compiler.check import types as T
from compiler.diagnostics import Diagnostics
from compiler.runtime import units
from compiler.source import SourceFile
from compiler.syntax import parse_spec

TIME = ir.Ty("amount", units.TIME)
VOLUME = ir.Ty("amount", units.VOLUME)
RATE = ir.Ty("amount", units.RATE)


def checked(body: str, root, name: str = "inline") -> ir.Module:
    source = SourceFile(f"{name}.rules", f'spec {name} "Inline spec"\n' + body)
    diags = Diagnostics()
    spec = parse_spec(source, diags)
    module = check(spec, source, diags, root) if spec is not None else None
    assert [d for d in diags.items if d.severity == "error"] == []
    assert module is not None
    return module


def rule(module: ir.Module, name: str) -> ir.Rule:
    return next(r for r in module.rules if r.id == name)


@pytest.mark.parametrize(("written", "minutes"), [
    ("1 h", 60),                # 1 h = 60 min
    ("90 s", Fraction(3, 2)),   # 90 s = 90/60 min
    ("15 min", 15),
    ("2 hrs", 120),             # alias of h
])
def test_time_constants_are_minutes(tmp_path, written, minutes):
    m = checked(f"rule long error\n  for each episode\n  flag when elapsed() > {written}\n", tmp_path)
    flag = rule(m, "long").flag
    assert isinstance(flag, ir.Compare) and flag.op == ">"
    assert isinstance(flag.right, ir.Const)
    assert flag.right.value == minutes and flag.right.ty == TIME
    assert flag.left.ty == TIME


@pytest.mark.parametrize(("written", "canonical", "ty"), [
    ("1 L", 1000, VOLUME),                 # 1 L = 1000 mL
    ("0.5 L", 500, VOLUME),
    ("500 mL/h", Fraction(25, 3), RATE),   # 500 mL per 60 min = 25/3 mL/min
])
def test_volume_and_rate_constants_are_canonical(tmp_path, written, canonical, ty):
    compare = "episode.volume >" if ty == VOLUME else "episode.volume / elapsed() >"
    m = checked(f"rule big warning\n  for each episode\n  flag when {compare} {written}\n", tmp_path)
    flag = rule(m, "big").flag
    assert flag.right.value == canonical and flag.right.ty == ty
    assert flag.left.ty == ty


def test_dividing_a_volume_by_a_time_gives_a_rate(tmp_path):
    m = checked("rule fast warning\n  for each episode\n  flag when episode.volume / elapsed() > 1 mL/min\n", tmp_path)
    left = rule(m, "fast").flag.left
    assert isinstance(left, ir.Arith) and left.op == "/"
    assert (left.left.ty, left.right.ty, left.ty) == (VOLUME, TIME, RATE)
    assert left.nullable  # volume and elapsed time can be missing, and division may be by zero


def test_code_ranges_are_expanded(tmp_path):
    m = checked("codes iv = {96365..96368}\ncodes igs = {J1555..J1559, 90284}\n", tmp_path)
    sets = {s.name: s for s in m.sets}
    assert sets["iv"].members == frozenset({"96365", "96366", "96367", "96368"})
    assert sets["igs"].members == frozenset({"J1555", "J1556", "J1557", "J1558", "J1559", "90284"})
    assert sets["iv"].kind == "codes"


def test_names_resolve_to_fields_sets_lets_and_vocabulary(tmp_path):
    m = checked('code 96369 "SC infusion, first hour"\n'
                "codes primary = {96369}\n"
                "let sc_time per encounter = infusion_time(subcutaneous)\n"
                "rule r error\n  for each line where encounter.setting = physician and line.code in primary\n"
                "  flag when sc_time <= 15 min and line.code = 96369\n", tmp_path)
    r = rule(m, "r")
    setting, member = r.where.items
    assert setting.left == ir.FieldRead(T.TEXT, False, "encounter.setting", origin=setting.left.origin)
    assert setting.right.value == "physician" and setting.right.ty == T.TEXT  # a bare word of the vocabulary
    assert isinstance(member, ir.Member) and member.collection.ty == T.CODES
    assert isinstance(member.collection, ir.SetRef) and member.collection.name == "primary"
    time_test, code_test = r.flag.items
    assert isinstance(time_test.left, ir.LetRef) and time_test.left.scope == "encounter"
    assert time_test.left.ty == TIME and time_test.left.nullable  # no SC episode: no infusion time
    assert code_test.right == ir.Const(T.CODE, False, "96369", "96369", origin=code_test.right.origin)
    assert r.where.nullable is False  # setting, code and a set are always present
    # what the where and flag conditions read, in order of first use (named by incomplete_data)
    assert r.reads == ("encounter.setting", "line.code", "sc_time")


def test_conditional_and_bool_types(tmp_path):
    m = checked('code 96369 "SC infusion, first hour"\n'
                "derive 96369 per encounter = 1 when infusion_time(subcutaneous) >= 16 min otherwise 0\n", tmp_path)
    (d,) = m.derives
    assert isinstance(d.expr, ir.Cond)
    assert d.expr.ty == T.NUMBER and d.expr.test.ty == T.BOOL
    assert (d.expr.then.value, d.expr.otherwise.value) == (1, 0)
    assert d.expr.test.right.value == 16


def test_table_columns_are_typed_and_cells_converted(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "caps.csv").write_text(
        "code,max_volume,max_rate,note,effective_from,effective_through\n"
        "96369,0.5,120,first hour,2024-07-01,\n"
        "J1559,,90,,2024-01-01,2024-06-30\n", encoding="utf-8")
    m = checked('code J1559 "immune globulin (Hizentra), 100 mg"\n'
                'table caps = "tables/caps.csv" key (code: code)\n'
                "  columns (max_volume: L, max_rate: mL/h, note: text)\n"
                "rule over error\n  for each episode\n  flag when episode.volume > caps[J1559].max_volume\n", tmp_path)
    (t,) = m.tables
    assert t.path == "tables/caps.csv"
    assert [(c.name, c.ty) for c in t.keys] == [("code", T.CODE)]
    assert [(c.name, c.ty) for c in t.columns] == [
        ("max_volume", VOLUME), ("max_rate", RATE), ("note", T.TEXT),
        ("effective_from", T.DATE), ("effective_through", T.DATE)]
    # 0.5 L = 500 mL; 120 mL/h = 2 mL/min; 90 mL/h = 3/2 mL/min; empty cells are missing.
    assert t.rows == (
        ("96369", 500, 2, "first hour", date(2024, 7, 1), None),
        ("J1559", None, Fraction(3, 2), None, date(2024, 1, 1), date(2024, 6, 30)),
    )
    lookup = rule(m, "over").flag.right
    assert isinstance(lookup, ir.Lookup)
    assert (lookup.table, lookup.column, lookup.ty, lookup.nullable) == ("caps", "max_volume", VOLUME, True)
    assert lookup.keys[0].value == "J1559" and lookup.keys[0].ty == T.CODE


def test_shipped_label_limits_are_in_canonical_units():
    from compiler.pipeline import ROOT, compile_source

    compiled = compile_source(SourceFile.read(ROOT / "specs" / "drugs.rules", ROOT))
    (labels,) = [t for t in compiled.module.tables if t.name == "labels"]
    cols = ["product_label", "infusion_number", *[c.name for c in labels.columns]]
    rows = {(r[0], r[1]): dict(zip(cols, r)) for r in labels.rows}
    # facts.md F-PHYS-02: Cuvitru first infusions, 60 mL per site and 20 mL/h per site = 1/3 mL/min.
    first = rows[("cuvitru", "first")]
    assert first["max_ml_per_site"] == 60
    assert first["max_ml_per_h_per_site"] == Fraction(1, 3)
