"""Rule params: plain values, benchmark references, and values that differ by dimension.

A rule's ``params`` entry is one of

- a value: ``min_orders: 20``;
- a benchmark: ``max_bounce: {benchmark: landing_bounce_rate}`` — the default (and its
  public source) comes from ``rules/benchmarks.yaml``;
- a table by dimension: ``max_bounce: {default: 0.55, channel: {amazon: 0.35}}``, where the
  dimension is a field of the matched fact (channel, region, category or market).

A client config overrides any param (a value, or a table merged over the default table).
The compiler expands a dimensional param into one branch per listed key plus the default
branch, so durable-rules still evaluates every comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from diagnoser.errors import Problem, RuleError

DIMENSIONS = ("channel", "region", "category", "market")


@dataclass(frozen=True)
class Dimensional:
    """A param whose value depends on a field of the matched fact."""

    dimension: str
    default: Any
    by: tuple[tuple[str, Any], ...]  # sorted (key, value) pairs

    def value_for(self, key: Any) -> Any:
        return dict(self.by).get(key, self.default)


@dataclass(frozen=True)
class ParamSource:
    value: Any
    source: str  # "rule default", "client config", or the benchmark's source
    client: bool = False
    benchmark: str | None = None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Strict):
    title: str = Field(description="Title of the public page or document.")
    url: str = Field(description="Where it can be read.")
    note: str | None = Field(None, description="How the figure was read or adapted.")


class Benchmark(_Strict):
    """One default threshold, with the public source it comes from."""

    model_config = ConfigDict(extra="forbid")
    value: Any = Field(description="Default value.")
    unit: str = Field(description="ratio, count, money, days, months, multiple.")
    description: str = Field(description="What the figure means.")
    source: Source | list[Source]
    channel: dict[str, Any] | None = None
    region: dict[str, Any] | None = None
    category: dict[str, Any] | None = None
    market: dict[str, Any] | None = None

    def as_param(self) -> Any:
        for dimension in DIMENSIONS:
            table = getattr(self, dimension)
            if table:
                return Dimensional(dimension, self.value, tuple(sorted(table.items())))
        return self.value

    def cite(self) -> str:
        sources = self.source if isinstance(self.source, list) else [self.source]
        return "; ".join(f"{s.title} <{s.url}>" for s in sources)


def load_benchmarks(path: Path) -> dict[str, Benchmark]:
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RuleError(
            f"{path} cannot be read",
            [
                Problem(
                    code="benchmark",
                    file=str(path),
                    message=str(exc),
                    fix="a UTF-8 YAML mapping: key: {value, unit, description, source}",
                )
            ],
        ) from None
    if not isinstance(data, dict):
        raise RuleError(
            f"{path} is not a mapping",
            [
                Problem(
                    code="benchmark",
                    file=str(path),
                    message="benchmarks.yaml must map each key to {value, unit, description, source}",
                    fix="see rules/benchmarks.yaml",
                )
            ],
        )
    problems: list[Problem] = []
    benchmarks: dict[str, Benchmark] = {}
    for key, entry in data.items():
        try:
            benchmarks[str(key)] = Benchmark.model_validate(entry)
        except ValidationError as exc:
            problems += [
                Problem(
                    code="benchmark",
                    file=str(path),
                    column=f"{key}.{'.'.join(map(str, e['loc']))}",
                    message=e["msg"],
                    fix="every benchmark needs value, unit, description and source {title, url}",
                )
                for e in exc.errors()
            ]
    if problems:
        raise RuleError(f"{path} has invalid benchmarks", problems)
    return benchmarks


def _table(value: dict[str, Any]) -> Dimensional | None:
    dims = [d for d in DIMENSIONS if d in value]
    if (
        "default" in value
        and len(dims) == 1
        and set(value) == {"default", dims[0]}
        and isinstance(value[dims[0]], dict)
    ):
        return Dimensional(dims[0], value["default"], tuple(sorted(value[dims[0]].items())))
    return None


def _override(rule_id: str, name: str, raw: Any, base: Any) -> Any:
    """A client value for a param: a plain value, or a table merged over the default table."""
    if not isinstance(raw, dict):
        return raw
    table = _table({"default": base.default if isinstance(base, Dimensional) else base, **raw})
    if table is None:
        raise RuleError(
            f"the config override of {rule_id} params.{name} is not a value or a table",
            [
                Problem(
                    code="config",
                    rule_id=rule_id,
                    column=f"params.{name}",
                    value=str(raw),
                    message="a table needs one dimension key: channel, region, category or market",
                    fix=f"write {name} = 0.5 or {name} = {{ channel = {{ amazon = 0.4 }} }}",
                )
            ],
        )
    if isinstance(base, Dimensional) and base.dimension == table.dimension:
        return Dimensional(
            table.dimension,
            table.default,
            tuple(sorted({**dict(base.by), **dict(table.by)}.items())),
        )
    return table


def resolve(
    rule_id: str,
    declared: dict[str, Any],
    benchmarks: dict[str, Benchmark],
    overrides: dict[str, Any] | None = None,
    client_benchmarks: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, ParamSource]]:
    """Effective params of one rule and where each value came from.

    ``client_benchmarks`` (the config's ``[benchmarks]``) replaces a benchmark for every rule
    that cites it; ``overrides`` (``[rules.params.<ID>]``) replaces one rule's param.
    """
    params: dict[str, Any] = {}
    sources: dict[str, ParamSource] = {}
    for name, raw in declared.items():
        source, benchmark = "rule default", None
        value: Any = raw
        if isinstance(raw, dict) and set(raw) == {"benchmark"}:
            benchmark = str(raw["benchmark"])
            if benchmark not in benchmarks:
                raise RuleError(
                    f"rule {rule_id}: params.{name} names an unknown benchmark",
                    [
                        Problem(
                            code="rule",
                            rule_id=rule_id,
                            column=f"params.{name}",
                            value=benchmark,
                            message=f"benchmark '{benchmark}' is not defined in any benchmarks.yaml",
                            fix="add it to benchmarks.yaml with its source, or give a value",
                        )
                    ],
                )
            value = benchmarks[benchmark].as_param()
            source = f"benchmark {benchmark}: {benchmarks[benchmark].cite()}"
            if client_benchmarks and benchmark in client_benchmarks:
                value = _override(rule_id, name, client_benchmarks[benchmark], value)
                params[name] = value
                sources[name] = ParamSource(
                    value, f"client config (benchmark {benchmark})", True, benchmark
                )
                continue
        elif isinstance(raw, dict) and _table(raw):
            value = _table(raw)
        params[name] = value
        sources[name] = ParamSource(value, source, False, benchmark)
    for name, raw in (overrides or {}).items():
        value = _override(rule_id, name, raw, params.get(name))
        params[name] = value
        sources[name] = ParamSource(
            value, "client config", True, sources.get(name, ParamSource(None, "")).benchmark
        )
    return params, sources


def flat_params(params: dict[str, Any], facts: list[dict[str, Any]]) -> dict[str, Any]:
    """Params with every dimensional value looked up in the matched facts (first that has it)."""
    flat: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, Dimensional):
            key = next((f[value.dimension] for f in facts if value.dimension in f), None)
            flat[name] = value.value_for(key)
        else:
            flat[name] = value
    return flat


def describe(value: Any) -> Any:
    """A JSON-friendly view of a param value for reports and `rules show`."""
    if isinstance(value, Dimensional):
        return {"default": value.default, value.dimension: dict(value.by)}
    return value
