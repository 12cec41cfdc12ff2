"""Grammar stage: grammar/rules.lark is a conflict-free LALR grammar that reads every shipped spec."""

from __future__ import annotations

import pytest
from lark import Tree

from compiler import nodes
from compiler.diagnostics import Diagnostics
from compiler.pipeline import ROOT, spec_paths
from compiler.source import SourceFile
from compiler.syntax import parse_spec
from compiler.syntax.grammar import parser

SPECS = spec_paths()


def test_grammar_builds_as_strict_lalr():
    # strict=True turns shift/reduce conflicts and colliding terminals into errors when building.
    strict = parser(strict=True)
    assert strict.options.parser == "lalr"
    assert strict.options.strict is True
    assert strict.parse('spec s "t"\ncodes c = {96369}').data == "start"


def test_the_specs_folder_is_not_empty():
    assert {p.name for p in SPECS} >= {"sc_infusion.rules", "claim_edits.rules", "drugs.rules"}


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_every_shipped_spec_parses(path):
    source = SourceFile.read(path, ROOT)
    tree = parser(strict=True).parse(source.text)
    assert isinstance(tree, Tree) and tree.data == "start"
    diags = Diagnostics()
    spec = parse_spec(source, diags)
    assert diags.items == []
    assert spec is not None and spec.name == path.stem
    written = {(n, line.split()[1]) for n, line in enumerate(source.text.splitlines(), start=1)
               if line.startswith("rule ")}
    parsed = {(d.span.line, d.name) for d in spec.declarations if isinstance(d, nodes.RuleDecl)}
    assert written and written <= parsed  # every `rule` line became a rule of that name


COMMENTED = '''# header comment
spec s "title # not a comment"
codes a = {96369} # trailing
# before the rule
rule r error "say \\"#1\\" here"
  for each line  # inline
  flag when line.units > 1
'''


def test_comments_are_kept_with_their_positions():
    diags = Diagnostics()
    spec = parse_spec(SourceFile("specs/s.rules", COMMENTED), diags)
    assert diags.items == []
    # Columns counted by hand: `codes a = {96369} ` is 18 characters, `  for each line  ` is 17.
    assert [(c.span.line, c.span.column, c.text) for c in spec.comments] == [
        (1, 1, "# header comment"),
        (3, 19, "# trailing"),
        (4, 1, "# before the rule"),
        (6, 18, "# inline"),
    ]
    # A `#` inside a string, escaped quotes included, is text, not a comment.
    (rule,) = [d for d in spec.declarations if isinstance(d, nodes.RuleDecl)]
    assert rule.description == 'say "#1" here'
    assert spec.title == "title # not a comment"


UNCOMMENTED = '''spec s "title # not a comment"
codes a = {96369}
rule r error "say \\"#1\\" here"
  for each line
  flag when line.units > 1
'''


def test_comments_do_not_change_the_tree():
    assert parser().parse(COMMENTED) == parser().parse(UNCOMMENTED)
    assert parser().parse(COMMENTED) != parser().parse(UNCOMMENTED.replace("> 1", "> 2"))


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_shipped_spec_comments_are_reachable_from_the_ast(path):
    source = SourceFile.read(path, ROOT)
    spec = parse_spec(source, Diagnostics())
    assert spec.comments, "every shipped spec explains itself in comments"
    for c in spec.comments:
        assert c.span.path == source.path
        assert source.line_text(c.span.line)[c.span.column - 1:] == c.text
        assert c.text.startswith("#")
    # The first line of every shipped spec is a comment saying what the file is about.
    assert spec.comments[0].span.line == 1
