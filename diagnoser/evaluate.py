"""Run compiled rules over facts: which rules fired, passed, or could not apply.

Rules that derive facts run before the rules that match those facts (a topological order
over fact types), so reasoning chains see their inputs; within one rule the engine wrapper
asserts negated types first. A rule whose positive fact types are absent from the data is
*skipped* with the reason, never reported as passed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from diagnoser.engine import Engine, Fact, assertion_order, prepare_facts
from diagnoser.errors import Problem, RuleError
from diagnoser.rules.compiler import CompiledRule
from diagnoser.rules.expr import evaluate as evaluate_expr

Status = Literal["fired", "passed", "skipped"]
# Fact types that record problems: their absence means none occurred, so a rule on them
# passes instead of being skipped.
EVENT_TYPES = frozenset({"data_quality"})


@dataclass
class RuleOutcome:
    rule: CompiledRule
    status: Status
    matches: list[dict[str, Fact]] = field(default_factory=list)  # alias → fact
    reason: str | None = None


def order_rules(rules: list[CompiledRule]) -> list[CompiledRule]:
    """Rules that derive a fact type come before every rule that uses that type."""
    producers: dict[str, list[CompiledRule]] = defaultdict(list)
    for rule in rules:
        if rule.rule.spec.derive:
            producers[rule.rule.spec.derive.type].append(rule)
    ordered: list[CompiledRule] = []
    state: dict[str, int] = {}

    def visit(rule: CompiledRule, chain: list[str]) -> None:
        if state.get(rule.name) == 2:
            return
        if state.get(rule.name) == 1:
            raise RuleError(
                "rules derive facts in a cycle",
                [
                    Problem(
                        code="rule",
                        rule_id=rule.id,
                        file=str(rule.rule.path),
                        message=" → ".join([*chain, rule.id]),
                        fix="break the cycle: a rule may not depend on its own derived fact",
                    )
                ],
            )
        state[rule.name] = 1
        for kind in sorted({b.type for b in rule.rule.bindings}):
            for producer in producers.get(kind, []):
                if producer is not rule:
                    visit(producer, [*chain, rule.id])
        state[rule.name] = 2
        ordered.append(rule)

    for rule in sorted(rules, key=lambda r: (r.id, r.name)):
        visit(rule, [])
    return ordered


def evaluate_rules(
    rules: list[CompiledRule], facts: list[Fact], engine: Engine | None = None
) -> list[RuleOutcome]:
    engine = engine or Engine.shared()
    prepared = prepare_facts(facts)
    by_type: dict[str, list[Fact]] = defaultdict(list)
    for fact in prepared:
        by_type[fact["type"]].append(fact)
    derived_types = {r.rule.spec.derive.type for r in rules if r.rule.spec.derive} | EVENT_TYPES
    outcomes: list[RuleOutcome] = []
    for rule in order_rules(rules):
        missing = sorted(
            {t for t in rule.rule.positive_types if not by_type.get(t) and t not in derived_types}
        )
        if missing:
            outcomes.append(
                RuleOutcome(rule, "skipped", reason=f"no {', '.join(missing)} facts in the data")
            )
            continue
        index = {
            f["id"]: f for kind in set(rule.rule.positive_types) for f in by_type.get(kind, [])
        }
        matches = [
            {alias: index[fact_id] for alias, fact_id in match.items()}
            for match in engine.run(rule, assertion_order(rule, by_type))
        ]
        matches.sort(
            key=lambda m: tuple(m[b.alias]["id"] for b in rule.rule.bindings if not b.negated)
        )
        if rule.rule.spec.derive and matches:
            _derive(rule, matches, by_type)
        outcomes.append(RuleOutcome(rule, "fired" if matches else "passed", matches))
    return outcomes


def _derive(
    rule: CompiledRule, matches: list[dict[str, Fact]], by_type: dict[str, list[Fact]]
) -> None:
    spec = rule.rule.spec.derive
    assert spec is not None
    new: list[dict[str, Any]] = []
    for match in matches:
        fact: dict[str, Any] = {"type": spec.type, "derived_by": rule.id}
        params = rule.params_for(match)
        for name, node in rule.rule.derive.items():
            value = evaluate_expr(node, match, params)
            if value is not None:
                fact[name] = value
        new.append(fact)
    existing = by_type.get(spec.type, [])
    prepared = prepare_facts(new)
    for fact in prepared:
        fact["id"] = f"{rule.id}:{fact['id']}"
    by_type[spec.type] = existing + prepared
