"""A realistic sample Diagnosis (zh or en texts) for report tests and example reports."""

from __future__ import annotations

from typing import Any

from diagnoser.model import Diagnosis, Evidence, Finding, Impact, Period, Scope, Skipped, ToolInfo

CUR = "USD"

TEXT: dict[str, dict[str, Any]] = {
    "zh": {
        "CMP001": ("德国市场成本中缺少合规费用（VAT、EPR、认证）",
                   "德国站近 4 个月的费用中 VAT、EPR 与产品认证均为 0。按 19% 增值税估算，真实贡献利润为负，目前的定价和投放决策建立在虚高的利润上。",
                   ["向税务代理确认德国 VAT 注册号与申报周期，补录近 4 个月已缴或应缴的 VAT",
                    "在 LUCID 系统核对包装 EPR 注册号，并补录 EPR 年费",
                    "补录 CE 等产品认证费用，按月分摊进成本",
                    "补录后重新计算德国市场的贡献利润与广告盈亏平衡 ROAS"],
                   "财务", "按德国收入 × 19% 估算的月均增值税",
                   ["已记录 VAT（月均）", "已记录 EPR（月均）"]),
        "ECO002": ("英国 TikTok 渠道获客成本高于客户终身价值",
                   "英国 TikTok Shop 每获得一位客户花费 58 美元，而客户终身价值只有 41 美元，每多卖一单就多亏一笔。",
                   ["先暂停 ROAS 低于盈亏平衡点的广告组，保留投放数据",
                    "按素材与人群拆分 CAC，只保留 CAC 低于 LTV 的组合",
                    "评估提价或组合装以提高客单价"],
                   "广告投放", "（CAC − LTV）× 月新客数",
                   ["获客成本 CAC", "客户终身价值 LTV"]),
        "LND001": ("德国独立站落地页跳出率过高",
                   "德国 Shopify 独立站 71% 的访问直接跳出，远高于 45% 的行业基准；广告带来的流量在承接环节大量流失。",
                   ["检查广告落地页与广告文案是否一致（语言、价格、促销）",
                    "将落地页首屏改为德语本地化版本，并展示运费与退货政策",
                    "用 PageSpeed 检测移动端加载速度，目标 3 秒内",
                    "对首屏做 A/B 测试，两周后复盘跳出率"],
                   "运营", "流失访问 × 基准转化率 × 客单价",
                   ["跳出率", "访问数"]),
        "CSH001": ("回款周期长，资金周转承压",
                   "各渠道加权回款天数为 45 天，高于 30 天的客户设定；现金只够覆盖约 2.1 个月的固定成本与备货。",
                   ["按渠道列出回款周期与在途金额", "与 PayPal 协商解除资金冻结，或改用 T+1 结算的收款方式",
                    "调整备货节奏，把库存天数压到 60 天以内"],
                   "财务", "属于资金占用而非月度损失，无法折算为月度金额",
                   ["加权回款天数", "现金可支撑月数"]),
        "RET001": ("美国亚马逊退货率上升，逆向物流侵蚀利润",
                   "美国亚马逊订单增长，但退货率达到 14%，逆向物流费用占收入 6%，利润随订单增长反而下降。",
                   ["按 ASIN 拆分退货原因，找出退货率最高的 5 个商品",
                    "修正详情页中尺寸、材质等与实物不符的描述", "评估退货不退件（returnless refund）的阈值"],
                   "客服", "超出基准的退货单数 × 单均逆向物流成本",
                   ["退货率", "逆向物流占收入比"]),
        "BAS001": ("历史数据不足，缺少可对比的基线",
                   "只有 4 个月的数据，且未设定各环节的目标值，改进效果难以衡量。",
                   ["补齐近 12 个月的订单与广告数据", "为每个漏斗环节设定目标值并写入 store.yaml"],
                   "运营", "基线缺失本身不产生直接损失",
                   ["数据月数"]),
        "quality": "orders.xlsx 中有 37 行缺少市场字段，已计入“未知”市场",
        "quality_fix": "在导出时勾选“站点”列后重新导出",
        "skipped": "数据包中没有评价数据",
        "store": "Lumen Home 卢门家居",
    },
    "en": {
        "CMP001": ("Compliance costs (VAT, EPR, certification) missing from the German cost base",
                   "VAT, EPR and product certification are all zero in the German costs of the last 4 months. At 19% VAT the real contribution margin is negative, so pricing and ad spend rest on an inflated margin.",
                   ["Confirm the German VAT number and filing cycle with the tax agent; record VAT paid or due for the last 4 months",
                    "Check the packaging EPR registration in LUCID and record the annual EPR fee",
                    "Record CE and other certification fees, spread monthly",
                    "Recompute the German contribution margin and break-even ROAS"],
                   "Finance", "German revenue × 19% VAT, monthly",
                   ["VAT recorded (monthly)", "EPR recorded (monthly)"]),
        "ECO002": ("UK TikTok customers cost more to win than they are worth",
                   "UK TikTok Shop spends $58 to win a customer whose lifetime value is $41: every extra sale deepens the loss.",
                   ["Pause ad sets with ROAS below break-even first, and keep their data",
                    "Split CAC by creative and audience; keep only combinations with CAC below LTV",
                    "Test a price rise or bundles to lift AOV"],
                   "Ads team", "(CAC − LTV) × new customers per month",
                   ["CAC", "LTV"]),
        "LND001": ("Landing pages of the German Shopify store lose most visitors",
                   "71% of sessions on the German Shopify store bounce, far above the 45% benchmark; paid traffic is lost at the landing stage.",
                   ["Check that landing pages match the ads (language, price, offer)",
                    "Make the first screen German and show shipping and returns terms",
                    "Test mobile load time with PageSpeed; aim for under 3 seconds",
                    "A/B test the first screen and review the bounce rate after two weeks"],
                   "Operations", "Lost sessions × benchmark conversion × AOV",
                   ["Bounce rate", "Sessions"]),
        "CSH001": ("Long settlement cycles strain cash",
                   "Cash arrives 45 days after a sale on average, above the 30 days the client set; cash covers about 2.1 months of fixed costs and stock.",
                   ["List settlement days and money in transit per channel",
                    "Ask PayPal to lift the reserve, or move to a T+1 collection route",
                    "Re-plan stock purchases to keep inventory under 60 days"],
                   "Finance", "Cash tied up, not a monthly loss; no monthly amount",
                   ["Weighted settlement days", "Months of cash runway"]),
        "RET001": ("Returns on Amazon US drive reverse-logistics costs up",
                   "Amazon US orders grow, but 14% come back and reverse logistics takes 6% of revenue, so profit falls as orders rise.",
                   ["Split returns by ASIN and reason; find the 5 worst products",
                    "Fix listing details (size, material) that differ from the product",
                    "Evaluate a returnless-refund threshold"],
                   "Customer service", "Returns above benchmark × reverse-logistics cost per return",
                   ["Return rate", "Reverse logistics / revenue"]),
        "BAS001": ("No baseline to measure against",
                   "Only 4 months of data and no targets per stage, so improvements cannot be measured.",
                   ["Export 12 months of orders and ads data",
                    "Set a target for each funnel stage in store.yaml"],
                   "Operations", "A missing baseline costs nothing directly",
                   ["Months of data"]),
        "quality": "37 rows of orders.xlsx have no market; they are counted under 'unknown'",
        "quality_fix": "Tick the 'marketplace' column when exporting and export again",
        "skipped": "The bundle has no review data",
        "store": "Lumen Home",
    },
}

# rule: (pattern, severity, priority, score, stage, market, channel, impact, confidence, evidence specs)
RULES: list[tuple[str, str, str, str, float, str, str | None, str | None, float | None, float, list[tuple[str, Any, str, Any, str | None]]]] = [
    ("CMP001", "missing_compliance_costs", "critical", "P0", 96.0, "cost", "DE", None, 7980.0, 0.9,
     [("m.cost_vat", 0.0, "money", 7980.0, "EU VAT 19% (DE)"), ("m.cost_epr", 0.0, "money", 150.0, "stiftung-ear.de")]),
    ("ECO002", "cac_above_ltv", "high", "P1", 88.0, "traffic", "GB", "tiktok", 3400.0, 0.7,
     [("m.cac", 58.0, "money", 41.0, None), ("m.ltv", 41.0, "money", None, None)]),
    ("LND001", "high_landing_bounce", "high", "P1", 84.0, "landing", "DE", "shopify", 4300.0, 0.85,
     [("f.bounce_rate", 0.71, "ratio", 0.45, "CXL e-commerce average bounce rate 45.68%"), ("f.sessions", 18400, "count", 1000, None)]),
    ("CSH001", "cash_cycle_strain", "high", "P1", 70.0, "cash", None, None, None, 0.6,
     [("s.settlement_days", 45, "days", 30, "client config"), ("s.runway_months", 2.1, "months", 3, None)]),
    ("RET001", "return_driven_reverse_logistics", "medium", "P2", 55.0, "fulfilment", "US", "amazon", 2150.0, 0.8,
     [("m.return_rate", 0.14, "ratio", 0.10, "getattribute.com return-rate benchmarks"), ("m.reverse_share", 0.06, "ratio", 0.03, None)]),
    ("BAS001", "no_baseline", "low", "P3", 20.0, "data", None, None, None, 1.0,
     [("h.months_of_data", 4, "months", 6, None)]),
]  # fmt: skip

FUNNEL = [
    {"market": "DE", "channel": "shopify", "impressions": 820000, "clicks": 9840, "sessions": 18400, "bounced_sessions": 13064,
     "add_to_cart": 736, "checkouts": 331, "orders": 152, "revenue": 6230.0, "ctr": 0.012, "bounce_rate": 0.71},
    {"market": "DE", "channel": "amazon", "impressions": 1250000, "clicks": 4375, "sessions": 21900, "orders": 2190, "revenue": 87450.0},
    {"market": "US", "channel": "amazon", "impressions": 2900000, "clicks": 11600, "sessions": 64000, "orders": 7040, "revenue": 366080.0},
    {"market": "GB", "channel": "tiktok", "impressions": 1500000, "clicks": 22500, "sessions": 19800, "bounced_sessions": 11286,
     "add_to_cart": 990, "checkouts": 420, "orders": 230, "revenue": 10350.0},
]  # fmt: skip
MARKETS = [
    {"market": "DE", "region": "EU", "orders": 2342, "revenue": 93680.0, "aov": 40.0, "conversion_rate": 0.058, "return_rate": 0.08,
     "cac": 22.0, "ltv": 64.0, "roas": 5.1, "cost_ads": 18200.0, "cost_commission": 9100.0, "cost_fulfillment": 11400.0,
     "cost_shipping": 7900.0, "cost_warehousing": 2300.0, "cost_reverse_logistics": 1900.0, "cost_refunds": 2600.0,
     "cost_payment_fees": 1200.0, "cost_fx_loss": 650.0, "cost_vat": 0.0, "cost_duties": 1100.0, "cost_epr": 0.0,
     "cost_certification": 0.0, "cost_localization": 400.0, "cost_kyc": 0.0, "cost_saas": 900.0, "cost_agency": 3000.0,
     "cost_cogs": 28000.0, "cost_other": 300.0, "total_costs": 88950.0, "contribution_margin": 4730.0, "margin_rate": 0.0505},
    {"market": "US", "region": "NA", "orders": 7040, "revenue": 366080.0, "aov": 52.0, "conversion_rate": 0.11, "return_rate": 0.14,
     "cac": 31.0, "ltv": 88.0, "roas": 6.0, "cost_ads": 61000.0, "cost_commission": 54900.0, "cost_fulfillment": 58500.0,
     "cost_shipping": 21000.0, "cost_warehousing": 7400.0, "cost_reverse_logistics": 9800.0, "cost_refunds": 14600.0,
     "cost_payment_fees": 2100.0, "cost_fx_loss": 1800.0, "cost_duties": 9200.0, "cost_cogs": 98000.0, "cost_saas": 1200.0,
     "cost_agency": 4000.0, "cost_other": 900.0, "total_costs": 344400.0, "contribution_margin": 21680.0, "margin_rate": 0.0592},
    {"market": "GB", "region": "UK", "orders": 230, "revenue": 10350.0, "aov": 45.0, "conversion_rate": 0.0116, "return_rate": 0.05,
     "cac": 58.0, "ltv": 41.0, "roas": 1.33, "cost_ads": 7800.0, "cost_commission": 520.0, "cost_fulfillment": 1300.0,
     "cost_shipping": 900.0, "cost_vat": 1720.0, "cost_payment_fees": 210.0, "cost_cogs": 3100.0,
     "total_costs": 15550.0, "contribution_margin": -5200.0, "margin_rate": -0.502},
]  # fmt: skip
THRESHOLDS = [
    {"rule_id": "LND001", "param": "max_bounce_rate", "value": 0.45, "source": "CXL e-commerce average bounce rate 45.68%", "client": False},
    {"rule_id": "LND001", "param": "min_sessions", "value": 1000, "source": "diagnoser default", "client": False},
    {"rule_id": "CMP001", "param": "vat_rate_de", "value": 0.19, "source": "EU VAT 19% (DE)", "client": False},
    {"rule_id": "CSH001", "param": "max_settlement_days", "value": 30, "source": "client config", "client": True},
    {"rule_id": "RET001", "param": "max_return_rate", "value": 0.10, "source": "getattribute.com return-rate benchmarks", "client": False},
    {"rule_id": "ECO002", "param": "min_ltv_cac_ratio", "value": 1.0, "source": "diagnoser default", "client": False},
    {"rule_id": "BAS001", "param": "min_months", "value": 6, "source": "diagnoser default", "client": False},
]  # fmt: skip


def sample_diagnosis(lang: str = "zh", *, store_name: str | None = None, without: tuple[str, ...] = ()) -> Diagnosis:
    """The sample store's diagnosis; ``without`` drops rules (as after the data is fixed)."""
    text = TEXT[lang]
    findings = []
    for rule_id, pattern, severity, priority, score, stage, market, channel, amount, confidence, evidence in RULES:
        if rule_id in without:
            continue
        title, summary, steps, owner, basis, labels = text[rule_id]
        findings.append(
            Finding(
                rule_id=rule_id, pattern=pattern, severity=severity, priority=priority, priority_score=score,  # type: ignore[arg-type]
                stage=stage, scope=Scope(market=market, channel=channel), title=title, summary=summary,
                evidence=[
                    Evidence(field=f, label=labels[i] if i < len(labels) else f, value=v, unit=u, threshold=th,
                             threshold_name=f"params.{f.split('.')[-1]}", source=src)
                    for i, (f, v, u, th, src) in enumerate(evidence)
                ],
                impact=Impact(amount=amount, currency=CUR, basis=basis), confidence=confidence,
                remediation=steps, owner=owner, fact_ids=[f"{rule_id.lower()}-1"],
            )
        )  # fmt: skip
    return Diagnosis(
        tool=ToolInfo(version="0.1.0"),
        store={"name": store_name or text["store"], "report_currency": CUR, "platforms": ["amazon", "shopify", "tiktok"]},
        period=Period(start="2025-07", end="2025-10"),
        language=lang,
        findings=findings,
        passed=["FUN001", "FUN004", "ADS002", "PAY001", "VND001", "SAS001", "LOC001", "CHN001"],
        skipped=[Skipped(rule_id="REV001", reason=text["skipped"])],
        data_quality=[
            {"severity": "warning", "code": "missing_market", "message": text["quality"], "fix": text["quality_fix"],
             "file": "orders.xlsx", "sheet": "Orders", "column": "market"}
        ],  # fmt: skip
        thresholds=THRESHOLDS,
        facts={"funnel": FUNNEL, "market": MARKETS, "history": [{"months_of_data": 4, "first_period": "2025-07", "last_period": "2025-10"}]},
    )
