"""Each durable-rules trap of docs/durable-rules.md, proven handled by the wrapper."""

from __future__ import annotations

import random
import threading

import numpy as np
import pandas as pd
import pytest

from diagnoser.engine import MAX_PROPERTIES, Engine, EngineError, prepare_facts
from diagnoser.evaluate import evaluate_rules
from diagnoser.rules.compiler import compile_rule
from diagnoser.rules.loader import parse_rule

from .conftest import RULE_TEXT

JOIN_RULE = RULE_TEXT.replace("id: CMP001", "id: JOIN001").split("when:")[0] + (
    "when:\n"
    "  - market m: m.orders >= params.min_orders\n"
    "  - funnel f: f.market == m.market and f.bounce_rate > params.max_bounce\n"
    "params:\n  min_orders: 20\n  max_bounce: 0.6\n"
    "remediation: {en: [x], zh: [x]}\nowner: operations\n"
)


def _facts(n_markets: int, n_costs: int, n_funnels: int, seed: int = 7) -> list[dict]:
    rng = np.random.default_rng(seed)
    markets = pd.DataFrame(
        {
            "type": "market",
            "market": [f"M{i:05d}" for i in range(n_markets)],
            "region": rng.choice(["EU", "UK", "US", "SEA"], n_markets),
            "orders": rng.integers(0, 60, n_markets),
            "revenue": rng.integers(0, 50_000, n_markets).astype(float),
        }
    )
    costs = pd.DataFrame(
        {
            "type": "cost",
            "market": rng.choice(markets["market"], n_costs),
            "category": rng.choice(["vat", "epr", "ads", "shipping", "certification"], n_costs),
            "amount": rng.integers(1, 5_000, n_costs).astype(float),
        }
    )
    funnels = pd.DataFrame(
        {
            "type": "funnel",
            "market": rng.choice(markets["market"], n_funnels),
            "channel": rng.choice(["amazon", "shopify"], n_funnels),
            "bounce_rate": rng.random(n_funnels).round(3),
        }
    )
    return [*markets.to_dict("records"), *costs.to_dict("records"), *funnels.to_dict("records")]


def _pandas_missing_compliance(facts: list[dict]) -> set[str]:
    """Independent implementation of CMP001 (an absence rule) in pandas."""
    frame = pd.DataFrame(facts)
    markets = frame[
        (frame["type"] == "market") & frame["region"].isin(["EU", "UK"]) & (frame["orders"] >= 20)
    ]
    costs = frame[
        (frame["type"] == "cost") & frame["category"].isin(["vat", "epr", "certification"])
    ]
    return set(markets["market"]) - set(costs["market"])


def _pandas_bounce_join(facts: list[dict]) -> set[tuple[str, str]]:
    """Independent implementation of JOIN001 (a positive join) in pandas."""
    frame = pd.DataFrame(facts)
    markets = frame[(frame["type"] == "market") & (frame["orders"] >= 20)][["market"]]
    funnels = frame[(frame["type"] == "funnel") & (frame["bounce_rate"] > 0.6)][
        ["market", "channel", "bounce_rate"]
    ]
    joined = markets.merge(funnels, on="market")
    return {(m, f"{c}:{b}") for m, c, b in joined.itertuples(index=False)}


def _rules(write_rule):
    directory = write_rule(RULE_TEXT, "CMP001.yaml")
    write_rule(JOIN_RULE, "JOIN001.yaml")
    absence = compile_rule(parse_rule(directory / "cost" / "CMP001.yaml", "t"))
    join = compile_rule(parse_rule(directory / "cost" / "JOIN001.yaml", "t"))
    return absence, join


def test_50000_facts_match_an_independent_pandas_implementation(write_rule) -> None:
    """Landmines 1 (batch loss) and 2 (id collisions): one fact at a time, unique ids."""
    absence, join = _rules(write_rule)
    facts = _facts(20_000, 15_000, 15_000)
    assert len(facts) == 50_000
    outcomes = {o.rule.id: o for o in evaluate_rules([absence, join], facts)}
    found_absent = {m["m"]["market"] for m in outcomes["CMP001"].matches}
    found_join = {
        (m["m"]["market"], f"{m['f']['channel']}:{m['f']['bounce_rate']}")
        for m in outcomes["JOIN001"].matches
    }
    expected_absent, expected_join = _pandas_missing_compliance(facts), _pandas_bounce_join(facts)
    assert len(expected_absent) > 2_000 and len(expected_join) > 1_000  # the test can fail
    assert found_absent == expected_absent
    assert len(outcomes["CMP001"].matches) == len(expected_absent)
    assert found_join == expected_join


def test_shuffled_fact_order_gives_the_same_matches(write_rule) -> None:
    """Landmine 3: a negated pattern is only tested when the positive fact arrives."""
    absence, join = _rules(write_rule)
    facts = _facts(300, 250, 250, seed=3)
    baseline = None
    for seed in range(6):
        shuffled = list(facts)
        random.Random(seed).shuffle(shuffled)
        outcomes = evaluate_rules([absence, join], shuffled)
        result = [
            sorted(tuple(sorted((a, f["id"]) for a, f in m.items())) for m in o.matches)
            for o in outcomes
        ]
        baseline = baseline or result
        assert result == baseline
    assert {
        m["m"]["market"] for m in evaluate_rules([absence], facts)[0].matches
    } == _pandas_missing_compliance(facts)


def test_identical_facts_get_distinct_deterministic_ids() -> None:
    facts = [{"type": "cost", "market": "DE", "category": "vat", "amount": 1.0}] * 3 + [
        {"type": "market", "market": "DE"}
    ]
    prepared = prepare_facts(facts)
    assert [f["id"] for f in prepared] == [
        "cost-000001",
        "cost-000002",
        "cost-000003",
        "market-000001",
    ]
    assert prepare_facts(list(reversed(facts))) == prepared
    assert all(f["sid"] == Engine.SESSION for f in prepared)  # the one reusable session


def test_empty_values_are_dropped_and_numpy_scalars_converted() -> None:
    (fact,) = prepare_facts(
        [{"type": "market", "orders": np.int64(3), "cac": float("nan"), "ltv": None}]
    )
    assert fact == {"type": "market", "orders": 3, "id": "market-000001", "sid": Engine.SESSION}
    assert type(fact["orders"]) is int


def test_wide_facts_are_refused_before_the_engine() -> None:
    """Landmine 9: at most 255 properties per fact."""
    wide = {"type": "market", **{f"f{i}": i for i in range(MAX_PROPERTIES)}}
    with pytest.raises(EngineError, match="durable-rules allows"):
        prepare_facts([wide])


def test_unmatched_facts_are_quiet_and_rulesets_register_once(write_rule) -> None:
    """Landmines 6 and 7: MessageNotHandled is swallowed; the same ruleset runs many times."""
    absence, _ = _rules(write_rule)
    unrelated = [{"type": "market", "market": "US", "region": "US", "orders": 1}]
    for _ in range(3):
        assert evaluate_rules([absence], unrelated)[0].status == "passed"
    stricter = compile_rule(absence.rule, {**absence.params, "min_orders": 500})
    facts = [{"type": "market", "market": "DE", "region": "EU", "orders": 300, "revenue": 1.0}]
    assert [o.status for o in evaluate_rules([absence, stricter], facts)] == ["fired", "passed"]


def test_other_engine_errors_surface(write_rule) -> None:
    absence, _ = _rules(write_rule)
    fact = {"type": "cost", "market": "DE", "category": "vat", "id": "dup", "amount": 1.0}
    with pytest.raises(EngineError, match="twice"):
        Engine.shared().run(absence, [fact, dict(fact)])


def test_thread_count_stays_flat_over_200_stores(write_rule) -> None:
    """Landmine 5: one Host per process, without timer threads; stores reuse one session."""
    absence, join = _rules(write_rule)
    before = threading.active_count()
    for store in range(200):
        facts = _facts(20, 10, 10, seed=store)
        found = {m["m"]["market"] for m in evaluate_rules([absence, join], facts)[0].matches}
        assert found == _pandas_missing_compliance(facts)
    assert threading.active_count() == before


def test_more_stores_than_the_engine_has_sessions(write_rule) -> None:
    """durable-rules keeps at most 1,024 sessions per ruleset; the session is reused."""
    absence, _ = _rules(write_rule)
    facts = [{"type": "market", "market": "DE", "region": "EU", "orders": 30, "revenue": 1.0}]
    for _ in range(1_100):
        assert len(evaluate_rules([absence], facts)[0].matches) == 1


def test_a_session_that_matched_nothing_is_emptied_safely(write_rule) -> None:
    """delete_state on such a session crashes durable-rules; the wrapper never calls it."""
    absence, _ = _rules(write_rule)
    for _ in range(50):
        assert (
            evaluate_rules(
                [absence], [{"type": "market", "market": "US", "region": "US", "orders": 1}]
            )[0].status
            == "passed"
        )
        assert (
            evaluate_rules(
                [absence],
                [
                    {"type": "cost", "market": "US", "category": "vat"},
                    {"type": "market", "market": "US", "region": "EU", "orders": 50},
                ],
            )[0].status
            == "passed"
        )


def test_the_session_is_empty_after_each_run(write_rule) -> None:
    absence, join = _rules(write_rule)
    facts = _facts(3_000, 2_000, 2_000, seed=11)
    first = evaluate_rules([absence, join], facts)
    assert Engine.shared().session_facts(absence) == []
    assert Engine.shared().session_facts(join) == []
    again = evaluate_rules([absence, join], facts)
    assert [len(o.matches) for o in again] == [len(o.matches) for o in first]


def test_numbers_are_written_without_exponents(write_rule) -> None:
    """Trap 12 (found here): durable-rules cannot parse `5e-06` (error 204), in facts or rules."""
    absence, _ = _rules(write_rule)
    (fact,) = prepare_facts(
        [
            {
                "type": "market",
                "market": "DE",
                "region": "EU",
                "orders": 30,
                "revenue": 1e16,
                "delta": 5e-06,
            }
        ]
    )
    assert fact["delta"] == 0.0 and fact["revenue"] == 10**16 and isinstance(fact["revenue"], int)
    assert evaluate_rules([absence], [fact])[0].status == "fired"


def test_a_tiny_threshold_is_refused_at_compile_time(write_rule) -> None:
    from diagnoser.errors import RuleError

    absence, _ = _rules(write_rule)
    with pytest.raises(RuleError, match="cannot be compiled") as caught:
        compile_rule(absence.rule, {**absence.params, "min_orders": 0.00001})
    assert "too small for durable-rules" in caught.value.problems[0].message


def _nested(depth: int, joined: bool) -> dict:
    pattern: dict = {"$gt": {"v": {"b0": "v"} if joined else 1}}
    for level in range(depth):
        own = {"$m": "v"} if level % 2 else {"$mul": {"$l": {"b0": "v"}, "$r": 2}}
        pattern = {
            "$and": [
                {"$or": [pattern, {"$lt": {f"w{level}": 1}}]},
                {"$gt": {f"u{level}": own if joined else 0}},
            ]
        }
    return {"$and": [{"type": "f"}, pattern]}


@pytest.mark.parametrize(
    ("depth", "joined"),
    [(6, False), (7, False), (8, False), (5, True), (6, True), (7, True), (8, True)],
)
def test_the_expression_slot_model_matches_the_engine(depth: int, joined: bool) -> None:
    """Trap 13 (found here): at most 31 expression slots per pattern (error 113 beyond)."""
    from durable import engine as durable

    from diagnoser.engine import _QuietHost
    from diagnoser.rules.compiler import MAX_EXPRESSIONS, engine_expressions

    pattern = _nested(depth, joined)
    first = {"b0": {"$and": [{"type": "g"}, {"$gt": {"v": 0}}]}}
    definition = {
        "all": [first, {"b1": pattern}] if joined else [{"b0": pattern}],
        "run": lambda c: None,
    }
    try:
        _QuietHost().register_rulesets({f"slots{depth}{joined}": {"r": definition}})
        registered = True
    except durable_error():
        registered = False
    assert registered == (engine_expressions(pattern) <= MAX_EXPRESSIONS)
    del durable


def durable_error() -> type[Exception]:
    import durable_rules_engine

    return durable_rules_engine.error


def test_a_condition_over_the_slot_limit_is_refused_with_its_line(write_rule) -> None:
    from diagnoser.errors import RuleError
    from diagnoser.rules.loader import parse_rule

    branches = " or ".join(f"(m.orders > {i} and m.revenue < m.orders * {i})" for i in range(1, 13))
    text = RULE_TEXT.replace(
        "m.region in params.regions and m.orders >= params.min_orders", branches
    )
    rule = parse_rule(write_rule(text, "BIG.yaml") / "cost" / "BIG.yaml", "t")
    with pytest.raises(RuleError) as caught:
        compile_rule(rule)
    assert "engine expression slots" in caught.value.problems[0].message
    assert caught.value.problems[0].row == 12


CROSS_FACT = """
import durable.engine as de, sys
class Q(de.Host):
    def _run(self): pass
host = Q()
cond = {"$gt": {"a": {"$add": {"$l": {"b0": "g"}, "$r": 2}}}}
join = {"market": {"b0": "market"}}
host.register_rulesets({"r": {"x": {"all": [{"b0": {"type": "m"}}, {"b1": {"$and": [{"type": "c"}, join, cond]}}], "run": lambda c: None}}})
for fact in [{"id": "1", "sid": "s", "type": "m", "market": "A", "g": 0.5}, {"id": "2", "sid": "s", "type": "c", "market": "A", "a": 0.1}]:
    try:
        host.assert_fact("r", fact)
    except de.MessageNotHandledException:
        pass
print("survived")
"""


def test_arithmetic_on_another_facts_field_is_refused(write_rule) -> None:
    """Trap 14 (found here): such a comparison crashes the process when it is false."""
    import subprocess
    import sys

    from diagnoser.errors import RuleError
    from diagnoser.rules.loader import parse_rule

    crashed = subprocess.run(
        [sys.executable, "-c", CROSS_FACT], capture_output=True, text=True, timeout=60
    )
    assert crashed.returncode != 0 and "survived" not in crashed.stdout  # the trap is real
    base = "c.market == m.market and c.category in params.categories"
    arithmetic = RULE_TEXT.replace(base, base + " and c.amount > m.revenue * 0.01")
    rule = parse_rule(write_rule(arithmetic, "A.yaml") / "cost" / "A.yaml", "t")
    with pytest.raises(RuleError) as caught:
        compile_rule(rule)
    assert "crashes durable-rules" in caught.value.problems[0].message
    neutral = RULE_TEXT.replace(base, base + " and c.amount > m.revenue * 1")
    plain = parse_rule(write_rule(neutral, "B.yaml") / "cost" / "B.yaml", "t")
    assert {"$gt": {"amount": {"b0": "revenue"}}} in compile_rule(plain).definition["all"][1][
        "b1$not"
    ]["$and"]


def test_ordering_against_another_fact_is_refused_in_a_matched_binding(write_rule) -> None:
    """Trap 16 (found here, valgrind: invalid read in reduceExpressionSequence): a matched
    fact compared with `<`/`>`/`!=` against another fact's field reads past the engine's
    buffer when false. Equality joins and the same comparison in a `no` binding are sound."""
    from diagnoser.errors import RuleError
    from diagnoser.rules.loader import parse_rule

    text = JOIN_RULE.replace("f.bounce_rate > params.max_bounce", "f.bounce_rate > m.revenue")
    rule = parse_rule(write_rule(text, "J3.yaml") / "cost" / "J3.yaml", "t")
    with pytest.raises(RuleError) as caught:
        compile_rule(rule)
    assert "unsafe in durable-rules" in caught.value.problems[0].message


def test_a_match_through_two_true_branches_is_one_finding(write_rule) -> None:
    """Trap 15 (found here): durable-rules reports one match per true branch of an `or`."""
    from diagnoser.rules.loader import parse_rule

    text = RULE_TEXT.replace(
        "m.region in params.regions and m.orders >= params.min_orders",
        "m.orders >= 20 or m.revenue > 1000",
    )
    rule = compile_rule(parse_rule(write_rule(text) / "cost" / "rule.yaml", "t"))
    facts = [{"type": "market", "market": "DE", "region": "EU", "orders": 300, "revenue": 24000}]
    assert len(evaluate_rules([rule], facts)[0].matches) == 1
