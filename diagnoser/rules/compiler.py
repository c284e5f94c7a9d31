"""Compile a loaded rule into the durable-rules JSON ruleset form.

This is the only module that knows the engine's condition syntax. Params are bound first
(a client config may change them), then each binding's condition tree is normalised
(negations pushed down to comparisons, `in` expanded to equalities) and emitted as
``{"$and": [{"type": T}, ...]}``. durable-rules compares one field of the fact being
matched against an expression, so one side of every comparison must be a bare field of
that fact; anything else is refused here with the rule's file and line.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from diagnoser.errors import Problem, RuleError
from diagnoser.rules.expr import (
    FLIPPED,
    INVERSE,
    Arith,
    BoolOp,
    Compare,
    Const,
    Exists,
    FieldRef,
    Member,
    Node,
    Not,
    ParamRef,
    Truth,
    bind_params,
    fields,
    params_used,
    substitute,
    to_text,
    walk,
)
from diagnoser.rules.loader import LoadedRule
from diagnoser.rules.params import Dimensional, flat_params

MAX_EXPRESSIONS = 31  # durable-rules: MAX_SEQUENCE_EXPRESSIONS (32) per pattern, error 113 at 32
NEVER = "\u0000never"  # compared against to express `x in []`, which no fact satisfies
_OPS = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
_ARITH_OPS = {"+": "$add", "-": "$sub", "*": "$mul", "/": "$div"}


@dataclass(frozen=True)
class CompiledRule:
    rule: LoadedRule
    params: dict[str, Any]
    definition: dict[str, Any]  # the durable-rules rule, without its `run` action
    name: str  # deterministic ruleset name: id + hash of the definition
    aliases: dict[str, str]  # engine alias (b0, b1 …) → rule alias (m, c …)

    @property
    def id(self) -> str:
        return self.rule.id

    def params_for(self, match: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """Params with dimensional values looked up in the matched facts."""
        return flat_params(self.params, list(match.values()))


class _Unsupported(Exception):
    def __init__(self, message: str, node: Node) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


def compile_rule(rule: LoadedRule, params: dict[str, Any] | None = None) -> CompiledRule:
    """Bind ``params`` (default: the rule's own, resolved) and emit the engine definition."""
    params = dict(rule.resolved_params()[0] if params is None else params)
    problems: list[Problem] = []
    engine_alias = {b.alias: f"b{i}" for i, b in enumerate(rule.bindings)}
    patterns: list[dict[str, Any]] = []
    positive = {b.type for b in rule.bindings if not b.negated}
    for index, binding in enumerate(rule.bindings):
        if binding.negated and binding.type in positive:
            problems.append(
                _problem(
                    rule,
                    index,
                    f"'{binding.type}' is both matched and negated in this rule",
                    "split the rule, or derive a fact of another type first",
                )
            )
            continue
        terms: list[dict[str, Any]] = [{"type": binding.type}]
        if binding.condition is not None:
            missing = sorted(p for p in params_used(binding.condition) if not _has_param(params, p))
            if missing:
                problems.append(
                    _problem(
                        rule,
                        index,
                        f"unknown param(s): {', '.join(missing)}",
                        "declare them under `params:`",
                    )
                )
                continue
            try:
                expanded = _expand_dimensions(binding.condition, binding.alias, params)
                tree = _normalise(bind_params(expanded, params), negate=False)
                later = {f.alias for f in fields(tree)} - set(list(engine_alias)[: index + 1])
                if later:
                    raise _Unsupported(
                        f"'{sorted(later)[0]}' is bound later in `when`; a condition may only use facts bound above it",
                        tree,
                    )
                if binding.alias not in {f.alias for f in fields(tree)} and not isinstance(
                    tree, Const
                ):
                    raise _Unsupported(f"the condition never mentions '{binding.alias}'", tree)
                if not binding.negated:
                    _refuse_cross_fact_ordering(tree, binding.alias)
                term = _condition(tree, binding.alias, engine_alias)
            except _Unsupported as exc:
                problems.append(
                    _problem(rule, index, f"{exc.message} (in: {to_text(exc.node)})", _COMPARE_FIX)
                )
                continue
            if term is not None:
                terms.extend(term["$and"] if set(term) == {"$and"} else [term])
        key = engine_alias[binding.alias] + ("$not" if binding.negated else "")
        patterns.append({key: {"$and": terms} if len(terms) > 1 else terms[0]})
    values: list[tuple[str, Node | None]] = [("impact", rule.impact)]
    values += [("derive", node) for node in rule.derive.values()]
    values += [
        ("evidence", node) for _, value, threshold in rule.evidence for node in (value, threshold)
    ]
    for where, node in values:
        for name in sorted(params_used(node) if node is not None else ()):
            if not _has_param(params, name):
                problems.append(
                    Problem(
                        code="rule",
                        file=str(rule.path),
                        rule_id=rule.id,
                        row=rule.line_of(where),
                        message=f"{where}: unknown param: params.{name}",
                        fix="declare it under `params:`",
                    )
                )
    if problems:
        raise RuleError(f"rule {rule.id} cannot be compiled for the engine", problems)
    for index, pattern in enumerate(patterns):
        used = engine_expressions(next(iter(pattern.values())))
        if used > MAX_EXPRESSIONS:
            problems.append(
                _problem(
                    rule,
                    index,
                    f"the condition needs {used} engine expression slots; durable-rules allows {MAX_EXPRESSIONS} per fact "
                    "(each and/or group takes 2, each comparison with another field or arithmetic 1; every key of a "
                    "by-channel/region/category param adds a group)",
                    "simplify the condition, use fewer keys in the param's table, or split the rule",
                )
            )
    if problems:
        raise RuleError(f"rule {rule.id} cannot be compiled for the engine", problems)
    definition = {"all": patterns}
    digest = hashlib.sha1(
        json.dumps(definition, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:12]
    return CompiledRule(
        rule, params, definition, f"{rule.id}-{digest}", {v: k for k, v in engine_alias.items()}
    )


_COMPARE_FIX = (
    "write one side of each comparison as a single field of the fact bound on this line "
    "(e.g. `c.market == m.market`, `f.bounce_rate > params.max_bounce`); use a precomputed fact "
    "field (see `diagnoser facts`) instead of arithmetic on both sides"
)


def _problem(rule: LoadedRule, index: int, message: str, fix: str) -> Problem:
    binding = rule.bindings[index]
    return Problem(
        code="rule",
        file=str(rule.path),
        rule_id=rule.id,
        row=binding.line,
        message=f"`{binding.type} {binding.alias}`: {message}",
        fix=fix,
    )


def _has_param(params: dict[str, Any], name: str) -> bool:
    value: Any = params
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return True


def _refuse_cross_fact_ordering(tree: Node, alias: str) -> None:
    """durable-rules reads past its expression buffer (and may crash) when a matched fact is
    compared with ``< <= > >= !=`` against another fact's field and the comparison is false
    (seen under valgrind). Joins on equality, and the same comparison inside a ``no`` binding,
    are sound."""
    for node in walk(tree):
        if isinstance(node, Compare) and node.op != "==":
            others = sorted({str(f) for f in fields(node) if f.alias != alias})
            if others:
                raise _Unsupported(
                    f"comparing with another fact's field ({', '.join(others)}) using '{node.op}' is unsafe in "
                    "durable-rules 2.0.28; join on equality here and put the comparison in a `no` binding "
                    "(`no market n: n.market == f.market and n.x <= f.y`), or use a precomputed field",
                    node,
                )


def _expand_dimensions(node: Node, alias: str, params: dict[str, Any]) -> Node:
    """One branch per key of a dimensional param, plus the default branch.

    ``f.bounce_rate > params.max_bounce`` with ``{default: 0.55, channel: {amazon: 0.35}}``
    becomes ``(f.channel == 'amazon' and f.bounce_rate > 0.35) or ((f.channel not in
    ['amazon'] or f.channel is missing) and f.bounce_rate > 0.55)``.
    """
    name = next(
        (p for p in sorted(params_used(node)) if isinstance(params.get(p), Dimensional)), None
    )
    if name is None:
        return node
    if isinstance(node, BoolOp) and node.op == "and":
        # Branch only the conjuncts that use the param: the engine allows few nested and/or.
        return BoolOp("and", tuple(_expand_dimensions(item, alias, params) for item in node.items))
    table: Dimensional = params[name]
    field = FieldRef(alias, table.dimension)
    keys = tuple(key for key, _ in table.by)
    branches: list[Node] = [
        BoolOp(
            "and",
            (
                Compare("==", field, Const(key)),
                _expand_dimensions(substitute(node, name, value), alias, params),
            ),
        )
        for key, value in table.by
    ]
    other = BoolOp("or", (Member(field, Const(keys), negated=True), Exists(field, negated=True)))
    branches.append(
        BoolOp(
            "and", (other, _expand_dimensions(substitute(node, name, table.default), alias, params))
        )
    )
    return BoolOp("or", tuple(branches))


def _normalise(node: Node, negate: bool) -> Node:
    """Push `not` down to comparisons and turn bare values into comparisons with true."""
    if isinstance(node, Not):
        return _normalise(node.operand, not negate)
    if isinstance(node, BoolOp):
        op = node.op if not negate else ("or" if node.op == "and" else "and")
        return BoolOp(op, tuple(_normalise(i, negate) for i in node.items))
    if isinstance(node, Compare):
        return Compare(INVERSE[node.op], node.left, node.right) if negate else node
    if isinstance(node, Member):
        return Member(node.item, node.options, node.negated != negate)
    if isinstance(node, (FieldRef, Truth)):
        target = node.operand if isinstance(node, Truth) else node
        return Compare("==", target, Const(not negate))
    if isinstance(node, Const):
        return Const(bool(node.value) != negate)
    if isinstance(node, Exists):
        return Exists(node.field, node.negated != negate)
    raise _Unsupported("this is a value, not a condition", node)


def _condition(node: Node, alias: str, engine_alias: dict[str, str]) -> dict[str, Any] | None:
    """Emit a normalised condition; None means `always true`."""
    if isinstance(node, Const):
        if node.value:
            return None
        return {"type": NEVER}
    if isinstance(node, BoolOp):
        items = [_condition(i, alias, engine_alias) for i in node.items]
        key = "$and" if node.op == "and" else "$or"
        if node.op == "or" and any(i is None for i in items):
            return None
        flat: list[dict[str, Any]] = []
        for item in items:
            if item is not None:
                flat.extend(
                    item[key] if set(item) == {key} else [item]
                )  # (a and (b and c)) → one $and
        return None if not flat else flat[0] if len(flat) == 1 else {key: flat}
    if isinstance(node, Exists):
        if node.field.alias != alias:
            raise _Unsupported("presence can only be tested on the fact bound on this line", node)
        return {("$nex" if node.negated else "$ex"): {node.field.name: 1}}
    if isinstance(node, Member):
        options = node.options
        if not isinstance(options, Const) or not isinstance(options.value, tuple):
            raise _Unsupported("`in` needs a list literal or a list param on its right", node)
        if not options.value:
            return {"type": NEVER} if not node.negated else None
        op = "!=" if node.negated else "=="
        parts = tuple(Compare(op, node.item, Const(v)) for v in options.value)
        return _condition(BoolOp("and" if node.negated else "or", parts), alias, engine_alias)
    if isinstance(node, Compare):
        left, op, right = node.left, node.op, node.right
        if not _is_own_field(left, alias) and _is_own_field(right, alias):
            left, op, right = right, FLIPPED[op], left
        if not _is_own_field(left, alias):
            raise _Unsupported(f"neither side is a single field of '{alias}'", node)
        assert isinstance(left, FieldRef)
        value = _value(right, alias, engine_alias)
        if op == "==":
            return {left.name: value}
        return {_OPS[op]: {left.name: value}}
    raise _Unsupported("not a condition", node)


def engine_expressions(condition: Any) -> int:
    """Slots a pattern takes in durable-rules' expression sequence (see rete.c).

    Every ``$and``/``$or`` appends an operator and an end marker; every comparison whose
    right side names another fact's field or computes (``{"b0": "market"}``, ``{"$mul": …}``)
    appends one expression; comparisons with constants or the fact's own field take none.
    """
    if isinstance(condition, list):
        return sum(engine_expressions(item) for item in condition)
    if not isinstance(condition, dict):
        return 0
    total = 0
    for key, value in condition.items():
        if key in ("$and", "$or"):
            total += 2 + engine_expressions(value)
        elif key in _OPS.values() or key in ("$ex", "$nex"):
            total += engine_expressions(value)
        elif isinstance(value, dict) and set(value) != {"$m"}:
            total += 1  # another fact's field, or arithmetic; the fact's own field ($m) is free
    return total


def _number(node: Const) -> Any:
    """Numbers must print without an exponent for durable-rules' JSON parser."""
    value = node.value
    if isinstance(value, float) and value != 0 and abs(value) < 1e-4:
        raise _Unsupported(
            f"{value!r} is too small for durable-rules (it cannot read 1e-05); scale the comparison, e.g. compare a percentage",
            node,
        )
    if isinstance(value, float) and abs(value) >= 1e15:
        return round(value)
    return value


def _is_own_field(node: Node, alias: str) -> bool:
    return isinstance(node, FieldRef) and node.alias == alias


def _value(node: Node, alias: str, engine_alias: dict[str, str]) -> Any:
    if isinstance(node, Const):
        if isinstance(node.value, tuple):
            raise _Unsupported("a list can only stand on the right of `in`", node)
        return _number(node)
    if isinstance(node, FieldRef):
        return {"$m": node.name} if node.alias == alias else {engine_alias[node.alias]: node.name}
    if isinstance(node, Arith):
        others = sorted({str(f) for f in fields(node) if f.alias != alias})
        if others:
            raise _Unsupported(
                f"arithmetic on another fact's field ({', '.join(others)}) crashes durable-rules 2.0.28 when the "
                "comparison is false; compare with the plain field, or use a precomputed field of this fact",
                node,
            )
        return {
            _ARITH_OPS[node.op]: {
                "$l": _value(node.left, alias, engine_alias),
                "$r": _value(node.right, alias, engine_alias),
            }
        }
    if isinstance(node, ParamRef):  # bound before compiling; kept for safety
        raise _Unsupported(f"param {node.name} was not bound", node)
    raise _Unsupported("a condition cannot be used as a value", node)
