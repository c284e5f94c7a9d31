"""What changed since the last review: findings resolved, new, worse or better.

Findings are matched by rule and scope (rule_id + market + channel), so an agency can show
a client that a problem found last month is gone, or that it grew.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from diagnoser.model import Diagnosis, Finding
from diagnoser.render.facts import evidence_unit
from diagnoser.render.scoring import overall_score
from diagnoser.stages import SEVERITY_RANK

Status = Literal["resolved", "new", "worse", "better", "unchanged"]
IMPACT_TOLERANCE = 0.05  # impact moves under 5 % count as unchanged


class EvidenceDelta(BaseModel):
    field: str
    label: str
    unit: str | None
    before: Any
    after: Any


class ChangeItem(BaseModel):
    key: str
    rule_id: str
    title: str
    market: str | None
    channel: str | None
    status: Status
    severity_before: str | None
    severity_after: str | None
    impact_before: float | None
    impact_after: float | None
    currency: str
    evidence: list[EvidenceDelta]


class Changes(BaseModel):
    previous_period_end: str | None
    score_before: int
    score_after: int
    resolved: list[ChangeItem]
    new: list[ChangeItem]
    worse: list[ChangeItem]
    better: list[ChangeItem]
    unchanged: list[ChangeItem]


def finding_key(finding: Finding) -> str:
    return f"{finding.rule_id}|{finding.scope.market or '*'}|{finding.scope.channel or '*'}"


def _status(before: Finding, after: Finding) -> Status:
    rank_before, rank_after = SEVERITY_RANK[before.severity], SEVERITY_RANK[after.severity]
    if rank_after != rank_before:
        return "worse" if rank_after > rank_before else "better"
    a, b = after.impact.amount, before.impact.amount
    if a is None or b is None or abs(a - b) <= IMPACT_TOLERANCE * max(abs(b), 1.0):
        return "unchanged"
    return "worse" if a > b else "better"


def _item(status: Status, before: Finding | None, after: Finding | None) -> ChangeItem:
    shown = after or before
    assert shown is not None
    deltas: list[EvidenceDelta] = []
    if before and after:
        old = {e.field: e for e in before.evidence}
        deltas = [
            EvidenceDelta(
                field=e.field,
                label=e.label,
                unit=evidence_unit(e.field, e.unit),
                before=old[e.field].value,
                after=e.value,
            )
            for e in after.evidence
            if e.field in old and old[e.field].value != e.value
        ]
    return ChangeItem(
        key=finding_key(shown),
        rule_id=shown.rule_id,
        title=shown.title,
        market=shown.scope.market,
        channel=shown.scope.channel,
        status=status,
        severity_before=before.severity if before else None,
        severity_after=after.severity if after else None,
        impact_before=before.impact.amount if before else None,
        impact_after=after.impact.amount if after else None,
        currency=shown.impact.currency,
        evidence=deltas,
    )


def compare(current: Diagnosis, previous_json: dict[str, Any]) -> Changes:
    """Compare a diagnosis with the JSON of an earlier report (``--compare PREV.json``)."""
    previous = Diagnosis.model_validate({k: v for k, v in previous_json.items() if k != "report"})
    old = {finding_key(f): f for f in previous.findings}
    new = {finding_key(f): f for f in current.findings}
    buckets: dict[Status, list[ChangeItem]] = {
        s: [] for s in ("resolved", "new", "worse", "better", "unchanged")
    }
    for key, finding in new.items():
        status = _status(old[key], finding) if key in old else "new"
        buckets[status].append(_item(status, old.get(key), finding))
    for key, finding in old.items():
        if key not in new:
            buckets["resolved"].append(_item("resolved", finding, None))
    return Changes(
        previous_period_end=previous.period.end,
        score_before=overall_score(previous.findings),
        score_after=overall_score(current.findings),
        **buckets,
    )
