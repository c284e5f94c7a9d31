"""Params that differ by channel, defaults from benchmarks.yaml, client overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from diagnoser.config import Config, RulesConfig
from diagnoser.errors import RuleError
from diagnoser.evaluate import evaluate_rules
from diagnoser.findings import FindingContext, build_finding
from diagnoser.rules.ruleset import build_rule_set

BOUNCE_RULE = """
id: LND900
pattern: high_landing_bounce
stage: landing
severity: high
title: {en: High bounce, zh: 跳出率高}
summary: {en: "{{ f.market }} {{ f.channel }} bounce {{ f.bounce_rate | pct }}", zh: "{{ f.market }} 跳出率 {{ f.bounce_rate | pct }}"}
when:
  - funnel f: f.bounce_rate > params.max_bounce and f.sessions >= params.min_sessions
params:
  max_bounce: {benchmark: test_bounce}
  min_sessions: 100
evidence: [f.bounce_rate, f.sessions]
remediation: {en: [Fix the landing page], zh: [优化落地页]}
owner: operations
tests:
  - name: amazon is held to its own benchmark
    facts: [{type: funnel, market: US, channel: amazon, bounce_rate: 0.40, sessions: 500}]
    expect: [{channel: amazon}]
  - name: shopify at 0.40 is under the default
    facts: [{type: funnel, market: US, channel: shopify, bounce_rate: 0.40, sessions: 500}]
    expect: []
  - name: a fact without channel uses the default
    facts: [{type: funnel, market: US, bounce_rate: 0.60, sessions: 500}]
    expect: [{market: US}]
"""
BENCHMARKS = """
test_bounce:
  value: 0.55
  channel: {amazon: 0.35}
  unit: ratio
  description: Share of sessions that leave without a second page view.
  source: {title: Example benchmark page, url: "https://example.org/bounce"}
"""


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    (tmp_path / "landing").mkdir()
    (tmp_path / "landing" / "LND900.yaml").write_text(BOUNCE_RULE, encoding="utf-8")
    (tmp_path / "benchmarks.yaml").write_text(BENCHMARKS, encoding="utf-8")
    return tmp_path


def test_channel_specific_thresholds_are_evaluated_by_the_engine(pack: Path) -> None:
    (rule,) = build_rule_set([pack], builtin=False).rules
    from diagnoser.rules.selftest import run_rule_tests

    assert [r.passed for r in run_rule_tests(rule.rule)] == [True, True, True]
    facts = [
        {
            "type": "funnel",
            "market": "US",
            "channel": "amazon",
            "bounce_rate": 0.36,
            "sessions": 500,
        },
        {
            "type": "funnel",
            "market": "US",
            "channel": "shopify",
            "bounce_rate": 0.54,
            "sessions": 500,
        },
        {
            "type": "funnel",
            "market": "DE",
            "channel": "shopify",
            "bounce_rate": 0.56,
            "sessions": 500,
        },
    ]
    matches = evaluate_rules([rule], facts)[0].matches
    assert sorted((m["f"]["market"], m["f"]["channel"]) for m in matches) == [
        ("DE", "shopify"),
        ("US", "amazon"),
    ]


def test_evidence_shows_the_threshold_for_that_channel_and_its_source(pack: Path) -> None:
    rule_set = build_rule_set([pack], builtin=False)
    (rule,) = rule_set.rules
    facts = [
        {"type": "funnel", "market": "US", "channel": "amazon", "bounce_rate": 0.4, "sessions": 500}
    ]
    match = evaluate_rules([rule], facts)[0].matches[0]
    finding = build_finding(rule, match, FindingContext(param_sources=rule_set.param_sources))
    bounce = finding.evidence[0]
    assert (bounce.value, bounce.threshold, bounce.threshold_name) == (
        0.4,
        0.35,
        "params.max_bounce",
    )
    assert "https://example.org/bounce" in (bounce.source or "")
    assert finding.summary == "US amazon bounce 40.0%"


def test_client_config_overrides_one_channel_and_is_marked(pack: Path) -> None:
    config = Config(
        rules=RulesConfig(
            params={"LND900": {"max_bounce": {"channel": {"amazon": 0.45}}, "min_sessions": 1000}}
        )
    )
    rule_set = build_rule_set([pack], config, builtin=False)
    (rule,) = rule_set.rules
    facts = [
        {
            "type": "funnel",
            "market": "US",
            "channel": "amazon",
            "bounce_rate": 0.40,
            "sessions": 5000,
        },
        {
            "type": "funnel",
            "market": "US",
            "channel": "shopify",
            "bounce_rate": 0.60,
            "sessions": 5000,
        },
        {
            "type": "funnel",
            "market": "DE",
            "channel": "shopify",
            "bounce_rate": 0.60,
            "sessions": 500,
        },
    ]
    assert [
        (m["f"]["market"], m["f"]["channel"]) for m in evaluate_rules([rule], facts)[0].matches
    ] == [("US", "shopify")]
    thresholds = {t["param"]: t for t in rule_set.thresholds}
    assert thresholds["max_bounce"]["client"] is True
    assert thresholds["max_bounce"]["value"] == {"default": 0.55, "channel": {"amazon": 0.45}}
    assert thresholds["min_sessions"] == {
        "rule_id": "LND900",
        "param": "min_sessions",
        "value": 1000,
        "source": "client config",
        "client": True,
        "benchmark": None,
    }


def test_a_benchmark_without_a_source_is_refused(pack: Path) -> None:
    (pack / "benchmarks.yaml").write_text(
        BENCHMARKS.replace(
            '  source: {title: Example benchmark page, url: "https://example.org/bounce"}\n', ""
        ),
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as caught:
        build_rule_set([pack], builtin=False)
    assert any("source" in (p.column or "") for p in caught.value.problems)


def test_unknown_benchmark_names_the_rule(pack: Path) -> None:
    text = BOUNCE_RULE.replace("benchmark: test_bounce", "benchmark: nope")
    (pack / "landing" / "LND900.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        build_rule_set([pack], builtin=False)
    assert caught.value.problems[0].rule_id == "LND900" and caught.value.problems[0].value == "nope"


def test_a_client_benchmark_changes_every_rule_citing_it(pack: Path) -> None:
    config = Config(benchmarks={"test_bounce": {"channel": {"amazon": 0.5}}})
    (rule,) = build_rule_set([pack], config, builtin=False).rules
    facts = [
        {
            "type": "funnel",
            "market": "US",
            "channel": "amazon",
            "bounce_rate": 0.45,
            "sessions": 500,
        }
    ]
    assert evaluate_rules([rule], facts)[0].status == "passed"
    thresholds = build_rule_set([pack], config, builtin=False).thresholds
    assert [t["source"] for t in thresholds if t["param"] == "max_bounce"] == [
        "client config (benchmark test_bounce)"
    ]


def test_a_malformed_override_is_a_config_error_not_an_engine_crash(pack: Path) -> None:
    config = Config(rules=RulesConfig(params={"LND900": {"max_bounce": {"shopify": 0.75}}}))
    with pytest.raises(RuleError) as caught:
        build_rule_set([pack], config, builtin=False)
    assert "one dimension key" in caught.value.problems[0].message
    with pytest.raises(Exception) as unknown:
        build_rule_set([pack], Config(benchmarks={"nope": 1}), builtin=False)
    assert unknown.value.problems[0].message == "no benchmark nope"
