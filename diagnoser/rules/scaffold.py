"""``diagnoser rules new``: a rule file that validates and whose tests pass on day one.

The scaffold is a working rule (a market with many orders and a low margin) so a team
edits something that runs, then replaces the condition, texts and tests with its own.
"""

from __future__ import annotations

import re
from pathlib import Path

from diagnoser.errors import UsageError
from diagnoser.rules.spec import RULE_ID_RE
from diagnoser.stages import STAGES

TEMPLATE = """\
# {rule_id}: describe the failure pattern in one line.
# Check it with:  diagnoser rules test {directory}
# Facts and their fields:  diagnoser facts   (rule format: diagnoser rules schema)
id: {rule_id}
pattern: {pattern}
stage: {stage}
severity: medium            # critical | high | medium | low
title:
  en: "Margin is thin in a market with many orders"
  zh: "订单多但利润率偏低的市场"
summary:
  en: "{{{{ m.market }}}}: {{{{ m.orders | num }}}} orders a month at a {{{{ m.margin_rate | pct }}}} contribution margin (floor {{{{ params.min_margin | pct }}}})."
  zh: "{{{{ m.market }}}}：月均 {{{{ m.orders | num }}}} 单，贡献利润率仅 {{{{ m.margin_rate | pct }}}}（下限 {{{{ params.min_margin | pct }}}}）。"
when:
  - market m: m.orders >= params.min_orders and m.margin_rate < params.min_margin
params:
  min_orders: 100           # enough orders to trust the margin
  min_margin: 0.10          # or {{benchmark: <key in benchmarks.yaml>}} to cite a public source
impact: m.revenue * (params.min_margin - m.margin_rate)
impact_basis:
  en: "Monthly revenue × the gap between the margin floor and the market's margin."
  zh: "月销售额 ×（利润率下限 − 该市场利润率）。"
evidence:
  - m.orders
  - m.margin_rate
remediation:
  en: ["Break the market's costs down by category", "Fix the largest cost line first"]
  zh: ["按费用类别拆解该市场成本", "先处理占比最大的费用项"]
owner: operations
docs:
  what: {{en: "Markets that sell a lot but keep little.", zh: "卖得多但留存利润少的市场。"}}
  why: {{en: "Volume hides thin unit economics until cash runs short.", zh: "销量掩盖了单位经济模型的问题，直到现金吃紧。"}}
  fix: {{en: "Cut the cost lines that grew faster than revenue.", zh: "削减增长快于销售额的费用项。"}}
tests:
  - name: fires on a busy market with a thin margin
    facts:
      - {{type: market, market: DE, orders: 400, revenue: 30000, margin_rate: 0.04}}
    expect: [{{market: DE, impact: 1800}}]
  - name: quiet when the margin is healthy
    facts:
      - {{type: market, market: DE, orders: 400, revenue: 30000, margin_rate: 0.18}}
    expect: []
  - name: edge - exactly at the floor does not fire
    facts:
      - {{type: market, market: DE, orders: 400, revenue: 30000, margin_rate: 0.10}}
    expect: []
"""


def new_rule(rule_id: str, stage: str, directory: Path) -> Path:
    if not re.match(RULE_ID_RE, rule_id):
        raise UsageError(
            f"'{rule_id}' is not a rule id: letters, digits, _ or -, starting with a letter (e.g. ACME001)"
        )
    if stage not in STAGES:
        raise UsageError(f"unknown stage '{stage}'; use one of: {', '.join(STAGES)}")
    path = directory / stage / f"{rule_id}.yaml"
    if path.exists():
        raise UsageError(f"{path} already exists; pick another id or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    pattern = re.sub(r"[^a-z0-9]+", "_", rule_id.lower()).strip("_") or "custom_rule"
    if not pattern[0].isalpha():
        pattern = f"rule_{pattern}"
    path.write_text(
        TEMPLATE.format(rule_id=rule_id, stage=stage, pattern=pattern, directory=directory),
        encoding="utf-8",
    )
    return path
