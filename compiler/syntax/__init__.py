"""Syntax stage: spec text -> surface AST (nodes.Spec). The only package that imports lark."""

from __future__ import annotations

from lark.exceptions import UnexpectedInput, VisitError

from .. import nodes
from ..diagnostics import Diagnostics
from ..source import SourceFile, Span
from .errors import translate
from .grammar import comments, parser
from .to_ast import LiteralError, ToAst


def parse_spec(source: SourceFile, diags: Diagnostics) -> nodes.Spec | None:
    """Parse one spec; a syntax error stops here (the tree after it would be unreliable)."""
    try:
        tree = parser().parse(source.text)
    except UnexpectedInput as err:
        diags.items.append(translate(err, source))
        return None
    try:
        spec = ToAst(source.path).transform(tree)
    except VisitError as err:  # a literal the grammar accepted but Python cannot read
        exc = err.orig_exc
        if isinstance(exc, LiteralError):
            diags.error("malformed-literal", Span(source.path, *exc.position), str(exc), exc.hint)
        else:
            diags.error("malformed-literal", Span(source.path, 1, 1, 1, 2), str(exc))
        return None
    found = tuple(nodes.Comment(text, span=Span(source.path, line, col, line, col + len(text)))
                  for line, col, text in comments(source.text))
    return nodes.Spec(spec.name, spec.title, spec.declarations, found, span=spec.span)
