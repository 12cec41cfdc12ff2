"""IR interpreter: evaluates a checked module directly, with the same runtime functions as the
generated code but none of its code. It is the oracle of the differential tests and `explain`."""

from __future__ import annotations

from . import ir
from .runtime import builtins, fields, logic, results
from .runtime.context import Context
from .runtime.policies import Policies
from .runtime.tables import Table



def runtime_table(t: ir.Table) -> Table:
    table = Table(t.name, t.path, [k.name for k in t.keys], [*(k.name for k in t.keys), *(c.name for c in t.columns)],
                  t.rows, f"{t.origin}")
    if t.overlays:
        table.with_overlays({payer: runtime_table(o) for o in t.overlays for payer in o.payers})
    return table


def _day(ctx: Context, scope: dict):
    """The date of service a rule or lookup is judged on: the line's, else the encounter's."""
    return ctx.line_date(scope["line"]) if "line" in scope else ctx.record.date_of_service


def rule_meta(rule: ir.Rule, periods: tuple = ()) -> results.RuleMeta:
    return results.RuleMeta(rule.id, rule.severity, rule.location, rule.message,
                            tuple((r.name, r.dim) for r in rule.report), rule.reads, rule.effective, periods)


class Interpreter:
    def __init__(self, module: ir.Module, policies: Policies | None = None) -> None:
        self.module = module
        # Optional observer of every comparison and call with its operand values (coverage uses it).
        self.tracer = None
        self.policies = policies or Policies(dict(module.policies))
        self.tables = {t.name: runtime_table(t) for t in module.tables}
        self.sets = {s.name: s.members for s in module.sets}
        self.lets = {let.name: let for let in module.lets}
        periods = ir.version_periods(module)
        # keyed by rule: versions share an id
        self.meta = {r: rule_meta(r, periods[(r.id, r.payers)]) for r in module.rules}

    def validate(self, record) -> results.Report:
        ctx = Context(record, self.policies)
        ctx.note_tables(self.tables.values())
        findings: list = []
        derived: dict = {}
        for enc in ctx.encounter_numbers:
            scope = {"enc": enc, "vars": {}}
            self._lets("encounter", ctx, scope)
            for d in self.module.derives:
                if d.scope == "encounter":
                    self._derive(d, ctx, scope, derived, d.code)
            for rule in self._rules("encounter"):
                self._apply(rule, ctx, scope, findings, None, None)
            for line in ctx.lines_by_enc.get(enc, ()):
                sub = {"enc": enc, "line": line, "vars": dict(scope["vars"])}
                self._lets("line", ctx, sub)
                for d in self.module.derives:
                    if d.scope == "line":
                        self._derive(d, ctx, sub, derived, d.code or line.code)
                for rule in self._rules("line"):
                    self._apply(rule, ctx, sub, findings, line.index, None)
            for ep in ctx.episodes_by_enc.get(enc, ()):
                sub = {"enc": enc, "episode": ep, "vars": dict(scope["vars"])}
                self._lets("episode", ctx, sub)
                for rule in self._rules("episode"):
                    self._apply(rule, ctx, sub, findings, None, ep.id)
        return results.Report(findings, derived, ctx.tables_out_of_force, ctx.rules_out_of_force)

    def _rules(self, subject):
        return [r for r in self.module.rules if r.subject == subject]

    def _lets(self, scope_name, ctx, scope):
        for let in self.module.lets:
            if let.scope == scope_name:
                scope["vars"][let.name] = self.eval(let.expr, ctx, scope)

    def _derive(self, d: ir.Derive, ctx, scope, derived, code):
        if d.where is not None and self.eval(d.where, ctx, scope) is not True:
            return
        results.merge_derived(derived, code, self.eval(d.expr, ctx, scope))

    def _apply(self, rule: ir.Rule, ctx, scope, findings, line_index, episode):
        applies = True if rule.where is None else self.eval(rule.where, ctx, scope)
        if applies is False:
            return
        if rule.effective is not None and not ctx.rule_in_force(self.meta[rule], _day(ctx, scope)):
            return
        local = dict(scope)
        local["locals"] = {}
        for name, e in rule.withs:
            local["locals"][name] = self.eval(e, ctx, local)
        verdict = self.eval(rule.flag, ctx, local)
        subject = scope.get(rule.subject) if rule.subject != "encounter" else None
        if applies is None and verdict is not False:  # might apply and might fire: cannot tell, so say so
            findings.append(results.incomplete(self.meta[rule], line_index, episode, ctx.record, subject))
            return
        if verdict is None:
            findings.append(results.incomplete(self.meta[rule], line_index, episode, ctx.record, subject))
        elif verdict:
            values = {r.name: self.eval(r.expr, ctx, local) for r in rule.report}
            findings.append(results.finding(self.meta[rule], values, line_index, episode))

    # ---- expressions ----
    def eval(self, e: ir.Expr, ctx: Context, scope: dict):
        match e:
            case ir.Const(value=value):
                return value
            case ir.FieldRead(field=name):
                fdef = fields.FIELDS[name]
                obj = ctx.record if fdef.subject == "encounter" else scope[fdef.subject]
                return fields.read(obj, fdef)
            case ir.LetRef(name=name):
                return scope["vars"][name]
            case ir.LocalRef(name=name):
                return scope["locals"][name]
            case ir.SetRef(name=name):
                return self.sets[name]
            case ir.TableRef(name=name):
                return self.tables[name]
            case ir.RowField(base=base, column=column):
                row = self.eval(base, ctx, scope)
                return None if row is None else getattr(row, column)
            case ir.Call(function=fn, args=args, subject=subject):
                values = [self.eval(a, ctx, scope) for a in args]
                if self.tracer is not None:
                    self.tracer(e, values)
                func = getattr(builtins, fn)
                if subject is None:
                    return func(*values)
                target = scope["enc"] if subject == "encounter" else scope[subject]
                return func(ctx, target, *values)
            case ir.Lookup(table=tname, keys=keys, column=column):
                key = tuple(self.eval(k, ctx, scope) for k in keys)
                return self.tables[tname].value(ctx.record.payer, key, _day(ctx, scope), column)
            case ir.Compare(op=op, left=left, right=right):
                operands = (self.eval(left, ctx, scope), self.eval(right, ctx, scope))
                if self.tracer is not None:
                    self.tracer(e, operands)
                return logic.COMPARE[op](*operands)
            case ir.Arith(op=op, left=left, right=right):
                return logic.ARITHMETIC[op](self.eval(left, ctx, scope), self.eval(right, ctx, scope))
            case ir.Neg(operand=operand):
                return logic.neg(self.eval(operand, ctx, scope))
            case ir.Member(item=item, collection=coll, negated=negated):
                fn = logic.not_member if negated else logic.member
                return fn(self.eval(item, ctx, scope), self.eval(coll, ctx, scope))
            case ir.IsMissing(operand=operand, negated=negated):
                missing = self.eval(operand, ctx, scope) is None
                return not missing if negated else missing
            case ir.BoolOp(op=op, items=items):
                values = [self.eval(i, ctx, scope) for i in items]
                return logic.and3(*values) if op == "and" else logic.or3(*values)
            case ir.Not(operand=operand):
                return logic.not3(self.eval(operand, ctx, scope))
            case ir.Cond(test=test, then=then, otherwise=otherwise):
                return logic.cond(self.eval(test, ctx, scope), self.eval(then, ctx, scope),
                                  self.eval(otherwise, ctx, scope))
        raise AssertionError(f"unknown IR node {type(e).__name__}")  # INVARIANT: the checker built it


def load_interpreters(root=None, policies=None) -> list[Interpreter]:
    """Interpreters of every shipped spec (compiles specs/ first)."""
    from .pipeline import compile_all

    return [Interpreter(c.module, policies) for c in compile_all(root)]
