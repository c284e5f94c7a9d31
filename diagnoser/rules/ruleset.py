"""Assemble the rule set for a run: built-in pack, installed packs, team folders, config.

Later sources replace earlier rules with the same id (the report says so); the config
selects and ignores rules ruff-style (by id, id prefix, pattern or stage) and overrides
params per rule. Every param value used is recorded with where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diagnoser.config import Config
from diagnoser.errors import InputError, Problem, RuleError
from diagnoser.resources import builtin_rules_dir
from diagnoser.rules.compiler import CompiledRule, compile_rule
from diagnoser.rules.loader import LoadedRule, entry_point_dirs, load_rules
from diagnoser.rules.params import describe


@dataclass
class RuleSet:
    rules: list[CompiledRule]
    notes: list[tuple[str, str]] = field(default_factory=list)  # (rule id, note for the report)
    param_sources: dict[tuple[str, str], str] = field(default_factory=dict)
    thresholds: list[dict[str, Any]] = field(default_factory=list)


def rule_sources(
    extra_dirs: list[Path], config: Config | None = None, builtin: bool = True
) -> list[tuple[str, Path]]:
    sources: list[tuple[str, Path]] = [("builtin", builtin_rules_dir())] if builtin else []
    sources += entry_point_dirs()
    if config:
        sources += [(str(d), d) for d in config.rule_dirs()]
    sources += [(str(d), d) for d in extra_dirs]
    return sources


def matches_selector(rule: LoadedRule, selector: str) -> bool:
    spec = rule.spec
    return selector in (spec.id, spec.pattern, spec.stage) or spec.id.startswith(selector)


def build_rule_set(
    extra_dirs: list[Path], config: Config | None = None, builtin: bool = True
) -> RuleSet:
    config = config or Config()
    loaded, replaced = load_rules(rule_sources(extra_dirs, config, builtin))
    notes = list(replaced)
    problems: list[Problem] = []
    for key in ("select", "ignore"):
        for selector in getattr(config.rules, key):
            if not any(matches_selector(r, selector) for r in loaded):
                problems.append(
                    Problem(
                        code="config",
                        file=str(config.path) if config.path else None,
                        column=f"rules.{key}",
                        value=selector,
                        message=f"'{selector}' matches no rule id, id prefix, pattern or stage",
                        fix="`diagnoser rules list` shows the ids, patterns and stages",
                    )
                )
    if problems:
        raise InputError("the config selects rules that do not exist", problems)
    selected = loaded
    if config.rules.select:
        selected = [r for r in selected if any(matches_selector(r, s) for s in config.rules.select)]
    ignored = [r for r in selected if any(matches_selector(r, s) for s in config.rules.ignore)]
    notes += [(r.id, "disabled by config") for r in ignored]
    selected = [r for r in selected if r not in ignored]

    problems = []
    known = {r.id: r for r in loaded}
    registry = loaded[0].benchmarks if loaded else {}
    for key in sorted(set(config.benchmarks) - set(registry)):
        problems.append(
            Problem(
                code="config",
                file=str(config.path) if config.path else None,
                column=f"benchmarks.{key}",
                message=f"no benchmark {key}",
                fix="the keys are in rules/benchmarks*.yaml",
            )
        )
    for rule_id, overrides in config.rules.params.items():
        rule = known.get(rule_id)
        unknown = sorted(set(overrides) - set(rule.spec.params)) if rule else []
        if rule is None or unknown:
            problems.append(
                Problem(
                    code="config",
                    file=str(config.path) if config.path else None,
                    column=f"rules.params.{rule_id}",
                    message=f"no rule {rule_id}"
                    if rule is None
                    else f"rule {rule_id} has no param(s) {', '.join(unknown)}",
                    fix="`diagnoser rules show ID` lists a rule's params",
                )
            )
    if problems:
        raise InputError("the config overrides params or benchmarks that do not exist", problems)

    rule_set = RuleSet(rules=[], notes=notes)
    for rule in selected:
        try:
            params, sources = rule.resolved_params(
                config.rules.params.get(rule.id), config.benchmarks
            )
        except RuleError as exc:
            problems.extend(exc.problems)
            continue
        for name, info in sources.items():
            rule_set.param_sources[(rule.id, name)] = info.source
            rule_set.thresholds.append(
                {
                    "rule_id": rule.id,
                    "param": name,
                    "value": describe(info.value),
                    "source": info.source,
                    "client": info.client,
                    "benchmark": info.benchmark,
                }
            )
        try:
            rule_set.rules.append(compile_rule(rule, params))
        except RuleError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RuleError(f"{len(problems)} rule(s) cannot run with these params", problems)
    return rule_set
