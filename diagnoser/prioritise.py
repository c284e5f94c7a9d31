"""Order findings so the first page says what to do this week.

priority_score (0–100) = (severity points + impact points) × (0.6 + 0.4 × confidence)
- severity points: critical 60, high 40, medium 20, low 10 — so a certain critical finding
  is P0 on its own, and money moves a finding up by at most one bucket's width;
- impact points: 40 × min(1, monthly impact / (10% of the store's monthly revenue)); when
  the store's revenue is unknown, 40 × min(1, impact / 10,000 in the report currency).
Buckets: P0 ≥ 60, P1 ≥ 40, P2 ≥ 20, else P3. Ties break by rule id, then market, then
channel, so the same data always gives the same order.
"""

from __future__ import annotations

from diagnoser.model import Finding

SEVERITY_POINTS = {"critical": 60.0, "high": 40.0, "medium": 20.0, "low": 10.0}
IMPACT_POINTS = 40.0
BUCKETS = ((60.0, "P0"), (40.0, "P1"), (20.0, "P2"))
FALLBACK_REFERENCE = 10_000.0


def score(finding: Finding, monthly_revenue: float | None) -> float:
    reference = (
        0.10 * monthly_revenue if monthly_revenue and monthly_revenue > 0 else FALLBACK_REFERENCE
    )
    impact = finding.impact.amount or 0.0
    impact_points = IMPACT_POINTS * min(1.0, max(impact, 0.0) / reference)
    raw = (SEVERITY_POINTS[finding.severity] + impact_points) * (0.6 + 0.4 * finding.confidence)
    return round(raw, 1)


def bucket(points: float) -> str:
    return next((name for limit, name in BUCKETS if points >= limit), "P3")


def prioritise(findings: list[Finding], monthly_revenue: float | None) -> list[Finding]:
    ranked = []
    for finding in findings:
        points = score(finding, monthly_revenue)
        ranked.append(
            finding.model_copy(update={"priority_score": points, "priority": bucket(points)})
        )
    ranked.sort(
        key=lambda f: (
            -f.priority_score,
            f.rule_id,
            f.scope.market or "",
            f.scope.channel or "",
            f.fact_ids,
        )
    )
    return ranked
