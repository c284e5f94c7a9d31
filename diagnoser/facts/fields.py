"""Vocabulary the fact catalog is written in: units, rate definitions, cost groups, ``F``.

Kept apart from the models so the fact builders can import definitions without the models.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

UNITS: dict[str, dict[str, str]] = {
    "text": {"en": "text", "zh": "文本"},
    "bool": {"en": "true/false", "zh": "是/否"},
    "period": {"en": "YYYY-MM", "zh": "年-月"},
    "count": {"en": "count", "zh": "个数"},
    "count/month": {"en": "count per month", "zh": "每月个数"},
    "money": {"en": "money (report currency)", "zh": "金额（报告币种）"},
    "money/month": {"en": "money per month (report currency)", "zh": "每月金额（报告币种）"},
    "money/order": {"en": "money per order (report currency)", "zh": "每单金额（报告币种）"},
    "ratio": {"en": "ratio (0.25 = 25%)", "zh": "比率（0.25 = 25%）"},
    "ratio change": {
        "en": "difference of two ratios (0.02 = +2 points)",
        "zh": "比率差（0.02 = +2个百分点）",
    },
    "growth": {"en": "relative change (0.25 = +25%)", "zh": "相对变化（0.25 = +25%）"},
    "multiple": {"en": "multiple (3.0 = 3×)", "zh": "倍数（3.0 = 3倍）"},
    "days": {"en": "days", "zh": "天"},
    "months": {"en": "months", "zh": "月"},
}

RATE_DEFS: dict[str, tuple[str, str, str, str]] = {
    # rate: (numerator, denominator, en, zh)
    "ctr": (
        "clicks",
        "impressions",
        "click-through rate, clicks ÷ impressions",
        "点击率 = 点击 ÷ 曝光",
    ),
    "bounce_rate": (
        "bounced_sessions",
        "sessions",
        "bounced sessions ÷ sessions",
        "跳出率 = 跳出会话 ÷ 会话",
    ),
    "add_to_cart_rate": (
        "add_to_cart",
        "sessions",
        "add-to-carts ÷ sessions",
        "加购率 = 加购 ÷ 会话",
    ),
    "checkout_rate": (
        "checkouts",
        "add_to_cart",
        "checkouts ÷ add-to-carts",
        "结账率 = 结账 ÷ 加购",
    ),
    "checkout_completion": (
        "orders",
        "checkouts",
        "orders ÷ checkouts",
        "结账完成率 = 订单 ÷ 结账",
    ),
    "conversion_rate": (
        "orders",
        "sessions",
        "orders ÷ sessions (Amazon: unit session %)",
        "转化率 = 订单 ÷ 会话",
    ),
    "engaged_conversion_rate": (
        "orders",
        "engaged_sessions",
        "orders ÷ sessions that did not bounce",
        "非跳出会话转化率 = 订单 ÷ 未跳出会话",
    ),
    "fulfilment_rate": (
        "fulfilled_orders",
        "orders",
        "fulfilled orders ÷ orders",
        "履约率 = 已履约订单 ÷ 订单",
    ),
    "return_rate": (
        "returned_orders",
        "orders",
        "returned orders ÷ orders",
        "退货率 = 退货订单 ÷ 订单",
    ),
    "review_rate": ("reviews", "orders", "reviews ÷ orders", "评价率 = 评价 ÷ 订单"),
    "repeat_rate": (
        "repeat_orders",
        "orders",
        "repeat orders ÷ orders",
        "复购率 = 复购订单 ÷ 订单",
    ),
    "referral_rate": (
        "referral_orders",
        "orders",
        "referral orders ÷ orders",
        "裂变率 = 推荐订单 ÷ 订单",
    ),
}

COMPLIANCE_CATEGORIES = ("vat", "epr", "certification")
LOGISTICS_CATEGORIES = ("fulfillment", "shipping", "warehousing")
COST_GROUPS: dict[str, str] = {
    "ads": "acquisition",
    "commission": "platform",
    "fulfillment": "logistics",
    "shipping": "logistics",
    "warehousing": "logistics",
    "reverse_logistics": "returns",
    "refunds": "returns",
    "payment_fees": "payment",
    "fx_loss": "payment",
    "vat": "compliance",
    "duties": "tax",
    "epr": "compliance",
    "certification": "compliance",
    "localization": "localisation",
    "kyc": "localisation",
    "saas": "tools",
    "agency": "services",
    "cogs": "product",
    "other": "other",
}
CRITICAL_SERVICES = ("operations", "ads_accounts", "erp", "data")


def F(unit: str, en: str, zh: str = "", *, always: bool = False) -> Any:
    """A catalog field: description, unit, Chinese meaning, and whether it is always present."""
    extra: dict[str, Any] = {"unit": unit, "zh": zh, "always": always}
    if always:
        return Field(description=en, json_schema_extra=extra)
    return Field(None, description=en, json_schema_extra=extra)
