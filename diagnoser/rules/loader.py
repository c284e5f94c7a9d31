"""Find rule files, read them with line numbers, validate them, and parse their expressions.

Every problem in every file is collected before anything is raised, so a team fixing its
rule pack sees the whole list at once, each with the file, the rule id, the line and the
offending token.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from diagnoser.errors import Problem, RuleError
from diagnoser.resources import builtin_rules_dir
from diagnoser.rules.expr import ExprError, Node, parse
from diagnoser.rules.params import Benchmark, ParamSource, load_benchmarks, resolve
from diagnoser.rules.spec import BINDING_RE, EvidenceSpec, RuleSpec
from diagnoser.rules.text import check_template

ENTRY_POINT_GROUP = "diagnoser.rules"
BENCHMARKS_FILE = "benchmarks.yaml"
PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Binding:
    type: str
    alias: str
    negated: bool
    condition: Node | None
    text: str | None
    line: int | None


@dataclass
class LoadedRule:
    spec: RuleSpec
    path: Path
    source: str  # "builtin", a directory, or "package:<name>"
    bindings: list[Binding]
    impact: Node | None
    evidence: list[tuple[EvidenceSpec, Node, Node | None]]  # spec, value tree, threshold tree
    derive: dict[str, Node] = field(default_factory=dict)
    lines: dict[PathKey, int] = field(default_factory=dict)
    replaces: str | None = None  # source of the rule this one replaced
    benchmarks: dict[str, Benchmark] = field(default_factory=dict)  # shared registry of the load

    def resolved_params(
        self,
        overrides: dict[str, Any] | None = None,
        client_benchmarks: dict[str, Any] | None = None,
    ) -> tuple[dict[str, Any], dict[str, ParamSource]]:
        return resolve(self.id, self.spec.params, self.benchmarks, overrides, client_benchmarks)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def positive_types(self) -> list[str]:
        return [b.type for b in self.bindings if not b.negated]

    @property
    def negated_types(self) -> list[str]:
        return [b.type for b in self.bindings if b.negated]

    def line_of(self, *path: str | int) -> int | None:
        key: PathKey = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)


def _line_index(node: yaml.Node, path: PathKey = ()) -> dict[PathKey, int]:
    lines: dict[PathKey, int] = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            here = (*path, key)
            lines.update(_line_index(value_node, here))
            lines[here] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.ScalarNode):
                lines[here] = value_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_line_index(item, (*path, index)))
    return lines


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10× faster


def read_rule_file(path: Path) -> tuple[Any, dict[PathKey, int]]:
    """YAML data and the line of every key and item, from one parse."""
    loader = _Loader(path.read_text(encoding="utf-8-sig"))
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        return loader.construct_document(node), _line_index(node)
    finally:
        loader.dispose()


def parse_rule(path: Path, source: str) -> LoadedRule:
    """Validate one rule file; raise RuleError with every problem found in it."""
    try:
        data, lines = read_rule_file(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(
            f"cannot read rule file {path}", [_problem(path, None, None, str(exc), "")]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise RuleError(
            f"rule file {path} is not valid YAML",
            [
                _problem(
                    path,
                    None,
                    line,
                    str(getattr(exc, "problem", exc)),
                    "check indentation and quote conditions that contain ': '",
                )
            ],
        ) from None
    if not isinstance(data, dict):
        raise RuleError(
            f"rule file {path} is not a mapping",
            [
                _problem(
                    path, None, 1, "a rule file is a YAML mapping with id, pattern, when, …", ""
                )
            ],
        )
    rule_id = str(data.get("id")) if data.get("id") else None
    try:
        spec = RuleSpec.model_validate(data)
    except ValidationError as exc:
        schema_problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            line = _nearest_line(lines, loc)
            where = ".".join(str(p) for p in loc) or "(file)"
            schema_problems.append(
                _problem(
                    path,
                    rule_id,
                    line,
                    f"{where}: {error['msg']}",
                    _schema_fix(error),
                    value=error.get("input"),
                )
            )
        raise RuleError(
            f"rule file {path} does not match the rule format", schema_problems
        ) from None

    rule = LoadedRule(
        spec=spec, path=path, source=source, bindings=[], impact=None, evidence=[], lines=lines
    )
    problems: list[Problem] = []
    bound: set[str] = set()
    for index, item in enumerate(spec.when):
        ((key, text),) = item.items()
        match = BINDING_RE.match(key.strip())
        assert match  # validated by the spec
        alias = match["alias"]
        if alias in bound or alias == "params":
            problems.append(
                _problem(
                    path,
                    spec.id,
                    rule.line_of("when", index),
                    f"name '{alias}' is bound twice",
                    "give each binding its own name",
                )
            )
            continue
        condition = None
        if text not in (None, ""):
            condition = _parse(
                path, rule, ("when", index, key), str(text), bound | {alias}, problems
            )
        rule.bindings.append(
            Binding(
                match["type"],
                alias,
                bool(match["no"]),
                condition,
                text,
                rule.line_of("when", index, key),
            )
        )
        bound.add(alias)

    positives = {b.alias for b in rule.bindings if not b.negated}
    if spec.impact:
        rule.impact = _parse(path, rule, ("impact",), spec.impact, positives, problems)
    for index, entry in enumerate(spec.evidence):
        evidence = entry if isinstance(entry, EvidenceSpec) else EvidenceSpec(field=entry)
        value = _parse(path, rule, ("evidence", index), evidence.field, positives, problems)
        threshold = None
        if evidence.threshold:
            threshold = _parse(
                path,
                rule,
                ("evidence", index, "threshold"),
                evidence.threshold,
                positives,
                problems,
            )
        if value is not None:
            rule.evidence.append((evidence, value, threshold))
    if spec.derive:
        for name, text in spec.derive.fields.items():
            node = _parse(path, rule, ("derive", "fields", name), text, positives, problems)
            if node is not None:
                rule.derive[name] = node
    for lang in ("en", "zh"):
        template_error = check_template(spec.summary.get(lang))
        if template_error:
            problems.append(
                _problem(
                    path,
                    spec.id,
                    rule.line_of("summary", lang),
                    f"summary.{lang}: {template_error}",
                    "fix the Jinja2 template: {{ m.field }}, filters join/pct/num",
                )
            )
    if problems:
        raise RuleError(f"rule {spec.id} in {path} has invalid expressions", problems)
    return rule


def _parse(
    path: Path,
    rule: LoadedRule,
    where: PathKey,
    text: str,
    aliases: set[str],
    problems: list[Problem],
) -> Node | None:
    try:
        return parse(text, aliases)
    except ExprError as exc:
        problems.append(
            _problem(
                path,
                rule.spec.id,
                rule.line_of(*where),
                f"{exc.message} — at column {exc.column}, token '{exc.token}' in: {text}",
                "rule expressions allow fields (m.orders), params.*, literals, + - * /, comparisons, "
                "in / not in, and / or / not — nothing else",
                value=exc.token,
            )
        )
        return None


def _problem(
    path: Path, rule_id: str | None, line: int | None, message: str, fix: str, value: Any = None
) -> Problem:
    shown = None if value is None or isinstance(value, (dict, list)) else str(value)
    return Problem(
        code="rule",
        file=str(path),
        rule_id=rule_id,
        row=line,
        message=message,
        fix=fix,
        value=shown,
    )


def _nearest_line(lines: dict[PathKey, int], loc: tuple[Any, ...]) -> int | None:
    key = tuple(loc)
    while key:
        if key in lines:
            return lines[key]
        key = key[:-1]
    return lines.get(())


def _schema_fix(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "add the field; `diagnoser rules schema` lists every field"
    if kind == "extra_forbidden":
        return "remove the field or check its spelling; `diagnoser rules schema` lists the allowed ones"
    if kind == "literal_error":
        return "use one of the allowed values"
    return "see `diagnoser rules schema` and docs/writing-rules.md"


def _is_benchmarks(path: Path) -> bool:
    return path.name == BENCHMARKS_FILE or (
        path.name.startswith("benchmarks.") and path.suffix in (".yaml", ".yml")
    )


def benchmark_files(directory: Path) -> list[Path]:
    """``benchmarks.yaml`` (and ``benchmarks.<part>.yaml``, for a pack that splits them) at the top of a pack."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.is_file() and _is_benchmarks(p))


def rule_files(directory: Path) -> list[Path]:
    return sorted(
        p
        for p in directory.rglob("*")
        if p.suffix in (".yaml", ".yml")
        and not _is_benchmarks(p)
        and p.is_file()
        and not any(
            part.startswith(".") for part in p.relative_to(directory).parts
        )  # .github/, .venv/
    )


def entry_point_dirs() -> list[tuple[str, Path]]:
    """Rule packs installed as Python packages (entry-point group ``diagnoser.rules``).

    The entry point names a module or package; its folder holds the rule files.
    """
    found: list[tuple[str, Path]] = []
    for entry in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            target = entry.load()
        except Exception as exc:  # a broken third-party pack must not hide the built-in rules
            raise RuleError(
                f"rule pack '{entry.name}' ({entry.value}) cannot be loaded: {exc}"
            ) from None
        origin = getattr(target, "__file__", None)
        paths = list(getattr(target, "__path__", [])) or (
            [str(Path(origin).parent)] if origin else []
        )
        if callable(target) and not paths:
            paths = [str(target())]
        for path in paths:
            found.append((f"package:{entry.name}", Path(path)))
    return found


def load_rules(
    sources: Iterable[tuple[str, Path]],
) -> tuple[list[LoadedRule], list[tuple[str, str]]]:
    """Load every rule of every source; later sources replace earlier rules with the same id.

    Returns the rules sorted by id and notes ``(rule_id, note)`` about replacements.
    """
    by_id: dict[str, LoadedRule] = {}
    notes: list[tuple[str, str]] = []
    problems: list[Problem] = []
    benchmarks: dict[str, Benchmark] = {}
    sources = list(sources)
    for directory in [builtin_rules_dir(), *(d for _, d in sources)]:
        for path in benchmark_files(directory):
            try:
                benchmarks.update(load_benchmarks(path))
            except RuleError as exc:
                problems.extend(
                    exc.problems or [Problem(code="benchmark", file=str(path), message=exc.message)]
                )
    for source, directory in sources:
        if not directory.is_dir():
            problems.append(
                Problem(
                    code="rule",
                    file=str(directory),
                    message="rule directory not found",
                    fix="pass an existing folder to --rules",
                )
            )
            continue
        seen_here: dict[str, Path] = {}
        for path in rule_files(directory):
            try:
                rule = parse_rule(path, source)
            except RuleError as exc:
                problems.extend(exc.problems or [_problem(path, None, None, exc.message, "")])
                continue
            if rule.id in seen_here:
                problems.append(
                    _problem(
                        path,
                        rule.id,
                        rule.line_of("id"),
                        f"rule id {rule.id} is also used by {seen_here[rule.id]}",
                        "give each rule its own id",
                    )
                )
                continue
            seen_here[rule.id] = path
            if rule.id in by_id:
                rule.replaces = by_id[rule.id].source
                notes.append(
                    (
                        rule.id,
                        f"{source} rule {path} replaces the {by_id[rule.id].source} rule {rule.id}",
                    )
                )
            by_id[rule.id] = rule
    for rule in by_id.values():
        rule.benchmarks = benchmarks
        try:
            rule.resolved_params()
        except RuleError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RuleError(f"{len(problems)} problem(s) in the rule files", problems)
    return [by_id[key] for key in sorted(by_id)], notes
