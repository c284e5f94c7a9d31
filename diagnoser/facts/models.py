"""One pydantic model per fact type: every field with its unit, meaning and presence.

Money and counts are per month in the report currency; an unknown value is omitted from
the fact (the field is ``None`` here only so the models can validate facts that omit it).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, create_model

from diagnoser.bundle.model import COST_CATEGORIES
from diagnoser.facts.fields import RATE_DEFS, F


class Fact(BaseModel):
    """Fields every fact carries."""

    model_config = ConfigDict(extra="forbid")
    id: str = F("text", "Unique, deterministic fact id (type:key).", "事实唯一编号", always=True)


class StoreFact(Fact):
    """One per store: the profile in numbers and the store-wide totals of the latest window."""

    type: Literal["store"] = F("text", "Fact type.", "事实类型", always=True)
    name: str = F("text", "Store name.", "店铺名称", always=True)
    report_currency: str = F("text", "ISO 4217 code of every amount.", "报告币种", always=True)
    markets_count: int = F("count", "Markets with funnel data.", "有漏斗数据的市场数", always=True)
    channels_count: int = F(
        "count", "Channels with funnel data.", "有漏斗数据的渠道数", always=True
    )
    platforms_count: int = F(
        "count", "Platforms listed in store.yaml.", "store.yaml 中的平台数", always=True
    )
    vendors_count: int = F("count", "Vendors under contract.", "签约服务商数", always=True)
    saas_tools_count: int = F("count", "SaaS subscriptions.", "SaaS订阅数", always=True)
    pilots_count: int = F("count", "Pilots (MVP tests) listed.", "试点（MVP）数", always=True)
    stage_owners_count: int = F(
        "count", "Funnel stages with a named owner.", "有负责人的漏斗阶段数", always=True
    )
    unowned_stages: int = F(
        "count",
        "Funnel stages (of 6) without an owner.",
        "无负责人的漏斗阶段数（共6个）",
        always=True,
    )
    unowned_stage_names: str | None = F("text", "Comma-separated unowned stages.", "无负责人的阶段")
    window_start: str | None = F("period", "First month of the latest window.", "最近窗口起始月")
    window_end: str | None = F("period", "Last month of the latest window.", "最近窗口结束月")
    window_months: int = F("months", "Months in the latest window.", "最近窗口月数", always=True)
    revenue: float | None = F("money/month", "Revenue, all markets.", "全店月均销售额")
    orders: float | None = F("count/month", "Orders, all markets.", "全店月均订单")
    total_costs: float | None = F(
        "money/month", "All cost lines incl. shared ones.", "全店月均成本（含共享成本）"
    )
    shared_costs: float | None = F(
        "money/month", "Cost lines not assigned to a market (market ALL).", "未分摊到市场的成本"
    )
    contribution_margin: float | None = F("money/month", "revenue − total_costs.", "全店贡献利润")
    margin_rate: float | None = F("ratio", "contribution_margin ÷ revenue.", "全店贡献利润率")
    top_channel: str | None = F("text", "Channel with the most revenue.", "销售额最高的渠道")
    top_channel_share: float | None = F("ratio", "Its share of revenue.", "该渠道销售额占比")
    best_market: str | None = F("text", "Market with the highest margin_rate.", "利润率最高的市场")
    best_margin_rate: float | None = F("ratio", "That market's margin_rate.", "最高市场利润率")
    saas_spend: float | None = F(
        "money/month",
        "max(saas cost lines, sum of SaaS tool fees) — never both added.",
        "SaaS支出（成本行与订阅费取大者）",
    )
    saas_share: float | None = F("ratio", "saas_spend ÷ revenue.", "SaaS支出占销售额")
    currencies_count: int | None = F(
        "count", "Local currencies of the markets with revenue.", "销售市场本地币种数"
    )
    foreign_revenue_share: float | None = F(
        "ratio",
        "Revenue earned in markets whose local currency is not the report currency (FX exposure).",
        "本地币种非报告币种的市场销售额占比",
    )


class HistoryFact(Fact):
    """One per store: how much history there is, so changes can be measured (no_baseline)."""

    type: Literal["history"] = F("text", "Fact type.", "事实类型", always=True)
    months_of_data: int = F("months", "Distinct months in the funnel.", "漏斗数据月数", always=True)
    first_period: str | None = F("period", "First month of data.", "首月")
    last_period: str | None = F("period", "Last month of data.", "末月")
    period_gaps: int = F(
        "count",
        "Calendar months missing between first and last.",
        "首末月之间缺失的月数",
        always=True,
    )
    baselines_present: bool = F(
        "bool", "baselines.csv has at least one row.", "是否有基线", always=True
    )
    baseline_metrics: int = F("count", "Distinct baseline metrics.", "基线指标数", always=True)
    window_months: int = F("months", "Months in the latest window.", "最近窗口月数", always=True)
    prev_window_months: int = F(
        "months", "Months in the previous window (0 = none).", "上一窗口月数", always=True
    )
    has_previous_window: bool = F(
        "bool", "A full previous window exists.", "是否有完整上一窗口", always=True
    )
    orders_export_present: bool = F(
        "bool", "An orders table was given.", "是否提供订单明细", always=True
    )


class CashFact(Fact):
    """One per store: settlement, cash conversion cycle and runway (cash_cycle_strain)."""

    type: Literal["cash"] = F("text", "Fact type.", "事实类型", always=True)
    cash_on_hand: float | None = F("money", "Cash available now (store.yaml).", "现金余额")
    monthly_revenue: float = F("money/month", "Revenue, all markets.", "月均销售额", always=True)
    monthly_fixed_costs: float = F(
        "money/month", "Fixed costs from store.yaml (0 if not given).", "月固定成本", always=True
    )
    monthly_outgoings: float = F(
        "money/month", "All cost lines + monthly_fixed_costs.", "月均总支出", always=True
    )
    monthly_burn: float = F(
        "money/month",
        "monthly_outgoings − monthly_revenue; ≤ 0 means the store generates cash.",
        "月净消耗（≤0 表示净流入）",
        always=True,
    )
    cash_positive: bool = F("bool", "monthly_burn ≤ 0.", "是否现金净流入", always=True)
    runway_months: float | None = F(
        "months",
        "cash_on_hand ÷ monthly_burn; omitted when cash_positive or cash unknown.",
        "现金可支撑月数",
    )
    settlement_days: float | None = F(
        "days", "Settlement days, revenue-weighted over channels.", "按销售额加权的回款天数"
    )
    max_settlement_days: float | None = F(
        "days", "Slowest settlement among channels with revenue.", "最长回款天数"
    )
    slowest_channel: str | None = F("text", "Channel with max_settlement_days.", "回款最慢的渠道")
    unknown_settlement_channels: int = F(
        "count",
        "Channels with revenue but no settlement term.",
        "缺少回款周期的渠道数",
        always=True,
    )
    inventory_days: float | None = F("days", "Days of inventory (store.yaml).", "库存天数")
    payable_days: float | None = F("days", "Supplier payment terms (store.yaml).", "应付账期")
    cash_conversion_cycle: float | None = F(
        "days",
        "settlement_days + inventory_days − payable_days.",
        "现金周转周期 = 回款 + 库存 − 应付",
    )
    settlement_gap_cost: float | None = F(
        "money",
        "monthly_outgoings × max_settlement_days ÷ 30: cash paid out before the slowest payout.",
        "回款缺口 = 月支出 × 最长回款天数 ÷ 30",
    )
    working_capital_need: float | None = F(
        "money",
        "monthly_outgoings × cash_conversion_cycle ÷ 30.",
        "营运资金需求 = 月支出 × 现金周转周期 ÷ 30",
    )
    cash_cover_ratio: float | None = F(
        "multiple", "cash_on_hand ÷ settlement_gap_cost.", "现金覆盖回款缺口倍数"
    )


class _MarketBase(Fact):
    """One per market: unit economics of the latest window against the previous one."""

    type: Literal["market"] = F("text", "Fact type.", "事实类型", always=True)
    market: str = F("text", "ISO alpha-2 code.", "市场代码", always=True)
    region: str = F(
        "text", "EU, UK, NA, SEA, LATAM, ME, … (store.yaml or derived).", "区域", always=True
    )
    template_of: str | None = F(
        "text", "Market this one was copied from (store.yaml).", "复制来源市场"
    )
    launched: str | None = F("period", "Launch month (store.yaml).", "上线月份")
    currency: str | None = F(
        "text", "Local currency of the market (from the country code).", "市场本地币种"
    )
    months: int = F(
        "months",
        "Months with funnel data in the latest window.",
        "最近窗口有数据的月数",
        always=True,
    )
    orders: float = F("count/month", "Orders.", "月均订单", always=True)
    revenue: float = F("money/month", "Revenue.", "月均销售额", always=True)
    aov: float | None = F("money/order", "revenue ÷ orders.", "客单价")
    sessions: float | None = F("count/month", "Sessions.", "月均会话")
    conversion_rate: float | None = F("ratio", "orders ÷ sessions, all channels.", "转化率")
    bounce_rate: float | None = F("ratio", "bounced ÷ sessions, all channels.", "跳出率")
    new_customers: float | None = F(
        "count/month", "New customers (funnel, else orders table).", "月均新客"
    )
    returned_orders: float | None = F("count/month", "Returned orders.", "月均退货订单")
    total_costs: float = F(
        "money/month",
        "Sum of the market's cost lines (shared ALL lines excluded).",
        "月均总成本",
        always=True,
    )
    contribution_margin: float = F(
        "money/month", "revenue − total_costs.", "月均贡献利润", always=True
    )
    margin_rate: float | None = F("ratio", "contribution_margin ÷ revenue.", "贡献利润率")
    margin_before_ads: float = F(
        "money/month", "contribution_margin + cost_ads.", "广告前贡献利润", always=True
    )
    margin_before_ads_rate: float | None = F(
        "ratio", "margin_before_ads ÷ revenue.", "广告前贡献利润率"
    )
    breakeven_roas: float | None = F(
        "multiple",
        "1 ÷ margin_before_ads_rate; omitted when that is ≤ 0.",
        "盈亏平衡ROAS = 1 ÷ 广告前利润率",
    )
    roas: float | None = F("multiple", "revenue ÷ cost_ads.", "广告支出回报 ROAS")
    cac: float | None = F("money", "cost_ads ÷ new customers (see cac_basis).", "获客成本 CAC")
    cac_basis: str | None = F(
        "text",
        "new_customers (funnel), orders_export (first orders) or orders "
        "(no customer data: per order).",
        "CAC 口径",
    )
    return_rate: float | None = F("ratio", "returned_orders ÷ orders.", "退货率")
    reverse_logistics_per_order: float | None = F(
        "money/order", "cost_reverse_logistics ÷ orders.", "每单逆向物流成本"
    )
    reverse_logistics_per_return: float | None = F(
        "money/order", "cost_reverse_logistics ÷ returned_orders.", "每笔退货逆向物流成本"
    )
    refunds_per_order: float | None = F("money/order", "cost_refunds ÷ orders.", "每单退款成本")
    returns_cost_per_order: float | None = F(
        "money/order", "(reverse_logistics + refunds) ÷ orders.", "每单退货总成本"
    )
    repeat_rate: float | None = F(
        "ratio",
        "Orders export: 1 − customers ÷ orders over all history; "
        "else funnel repeat_orders ÷ orders.",
        "复购率",
    )
    orders_per_customer: float | None = F(
        "count",
        "Orders export: orders ÷ customers (all history); "
        "else 1 ÷ (1 − repeat_rate), capped at 10.",
        "每客订单数",
    )
    ltv: float | None = F(
        "money",
        "aov × margin_before_ads_rate × orders_per_customer "
        "(contribution LTV before acquisition cost).",
        "客户终身价值 LTV = 客单价 × 广告前利润率 × 每客订单数",
    )
    ltv_basis: str | None = F(
        "text", "orders_export or funnel: where orders_per_customer came from.", "LTV 口径"
    )
    ltv_cac_ratio: float | None = F("multiple", "ltv ÷ cac.", "LTV ÷ CAC")
    compliance_costs: float = F(
        "money/month",
        "cost_vat + cost_epr + cost_certification.",
        "合规成本（VAT+EPR+认证）",
        always=True,
    )
    compliance_share: float | None = F("ratio", "compliance_costs ÷ revenue.", "合规成本占销售额")
    ads_share: float | None = F("ratio", "cost_ads ÷ revenue (TACoS-like).", "广告费占销售额")
    payment_fees_share: float | None = F(
        "ratio", "cost_payment_fees ÷ revenue.", "支付手续费占销售额"
    )
    logistics_costs: float = F(
        "money/month", "fulfillment + shipping + warehousing.", "物流成本", always=True
    )
    logistics_share: float | None = F("ratio", "logistics_costs ÷ revenue.", "物流成本占销售额")
    fx_loss_share: float | None = F("ratio", "cost_fx_loss ÷ revenue.", "汇损占销售额")
    margin_rate_gap_to_best: float | None = F(
        "ratio change",
        "Best market's margin_rate − this margin_rate (0 for the best).",
        "与最佳市场利润率差",
    )
    template_conversion_rate: float | None = F(
        "ratio", "conversion_rate of the template_of market.", "来源市场转化率"
    )
    template_margin_rate: float | None = F(
        "ratio", "margin_rate of the template_of market.", "来源市场利润率"
    )
    prev_orders: float | None = F("count/month", "Orders, previous window.", "上一窗口月均订单")
    prev_revenue: float | None = F("money/month", "Revenue, previous window.", "上一窗口月均销售额")
    prev_aov: float | None = F("money/order", "AOV, previous window.", "上一窗口客单价")
    prev_conversion_rate: float | None = F(
        "ratio", "conversion_rate, previous window.", "上一窗口转化率"
    )
    prev_contribution_margin: float | None = F(
        "money/month", "Contribution margin, previous window.", "上一窗口贡献利润"
    )
    prev_margin_rate: float | None = F("ratio", "margin_rate, previous window.", "上一窗口利润率")
    prev_return_rate: float | None = F("ratio", "return_rate, previous window.", "上一窗口退货率")
    prev_reverse_logistics_per_order: float | None = F(
        "money/order", "Previous window.", "上一窗口每单逆向物流"
    )
    prev_refunds_per_order: float | None = F("money/order", "Previous window.", "上一窗口每单退款")
    prev_returns_cost_per_order: float | None = F(
        "money/order", "Previous window.", "上一窗口每单退货总成本"
    )
    orders_growth: float | None = F("growth", "orders ÷ prev_orders − 1.", "订单增长")
    revenue_growth: float | None = F("growth", "revenue ÷ prev_revenue − 1.", "销售额增长")
    margin_rate_change: float | None = F(
        "ratio change", "margin_rate − prev_margin_rate.", "利润率变化"
    )
    contribution_margin_change: float | None = F(
        "money/month", "contribution_margin − prev_contribution_margin.", "贡献利润变化"
    )
    return_rate_change: float | None = F(
        "ratio change", "return_rate − prev_return_rate.", "退货率变化"
    )
    returns_cost_per_order_change: float | None = F(
        "money/order", "returns_cost_per_order − prev_returns_cost_per_order.", "每单退货成本变化"
    )


def _cost_fields() -> dict[str, Any]:
    return {
        f"cost_{cat}": (
            float,
            F(
                "money/month",
                f"Cost lines of category {cat} (0.0 when none).",
                f"{cat} 类成本",
                always=True,
            ),
        )
        for cat in COST_CATEGORIES
    }


MarketFact: type[BaseModel] = create_model(
    "MarketFact", __base__=_MarketBase, __doc__=_MarketBase.__doc__, **_cost_fields()
)


def _rate_fields() -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for rate, (_num, _den, en, zh) in RATE_DEFS.items():
        fields[rate] = (float | None, F("ratio", f"{en}; omitted when the denominator is 0.", zh))
        fields[f"prev_{rate}"] = (
            float | None,
            F("ratio", f"{rate}, previous window.", f"上一窗口{zh.split(' ')[0]}"),
        )
        fields[f"delta_{rate}"] = (
            float | None,
            F("ratio change", f"{rate} − prev_{rate}.", f"{zh.split(' ')[0]}变化"),
        )
    return fields


class _FunnelBase(Fact):
    """One per market × channel: the stage counts and rates of the funnel, latest vs previous."""

    type: Literal["funnel"] = F("text", "Fact type.", "事实类型", always=True)
    market: str = F("text", "ISO alpha-2 code.", "市场", always=True)
    channel: str = F("text", "amazon, shopify, tiktok, …", "渠道", always=True)
    region: str = F("text", "Region of the market.", "区域", always=True)
    months: int = F(
        "months", "Months with data in the latest window.", "最近窗口有数据的月数", always=True
    )
    first_period: str = F(
        "period", "First month this market × channel has data.", "该市场渠道首月", always=True
    )
    impressions: float | None = F("count/month", "Impressions.", "月均曝光")
    clicks: float | None = F("count/month", "Clicks.", "月均点击")
    sessions: float | None = F("count/month", "Sessions.", "月均会话")
    bounced_sessions: float | None = F(
        "count/month", "Bounced sessions (or bounce_rate × sessions).", "月均跳出会话"
    )
    add_to_cart: float | None = F("count/month", "Add-to-carts.", "月均加购")
    checkouts: float | None = F("count/month", "Checkouts started.", "月均结账")
    orders: float = F("count/month", "Orders.", "月均订单", always=True)
    revenue: float = F("money/month", "Revenue.", "月均销售额", always=True)
    aov: float | None = F("money/order", "revenue ÷ orders.", "客单价")
    prev_sessions: float | None = F("count/month", "Sessions, previous window.", "上一窗口月均会话")
    prev_orders: float | None = F("count/month", "Orders, previous window.", "上一窗口月均订单")
    ads: float | None = F("money/month", "Ads cost lines naming this channel.", "该渠道月均广告费")
    roas: float | None = F("multiple", "revenue ÷ ads.", "渠道ROAS")
    margin_rate: float | None = F(
        "ratio", "The market's margin_rate (for impact formulas).", "所属市场利润率"
    )
    breakeven_roas: float | None = F(
        "multiple",
        "The market's breakeven_roas: ROAS below it loses money.",
        "所属市场盈亏平衡ROAS",
    )
    template_of: str | None = F("text", "Market this market was copied from.", "复制来源市场")
    template_conversion_rate: float | None = F(
        "ratio",
        "conversion_rate of the same channel in the template_of market.",
        "来源市场同渠道转化率",
    )
    best_conversion_rate: float | None = F(
        "ratio", "Highest conversion_rate of this channel across markets.", "该渠道各市场最高转化率"
    )
    conversion_rate_vs_best: float | None = F(
        "ratio", "conversion_rate ÷ best_conversion_rate.", "转化率 ÷ 最佳"
    )
    launched_in_data: bool = F(
        "bool",
        "first_period is after the store's first month (launch visible in the data).",
        "是否在数据期内上线",
        always=True,
    )
    launch_ads_monthly: float | None = F(
        "money/month",
        "Ads per month over its first window_months months (when launched_in_data).",
        "上线初期月均广告费",
    )
    has_pilot: bool = F(
        "bool",
        "A pilot for this market × channel started on or before first_period.",
        "上线前是否试点",
        always=True,
    )


FunnelFact: type[BaseModel] = create_model(
    "FunnelFact", __base__=_FunnelBase, __doc__=_FunnelBase.__doc__, **_rate_fields()
)


class CostFact(Fact):
    """One per market × cost category present in the latest window (market ALL = shared)."""

    type: Literal["cost"] = F("text", "Fact type.", "事实类型", always=True)
    market: str = F(
        "text",
        "ISO alpha-2 code, or ALL for lines not assigned to a market.",
        "市场（ALL=共享）",
        always=True,
    )
    category: str = F("text", "Cost category (ads, vat, …).", "费用类别", always=True)
    group: str = F(
        "text",
        "acquisition, platform, logistics, returns, payment, compliance, tax, localisation, "
        "tools, services, product, other.",
        "费用分组",
        always=True,
    )
    compliance: bool = F(
        "bool", "category is vat, epr or certification.", "是否合规成本", always=True
    )
    amount: float = F("money/month", "Cost per month.", "月均金额", always=True)
    share_of_revenue: float | None = F(
        "ratio", "amount ÷ the market's revenue (store revenue for ALL).", "占销售额"
    )
    prev_amount: float | None = F(
        "money/month", "Previous window (omitted when absent there).", "上一窗口月均金额"
    )
    amount_growth: float | None = F("growth", "amount ÷ prev_amount − 1.", "金额增长")


class ChannelFact(Fact):
    """One per channel: how concentrated the revenue is (single_channel_dependence)."""

    type: Literal["channel"] = F("text", "Fact type.", "事实类型", always=True)
    channel: str = F("text", "Channel.", "渠道", always=True)
    revenue: float = F("money/month", "Revenue, all markets.", "月均销售额", always=True)
    revenue_share: float | None = F(
        "ratio", "Share of store revenue in the latest window.", "销售额占比"
    )
    prev_revenue_share: float | None = F(
        "ratio", "Share in the previous window.", "上一窗口销售额占比"
    )
    orders: float = F("count/month", "Orders.", "月均订单", always=True)
    orders_share: float | None = F("ratio", "Share of store orders.", "订单占比")
    markets_count: int = F("count", "Markets selling on it.", "覆盖市场数", always=True)
    settlement_days: float | None = F("days", "Settlement term (store.yaml).", "回款天数")


class VendorFact(Fact):
    """One per vendor in store.yaml or named on a cost line (single_vendor_lock_in, hidden fees)."""

    type: Literal["vendor"] = F("text", "Fact type.", "事实类型", always=True)
    name: str = F("text", "Vendor name.", "服务商", always=True)
    in_profile: bool = F(
        "bool",
        "Listed in store.yaml (False: only seen on cost lines).",
        "是否在 store.yaml 中",
        always=True,
    )
    services: str | None = F("text", "Comma-separated services.", "服务内容")
    services_count: int = F("count", "Services it runs.", "服务项数", always=True)
    critical_services: str | None = F(
        "text", "Which of operations, ads_accounts, erp, data it holds.", "关键服务"
    )
    critical_services_count: int = F(
        "count", "Of operations, ads_accounts, erp, data.", "关键服务数", always=True
    )
    monthly_fee: float = F("money/month", "Fixed fee (store.yaml).", "月固定服务费", always=True)
    cost_lines: float = F(
        "money/month", "Cost lines naming the vendor.", "署名该服务商的月均成本", always=True
    )
    other_charges: float = F(
        "money/month",
        "Its cost lines in category other (unlisted extras).",
        "其他类（未列明）收费",
        always=True,
    )
    monthly_spend: float = F("money/month", "monthly_fee + cost_lines.", "月总支出", always=True)
    spend_share: float | None = F(
        "ratio",
        "monthly_spend ÷ (all cost lines + all vendors' fees). Book a fee in one place only.",
        "支出占全部成本",
    )
    data_export_allowed: bool | None = F(
        "bool", "Contract lets the store export its data.", "是否允许导出数据"
    )
    guaranteed_roi_claim: bool | None = F(
        "bool", "Vendor promised a guaranteed ROI.", "是否承诺保证ROI"
    )
    fees_itemised: bool | None = F(
        "bool", "Every fee is listed in the contract.", "费用是否逐项列明"
    )
    contract_months: int | None = F("months", "Contract length.", "合同期")
    notice_days: int | None = F("days", "Notice to end the contract.", "解约通知期")


class SaasToolFact(Fact):
    """One per SaaS subscription (tool_overspend)."""

    type: Literal["saas_tool"] = F("text", "Fact type.", "事实类型", always=True)
    name: str = F("text", "Tool name.", "工具", always=True)
    monthly_fee: float = F("money/month", "Monthly fee.", "月费", always=True)
    seats: int = F("count", "Seats paid for.", "席位数", always=True)
    active_users: int = F("count", "Seats used in the last 30 days.", "活跃用户", always=True)
    unused_seats: int = F("count", "seats − active_users (≥ 0).", "闲置席位", always=True)
    seat_utilisation: float | None = F("ratio", "active_users ÷ seats.", "席位使用率")
    fee_share_of_revenue: float | None = F("ratio", "monthly_fee ÷ store revenue.", "月费占销售额")


class StageFact(Fact):
    """One per funnel stage: owner and whether the data measures it (stage_without_owner)."""

    type: Literal["stage"] = F("text", "Fact type.", "事实类型", always=True)
    stage: str = F(
        "text",
        "traffic, landing, conversion, fulfilment, repeat, referral.",
        "漏斗阶段",
        always=True,
    )
    owner: str | None = F("text", "Owner (store.yaml).", "负责人")
    owned: bool = F("bool", "An owner is named.", "是否有负责人", always=True)
    metrics_present: int = F(
        "count", "Funnel columns of this stage with any value.", "有数据的指标列数", always=True
    )
    data_present: bool = F("bool", "metrics_present > 0.", "是否有数据", always=True)


class PilotFact(Fact):
    """One per pilot in store.yaml (skipped_test_phase)."""

    type: Literal["pilot"] = F("text", "Fact type.", "事实类型", always=True)
    market: str = F("text", "Market.", "市场", always=True)
    channel: str = F("text", "Channel.", "渠道", always=True)
    start: str = F("period", "First month.", "开始月", always=True)
    budget: float = F("money", "Budget.", "预算", always=True)
    before_launch: bool = F(
        "bool",
        "start ≤ the market × channel's first month in the data.",
        "是否早于上线",
        always=True,
    )


class BaselineFact(Fact):
    """One per baselines.csv row, with the current value of that metric where a fact has it."""

    type: Literal["baseline"] = F("text", "Fact type.", "事实类型", always=True)
    metric: str = F("text", "A fact field name (conversion_rate, roas, …).", "指标", always=True)
    scope: str = F(
        "text", "funnel (market + channel), market, channel, or store.", "范围", always=True
    )
    market: str | None = F("text", "Market.", "市场")
    channel: str | None = F("text", "Channel.", "渠道")
    value: float = F("as metric", "Agreed target.", "基线值", always=True)
    actual: float | None = F(
        "as metric", "Current value of the metric in the matching fact.", "当前值"
    )
    gap: float | None = F("as metric", "actual − value.", "差值")
    found: bool = F(
        "bool", "A fact with this metric exists for the scope.", "是否找到对应指标", always=True
    )


class DataQualityFact(Fact):
    """One per reconciliation problem found in the data and per bundle warning."""

    type: Literal["data_quality"] = F("text", "Fact type.", "事实类型", always=True)
    kind: str = F(
        "text",
        "orders_mismatch, revenue_mismatch, sessions_below_orders, add_to_cart_below_orders, "
        "checkouts_below_orders, "
        "period_gap, costs_without_funnel, or a bundle warning code.",
        "问题类型",
        always=True,
    )
    severity: str = F("text", "warning or info.", "严重程度", always=True)
    source: str = F(
        "text", "derived (reconciliation) or bundle (reader warning).", "来源", always=True
    )
    message: str = F("text", "What is wrong, in English.", "说明", always=True)
    market: str | None = F("text", "Market.", "市场")
    channel: str | None = F("text", "Channel.", "渠道")
    period: str | None = F("period", "Latest month affected.", "涉及的最近月份")
    metric: str | None = F("text", "Column or metric affected.", "涉及指标")
    count: int = F("count", "Months (or rows) affected.", "涉及月数/行数", always=True)
    value: float | None = F("as metric", "Value found (e.g. orders in the export).", "实际值")
    expected: float | None = F(
        "as metric", "Value it should match (e.g. orders in the funnel).", "应有值"
    )
