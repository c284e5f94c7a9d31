"""Turn a rule match into a Finding a person can act on.

A finding names the scope (market, channel), the numbers with the threshold each was held
against, the monthly money at stake, the remediation and the owner, and says how sure it
is. Confidence starts at 1 and drops for every data-quality note touching the finding's
market or channel (−0.15 each, at most three) and for each evidence value the facts lack
(−0.1 each); it never goes below 0.2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from diagnoser.engine import Fact
from diagnoser.errors import Problem, RuleError
from diagnoser.model import Evidence, Finding, Impact, Scope
from diagnoser.rules.compiler import CompiledRule
from diagnoser.rules.expr import (
    Compare,
    FieldRef,
    bind_params,
    fields,
    params_used,
    to_text,
    walk,
)
from diagnoser.rules.expr import evaluate as evaluate_expr
from diagnoser.rules.text import render_text


@dataclass
class FindingContext:
    """What a finding needs from outside the rule: language, currency, owners, caveats."""

    lang: str = "en"
    currency: str = "USD"
    stage_owners: dict[str, str] = field(default_factory=dict)
    data_quality: list[dict[str, Any]] = field(default_factory=list)
    param_sources: dict[tuple[str, str], str] = field(
        default_factory=dict
    )  # (rule, param) → source
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # field → {lang: label}
    units: dict[str, str] = field(default_factory=dict)  # field → unit


def build_finding(rule: CompiledRule, match: dict[str, Fact], ctx: FindingContext) -> Finding:
    spec = rule.rule.spec
    scope = Scope(market=_first(match, rule, "market"), channel=_first(match, rule, "channel"))
    params = rule.params_for(match)
    evidence, missing = _evidence(rule, match, params, ctx)
    amount = None
    if rule.rule.impact is not None:
        value = evaluate_expr(rule.rule.impact, match, params)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            amount = round(max(float(value), 0.0), 2)
    basis = spec.impact_basis.get(ctx.lang) if spec.impact_basis else None
    if basis is None:
        basis = to_text(rule.rule.impact) if rule.rule.impact is not None else _NO_IMPACT[ctx.lang]
    context: dict[str, Any] = {alias: dict(fact) for alias, fact in match.items()}
    context.update(params=params, impact=amount, currency=ctx.currency)
    return Finding(
        rule_id=spec.id,
        pattern=spec.pattern,
        severity=spec.severity,
        priority="P3",
        priority_score=0.0,
        stage=spec.stage,
        scope=scope,
        title=spec.title.get(ctx.lang),
        summary=_summary(rule, ctx.lang, context),
        evidence=evidence,
        impact=Impact(amount=amount, currency=ctx.currency, basis=basis),
        confidence=_confidence(scope, missing, ctx),
        remediation=spec.remediation.get(ctx.lang),
        owner=ctx.stage_owners.get(spec.stage) or spec.owner,
        rule_source=rule.rule.source,
        fact_ids=[match[b.alias]["id"] for b in rule.rule.bindings if b.alias in match],
    )


def _summary(rule: CompiledRule, lang: str, context: dict[str, Any]) -> str:
    """The rule's summary; a template that fails on these facts is the rule file's error."""
    try:
        return render_text(rule.rule.spec.summary.get(lang), context)
    except Exception as exc:  # the sandbox's SecurityError, a division by zero, a bad filter …
        raise RuleError(
            f"rule {rule.id}: its summary cannot be written for these facts",
            [
                Problem(
                    code="rule",
                    file=str(rule.rule.path),
                    rule_id=rule.id,
                    row=rule.rule.line_of("summary", lang),
                    message=f"summary.{lang}: {type(exc).__name__}: {exc}",
                    fix="use {{ fact.field }} with the filters pct, num and join; `diagnoser rules test` renders every summary",
                )
            ],
        ) from None


_NO_IMPACT = {
    "en": "No monthly amount can be estimated from the data for this rule.",
    "zh": "该规则无法从数据中估算月度金额。",
}


def _first(match: dict[str, Fact], rule: CompiledRule, key: str) -> str | None:
    for binding in rule.rule.bindings:
        fact = match.get(binding.alias)
        if fact and isinstance(fact.get(key), str):
            return str(fact[key])
    return None


def _evidence(
    rule: CompiledRule, match: dict[str, Fact], params: dict[str, Any], ctx: FindingContext
) -> tuple[list[Evidence], int]:
    items: list[Evidence] = []
    missing = 0
    for spec, node, threshold_node in rule.rule.evidence:
        value = evaluate_expr(node, match, params)
        if value is None:
            missing += 1
        field_name = node.name if isinstance(node, FieldRef) else to_text(node)
        threshold, threshold_params = None, []
        if threshold_node is not None:
            threshold = evaluate_expr(threshold_node, match, params)
            threshold_params = sorted(params_used(threshold_node))
        elif isinstance(node, FieldRef):
            threshold, threshold_params = _inferred_threshold(rule, node, match, params)
        label = (
            spec.label.get(ctx.lang)
            if spec.label
            else ctx.labels.get(field_name, {}).get(ctx.lang, field_name)
        )
        sources = sorted(
            {ctx.param_sources.get((rule.id, p), "rule default") for p in threshold_params}
        )
        items.append(
            Evidence(
                field=to_text(node),
                label=label,
                value=_rounded(value),
                unit=spec.unit or ctx.units.get(field_name),
                threshold=_rounded(threshold),
                threshold_name=", ".join(f"params.{p}" for p in threshold_params) or None,
                source="; ".join(sources) if sources else None,
            )
        )
    return items, missing


def _inferred_threshold(
    rule: CompiledRule, target: FieldRef, match: dict[str, Fact], params: dict[str, Any]
) -> tuple[Any, list[str]]:
    """The other side of the first condition comparing ``target`` with params/literals."""
    for binding in rule.rule.bindings:
        if binding.condition is None or binding.negated:
            continue
        for node in walk(binding.condition):
            if not isinstance(node, Compare):
                continue
            for mine, other in ((node.left, node.right), (node.right, node.left)):
                if mine == target and not fields(other) and params_used(other):
                    return evaluate_expr(bind_params(other, params), match, params), sorted(
                        params_used(other)
                    )
    return None, []


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, tuple):
        return list(value)
    return value


def _confidence(scope: Scope, missing: int, ctx: FindingContext) -> float:
    """Data-quality notes lower confidence only where they touch the finding's scope:
    a note for a market (and channel) touches findings there; a store-wide finding is
    touched by every scoped note. Notes without a scope (a column the reader ignored)
    are shown in the report but change no confidence."""
    touching = [
        dq
        for dq in ctx.data_quality
        if dq.get("market")
        and (scope.market is None or dq.get("market") == scope.market)
        and (scope.channel is None or dq.get("channel") in (None, scope.channel))
        and dq.get("severity", "warning") != "info"
    ]
    confidence = 1.0 - 0.15 * min(len(touching), 3) - 0.1 * missing
    return round(max(confidence, 0.2), 2)
