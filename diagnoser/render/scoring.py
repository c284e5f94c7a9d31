"""Health scores, 0–100, overall and per stage, from the findings' severities.

Each finding removes a share of what is left of its stage's score (critical 40 %, high
25 %, medium 12 %, low 5 %); the overall score applies half those shares across all
findings. Multiplying keeps scores in 0–100 and makes a second critical hurt less than
the first, so one stage cannot sink the whole store.
"""

from __future__ import annotations

from collections.abc import Iterable

from diagnoser.model import Finding

SHARE = {"critical": 0.40, "high": 0.25, "medium": 0.12, "low": 0.05}
OVERALL_FACTOR = 0.5


def _score(severities: Iterable[str], factor: float = 1.0) -> int:
    remaining = 1.0
    for severity in severities:
        remaining *= 1.0 - SHARE.get(severity, 0.0) * factor
    return round(100 * remaining)


def stage_score(findings: Iterable[Finding], stage: str) -> int:
    return _score(f.severity for f in findings if f.stage == stage)


def overall_score(findings: Iterable[Finding]) -> int:
    return _score((f.severity for f in findings), OVERALL_FACTOR)


def band(score: int) -> str:
    """good ≥ 80, watch 60–79, risk < 60."""
    return "good" if score >= 80 else "watch" if score >= 60 else "risk"
