"""Syntax stage: spec text -> surface AST (nodes.Spec). The only package that imports lark."""

from __future__ import annotations

from dataclasses import fields

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
            diags.error(exc.code, Span(source.path, *exc.position), str(exc), exc.hint)
        elif isinstance(exc, RecursionError):
            _too_deep_error(diags, Span(source.path, 1, 1, 1, 2))
        else:
            diags.error("malformed-literal", Span(source.path, 1, 1, 1, 2), str(exc))
        return None
    except RecursionError:
        _too_deep_error(diags, Span(source.path, 1, 1, 1, 2))
        return None
    deep = _too_deep(spec)
    if deep is not None:
        _too_deep_error(diags, deep.span)
        return None
    found = tuple(nodes.Comment(text, span=Span(source.path, line, col, line, col + len(text)))
                  for line, col, text in comments(source.text))
    return nodes.Spec(spec.name, spec.title, spec.declarations, found, span=spec.span)


MAX_DEPTH = 50  # levels of nesting in one declaration; generated Python allows some 200 parentheses


def _too_deep(spec: nodes.Spec) -> nodes.Node | None:
    """The first node nested more than MAX_DEPTH levels inside its declaration (walked without
    recursion, so that depth itself cannot stop the walk)."""
    stack = [(d, 0) for d in spec.declarations]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return node
        for f in fields(node):
            value = getattr(node, f.name)
            for item in value if isinstance(value, tuple) else (value,):
                for x in item if isinstance(item, tuple) else (item,):
                    if isinstance(x, nodes.Node):  # a call's argument is no level of its own
                        stack.append((x, depth if isinstance(x, nodes.Arg) else depth + 1))
    return None


def _too_deep_error(diags: Diagnostics, span: Span) -> None:
    diags.error("expression-too-deep", span, f"an expression is nested more than {MAX_DEPTH} levels deep",
                "split it: give a part a name with `let` (or a rule's `with`) and use the name")
