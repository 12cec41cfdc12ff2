"""AST spans point at the exact spec text of each node, across lines too.

Every expected value below is the substring written in SPEC; the test slices SPEC by a node's span
and compares.
"""

from __future__ import annotations

from compiler import nodes
from compiler.diagnostics import Diagnostics
from compiler.source import SourceFile, Span
from compiler.syntax import parse_spec

SPEC = '''spec spans "Span fixture"

code 96369 "SC infusion, first hour"
codes sc_codes = {96369, 96365..96368}
table limits = "tables/limits.csv" key (code: code) columns (limit: number)

let sc_time per encounter = infusion_time(subcutaneous)

rule too_long error "Too long."
  for each line where line.code in sc_codes
      and sc_time is present
  with limit = limits[line.code].limit
  flag when sc_time > 2 h
        or line.units > limit
  message "{code}: too long"
  report code = line.code
  effective 2024-07-01 ..

example short "a short one"
  encounter setting physician, payer medicare
  line 1: 96369 units 1
  expect accept
'''


def cut(span: Span) -> str:
    """The source text a span covers (1-based columns, end column exclusive)."""
    lines = SPEC.splitlines(keepends=True)
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1:span.end_column - 1]
    head = lines[span.line - 1][span.column - 1:]
    middle = "".join(lines[span.line:span.end_line - 1])
    return head + middle + lines[span.end_line - 1][:span.end_column - 1]


def parse() -> nodes.Spec:
    diags = Diagnostics()
    spec = parse_spec(SourceFile("specs/spans.rules", SPEC), diags)
    assert diags.items == []
    return spec


def decl(kind, name=None):
    return next(d for d in parse().declarations if isinstance(d, kind) and (name is None or d.name == name))


def test_spans_carry_the_file_path():
    assert decl(nodes.RuleDecl).span.path == "specs/spans.rules"


def test_declarations_span_their_whole_text():
    assert cut(decl(nodes.CodeDecl).span) == 'code 96369 "SC infusion, first hour"'
    assert cut(decl(nodes.SetDecl).span) == "codes sc_codes = {96369, 96365..96368}"
    assert cut(decl(nodes.LetDecl).span) == "let sc_time per encounter = infusion_time(subcutaneous)"
    table = decl(nodes.TableDecl)
    assert cut(table.span) == 'table limits = "tables/limits.csv" key (code: code) columns (limit: number)'
    assert [cut(c.span) for c in (*table.keys, *table.columns)] == ["code: code", "limit: number"]


def test_set_items_and_ranges():
    items = decl(nodes.SetDecl).items
    assert [cut(i.span) for i in items] == ["96369", "96365..96368"]
    assert (items[1].lo, items[1].hi) == ("96365", "96368")


def test_a_multi_line_rule_spans_from_its_keyword_to_its_last_clause():
    rule = decl(nodes.RuleDecl)
    text = cut(rule.span)
    assert text.startswith('rule too_long error "Too long."\n  for each line')
    assert text.endswith("report code = line.code\n  effective 2024-07-01 ..")
    assert (rule.span.line, rule.span.column, rule.span.end_line) == (9, 1, 17)
    assert cut(rule.name_span) == "too_long"


def test_multi_line_conditions():
    rule = decl(nodes.RuleDecl)
    assert cut(rule.where.span) == "line.code in sc_codes\n      and sc_time is present"
    assert isinstance(rule.where, nodes.And)
    assert [cut(i.span) for i in rule.where.items] == ["line.code in sc_codes", "sc_time is present"]
    assert cut(rule.flag.span) == "sc_time > 2 h\n        or line.units > limit"
    left, right = rule.flag.items
    assert cut(left.span) == "sc_time > 2 h"
    assert cut(right.span) == "line.units > limit"


def test_expression_parts():
    rule = decl(nodes.RuleDecl)
    compare = rule.flag.items[0]
    assert cut(compare.left.span) == "sc_time"
    quantity = compare.right
    assert isinstance(quantity, nodes.Quantity)
    assert cut(quantity.span) == "2 h"
    assert cut(quantity.unit_span) == "h"
    member = rule.where.items[0]
    assert (cut(member.item.span), cut(member.collection.span)) == ("line.code", "sc_codes")
    (binding,) = rule.withs
    assert cut(binding.span) == "with limit = limits[line.code].limit"  # a `with` binding is its clause
    assert cut(binding.expr.span) == "limits[line.code].limit"
    assert cut(binding.expr.keys[0].span) == "line.code"
    (report,) = rule.report
    assert cut(report.span) == "code = line.code"
    call = decl(nodes.LetDecl).expr
    assert cut(call.span) == "infusion_time(subcutaneous)"
    assert cut(call.args[0].span) == "subcutaneous"


def test_examples_span_their_block_and_fields():
    ex = decl(nodes.ExampleDecl)
    assert cut(ex.span) == ('example short "a short one"\n  encounter setting physician, payer medicare\n'
                            "  line 1: 96369 units 1\n  expect accept")
    assert [cut(f.span) for f in ex.encounter] == ["setting physician", "payer medicare"]
    (_, _, fields), = ex.lines
    assert [cut(f.span) for f in fields] == ["units 1"]
