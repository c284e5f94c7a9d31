"""The rule expression language: a whitelisted subset of Python syntax, parsed, never run.

Conditions (``m.region in params.regions and m.orders >= params.min_orders``) and impact
formulas (``m.revenue * params.expected_share``) are parsed with :mod:`ast` and turned into
a small, engine-neutral tree. Any node outside the whitelist (calls, subscripts, lambdas,
dunder names, comprehensions …) is refused with its position. The tree is then either
compiled for durable-rules (conditions) or interpreted here (impact, evidence thresholds);
nothing from a rule file is ever passed to ``eval`` or ``exec``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Scalar = str | int | float | bool


class ExprError(ValueError):
    """An expression outside the language; ``column`` is 1-based within the expression."""

    def __init__(self, message: str, token: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.token = token
        self.column = column


@dataclass(frozen=True)
class Const:
    value: Any  # a scalar, or a tuple of scalars for `in`


@dataclass(frozen=True)
class FieldRef:
    alias: str
    name: str

    def __str__(self) -> str:
        return f"{self.alias}.{self.name}"


@dataclass(frozen=True)
class ParamRef:
    name: str

    def __str__(self) -> str:
        return f"params.{self.name}"


@dataclass(frozen=True)
class Arith:
    op: str  # + - * /
    left: Node
    right: Node


@dataclass(frozen=True)
class Compare:
    op: str  # == != < <= > >=
    left: Node
    right: Node


@dataclass(frozen=True)
class Member:
    item: Node
    options: Node  # a Const tuple or a ParamRef to a list
    negated: bool


@dataclass(frozen=True)
class BoolOp:
    op: str  # and | or
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class Truth:
    """A bare value used as a condition: ``v.guaranteed_roi_claim``."""

    operand: Node


@dataclass(frozen=True)
class Exists:
    """Whether a fact carries a field (made by the compiler, not written in rules)."""

    field: FieldRef
    negated: bool = False


Node = Const | FieldRef | ParamRef | Arith | Compare | Member | BoolOp | Not | Truth | Exists

_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_COMPARE = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_NAMED_CONSTANTS = {"true": True, "false": False, "True": True, "False": False}
INVERSE = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
FLIPPED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def parse(text: str, aliases: set[str]) -> Node:
    """Parse ``text``; names may be ``params`` or one of ``aliases`` (the bound facts)."""
    source = " ".join(
        str(text).split()
    )  # YAML folding may leave newlines; positions stay on one line
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        if not exc.offset or exc.offset > len(source):  # the expression ended too early
            token = source.split(" ")[-1] if source else ""
            column = max(len(source) - len(token) + 1, 1)
        else:
            column = exc.offset
            token = source[column - 1 :].split(" ")[0]
        raise ExprError(f"not a valid expression ({exc.msg})", token, column) from None
    return _Builder(source, aliases).build(tree.body)


class _Builder:
    def __init__(self, source: str, aliases: set[str]) -> None:
        self.source = source
        self.aliases = aliases

    def fail(self, node: ast.AST, message: str) -> ExprError:
        token = ast.get_source_segment(self.source, node) or type(node).__name__
        return ExprError(message, token, getattr(node, "col_offset", 0) + 1)

    def build(self, node: ast.AST) -> Node:
        if isinstance(node, ast.BoolOp):
            op = "and" if isinstance(node.op, ast.And) else "or"
            return BoolOp(op, tuple(self.build(v) for v in node.values))
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                return Not(self.build(node.operand))
            if isinstance(node.op, ast.USub):
                operand = self.build(node.operand)
                if isinstance(operand, Const) and _is_number(operand.value):
                    return Const(-operand.value)
                return Arith("-", Const(0), operand)
            if isinstance(node.op, ast.UAdd):
                return self.build(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITH:
            left, right = self.build(node.left), self.build(node.right)
            for side in (left, right):
                if isinstance(side, Const) and not _is_number(side.value):
                    raise self.fail(node, "arithmetic works on numbers only")
            return Arith(_ARITH[type(node.op)], left, right)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, (str, int, float, bool)):
                return Const(node.value)
            raise self.fail(node, "only string, number and true/false literals are allowed")
        if isinstance(node, (ast.List, ast.Tuple)):
            items = [self.build(e) for e in node.elts]
            if not all(isinstance(i, Const) for i in items):
                raise self.fail(node, "a list may hold literals only")
            return Const(tuple(i.value for i in items))  # type: ignore[union-attr]
        if isinstance(node, ast.Name):
            if node.id in _NAMED_CONSTANTS:
                return Const(_NAMED_CONSTANTS[node.id])
            if node.id in self.aliases or node.id == "params":
                raise self.fail(node, f"'{node.id}' needs a field: write {node.id}.<field>")
            raise self.fail(
                node,
                f"unknown name '{node.id}'; use params.* or a bound fact ({_names(self.aliases)})",
            )
        if isinstance(node, ast.Attribute):
            return self._attribute(node)
        if isinstance(node, ast.Call):
            raise self.fail(node, "function and method calls are not allowed in rules")
        raise self.fail(node, f"'{type(node).__name__}' is not allowed in rule expressions")

    def _attribute(self, node: ast.Attribute) -> Node:
        path: list[str] = []
        current: ast.AST = node
        while isinstance(current, ast.Attribute):
            path.insert(0, current.attr)
            current = current.value
        if not isinstance(current, ast.Name):
            raise self.fail(node, "only <fact>.<field> and params.<name> are allowed")
        if any(part.startswith("_") for part in path):
            raise self.fail(node, "names starting with '_' are not allowed")
        if current.id == "params":
            return ParamRef(".".join(path))
        if current.id not in self.aliases:
            raise self.fail(
                current, f"'{current.id}' is not a bound fact here ({_names(self.aliases)})"
            )
        if len(path) != 1:
            raise self.fail(node, "facts are flat: write <fact>.<field>")
        return FieldRef(current.id, path[0])

    def _compare(self, node: ast.Compare) -> Node:
        parts: list[Node] = []
        left = self.build(node.left)
        for op, right_node in zip(node.ops, node.comparators, strict=False):
            right = self.build(right_node)
            if isinstance(op, (ast.In, ast.NotIn)):
                parts.append(Member(left, right, isinstance(op, ast.NotIn)))
            elif type(op) in _COMPARE:
                parts.append(Compare(_COMPARE[type(op)], left, right))
            else:
                raise self.fail(node, f"comparison '{type(op).__name__}' is not allowed")
            left = right
        return parts[0] if len(parts) == 1 else BoolOp("and", tuple(parts))


def _names(aliases: set[str]) -> str:
    return ", ".join(sorted(aliases)) or "none bound yet"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def walk(node: Node) -> Iterator[Node]:
    """Yield every node of the tree, depth first."""
    yield node
    children: tuple[Node, ...] = ()
    if isinstance(node, (Arith, Compare)):
        children = (node.left, node.right)
    elif isinstance(node, Member):
        children = (node.item, node.options)
    elif isinstance(node, BoolOp):
        children = node.items
    elif isinstance(node, (Not, Truth)):
        children = (node.operand,)
    elif isinstance(node, Exists):
        children = (node.field,)
    for child in children:
        yield from walk(child)


def fields(node: Node) -> set[FieldRef]:
    return {n for n in walk(node) if isinstance(n, FieldRef)}


def params_used(node: Node) -> set[str]:
    return {n.name for n in walk(node) if isinstance(n, ParamRef)}


def lookup_param(params: dict[str, Any], name: str) -> Any:
    value: Any = params
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(name)
        value = value[part]
    return value


def substitute(node: Node, name: str, value: Any) -> Node:
    """Replace ``params.<name>`` with a literal value."""
    if isinstance(node, ParamRef):
        return (
            Const(tuple(value) if isinstance(value, list) else value) if node.name == name else node
        )
    if isinstance(node, Arith):
        return Arith(
            node.op, substitute(node.left, name, value), substitute(node.right, name, value)
        )
    if isinstance(node, Compare):
        return Compare(
            node.op, substitute(node.left, name, value), substitute(node.right, name, value)
        )
    if isinstance(node, Member):
        return Member(
            substitute(node.item, name, value), substitute(node.options, name, value), node.negated
        )
    if isinstance(node, BoolOp):
        return BoolOp(node.op, tuple(substitute(i, name, value) for i in node.items))
    if isinstance(node, Not):
        return Not(substitute(node.operand, name, value))
    if isinstance(node, Truth):
        return Truth(substitute(node.operand, name, value))
    return node


def bind_params(node: Node, params: dict[str, Any]) -> Node:
    """Replace params with their values and fold what is constant.

    Folding only touches params and literals; every comparison that involves a fact field
    stays in the tree for the engine to evaluate.
    """
    if isinstance(node, ParamRef):
        value = lookup_param(params, node.name)
        return Const(tuple(value) if isinstance(value, list) else value)
    if isinstance(node, Arith):
        left, right = bind_params(node.left, params), bind_params(node.right, params)
        if isinstance(left, Const) and isinstance(right, Const):
            return Const(_arith(node.op, left.value, right.value))
        return _without_identity(Arith(node.op, left, right))
    if isinstance(node, Compare):
        left, right = bind_params(node.left, params), bind_params(node.right, params)
        if isinstance(left, Const) and isinstance(right, Const):
            return Const(_compare(node.op, left.value, right.value))
        return Compare(node.op, left, right)
    if isinstance(node, Member):
        item, options = bind_params(node.item, params), bind_params(node.options, params)
        if isinstance(options, Const) and not isinstance(options.value, tuple):
            options = Const((options.value,))
        if isinstance(item, Const) and isinstance(options, Const):
            return Const((item.value in options.value) != node.negated)
        return Member(item, options, node.negated)
    if isinstance(node, BoolOp):
        return BoolOp(node.op, tuple(bind_params(i, params) for i in node.items))
    if isinstance(node, Not):
        return Not(bind_params(node.operand, params))
    if isinstance(node, Truth):
        return Truth(bind_params(node.operand, params))
    return node


def _without_identity(node: Arith) -> Node:
    """``x * 1``, ``x / 1``, ``x + 0``, ``x - 0`` (and ``1 * x``, ``0 + x``) are ``x``."""
    neutral = {"*": 1, "/": 1, "+": 0, "-": 0}[node.op]
    if (
        isinstance(node.right, Const)
        and _is_number(node.right.value)
        and node.right.value == neutral
    ):
        return node.left
    if (
        node.op in "*+"
        and isinstance(node.left, Const)
        and _is_number(node.left.value)
        and node.left.value == neutral
    ):
        return node.right
    return node


def _arith(op: str, left: Any, right: Any) -> Any:
    if not (_is_number(left) and _is_number(right)):  # a text field, a list param, a gap
        return None
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    return None if right == 0 else left / right


def _compare(op: str, left: Any, right: Any) -> bool:
    if left is None or right is None:
        return False
    try:
        if op == "==":
            return bool(left == right)
        if op == "!=":
            return bool(left != right)
        if op == "<":
            return bool(left < right)
        if op == "<=":
            return bool(left <= right)
        if op == ">":
            return bool(left > right)
        return bool(left >= right)
    except TypeError:
        return False


def evaluate(node: Node, bindings: dict[str, dict[str, Any]], params: dict[str, Any]) -> Any:
    """Interpret a tree over matched facts: impact formulas, evidence thresholds, test oracles.

    A missing field or a division by zero gives None, which propagates.
    """
    if isinstance(node, Const):
        return node.value
    if isinstance(node, FieldRef):
        return bindings.get(node.alias, {}).get(node.name)
    if isinstance(node, ParamRef):
        value = lookup_param(params, node.name)
        return tuple(value) if isinstance(value, list) else value
    if isinstance(node, Arith):
        return _arith(
            node.op, evaluate(node.left, bindings, params), evaluate(node.right, bindings, params)
        )
    if isinstance(node, Compare):
        return _compare(
            node.op, evaluate(node.left, bindings, params), evaluate(node.right, bindings, params)
        )
    if isinstance(node, Member):
        options = evaluate(node.options, bindings, params)
        options = options if isinstance(options, tuple) else (options,)
        item = evaluate(node.item, bindings, params)
        return item is not None and ((item in options) != node.negated)
    if isinstance(node, BoolOp):
        values = (bool(evaluate(i, bindings, params)) for i in node.items)
        return all(values) if node.op == "and" else any(values)
    if isinstance(node, Not):
        return not evaluate(node.operand, bindings, params)
    if isinstance(node, Truth):
        return evaluate(node.operand, bindings, params) is True
    if isinstance(node, Exists):
        return (node.field.name in bindings.get(node.field.alias, {})) != node.negated
    raise TypeError(node)


def to_text(node: Node) -> str:
    """Print a tree back as an expression (for docs and error messages)."""
    if isinstance(node, Const):
        if isinstance(node.value, tuple):
            return "[" + ", ".join(to_text(Const(v)) for v in node.value) + "]"
        if isinstance(node.value, bool):
            return "true" if node.value else "false"
        return repr(node.value)
    if isinstance(node, (FieldRef, ParamRef)):
        return str(node)
    if isinstance(node, Arith):
        return f"({to_text(node.left)} {node.op} {to_text(node.right)})"
    if isinstance(node, Compare):
        return f"{to_text(node.left)} {node.op} {to_text(node.right)}"
    if isinstance(node, Member):
        return f"{to_text(node.item)} {'not in' if node.negated else 'in'} {to_text(node.options)}"
    if isinstance(node, BoolOp):
        return "(" + f" {node.op} ".join(to_text(i) for i in node.items) + ")"
    if isinstance(node, Not):
        return f"not {to_text(node.operand)}"
    if isinstance(node, Truth):
        return to_text(node.operand)
    if isinstance(node, Exists):
        return f"{node.field} is {'missing' if node.negated else 'present'}"
    raise TypeError(node)
