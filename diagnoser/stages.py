"""The funnel stages and cost areas a rule (and a finding) belongs to.

Traffic → landing → conversion → fulfilment → repeat → referral follow the seed's funnel
(引流 → 承接 → 转化 → 履约 → 复购 → 裂变); cost, cash, data and organisation hold the
"global costs" and the ways a team runs the funnel.
"""

from __future__ import annotations

from typing import Literal

Stage = Literal[
    "traffic",
    "landing",
    "conversion",
    "fulfilment",
    "repeat",
    "referral",
    "cost",
    "cash",
    "data",
    "organisation",
]
STAGES: tuple[str, ...] = Stage.__args__  # type: ignore[attr-defined]
FUNNEL_STAGES: tuple[str, ...] = (
    "traffic",
    "landing",
    "conversion",
    "fulfilment",
    "repeat",
    "referral",
)

STAGE_NAMES: dict[str, dict[str, str]] = {
    "traffic": {"en": "Traffic", "zh": "引流"},
    "landing": {"en": "Landing", "zh": "承接"},
    "conversion": {"en": "Conversion", "zh": "转化"},
    "fulfilment": {"en": "Fulfilment", "zh": "履约"},
    "repeat": {"en": "Repeat purchase", "zh": "复购"},
    "referral": {"en": "Referral", "zh": "裂变"},
    "cost": {"en": "Global costs", "zh": "全球费用"},
    "cash": {"en": "Cash cycle", "zh": "资金周转"},
    "data": {"en": "Data and baselines", "zh": "数据与基线"},
    "organisation": {"en": "Organisation and vendors", "zh": "组织与服务商"},
}

Severity = Literal["critical", "high", "medium", "low"]
SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low")
SEVERITY_RANK = {
    name: rank for rank, name in enumerate(reversed(SEVERITIES), start=1)
}  # low=1 … critical=4
