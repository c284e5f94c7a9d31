"""The built-in rule pack: each example store shows its pattern; every rule is complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from diagnoser import diagnose
from diagnoser.resources import builtin_rules_dir
from diagnoser.rules.loader import benchmark_files, load_rules
from diagnoser.rules.params import load_benchmarks
from diagnoser.rules.selftest import run_rule_tests

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PATTERN_STORES = [
    "high_landing_bounce",
    "return_driven_reverse_logistics",
    "missing_compliance_costs",
    "no_baseline",
    "single_vendor_lock_in",
    "cash_cycle_strain",
]


@pytest.fixture(scope="module")
def rules():
    loaded, _ = load_rules([("builtin", builtin_rules_dir())])
    return loaded


@pytest.mark.parametrize("pattern", PATTERN_STORES)
def test_each_example_store_produces_its_pattern(pattern: str) -> None:
    diagnosis = diagnose(EXAMPLES / pattern.replace("_", "-"), lang="en")
    assert pattern in {f.pattern for f in diagnosis.findings}


def test_the_healthy_store_has_no_critical_or_high_finding() -> None:
    diagnosis = diagnose(EXAMPLES / "healthy-store", lang="en")
    assert [f.rule_id for f in diagnosis.findings if f.severity in ("critical", "high")] == []


def test_every_rule_passes_at_least_three_inline_tests(rules) -> None:
    assert len(rules) >= 30
    for rule in rules:
        results = run_rule_tests(rule)
        assert len(results) >= 3, rule.id
        failed = [r.name for r in results if not r.passed]
        assert not failed, (rule.id, failed)
        assert any(r.expected for r in results) and any(not r.expected for r in results), rule.id


def test_every_rule_is_complete_and_bilingual(rules) -> None:
    for rule in rules:
        spec = rule.spec
        assert spec.title.en and spec.title.zh and spec.summary.en and spec.summary.zh, spec.id
        assert spec.remediation.en and len(spec.remediation.en) == len(spec.remediation.zh), spec.id
        assert spec.owner and spec.docs and spec.docs.why, spec.id
        assert spec.impact or spec.impact_basis, f"{spec.id}: no impact and no reason why"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in spec.summary.zh), spec.id


def test_the_named_and_further_patterns_are_covered(rules) -> None:
    patterns = {r.spec.pattern for r in rules}
    required = set(PATTERN_STORES) | {
        "cac_above_ltv", "ads_below_breakeven", "skipped_test_phase", "funnel_data_mismatch",
        "surface_metric_trap", "after_sales_neglect", "hidden_service_fees", "tool_overspend",
        "template_copied_market", "single_channel_dependence", "market_divergence", "stage_without_owner",
        "low_add_to_cart", "checkout_abandonment", "payment_fee_leakage", "logistics_cost_share", "fx_exposure",
    }  # fmt: skip
    assert required <= patterns, required - patterns


def test_every_default_threshold_names_a_public_source(rules) -> None:
    benchmarks = {}
    for path in benchmark_files(builtin_rules_dir()):
        benchmarks.update(load_benchmarks(path))
    assert benchmarks
    for key, benchmark in benchmarks.items():
        sources = benchmark.source if isinstance(benchmark.source, list) else [benchmark.source]
        assert all(s.url.startswith("http") and s.title for s in sources), key
    cited = {
        raw["benchmark"]
        for r in rules
        for raw in r.spec.params.values()
        if isinstance(raw, dict) and "benchmark" in raw
    }
    assert cited <= set(benchmarks)


def test_reasoning_chains_use_derived_facts(rules) -> None:
    derived = {r.spec.derive.type for r in rules if r.spec.derive}
    consumers = [r for r in rules if any(b.type in derived for b in r.bindings)]
    assert len(derived) >= 2 and len(consumers) >= 2
    assert any(b.negated and b.type in derived for r in consumers for b in r.bindings)
