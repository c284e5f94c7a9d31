"""YAML → typed rule → condition tree → durable-rules JSON."""

from __future__ import annotations

import pytest

from diagnoser.errors import RuleError
from diagnoser.rules.compiler import compile_rule
from diagnoser.rules.loader import load_rules, parse_rule
from diagnoser.rules.selftest import run_rule_tests

from .conftest import RULE_TEXT


def test_example_rule_compiles_to_the_engine_form(cmp001) -> None:
    compiled = compile_rule(cmp001)
    assert compiled.definition == {
        "all": [
            {
                "b0": {
                    "$and": [
                        {"type": "market"},
                        {"$or": [{"region": "EU"}, {"region": "UK"}]},
                        {"$gte": {"orders": 20}},
                    ]
                }
            },
            {
                "b1$not": {
                    "$and": [
                        {"type": "cost"},
                        {"market": {"b0": "market"}},
                        {
                            "$or": [
                                {"category": "vat"},
                                {"category": "epr"},
                                {"category": "certification"},
                            ]
                        },
                    ]
                }
            },
        ]
    }
    assert compiled.aliases == {"b0": "m", "b1": "c"}
    assert compiled.name.startswith("CMP001-")


def test_param_override_changes_the_ruleset_name(cmp001) -> None:
    default = compile_rule(cmp001)
    stricter = compile_rule(cmp001, {**cmp001.spec.params, "min_orders": 50})
    assert default.name != stricter.name
    assert {"$gte": {"orders": 50}} in stricter.definition["all"][0]["b0"]["$and"]


def test_example_rule_inline_tests_pass(cmp001) -> None:
    results = run_rule_tests(cmp001)
    assert [r.passed for r in results] == [True, True]
    assert results[0].actual[0]["impact"] == pytest.approx(24000 * 0.21)


def _rule(when: str, extra: str = "") -> str:
    return (
        RULE_TEXT.split("when:")[0]
        + "when:\n"
        + when
        + RULE_TEXT[RULE_TEXT.index("params:") :]
        + extra
    )


def test_arithmetic_and_flipped_comparisons(write_rule) -> None:
    text = _rule(
        "  - market m: params.min_orders <= m.orders and m.revenue > m.orders * 50\n  - no cost c: m.market == c.market\n"
    )
    rule = parse_rule(write_rule(text) / "cost" / "rule.yaml", "t")
    definition = compile_rule(rule).definition["all"]
    assert {"$gte": {"orders": 20}} in definition[0]["b0"]["$and"]
    assert {"$gt": {"revenue": {"$mul": {"$l": {"$m": "orders"}, "$r": 50}}}} in definition[0][
        "b0"
    ]["$and"]
    assert definition[1] == {"b1$not": {"$and": [{"type": "cost"}, {"market": {"b0": "market"}}]}}


def test_not_is_pushed_down(write_rule) -> None:
    text = _rule("  - market m: not (m.orders < 10 or m.region not in ['EU'])\n")
    rule = parse_rule(write_rule(text) / "cost" / "rule.yaml", "t")
    assert compile_rule(rule).definition["all"][0]["b0"]["$and"][1:] == [
        {"$gte": {"orders": 10}},
        {"region": "EU"},
    ]


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("  - market m: m.orders + m.revenue > 10\n", "neither side is a single field of 'm'"),
        (
            "  - market m: m.orders > 1\n  - no market x: x.market == m.market\n",
            "both matched and negated",
        ),
        ("  - market m: m.orders > params.nope\n", "unknown param(s): nope"),
        ("  - market m: m.orders > 1\n  - cost c: m.orders > 3\n", "never mentions 'c'"),
    ],
)
def test_engine_incompatible_conditions_are_refused_with_the_line(
    write_rule, when: str, message: str
) -> None:
    rule = parse_rule(write_rule(_rule(when)) / "cost" / "rule.yaml", "t")
    with pytest.raises(RuleError) as caught:
        compile_rule(rule)
    problem = caught.value.problems[0]
    assert message in problem.message
    assert problem.rule_id == "CMP001" and problem.row is not None and problem.row >= 12


def test_forbidden_expression_names_file_rule_line_and_token(write_rule) -> None:
    directory = write_rule(_rule("  - market m: __import__('os') == 1\n"))
    with pytest.raises(RuleError) as caught:
        load_rules([("team", directory)])
    problem = caught.value.problems[0]
    assert problem.file and problem.file.endswith("rule.yaml")
    assert problem.rule_id == "CMP001"
    assert problem.row == 12
    assert problem.value == "__import__('os')"
    assert "not allowed" in problem.message


def test_every_problem_of_every_file_is_collected(write_rule) -> None:
    write_rule(_rule("  - market m: m.x.upper() == 1\n"), "a.yaml")
    directory = write_rule("id: BAD1\npattern: x\n", "b.yaml")
    with pytest.raises(RuleError) as caught:
        load_rules([("team", directory)])
    files = {p.file.rsplit("/", 1)[-1] for p in caught.value.problems if p.file}
    assert files == {"a.yaml", "b.yaml"}
    assert any("stage" in p.message for p in caught.value.problems)


def test_too_many_bindings_are_refused(write_rule) -> None:
    many = "".join(f"  - cost c{i}: c{i}.market == m.market\n" for i in range(32))
    directory = write_rule(_rule("  - market m: m.orders > 1\n" + many))
    with pytest.raises(RuleError) as caught:
        load_rules([("team", directory)])
    assert "at most 32" in caught.value.problems[0].message
