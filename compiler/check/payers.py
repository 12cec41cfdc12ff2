"""Payer policies: the spec's rules are the base (Medicare); a payer may add, replace or switch one off.

- `rule ... for payer a, b` adds a rule that applies to those payers only;
- `override RULE for payer a, b` replaces the clauses it gives and keeps the base rule's others;
- `disable RULE for payer a, b "why"` switches the base rule off for those payers.

Each becomes an ordinary IR rule whose `where` starts with a test of `encounter.payer`, so the
interpreter and the generated code select rule variants by payer with no notion of payers of their
own; `ir.Rule.payers` keeps the scope for readers (docs, diff, explain).
"""

from __future__ import annotations

from dataclasses import replace

from .. import ir, nodes
from ..diagnostics import Diagnostics, did_you_mean
from . import types as T


def expand(decls, diags: Diagnostics) -> tuple[list, dict[str, dict[str, tuple]]]:
    """Merge each override into a full rule declaration; collect who is excluded from each base rule.

    Returns the declarations with overrides merged and disables removed, and for each base rule id
    the payers that do not get it (payer -> ("override" | "disable", spec location, reason)).
    """
    bases = {d.name: d for d in decls if isinstance(d, nodes.RuleDecl) and not d.override}
    versions: dict[str, int] = {}
    for d in decls:
        if isinstance(d, nodes.RuleDecl) and not d.override:
            versions[d.name] = versions.get(d.name, 0) + 1
    excluded: dict[str, dict[str, tuple]] = {}
    out = []
    for d in decls:
        if isinstance(d, nodes.DisableDecl) or (isinstance(d, nodes.RuleDecl) and d.override):
            verb = "disable" if isinstance(d, nodes.DisableDecl) else "override"
            base = bases.get(d.name)
            if base is None:
                hint = did_you_mean(d.name, bases) or f"declare `rule {d.name}` first, or add a payer rule with `for payer`"
                diags.error("unknown-rule", d.name_span, f"{verb} of rule `{d.name}`, which this spec does not define", hint)
                continue
            if verb == "override" and versions[d.name] > 1:
                # merging into one version would leave the payer without the rule on the others' dates
                diags.error("override-of-versioned-rule", d.name_span,
                            f"rule `{d.name}` has {versions[d.name]} versions; an override would replace only one",
                            f"`disable {d.name} for payer ...` and write the payer's own versions with `for payer`")
                continue
            if base.payers:
                diags.error("override-of-payer-rule", d.name_span,
                            f"rule `{d.name}` already applies only to {', '.join(base.payers)}",
                            "change that rule's `for payer` list instead")
                continue
            taken = excluded.setdefault(d.name, {})
            for payer in d.payers:
                if payer in taken:
                    diags.error("duplicate-override", d.name_span,
                                f"payer `{payer}` already has {'an override' if taken[payer][0] == 'override' else 'a disable'} of rule `{d.name}`",
                                "keep one override or disable per payer and rule")
                taken[payer] = (verb, str(d.span), d.reason if verb == "disable" else d.description)
            if verb == "override":
                out.append(_merge(base, d))
            continue
        out.append(d)
    return out, excluded


def _merge(base: nodes.RuleDecl, o: nodes.RuleDecl) -> nodes.RuleDecl:
    """The base rule with the override's clauses in place of its own."""
    return replace(
        base,
        description=o.description or base.description,
        subject=o.subject or base.subject,
        where=o.where if o.subject else base.where,
        withs=o.withs or base.withs,
        flag=o.flag or base.flag,
        message=o.message or base.message,
        report=o.report or base.report,
        effective=o.effective or base.effective,
        facts=o.facts or base.facts,
        subject_span=o.subject_span if o.subject else base.subject_span,
        message_span=o.message_span if o.message else base.message_span,
        effective_span=o.effective_span if o.effective else base.effective_span,
        since=o.since if o.effective else base.since,
        span=o.span,
        name_span=o.name_span,
        payers=o.payers,
        payers_span=o.payers_span,
        override=True,
    )


def scope(rule: ir.Rule, d: nodes.RuleDecl, excluded: dict[str, tuple] | None) -> ir.Rule:
    """Put the rule's payer scope into its `where`: `payer in {...}` for payer rules and overrides,
    `payer not in {...}` for a base rule some payers override or disable."""
    if d.payers:
        test, payers = _payer_test(d.payers, False, d.payers_span or d.span), tuple(sorted(d.payers))
    elif excluded:
        test, payers = _payer_test(tuple(excluded), True, d.span), None
    else:
        return rule
    where = test if rule.where is None else ir.BoolOp(T.BOOL, rule.where.nullable, "and", (test, rule.where),
                                                      origin=rule.where.origin)
    exclusions = tuple((payer, *excluded[payer]) for payer in sorted(excluded)) if excluded and not d.payers else ()
    return replace(rule, where=where, payers=payers, exclusions=exclusions)


def _payer_test(payers, negated: bool, span) -> ir.Expr:
    field = ir.FieldRead(T.TEXT, False, "encounter.payer", origin=span)
    written = "{" + ", ".join(sorted(payers)) + "}"
    members = ir.Const(T.TEXTS, False, frozenset(payers), written, origin=span)
    return ir.Member(T.BOOL, False, field, members, negated, origin=span)
