"""The rule file format, as pydantic models: the single source of its JSON Schema.

A rule file is YAML; it is validated here, then its ``when``/``impact`` expressions are
parsed by :mod:`diagnoser.rules.expr`. ``diagnoser rules schema`` prints the JSON Schema of
:class:`RuleSpec` so editors can autocomplete rule files.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from diagnoser.stages import Severity, Stage

BINDING_RE = re.compile(r"^(?P<no>no\s+)?(?P<type>[a-z][a-z0-9_]*)\s+(?P<alias>[a-z][a-z0-9_]*)$")
RULE_ID_RE = r"^[A-Za-z][A-Za-z0-9_-]{1,31}$"
MAX_PATTERNS = 32  # durable-rules refuses rules with more patterns


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Text(_Strict):
    """A string in both report languages."""

    en: str = Field(description="English text.")
    zh: str = Field(description="Simplified Chinese text.")

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class TextList(_Strict):
    en: list[str] = Field(description="English items.")
    zh: list[str] = Field(description="Simplified Chinese items.")

    def get(self, lang: str) -> list[str]:
        return self.zh if lang == "zh" else self.en


class EvidenceSpec(_Strict):
    """A value to show next to the finding, with what it was held against."""

    field: str = Field(
        description="The fact field, e.g. m.bounce_rate.", examples=["m.bounce_rate"]
    )
    label: Text | None = Field(
        None, description="How to name it in the report; defaults to the field name."
    )
    unit: str | None = Field(
        None, description="ratio, count, money, days, months, text.", examples=["ratio"]
    )
    threshold: str | None = Field(
        None,
        description="Expression for the benchmark/threshold shown next to the value; inferred from the "
        "conditions when left out.",
        examples=["params.max_bounce"],
    )


class RuleTest(_Strict):
    """An inline test: facts in, the findings expected out."""

    name: str = Field(description="What the test shows.")
    facts: list[dict[str, Any]] = Field(description="Facts, each with a `type`.")
    expect: list[dict[str, Any]] = Field(
        description="One entry per expected finding: fields its first bound fact must have "
        "(and optionally `impact`). An empty list expects no finding."
    )
    params: dict[str, Any] = Field(
        default_factory=dict, description="Param overrides for this test."
    )

    @field_validator("facts")
    @classmethod
    def _typed(cls, facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for index, fact in enumerate(facts):
            if not isinstance(fact.get("type"), str):
                raise ValueError(f"fact {index + 1} has no `type`")
        return facts


class DeriveSpec(_Strict):
    """A fact this rule asserts for other rules to match (reasoning across rules)."""

    type: str = Field(description="Fact type of the derived fact.", pattern=r"^[a-z][a-z0-9_]*$")
    fields: dict[str, str] = Field(description="Field name → expression over the bound facts.")


class RuleDocs(_Strict):
    """The rule's page in the catalog: what, why, how to fix."""

    what: Text | None = None
    why: Text | None = None
    fix: Text | None = None


class RuleSpec(_Strict):
    """One rule file: a failure pattern, where it holds in the facts, and what to do."""

    id: str = Field(
        description="Unique code, e.g. CMP001.", pattern=RULE_ID_RE, examples=["CMP001"]
    )
    pattern: str = Field(
        description="Failure pattern family (snake_case).", pattern=r"^[a-z][a-z0-9_]*$"
    )
    stage: Stage = Field(description="Funnel stage or cost area the rule belongs to.")
    severity: Severity
    title: Text
    summary: Text = Field(
        description="Jinja2 template, rendered in a sandbox with the bound facts and params."
    )
    when: list[dict[str, str | None]] = Field(
        description="Facts to bind, in order: `<type> <name>: <condition>` or `no <type> <name>: <condition>`.",
        min_length=1,
    )
    params: dict[str, Any] = Field(
        default_factory=dict, description="Thresholds and settings, overridable by config."
    )
    impact: str | None = Field(
        None, description="Expression for the monthly money at stake, in the report currency."
    )
    impact_basis: Text | None = Field(
        None, description="How the impact is computed, or why no amount can be given."
    )
    evidence: list[str | EvidenceSpec] = Field(
        default_factory=list, description="Values shown as evidence."
    )
    remediation: TextList
    owner: str = Field(
        description="Role that owns the fix (finance, operations, ads, customer_service, …)."
    )
    derive: DeriveSpec | None = None
    docs: RuleDocs | None = None
    tests: list[RuleTest] = Field(default_factory=list)

    @field_validator("when")
    @classmethod
    def _one_binding_each(cls, items: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
        for index, item in enumerate(items):
            if len(item) != 1:
                raise ValueError(
                    f"when item {index + 1} must be one `<type> <name>: <condition>` line"
                )
            (key,) = item
            if not BINDING_RE.match(str(key).strip()):
                raise ValueError(
                    f"when item {index + 1}: '{key}' is not `<type> <name>` or `no <type> <name>` "
                    "(lower-case, e.g. `market m`)"
                )
        if len(items) > MAX_PATTERNS:
            raise ValueError(f"at most {MAX_PATTERNS} bindings per rule (durable-rules limit)")
        return items

    @model_validator(mode="after")
    def _first_binding_positive(self) -> RuleSpec:
        first = next(iter(self.when[0]))
        if str(first).strip().startswith("no "):
            raise ValueError("the first `when` binding must match a fact (not `no ...`)")
        return self


def json_schema() -> dict[str, Any]:
    schema = RuleSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "diagnoser rule file"
    return schema
