"""The expression language: what it accepts, what it refuses, and how it binds."""

from __future__ import annotations

import pytest

from diagnoser.rules.expr import (
    BoolOp,
    Compare,
    ExprError,
    FieldRef,
    Member,
    bind_params,
    evaluate,
    parse,
    to_text,
)


def test_and_binds_tighter_than_or() -> None:
    tree = parse("m.a == 1 or m.b == 2 and m.c == 3", {"m"})
    assert isinstance(tree, BoolOp) and tree.op == "or"
    assert isinstance(tree.items[1], BoolOp) and tree.items[1].op == "and"
    # a=1 alone satisfies it; b=2 alone does not
    assert evaluate(tree, {"m": {"a": 1, "b": 0, "c": 0}}, {}) is True
    assert evaluate(tree, {"m": {"a": 0, "b": 2, "c": 0}}, {}) is False


def test_params_fold_but_fields_stay() -> None:
    tree = bind_params(
        parse("m.orders >= params.min * 2 and m.region in params.regions", {"m"}),
        {"min": 10, "regions": ["EU"]},
    )
    assert to_text(tree) == "(m.orders >= 20 and m.region in ['EU'])"
    assert isinstance(tree, BoolOp)
    assert isinstance(tree.items[0], Compare) and tree.items[0].left == FieldRef("m", "orders")
    assert isinstance(tree.items[1], Member)


def test_chained_comparison_and_literals() -> None:
    tree = parse("0.1 < m.x <= 0.5 and m.flag == true and m.name != 'a'", {"m"})
    assert evaluate(tree, {"m": {"x": 0.3, "flag": True, "name": "b"}}, {}) is True
    assert evaluate(tree, {"m": {"x": 0.6, "flag": True, "name": "b"}}, {}) is False


def test_division_by_zero_and_missing_fields_give_none() -> None:
    assert evaluate(parse("m.a / m.b", {"m"}), {"m": {"a": 1, "b": 0}}, {}) is None
    assert evaluate(parse("m.a * 2", {"m"}), {"m": {}}, {}) is None


@pytest.mark.parametrize(
    ("text", "token", "column"),
    [
        ("__import__('os')", "__import__('os')", 1),
        ("m.market.upper()", "m.market.upper()", 1),
        ("m.orders > 1 and m.__class__ == 1", "m.__class__", 18),
        ("m.x[0] > 1", "m.x[0]", 1),
        ("[x for x in m.y]", "[x for x in m.y]", 1),
        ("lambda: 1", "lambda: 1", 1),
        ("c.market == 'DE'", "c", 1),
        ("m.orders > unknown", "unknown", 12),
        ("m.orders >", ">", 10),
    ],
)
def test_refused_with_token_and_column(text: str, token: str, column: int) -> None:
    with pytest.raises(ExprError) as caught:
        parse(text, {"m"})
    assert caught.value.token == token
    assert caught.value.column == column
