"""Specs of the bundle's tables: the single source for reading, validation, template and docs.

Every column carries its meaning, unit, example, whether it is required and the English and
Chinese headers people actually write, so the reader, the template writer and
``docs/bundle.md`` cannot disagree about what a column is.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from diagnoser.bundle.model import (
    BASELINE_COLUMNS,
    COST_CATEGORIES,
    COST_COLUMNS,
    FUNNEL_COLUMNS,
    FX_COLUMNS,
    ORDER_COLUMNS,
)

Kind = Literal[
    "period", "market", "channel", "text", "id", "count", "money", "ratio", "rate", "number",
    "currency", "date", "bool", "category",
]  # fmt: skip
NUMERIC_KINDS = ("count", "money", "ratio", "rate", "number")


class ColumnSpec(BaseModel):
    """One column of a table: what it means and every header it may be written as."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(description="Canonical column name.")
    zh: str = Field(description="Chinese header the template writes next to the name.")
    description: str = Field(description="What the column means.")
    unit: str = Field(description="Unit or format of the values.")
    kind: Kind = Field(description="How values are parsed and checked.")
    example: str = Field(description="A typical value.")
    required: bool = Field(False, description="Whether the column must be present.")
    aliases: tuple[str, ...] = Field((), description="Other accepted headers (English, Chinese).")

    @property
    def header(self) -> str:
        """The bilingual header the template writes (``period 期间``)."""
        return f"{self.name} {self.zh}"

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every header accepted for this column, canonical name first."""
        return (self.name, self.zh, self.header, *self.aliases)


class TableSpec(BaseModel):
    """One table of the bundle."""

    model_config = ConfigDict(frozen=True)

    name: str
    zh: str
    description: str
    required: bool
    key: tuple[str, ...] = Field((), description="Columns that identify a row (no duplicates).")
    columns: tuple[ColumnSpec, ...]

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, zh: str, kind: Kind, unit: str, example: str, description: str,
       *aliases: str, required: bool = False) -> ColumnSpec:  # fmt: skip
    return ColumnSpec(
        name=name, zh=zh, kind=kind, unit=unit, example=example, description=description,
        required=required, aliases=aliases,
    )  # fmt: skip


_PERIOD = ("month", "date", "月份", "月", "期间", "日期", "统计月份", "年月")
_MARKET = ("country", "site", "marketplace", "region code", "国家", "站点", "国家/地区", "地区")
_CHANNEL = ("platform", "sales channel", "平台", "销售渠道", "店铺平台")
_CURRENCY = ("currency code", "ccy", "币别", "货币", "结算币种")

# fmt: off
FUNNEL = TableSpec(
    name="funnel", zh="漏斗", required=True, key=("period", "market", "channel"),
    description="One row per month × market × channel: the funnel counts and the revenue.",
    columns=(
        _c("period", "期间", "period", "YYYY-MM", "2025-06", "Calendar month.", *_PERIOD,
           required=True),
        _c("market", "市场", "market", "ISO 3166-1 alpha-2", "DE",
           "Country sold into (UK is read as GB).", *_MARKET, required=True),
        _c("channel", "渠道", "channel", "lower-case name", "amazon",
           "Sales channel: amazon, shopify, tiktok, shopee, ebay, other…", *_CHANNEL,
           required=True),
        _c("impressions", "曝光", "count", "count", "1200000", "Ad and listing impressions.",
           "impr", "views", "曝光量", "展示", "展现量", "展示次数"),
        _c("clicks", "点击", "count", "count", "36000", "Clicks on ads and listings.", "点击量",
           "点击次数"),
        _c("sessions", "访客", "count", "count", "30000", "Visits to the store or listing.",
           "visits", "visitors", "traffic", "会话", "会话数", "访客数", "访问量", "流量",
           "sessions total", required=True),
        _c("bounced_sessions", "跳出", "count", "count", "16500",
           "Sessions that left after one page; derived from bounce_rate × sessions when only "
           "the rate is given.",
           "bounces", "跳出数", "跳出次数", "跳出会话", "跳出访客"),
        _c("bounce_rate", "跳出率", "ratio", "ratio 0–1 (55% or 0.55)", "0.55",
           "Share of sessions that bounced; may be given instead of bounced_sessions. A value "
           "above 1 (55) is read as a percentage, with a warning.",
           "bounce"),
        _c("add_to_cart", "加购", "count", "count", "2400", "Sessions with an add-to-cart.",
           "add to cart", "atc", "carts", "加购数", "加购次数", "加车", "加入购物车"),
        _c("checkouts", "结账", "count", "count", "1100", "Checkouts started.", "checkout",
           "initiated checkouts", "结账数", "结算", "发起结账"),
        _c("orders", "订单", "count", "count", "720", "Orders placed.", "orders placed",
           "units ordered", "订单数", "订单量", "下单", "下单数", "成交订单", required=True),
        _c("revenue", "销售额", "money", "money, in `currency`", "32400.00",
           "Gross sales of the orders.", "sales", "gmv", "ordered product sales", "营业额",
           "销售金额", "成交金额", "收入", "营收", required=True),
        _c("currency", "币种", "currency", "ISO 4217", "EUR",
           "Currency of revenue; the report currency when left out.", *_CURRENCY),
        _c("fulfilled_orders", "履约", "count", "count", "705", "Orders shipped or delivered.",
           "fulfilled", "shipped orders", "履约订单", "已发货", "发货订单"),
        _c("returned_orders", "退货", "count", "count", "58", "Orders returned.", "returns",
           "returned", "退货数", "退货订单", "退货量"),
        _c("reviews", "评价", "count", "count", "41", "Reviews received.", "ratings", "评价数",
           "评论", "评论数", "留评"),
        _c("new_customers", "新客", "count", "count", "610", "Orders from first-time buyers.",
           "new buyers", "新客数", "新客户", "新买家"),
        _c("repeat_orders", "复购", "count", "count", "110", "Orders from returning buyers.",
           "repeat", "repeat purchases", "复购订单", "复购数", "回头客订单"),
        _c("referral_orders", "裂变", "count", "count", "25",
           "Orders attributed to referrals (codes, links, affiliates of customers).", "referrals",
           "裂变订单", "推荐订单", "分享订单"),
    ),
)

COSTS = TableSpec(
    name="costs", zh="费用", required=True, key=(),
    description="One row per cost line: month, market, category and amount.",
    columns=(
        _c("period", "期间", "period", "YYYY-MM", "2025-06", "Month the cost belongs to.", *_PERIOD,
           required=True),
        _c("market", "市场", "market", "ISO 3166-1 alpha-2", "DE", "Market the cost belongs to.",
           *_MARKET, required=True),
        _c("channel", "渠道", "channel", "lower-case name", "amazon",
           "Channel, when the cost belongs to one.", *_CHANNEL),
        _c("category", "费用类别", "category", "one of the cost categories", "ads",
           "Cost category (see the list below; Chinese names accepted).", "cost category", "type",
           "cost type", "类别", "费用类型", "费用项目", "科目", required=True),
        _c("amount", "金额", "money", "money, in `currency`, positive", "5400.00", "Amount spent.",
           "cost", "spend", "value", "费用", "花费", "费用金额", "支出", required=True),
        _c("currency", "币种", "currency", "ISO 4217", "EUR", "Currency of the amount.", *_CURRENCY,
           required=True),
        _c("vendor", "服务商", "text", "name", "Acme Agency",
           "Vendor paid, when it is one of store.yaml's vendors.", "supplier", "供应商",
           "服务商名称"),
    ),
)

ORDERS = TableSpec(
    name="orders", zh="订单", required=False, key=("order_id",),
    description="Optional, one row per order: repeat rate, LTV and reconciliation.",
    columns=(
        _c("order_id", "订单号", "id", "text", "112-3344556-7788990", "Order number.", "order",
           "order number", "order no", "订单编号", "订单id", required=True),
        _c("date", "日期", "date", "YYYY-MM-DD", "2025-06-14", "Order date.", "order date",
           "purchase date", "created at", "下单时间", "下单日期", "订单日期", "付款时间",
           required=True),
        _c("market", "市场", "market", "ISO 3166-1 alpha-2", "DE", "Country shipped to.", *_MARKET,
           required=True),
        _c("channel", "渠道", "channel", "lower-case name", "amazon", "Sales channel.", *_CHANNEL,
           required=True),
        _c("customer_id", "客户", "id", "text (pseudonymised on read)", "C-10023",
           "Buyer identifier; replaced by a customer number as soon as it is read.", "customer",
           "buyer id", "客户id", "买家id", "客户编号", "买家"),
        _c("revenue", "销售额", "money", "money, in `currency`", "45.90", "Order value.", "amount",
           "order total", "total", "sales", "订单金额", "金额", "实付金额"),
        _c("currency", "币种", "currency", "ISO 4217", "EUR",
           "Currency of revenue and refund_amount; the report currency when left out.", *_CURRENCY),
        _c("returned", "退货", "bool", "yes/no", "no",
           "Whether the order was returned (yes/no, true/false, 1/0, 是/否).", "is returned",
           "return", "是否退货"),
        _c("refund_amount", "退款", "money", "money, in `currency`", "0", "Amount refunded.",
           "refund", "refunds", "退款金额"),
    ),
)

FX = TableSpec(
    name="fx", zh="汇率", required=False, key=("currency", "period"),
    description="Optional: exchange rates into the report currency.",
    columns=(
        _c("currency", "币种", "currency", "ISO 4217", "EUR", "Currency converted from.",
           *_CURRENCY, required=True),
        _c("rate", "汇率", "rate", "report-currency units per 1 unit", "1.08",
           "Report-currency units one unit of `currency` buys.", "fx rate", "exchange rate",
           "折算汇率", required=True),
        _c("period", "期间", "period", "YYYY-MM", "2025-06",
           "Month the rate applies to; a rate with a period wins over one without.", *_PERIOD),
    ),
)

BASELINES = TableSpec(
    name="baselines", zh="基线", required=False, key=("metric", "market", "channel"),
    description="Optional: the targets a client agreed on (metric per market and channel).",
    columns=(
        _c("metric", "指标", "text", "fact field name", "conversion_rate",
           "Metric the target is for.", "kpi", "指标名称", required=True),
        _c("market", "市场", "market", "ISO 3166-1 alpha-2", "DE", "Market (blank: every market).",
           *_MARKET),
        _c("channel", "渠道", "channel", "lower-case name", "amazon",
           "Channel (blank: every channel).", *_CHANNEL),
        _c("value", "目标值", "number", "the metric's unit", "0.025", "Target value.", "target",
           "baseline", "目标", "基线", "数值", required=True),
    ),
)
# fmt: on

TABLES: dict[str, TableSpec] = {t.name: t for t in (FUNNEL, COSTS, ORDERS, FX, BASELINES)}
for _spec, _names in (
    (FUNNEL, FUNNEL_COLUMNS), (COSTS, COST_COLUMNS), (ORDERS, ORDER_COLUMNS), (FX, FX_COLUMNS),
    (BASELINES, BASELINE_COLUMNS),
):  # fmt: skip
    assert _spec.names == _names, f"{_spec.name} spec out of sync with model.py"

COST_CATEGORY_ALIASES: dict[str, tuple[str, ...]] = {
    "ads": ("advertising", "marketing", "ppc", "广告", "广告费", "推广", "推广费", "投放"),
    "commission": ("referral fee", "platform fee", "佣金", "平台佣金", "平台费", "销售佣金"),
    "fulfillment": ("fulfilment", "fba", "fba fee", "履约", "履约费", "配送费", "fba费用"),
    "shipping": ("logistics", "freight", "postage", "物流", "运费", "头程", "尾程", "物流费"),
    "warehousing": ("storage", "warehouse", "仓储", "仓储费", "海外仓"),
    "reverse_logistics": (
        "returns shipping",
        "return shipping",
        "退货物流",
        "逆向物流",
        "退货运费",
    ),
    "refunds": ("refund", "退款", "退款金额"),
    "payment_fees": (
        "payment",
        "payment fee",
        "paypal",
        "stripe",
        "支付手续费",
        "手续费",
        "收款手续费",
        "支付费",
    ),
    "fx_loss": ("fx", "currency loss", "exchange loss", "汇损", "汇兑损失", "汇率损失"),
    "vat": ("tax", "sales tax", "gst", "增值税", "税费", "vat税"),
    "duties": ("duty", "customs", "tariff", "关税", "进口关税"),
    "epr": ("packaging", "weee", "epr费用", "生产者责任延伸"),
    "certification": ("certificate", "ce", "ukca", "fcc", "认证", "认证费", "检测"),
    "localization": ("localisation", "translation", "本地化", "翻译"),
    "kyc": ("compliance", "kyc费用", "合规", "身份验证"),
    "saas": ("software", "tools", "erp", "saas软件", "软件", "软件费", "工具"),
    "agency": ("agency fee", "service fee", "代运营", "代运营费", "服务费"),
    "cogs": (
        "cost of goods",
        "product cost",
        "purchase cost",
        "采购成本",
        "货值",
        "采购",
        "产品成本",
        "成本",
    ),
    "other": ("misc", "others", "其他", "其它", "杂费"),
}
assert tuple(COST_CATEGORY_ALIASES) == COST_CATEGORIES

CHANNEL_ALIASES: dict[str, str] = {
    "亚马逊": "amazon", "独立站": "shopify", "抖音": "tiktok", "tiktok shop": "tiktok",
    "虾皮": "shopee", "速卖通": "aliexpress", "沃尔玛": "walmart", "美客多": "mercadolibre",
    "temu": "temu", "其他": "other", "其它": "other",
}  # fmt: skip

# Headers that hold personal data: never loaded from orders (and dropped from any table).
PII_HEADER = re.compile(
    r"(name|e-?mail|phone|mobile|tel\b|address|street|city|zip|postcode|postal|姓名|名字|"
    r"收件人|收货人|电话|手机|邮箱|地址|邮编)",
    re.IGNORECASE,
)


def normalise_header(text: str) -> str:
    """Header key for matching: case-, space-, underscore- and punctuation-insensitive."""
    return re.sub(r"[\s_\-/:：.()（）\[\]【】]+", "", str(text)).casefold()


def normalise_category(text: str) -> str:
    """Key for matching a cost category (same rules as headers)."""
    return normalise_header(text)


CATEGORY_LOOKUP: dict[str, str] = {
    normalise_category(alias): name
    for name, aliases in COST_CATEGORY_ALIASES.items()
    for alias in (name, *aliases)
}
