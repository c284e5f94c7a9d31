"""The fact catalog: every fact type a rule can match, each field with its unit and meaning.

This is the documentation a rule author reads (``diagnoser facts`` prints it) and the
contract ``derive_facts`` is tested against. Values are only text, numbers and booleans.
A field whose value is unknown (a rate over zero sessions, a term the profile leaves out)
is OMITTED from the fact, never null: a rule condition on an absent field does not match.
Money and counts are per month (window total ÷ months with data) in the report currency.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from diagnoser.bundle.model import COST_CATEGORIES
from diagnoser.facts.fields import UNITS
from diagnoser.facts.models import (
    BaselineFact,
    CashFact,
    ChannelFact,
    CostFact,
    DataQualityFact,
    FunnelFact,
    HistoryFact,
    MarketFact,
    PilotFact,
    SaasToolFact,
    StageFact,
    StoreFact,
    VendorFact,
)

FACT_MODELS: dict[str, type[BaseModel]] = {
    "store": StoreFact,
    "history": HistoryFact,
    "cash": CashFact,
    "market": MarketFact,
    "funnel": FunnelFact,
    "channel": ChannelFact,
    "cost": CostFact,
    "vendor": VendorFact,
    "saas_tool": SaasToolFact,
    "stage": StageFact,
    "pilot": PilotFact,
    "baseline": BaselineFact,
    "data_quality": DataQualityFact,
}
FACT_TYPES: tuple[str, ...] = tuple(FACT_MODELS)
TYPE_TITLES: dict[str, dict[str, str]] = {
    "store": {"en": "Store", "zh": "店铺"},
    "history": {"en": "History and baselines", "zh": "历史数据与基线"},
    "cash": {"en": "Cash cycle", "zh": "资金周转"},
    "market": {"en": "Market unit economics", "zh": "市场单位经济"},
    "funnel": {"en": "Funnel per market × channel", "zh": "市场×渠道漏斗"},
    "channel": {"en": "Channel", "zh": "渠道"},
    "cost": {"en": "Cost line per market × category", "zh": "市场×费用类别"},
    "vendor": {"en": "Vendor", "zh": "服务商"},
    "saas_tool": {"en": "SaaS tool", "zh": "SaaS工具"},
    "stage": {"en": "Funnel stage ownership", "zh": "漏斗阶段负责人"},
    "pilot": {"en": "Pilot (MVP test)", "zh": "试点（MVP）"},
    "baseline": {"en": "Baseline (agreed target)", "zh": "基线（约定目标）"},
    "data_quality": {"en": "Data-quality note", "zh": "数据质量提示"},
}


def field_units(fact_type: str) -> dict[str, str]:
    """Unit of every field of a fact type (drives rounding and the printed catalog)."""
    model = FACT_MODELS[fact_type]
    return {name: _extra(info)["unit"] for name, info in model.model_fields.items()}


def _extra(info: Any) -> dict[str, Any]:
    extra = info.json_schema_extra
    return extra if isinstance(extra, dict) else {}


def catalog_rows(lang: str = "en") -> list[dict[str, str]]:
    """Every fact type and field: type, field, unit, present (always / when known), meaning."""
    rows: list[dict[str, str]] = []
    for fact_type, model in FACT_MODELS.items():
        for name, info in model.model_fields.items():
            extra = _extra(info)
            unit = extra.get("unit", "text")
            meaning = (extra.get("zh") if lang == "zh" else None) or info.description or ""
            rows.append(
                {
                    "type": fact_type,
                    "field": name,
                    "unit": UNITS.get(unit, {}).get(lang, unit),
                    "present": ("总是" if lang == "zh" else "always")
                    if extra.get("always")
                    else ("已知时" if lang == "zh" else "when known"),
                    "meaning": meaning,
                }
            )
    return rows


_HEAD_EN = """# Fact catalog

The facts rules match, derived from a store bundle by `derive_facts`.

- Money and counts are **per month** in the report currency: the latest window's total
  (default: the last 3 months present) divided by the months the scope has data.
  `prev_*` fields are the same over the window before; `delta_*` = latest − previous.
- Ratios are 0–1 (0.25 = 25%). Money is rounded to 2 decimals (4 per order), ratios to 6;
  magnitudes below 0.0001 are written as 0.0 (the engine cannot read 1e-05).
- A field whose value is unknown (a rate over zero sessions, a term store.yaml leaves out)
  is **omitted**, never null: a condition on an absent field does not match.
- Every fact has `id` (type:key, deterministic) and `type`.
"""
_HEAD_ZH = """# 事实目录

规则匹配的事实，由 `derive_facts` 从店铺数据包生成。

- 金额与计数均为**月均值**（报告币种）：最近窗口（默认最近 3 个月）合计 ÷ 该范围有数据的月数。
  `prev_*` 为上一窗口同口径数值；`delta_*` = 最近 − 上一窗口。
- 比率取 0–1（0.25 = 25%）。金额保留 2 位小数（每单 4 位），比率 6 位；绝对值小于 0.0001 记为 0.0。
- 未知的字段会被**省略**（不会是 null），对缺失字段的条件不会匹配。
- 每个事实都有 `id`（类型:键，确定性）和 `type`。
"""
_TABLE_EN = "| field | unit | present | meaning |\n|---|---|---|---|"
_TABLE_ZH = "| 字段 | 单位 | 出现 | 含义 |\n|---|---|---|---|"


def render_catalog(lang: str = "en") -> str:
    """The catalog as Markdown, one section per fact type, for ``diagnoser facts``."""
    zh = lang == "zh"
    head = _HEAD_ZH if zh else _HEAD_EN
    out = [head]
    rows = catalog_rows(lang)
    for fact_type, model in FACT_MODELS.items():
        title = TYPE_TITLES[fact_type]["zh" if zh else "en"]
        doc = (model.__doc__ or "").strip().splitlines()[0]
        out.append(f"\n## `{fact_type}` — {title}\n\n{doc}\n")
        out.append(_TABLE_ZH if zh else _TABLE_EN)
        out.extend(
            f"| `{r['field']}` | {r['unit']} | {r['present']} | {r['meaning']} |"
            for r in rows
            if r["type"] == fact_type
        )
    return "\n".join(out) + "\n"


def field_labels() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Short labels (en, zh) and the unit of every field name, for evidence tables.

    A name shared by several fact types (revenue, orders, …) means the same thing in each,
    so the first type's label and unit stand for all.
    """
    labels: dict[str, dict[str, str]] = {}
    units: dict[str, str] = {}
    order = ["market", "funnel", "cost", "channel", "cash", "history", *FACT_MODELS]
    for fact_type in dict.fromkeys(order):
        for name, info in FACT_MODELS[fact_type].model_fields.items():
            if name in labels or name in ("id", "type"):
                continue
            extra = _extra(info)
            zh = str(extra.get("zh") or name).split(" = ")[0].split("（")[0].strip()
            labels[name] = {"en": _en_label(name), "zh": zh}
            units[name] = str(extra.get("unit", "text"))
    for cat in COST_CATEGORIES:
        labels[f"cost_{cat}"]["zh"] = f"{COST_NAMES_ZH.get(cat, cat)}成本"
    return labels, units


def _en_label(name: str) -> str:
    if name in _EN_LABELS:
        return _EN_LABELS[name]
    for prefix, words in (("prev_", "previous "), ("delta_", "change in "), ("cost_", "")):
        if name.startswith(prefix):
            rest = _en_label(name[len(prefix) :])
            return f"{words}{rest}" if prefix != "cost_" else f"{rest} costs"
    return name.replace("_", " ")


COST_NAMES_ZH = {
    "ads": "广告",
    "commission": "平台佣金",
    "fulfillment": "履约（FBA）",
    "shipping": "运输",
    "warehousing": "仓储",
    "reverse_logistics": "逆向物流",
    "refunds": "退款",
    "payment_fees": "支付手续费",
    "fx_loss": "汇损",
    "vat": "VAT",
    "duties": "关税",
    "epr": "EPR",
    "certification": "认证",
    "localization": "本地化",
    "kyc": "KYC",
    "saas": "SaaS",
    "agency": "代运营",
    "cogs": "商品",
    "other": "其他",
}


_EN_LABELS = {
    "aov": "AOV",
    "cac": "CAC",
    "ltv": "LTV",
    "roas": "ROAS",
    "ctr": "CTR",
    "ltv_cac_ratio": "LTV ÷ CAC",
    "breakeven_roas": "break-even ROAS",
    "vat": "VAT",
    "epr": "EPR",
    "kyc": "KYC",
    "saas": "SaaS",
    "fx_loss": "FX loss",
}
