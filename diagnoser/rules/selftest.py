"""Run the inline tests of rule files, the way a team checks its pack before sharing it.

Each test asserts its facts through the real engine path (compiler, wrapper, absence
ordering) and compares the findings with ``expect``: one entry per finding, each a set of
fields the rule's first bound fact must carry, plus an optional ``impact`` amount.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from diagnoser.errors import DiagnoserError
from diagnoser.evaluate import evaluate_rules
from diagnoser.findings import FindingContext, build_finding
from diagnoser.rules.compiler import compile_rule
from diagnoser.rules.expr import evaluate as evaluate_expr
from diagnoser.rules.loader import LoadedRule


@dataclass
class TestResult:
    rule_id: str
    name: str
    passed: bool
    expected: list[dict[str, Any]]
    actual: list[dict[str, Any]]
    error: str | None = None


def run_rule_tests(rule: LoadedRule) -> list[TestResult]:
    results = []
    primary = next(b.alias for b in rule.bindings if not b.negated)
    for test in rule.spec.tests:
        try:
            params, _ = rule.resolved_params(test.params)
            compiled = compile_rule(rule, params)
            outcome = evaluate_rules([compiled], [dict(f) for f in test.facts])[0]
        except DiagnoserError as exc:
            results.append(TestResult(rule.id, test.name, False, test.expect, [], exc.render()))
            continue
        actual = []
        try:
            for match in outcome.matches:
                for lang in ("en", "zh"):
                    build_finding(
                        compiled, match, FindingContext(lang=lang)
                    )  # summaries must render
                found = {k: v for k, v in match[primary].items() if k not in ("id", "sid")}
                if rule.impact is not None:
                    impact = evaluate_expr(rule.impact, match, compiled.params_for(match))
                    found["impact"] = round(impact, 2) if isinstance(impact, float) else impact
                actual.append(found)
        except DiagnoserError as exc:
            results.append(TestResult(rule.id, test.name, False, test.expect, actual, exc.render()))
            continue
        results.append(
            TestResult(rule.id, test.name, _same(test.expect, actual), test.expect, actual)
        )
    return results


def _same(expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> bool:
    if len(expected) != len(actual):
        return False
    unused = list(actual)
    for want in expected:
        hit = next((a for a in unused if all(_equal(a.get(k), v) for k, v in want.items())), None)
        if hit is None:
            return False
        unused.remove(hit)
    return True


def _equal(actual: Any, wanted: Any) -> bool:
    if (
        isinstance(wanted, (int, float))
        and isinstance(actual, (int, float))
        and not isinstance(wanted, bool)
    ):
        return math.isclose(float(actual), float(wanted), rel_tol=1e-6, abs_tol=0.01)
    return bool(actual == wanted)
