"""The result of a health check: findings, what passed, what was skipped, and why.

This is the contract every renderer reads and the JSON report serialises. Later work
extends it with new fields; it never renames or removes one.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from diagnoser.stages import Severity

Priority = Literal["P0", "P1", "P2", "P3"]


class Evidence(BaseModel):
    """One number behind a finding, next to what it was held against."""

    field: str = Field(description="The fact field, as the rule names it (m.orders).")
    label: str = Field(description="Human name of the value in the report language.")
    value: Any = Field(description="The value the rule saw.")
    unit: str | None = Field(None, description="ratio, count, money, days, months, …")
    threshold: Any = Field(None, description="The benchmark or threshold it was compared with.")
    threshold_name: str | None = Field(
        None, description="The param the threshold comes from (params.min_orders)."
    )
    source: str | None = Field(
        None, description="Where the threshold comes from (benchmark source or client config)."
    )


class Impact(BaseModel):
    """Estimated money at stake per month, in the report currency."""

    amount: float | None = Field(description="Monthly amount; None when it cannot be estimated.")
    currency: str
    basis: str = Field(description="The formula or the reason no amount can be given.")


class Scope(BaseModel):
    market: str | None = None
    channel: str | None = None


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule_id: str
    pattern: str
    severity: Severity
    priority: Priority
    priority_score: float
    stage: str
    scope: Scope
    title: str
    summary: str
    evidence: list[Evidence]
    impact: Impact
    confidence: float = Field(
        ge=0, le=1, description="How complete the data behind the finding is, 0–1."
    )
    remediation: list[str]
    owner: str
    rule_source: str = Field("builtin", description="builtin, or the rule pack the rule came from.")
    fact_ids: list[str] = Field(default_factory=list, description="Ids of the facts that matched.")


class Skipped(BaseModel):
    rule_id: str
    reason: str


class RuleNote(BaseModel):
    """Something the reader should know about the rule set used (overrides, disabled rules)."""

    rule_id: str
    note: str


class ToolInfo(BaseModel):
    name: str = "diagnoser"
    version: str


class Period(BaseModel):
    start: str | None = None
    end: str | None = None


class Diagnosis(BaseModel):
    tool: ToolInfo
    store: dict[str, Any]
    period: Period
    language: str
    findings: list[Finding]
    passed: list[str]
    skipped: list[Skipped]
    data_quality: list[dict[str, Any]] = Field(default_factory=list)
    rule_notes: list[RuleNote] = Field(default_factory=list)
    inputs: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Every input file: used (with its format), skipped or unrecognised (with why).",
    )
    thresholds: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Every param value used, with its source and whether the client set it.",
    )
    facts: dict[str, list[dict[str, Any]]] = Field(
        default_factory=dict,
        exclude=True,
        description="Facts by type, for charts; not part of the JSON contract.",
    )

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
