"""lark Tree -> nodes.*: converts literals and attaches spans; no name resolution here."""

from __future__ import annotations

import json
from decimal import Decimal

from lark import Token, Transformer, v_args

from .. import nodes as n
from ..runtime import units
from ..source import Span


class LiteralError(ValueError):
    """A token the grammar accepted but whose value cannot be read (or a clause it allows twice);
    carries its position, a hint and the diagnostic code."""

    def __init__(self, message: str, tok: Token, hint: str, code: str = "malformed-literal") -> None:
        super().__init__(message)
        self.position = (tok.line, tok.column, tok.end_line, tok.end_column)
        self.hint = hint
        self.code = code


def _str(tok: Token) -> str:
    if not str(tok).startswith('"'):
        return str(tok)
    try:
        text = json.loads(str(tok))
    except ValueError as err:
        raise LiteralError(f"{tok} is not a valid string: {getattr(err, 'msg', err)}", tok,
                           'inside quotes a backslash starts an escape: write `\\\\` for a backslash and `\\"` for a quote') from None
    # Text goes into generated Python, file names and UTF-8 output: a NUL or half a surrogate pair
    # can be in none of them.
    if "\0" in text or not text.isprintable() and any("\ud800" <= c <= "\udfff" for c in text):
        raise LiteralError(f"{tok} holds a character no text can hold (NUL or a lone surrogate escape)", tok,
                           "remove the `\\u0000` or `\\ud800`-`\\udfff` escape")
    return text


_MAX_DIGITS = units.MAX_DIGITS  # as for input amounts and table cells


def _number_text(tok: Token) -> str:
    text = str(tok)
    whole, _, decimals = text.partition(".")
    if len(whole) > 2 * _MAX_DIGITS or len(whole.lstrip("0")) > _MAX_DIGITS or len(decimals) > _MAX_DIGITS:
        shown = text if len(text) <= 24 else text[:20] + "..."
        raise LiteralError(f"`{shown}` has more digits than any amount a rule compares", tok,
                           f"write at most {_MAX_DIGITS} digits before and after the decimal point")
    return text


def _int(tok: Token) -> int:
    if not str(tok).isdigit():
        raise LiteralError(f"`{tok}` is not a whole number", tok, "line numbers and unit counts are whole numbers")
    return int(_number_text(tok))


_CLAUSE_NAMES = {"subject": "`for each`", "flag": "`flag when`", "message": "`message`",
                 "effective": "`effective` (or `effective since`)", "payers": "`for payer` list"}


@v_args(meta=True)
class ToAst(Transformer):
    def __init__(self, path: str) -> None:
        super().__init__()
        self.file = path

    def _span(self, meta) -> Span:
        return Span.from_meta(self.file, meta)

    def _tspan(self, tok: Token) -> Span:
        return Span(self.file, tok.line, tok.column, tok.end_line, tok.end_column)

    # ---- file ----
    def start(self, meta, children):
        header, *decls = children
        name, title = header
        return n.Spec(name, title, tuple(decls), (), span=self._span(meta))

    def header(self, meta, children):
        return str(children[0]), _str(children[1])

    # ---- vocabulary ----
    def code_item(self, meta, children):
        return n.CodeLit(str(children[0]), span=self._span(meta))

    def code_decl(self, meta, children):
        code, desc = children
        return n.CodeDecl(code.text, _str(desc), span=self._span(meta))

    def set_kind(self, meta, children):
        return str(children[0])

    def item_range(self, meta, children):
        return n.SetItem(_str(children[0]), _str(children[1]), span=self._span(meta))

    def item_single(self, meta, children):
        return n.SetItem(_str(children[0]), None, span=self._span(meta))

    def set_literal_decl(self, meta, children):
        kind, name, *items = children
        return n.SetDecl(kind, str(name), tuple(i for i in items if i is not None), None, span=self._span(meta))

    def set_column_decl(self, meta, children):
        kind, name, column, table = children
        return n.SetDecl(kind, str(name), (), (str(column), str(table)), span=self._span(meta))

    def column(self, meta, children):
        return n.Column(str(children[0]), children[1], span=self._span(meta))

    def type_name(self, meta, children):
        return str(children[0])

    def key_columns(self, meta, children):
        return tuple(children)

    value_columns = key_columns

    def table_decl(self, meta, children):
        name, path, keys, values = children
        return n.TableDecl(str(name), _str(path), keys, values or (), span=self._span(meta))

    def payer_table_decl(self, meta, children):
        name, (payers, _), path = children
        return n.TableDecl(str(name), _str(path), (), (), payers, span=self._span(meta))

    def policy_decl(self, meta, children):
        name, choice, desc = children
        return n.PolicyDecl(str(name), str(choice), _str(desc) if desc is not None else None, span=self._span(meta))

    def let_decl(self, meta, children):
        name, scope, expr = children
        return n.LetDecl(str(name), str(scope), expr, span=self._span(meta))

    def derive_decl(self, meta, children):
        target, scope, expr, where = children
        return n.DeriveDecl(target, str(scope), expr, where, span=self._span(meta))

    # ---- rules ----
    def severity(self, meta, children):
        return str(children[0])

    def subject_clause(self, meta, children):
        return ("subject", str(children[0]), children[1], self._span(meta))

    def with_clause(self, meta, children):
        return ("with", n.Binding(str(children[0]), children[1], span=self._span(meta)))

    def flag_clause(self, meta, children):
        return ("flag", children[0], self._span(meta))

    def message_clause(self, meta, children):
        return ("message", _str(children[0]), self._span(meta))

    def binding(self, meta, children):
        return n.Binding(str(children[0]), children[1], span=self._span(meta))

    def report_clause(self, meta, children):
        return ("report", tuple(children))

    def period(self, meta, children):
        return (str(children[0]), str(children[1]) if children[1] is not None else None)

    def effective_clause(self, meta, children):
        return ("effective", children[0], self._span(meta))

    def since_clause(self, meta, children):
        return ("since", (str(children[0]), None), self._span(meta))

    def facts_clause(self, meta, children):
        return ("facts", tuple(str(c) for c in children))

    def payer_list(self, meta, children):
        return (tuple(str(c) for c in children), self._span(meta))

    def payer_clause(self, meta, children):
        return ("payers", children[0])

    def rule_decl(self, meta, children):
        name, severity, desc, *clauses = children
        return self._rule(meta, name, severity, desc, clauses, (), None, False)

    def override_decl(self, meta, children):
        name, (payers, payers_span), desc, *clauses = children
        return self._rule(meta, name, None, desc, clauses, payers, payers_span, True)

    def disable_decl(self, meta, children):
        name, (payers, _), reason = children
        return n.DisableDecl(str(name), payers, _str(reason) if reason is not None else None,
                             span=self._span(meta), name_span=self._tspan(name))

    def _rule(self, meta, name, severity, desc, clauses, payers, payers_span, override):
        since = False
        spans: dict = {}
        fields = {"subject": None, "where": None, "withs": [], "flag": None, "message": None, "report": [],
                  "effective": None, "facts": []}
        seen: dict = {"payers": payers_span} if payers_span is not None else {}  # an override's own list
        for clause in clauses:
            kind = clause[0]
            once = {"since": "effective"}.get(kind, kind)
            if once in ("subject", "flag", "message", "effective", "payers"):  # the grammar allows them twice
                span = clause[1][1] if kind == "payers" else clause[-1]
                if once in seen:
                    raise LiteralError(f"rule `{name}` has a second {_CLAUSE_NAMES[once]} (the first is at line "
                                       f"{seen[once].line})", span, f"keep one {_CLAUSE_NAMES[once]}", "repeated-clause")
                seen[once] = span
            if kind in ("subject", "message", "effective", "since"):  # where each clause is, for diagnostics
                spans[kind if kind != "since" else "effective"] = clause[-1]
            if kind == "subject":
                fields["subject"], fields["where"] = clause[1], clause[2]
            elif kind == "with":
                fields["withs"].append(clause[1])
            elif kind == "report":
                fields["report"].extend(clause[1])
            elif kind == "facts":
                fields["facts"].extend(clause[1])
            elif kind == "payers":
                payers, payers_span = clause[1]
            elif kind == "since":
                fields["effective"], since = clause[1], True
            else:
                fields[kind] = clause[1]
        return n.RuleDecl(str(name), severity, _str(desc) if desc is not None else None, fields["subject"],
                          fields["where"], tuple(fields["withs"]), fields["flag"], fields["message"],
                          tuple(fields["report"]), fields["effective"], tuple(fields["facts"]),
                          span=self._span(meta), name_span=self._tspan(name), payers=tuple(payers),
                          payers_span=payers_span, override=override, since=since,
                          subject_span=spans.get("subject"), message_span=spans.get("message"),
                          effective_span=spans.get("effective"))

    # ---- examples ----
    def outcome(self, meta, children):
        return children[0]

    def ex_list(self, meta, children):
        return [_str(c) for c in children if c is not None]

    def ex_field(self, meta, children):
        name, value = children
        if isinstance(value, Token):
            value = _ex_scalar(value)
        return n.ExField(str(name), value, span=self._span(meta))

    def ex_encounter(self, meta, children):
        return ("encounter", tuple(children), self._span(meta))

    def ex_episode(self, meta, children):
        name = children[0]
        return ("episode", (str(name), tuple(children[1:])), self._through(meta, name))

    def ex_line(self, meta, children):
        number, code, *fields = children
        return ("line", (_int(number), code.text, tuple(fields)), self._through(meta, code.span))

    def ex_outcome(self, meta, children):
        word = children[0]  # the outcome's token (`!outcome` keeps it)
        return ("outcome", str(word), self._tspan(word))

    def ex_line_rules(self, meta, children):
        number, *names = children
        return ("line_rules", (_int(number), tuple(str(c) for c in names)),
                (self._tspan(number), tuple(self._tspan(c) for c in names)))

    def ex_claim_rules(self, meta, children):
        return ("claim_rules", tuple(str(c) for c in children), tuple(self._tspan(c) for c in children))

    def ex_units(self, meta, children):
        return ("units", (children[0].text, _int(children[1])), children[0].span)

    def ex_absent(self, meta, children):
        return ("absent", str(children[0]), self._tspan(children[0]))

    def _through(self, meta, end) -> Span:
        """From the start of a clause through a token or span inside it (`line 1: 96369`)."""
        return Span(self.file, meta.line, meta.column, end.end_line, end.end_column)

    def example_decl(self, meta, children):
        name, desc, *clauses = children
        enc, eps, lines, outcome, line_rules, claim_rules, units, absent = (), [], [], None, [], None, [], []
        at: dict = {"encounter": None, "episodes": [], "lines": [], "outcome": None, "line_rules": [],
                    "claim_rules": [], "units": [], "absent": []}
        for kind, value, span in clauses:
            if kind == "encounter":
                enc = enc + value
                at["encounter"] = at["encounter"] or span
            elif kind == "episode":
                eps.append(value)
                at["episodes"].append(span)
            elif kind == "line":
                lines.append(value)
                at["lines"].append(span)
            elif kind == "outcome":
                if outcome is not None:
                    raise LiteralError(f"example `{name}` expects a second outcome (the first is at line "
                                       f"{at['outcome'].line})", span,
                                       "keep one `expect accept`, `expect warn` or `expect reject`", "repeated-clause")
                outcome = value
                at["outcome"] = span
            elif kind == "line_rules":
                line_rules.append(value)
                at["line_rules"].append(span)
            elif kind == "claim_rules":
                claim_rules = (claim_rules or ()) + value
                at["claim_rules"].extend(span)
            elif kind == "units":
                units.append(value)
                at["units"].append(span)
            else:
                absent.append(value)
                at["absent"].append(span)
        spans = n.ExampleSpans(self._tspan(name), at["encounter"], tuple(at["episodes"]), tuple(at["lines"]),
                               at["outcome"], tuple(at["line_rules"]), tuple(at["claim_rules"]), tuple(at["units"]),
                               tuple(at["absent"]))
        return n.ExampleDecl(str(name), _str(desc) if desc is not None else None, enc, tuple(eps), tuple(lines),
                             outcome, tuple(line_rules), claim_rules, tuple(units), tuple(absent),
                             span=self._span(meta), spans=spans)

    # ---- expressions ----
    def number(self, meta, children):
        return n.Number(_number_text(children[0]), span=self._span(meta))

    def quantity(self, meta, children):
        number, unit = children
        return n.Quantity(_number_text(number), unit[0], unit[1], span=self._span(meta))

    def unit(self, meta, children):
        tok = children[0]
        return (str(tok), self._tspan(tok))

    def date(self, meta, children):
        return n.DateLit(str(children[0]), span=self._span(meta))

    def string(self, meta, children):
        return n.Str(_str(children[0]), span=self._span(meta))

    def alnum_code(self, meta, children):
        return n.CodeLit(str(children[0]), span=self._span(meta))

    def path(self, meta, children):
        return n.Path(tuple(str(c) for c in children), span=self._span(meta))

    def pos_arg(self, meta, children):
        return n.Arg(None, children[0], span=self._span(meta))

    def kw_arg(self, meta, children):
        return n.Arg(str(children[0]), children[1], span=self._span(meta))

    def call(self, meta, children):
        name, *args = children
        return n.Call(str(name), tuple(a for a in args if a is not None), span=self._span(meta))

    def lookup(self, meta, children):
        table, *keys, column = children
        return n.Lookup(str(table), tuple(keys), str(column), span=self._span(meta))

    def set_expr(self, meta, children):
        return n.SetExpr(tuple(c for c in children if c is not None), span=self._span(meta))

    def compare(self, meta, children):
        left, op, right = children
        return n.Compare(str(op), left, right, span=self._span(meta))

    def comp_op(self, meta, children):
        return str(children[0])

    add_op = mul_op = comp_op

    def _chain(self, meta, children):
        node = children[0]
        for i in range(1, len(children), 2):
            node = n.Arith(children[i], node, children[i + 1], span=self._span(meta))
        return node

    sum_expr = product = _chain

    def neg(self, meta, children):
        return n.Neg(children[0], span=self._span(meta))

    def member(self, meta, children):
        return n.Member(children[0], children[1], False, span=self._span(meta))

    def not_member(self, meta, children):
        return n.Member(children[0], children[1], True, span=self._span(meta))

    def is_missing(self, meta, children):
        return n.IsMissing(children[0], False, span=self._span(meta))

    def is_present(self, meta, children):
        return n.IsMissing(children[0], True, span=self._span(meta))

    def and_expr(self, meta, children):
        return n.And(tuple(children), span=self._span(meta))

    def or_expr(self, meta, children):
        return n.Or(tuple(children), span=self._span(meta))

    def not_(self, meta, children):
        return n.Not(children[0], span=self._span(meta))

    def conditional(self, meta, children):
        then, test, otherwise = children
        return n.Conditional(then, test, otherwise, span=self._span(meta))


def _ex_scalar(tok: Token):
    text = str(tok)
    if tok.type == "STRING":
        return _str(tok)
    if tok.type == "NUMBER":
        text = _number_text(tok)
        return int(text) if text.isdigit() else Decimal(text)
    if tok.type == "NAME":
        return {"true": True, "false": False, "null": None}.get(text, text)
    return text

