"""Syntax errors as friendly diagnostics: a table of malformed examples labels lark's parser states."""

from __future__ import annotations

import functools

from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from ..diagnostics import Diagnostic
from ..source import SourceFile, Span

# label -> (malformed snippets that fail in that parser state, hint)
SYNTAX_ERROR_EXAMPLES: dict[str, tuple[list[str], str]] = {
    "a spec file must start with `spec NAME \"title\"`": (
        ['code 96369 "x"', 'rule a error'], 'write `spec my_rules "What these rules cover"` first'),
    "expected a severity after the rule name": (
        ['spec s "t" rule a flag when x', 'spec s "t" rule a "desc"'], "write `rule NAME error`, `warning` or `info`"),
    "expected a condition after `when`": (
        ['spec s "t" rule a error flag when', 'spec s "t" rule a error flag when message "m"'],
        "write the condition that makes the rule fire, e.g. `flag when sc_time <= 15 min`"),
    "expected `when` after `flag`": (['spec s "t" rule a error flag x'], "write `flag when CONDITION`"),
    "expected `each` after `for`": (['spec s "t" rule a error for line'], "write `for each line`, `for each episode` or `for each encounter`"),
    "a condition is incomplete": (
        ['spec s "t" rule a error flag when x <', 'spec s "t" rule a error flag when x and',
         'spec s "t" rule a error flag when x or', 'spec s "t" rule a error flag when not'],
        "finish the comparison or remove the dangling operator"),
    "expected `=` and a set in braces": (['spec s "t" codes a 1', 'spec s "t" codes a = 1'],
                                          "write e.g. `codes initial = {96360, 96365, 96369}`"),
    "a message must be a quoted string": (['spec s "t" rule a error message x'], 'write `message "text with {value}"`'),
}


# Snippets failing in a state that unrelated mistakes share (after a name in an expression): they label
# an error only at the same parser-stack depth, as lark's match_examples does.
EXACT_ONLY = {'spec s "t" rule a error flag when message "m"'}


def translate(err: UnexpectedInput, source: SourceFile) -> Diagnostic:
    from .grammar import parser

    examples = {label: snippets for label, (snippets, _) in SYNTAX_ERROR_EXAMPLES.items()}
    label = None
    try:
        label = err.match_examples(parser().parse, examples, use_accepts=True)
    except Exception:  # noqa: BLE001 - matching is best effort; the plain message still stands
        label = None
    if label is None and isinstance(err, (UnexpectedToken, UnexpectedEOF)) and err.state is not None:
        label = _labels_by_state().get(err.state.position)
    line, col = getattr(err, "line", -1), getattr(err, "column", -1)
    if line is None or line < 1:
        line, col = source.last_position()
    width = 1
    if isinstance(err, UnexpectedToken) and err.token is not None and err.token.type != "$END":
        width = max(1, len(str(err.token)))
    span = Span(source.path, line, col, line, col + width)
    if label:
        return Diagnostic("error", "syntax", label, span, SYNTAX_ERROR_EXAMPLES[label][1])
    return Diagnostic("error", "syntax", _plain(err), span, _expected(err))


def _plain(err: UnexpectedInput) -> str:
    if isinstance(err, UnexpectedCharacters):
        return f"unexpected character `{err.char}`"
    if isinstance(err, UnexpectedEOF):
        return "unexpected end of file"
    if isinstance(err, UnexpectedToken):
        if err.token.type == "$END":
            return "unexpected end of file"
        return f"unexpected `{err.token}`"
    return "syntax error"


def _expected(err: UnexpectedInput) -> str | None:
    expected = getattr(err, "expected", None) or getattr(err, "allowed", None)
    if not expected:
        return None
    names = sorted(_pretty(t) for t in expected)[:8]
    return "expected one of: " + ", ".join(names)


def _pretty(terminal: str) -> str:
    from .grammar import parser

    try:
        pattern = parser().get_terminal(terminal).pattern
        if pattern.type == "str":
            return f"`{pattern.value}`"
    except KeyError:
        pass
    return terminal.lower()


@functools.cache
def _labels_by_state() -> dict:
    """Parser state -> label, whatever the stack below it: `flag x` after other clauses or declarations
    fails in the same state as the example without them, but deeper in the stack."""
    from .grammar import parser

    out: dict = {}
    for label, (snippets, _) in SYNTAX_ERROR_EXAMPLES.items():
        for snippet in snippets:
            if snippet in EXACT_ONLY:
                continue
            try:
                parser().parse(snippet)
            except (UnexpectedToken, UnexpectedEOF) as ut:
                if ut.state is not None:
                    out.setdefault(ut.state.position, label)
    return out
