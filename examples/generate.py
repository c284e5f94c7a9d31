"""Regenerate the example store bundles: ``python examples/generate.py``.

Every example starts from the same healthy mid-size seller (Lumen Home: home & kitchen
gadgets from Shenzhen, US/DE/GB/FR on Amazon and a Shopify store) and changes one thing,
so each pattern store shows its pattern and is otherwise healthy. Numbers are deterministic
(no random noise) so each README can quote the exact facts the rules will see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

HERE = Path(__file__).parent
PERIODS = [
    f"{y}-{m:02d}"
    for y, m in [(2025, 10), (2025, 11), (2025, 12)] + [(2026, m) for m in range(1, 10)]
]
SEASON = dict(
    zip(PERIODS, [1.0, 1.25, 1.2, 0.85, 0.85, 0.9, 0.92, 0.95, 1.0, 1.05, 0.98, 1.0], strict=True)
)
GROWTH = 0.01  # per month
FX = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "CNY": 0.14}
CURRENCY = {"US": "USD", "DE": "EUR", "FR": "EUR", "GB": "GBP"}
VAT_IN_GROSS = {"DE": 0.19 / 1.19, "FR": 0.20 / 1.20, "GB": 0.20 / 1.20}
EPR = {
    "DE": 180.0,
    "FR": 150.0,
    "GB": 120.0,
}  # per month, local currency (packaging + WEEE schemes)
CERTIFICATION = 250.0  # CE/UKCA test reports amortised per month, local currency

# Channel behaviour: ctr, bounce, add-to-cart per engaged session, checkouts per add-to-cart,
# orders per engaged session, returns, reviews, repeat, referral; cost rates on revenue.
CHANNELS: dict[str, dict[str, float]] = {
    "amazon": dict(
        ctr=0.004,
        bounce=0.38,
        atc_rate=0.17,
        checkout=0.80,
        conv=0.11,
        returns=0.05,
        reviews=0.07,
        repeat=0.22,
        referral=0.01,
        commission=0.15,
        fulfillment=0.11,
        shipping=0.0,
        ads=0.08,
        payment=0.0,
    ),
    "shopify": dict(
        ctr=0.015,
        bounce=0.42,
        atc_rate=0.10,
        checkout=0.45,
        conv=0.022,
        returns=0.045,
        reviews=0.07,
        repeat=0.28,
        referral=0.03,
        commission=0.0,
        fulfillment=0.0,
        shipping=0.10,
        ads=0.12,
        payment=0.029,
    ),
    "tiktok": dict(
        ctr=0.012,
        bounce=0.45,
        atc_rate=0.07,
        checkout=0.55,
        conv=0.018,
        returns=0.06,
        reviews=0.04,
        repeat=0.15,
        referral=0.05,
        commission=0.08,
        fulfillment=0.12,
        shipping=0.0,
        ads=0.15,
        payment=0.0,
    ),
}
# market, channel, sessions per month at season 1.0, AOV in local currency
LINES = [
    ("US", "amazon", 30000, 38.0),
    ("US", "shopify", 88000, 46.0),
    ("DE", "amazon", 16000, 36.0),
    ("DE", "shopify", 30000, 42.0),
    ("GB", "amazon", 12000, 32.0),
    ("GB", "shopify", 20000, 38.0),
    ("FR", "amazon", 9000, 35.0),
    ("FR", "shopify", 13000, 41.0),
]


def base_profile() -> dict[str, Any]:
    return {
        "name": "Lumen Home",
        "report_currency": "USD",
        "language": "zh",
        "platforms": ["amazon", "shopify"],
        "markets": [{"code": "US"}, {"code": "DE"}, {"code": "GB"}, {"code": "FR"}],
        "vendors": [
            {
                "name": "YunExpress",
                "services": ["logistics"],
                "monthly_fee": 0,
                "data_export_allowed": True,
                "contract_months": 12,
                "notice_days": 30,
            },
            {
                "name": "PingPong",
                "services": ["payments"],
                "monthly_fee": 0,
                "data_export_allowed": True,
                "contract_months": 0,
                "notice_days": 0,
            },
            {
                "name": "TaxBridge EU",
                "services": ["vat_filing", "epr", "localization"],
                "monthly_fee": 0,
                "data_export_allowed": True,
                "contract_months": 12,
                "notice_days": 30,
            },
            {
                "name": "Lingxing ERP",
                "services": ["erp", "data"],
                "monthly_fee": 0,
                "data_export_allowed": True,
                "contract_months": 12,
                "notice_days": 30,
            },
        ],
        "settlement_days": {"amazon": 14, "shopify": 3},
        "cash_on_hand": 450000,
        "monthly_fixed_costs": 38000,
        "inventory_days": 60,
        "payable_days": 45,
        "stage_owners": {
            "traffic": "ads team (投放组)",
            "landing": "site operations (独立站运营)",
            "conversion": "operations (运营)",
            "fulfilment": "supply chain (供应链)",
            "repeat": "customer service (客服)",
            "referral": "CRM (私域)",
        },
        "saas_tools": [
            {"name": "Lingxing ERP", "monthly_fee": 599, "seats": 8, "active_users": 7},
            {"name": "Gorgias", "monthly_fee": 199, "seats": 4, "active_users": 4},
        ],
        "pilots": [{"market": "FR", "channel": "shopify", "start": "2025-03", "budget": 3000}],
    }


@dataclass
class Spec:
    """One example store: the healthy base plus hooks that change it."""

    folder: str
    periods: list[str] = field(default_factory=lambda: list(PERIODS))
    lines: list[tuple[str, str, int, float]] = field(default_factory=lambda: list(LINES))
    scale: float = 1.0
    profile: Callable[[dict[str, Any]], None] = lambda p: None
    funnel: Callable[[pd.DataFrame], None] = lambda f: None  # edits the parameter frame in place
    costs: Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame] = lambda c, f: c
    compliance_markets: tuple[str, ...] = ("DE", "FR", "GB")
    baselines: bool = True
    return_cost: float = 5.0  # reverse logistics per returned order, local currency
    refund_loss: float = 0.35  # share of a returned order's value not recovered


def parameters(spec: Spec) -> pd.DataFrame:
    """One row per period × market × channel with every rate the funnel is built from."""
    lines = pd.DataFrame(spec.lines, columns=["market", "channel", "base_sessions", "aov"])
    grid = lines.merge(pd.DataFrame({"period": spec.periods}), how="cross")
    rates = pd.DataFrame.from_dict(CHANNELS, orient="index").rename_axis("channel").reset_index()
    grid = grid.merge(rates, on="channel")
    step = grid["period"].map({p: i for i, p in enumerate(PERIODS)})
    grid["sessions"] = (
        grid["base_sessions"] * spec.scale * grid["period"].map(SEASON) * (1 + GROWTH) ** step
    )
    # Rates per engaged (non-bounced) session, so a bounce change moves everything below it.
    grid["atc_e"] = grid["atc_rate"] / (1 - grid["bounce"])
    grid["conv_e"] = grid["conv"] / (1 - grid["bounce"])
    grid["planned_revenue"] = grid["sessions"] * grid["conv"] * grid["aov"]
    return grid


def funnel_table(p: pd.DataFrame) -> pd.DataFrame:
    s = p["sessions"].round()
    bounced = (s * p["bounce"]).round()
    engaged = s - bounced
    orders = (engaged * p["conv_e"]).round()
    atc = (engaged * p["atc_e"]).round()
    clicks = (s * 0.8).round()
    repeat = (orders * p["repeat"]).round()
    return pd.DataFrame(
        {
            "period": p["period"],
            "market": p["market"],
            "channel": p["channel"],
            "impressions": (clicks / p["ctr"]).round(),
            "clicks": clicks,
            "sessions": s,
            "bounced_sessions": bounced,
            "add_to_cart": atc,
            "checkouts": (atc * p["checkout"]).round(),
            "orders": orders,
            "revenue": (orders * p["aov"]).round(2),
            "currency": p["market"].map(CURRENCY),
            "fulfilled_orders": (orders * 0.995).round(),
            "returned_orders": (orders * p["returns"]).round(),
            "reviews": (orders * p["reviews"]).round(),
            "new_customers": orders - repeat,
            "repeat_orders": repeat,
            "referral_orders": (orders * p["referral"]).round(),
        }
    ).astype(
        {
            c: "int64"
            for c in (
                "impressions",
                "clicks",
                "sessions",
                "bounced_sessions",
                "add_to_cart",
                "checkouts",
                "orders",
                "fulfilled_orders",
                "returned_orders",
                "reviews",
                "new_customers",
                "repeat_orders",
                "referral_orders",
            )
        }
    )


def cost_table(spec: Spec, p: pd.DataFrame, f: pd.DataFrame) -> pd.DataFrame:
    """Cost lines in local currency (COGS in CNY, shared tools in USD), like a seller's ledger."""
    line = f[["period", "market", "channel", "revenue", "orders", "returned_orders"]].copy()
    line = line.join(
        p[["commission", "fulfillment", "shipping", "ads", "payment", "planned_revenue", "aov"]]
    )
    parts = []

    def add(
        frame: pd.DataFrame,
        category: str,
        amount: pd.Series,
        channel: bool,
        vendor: str = "",
        currency: Any = None,
    ) -> None:
        parts.append(
            pd.DataFrame(
                {
                    "period": frame["period"],
                    "market": frame["market"],
                    "channel": frame["channel"] if channel else "",
                    "category": category,
                    "amount": amount.round(2),
                    "currency": frame["market"].map(CURRENCY) if currency is None else currency,
                    "vendor": vendor,
                }
            )
        )

    for category, rate_col, vendor in (
        ("commission", "commission", ""),
        ("fulfillment", "fulfillment", ""),
        ("shipping", "shipping", "YunExpress"),
    ):
        rows = line[line[rate_col] > 0]
        add(rows, category, rows["revenue"] * rows[rate_col], True, vendor)
    # Ad budgets follow traffic (cost per click), not results.
    add(line, "ads", line["planned_revenue"] * line["ads"], True)
    shop = line[line["payment"] > 0]
    add(shop, "payment_fees", shop["revenue"] * shop["payment"] + 0.30 * shop["orders"], True)

    m = line.groupby(["period", "market"], as_index=False)[
        ["revenue", "orders", "returned_orders"]
    ].sum()
    aov = m["revenue"] / m["orders"]
    add(m, "warehousing", m["revenue"] * 0.015, False)
    add(
        m,
        "cogs",
        m["revenue"] * 0.27 * m["market"].map(CURRENCY).map(FX) / FX["CNY"],
        False,
        currency="CNY",
    )
    add(m, "reverse_logistics", m["returned_orders"] * spec.return_cost, False)
    add(m, "refunds", m["returned_orders"] * aov * spec.refund_loss, False)
    us = m[m["market"] == "US"]
    add(us, "duties", us["revenue"] * 0.10, False)  # tariffs on China-made goods
    foreign = m[m["market"] != "US"]
    add(foreign, "fx_loss", foreign["revenue"] * 0.005, False, "PingPong")
    eu = m[m["market"].isin(spec.compliance_markets)]
    add(eu, "vat", eu["revenue"] * eu["market"].map(VAT_IN_GROSS), False)
    add(eu, "epr", eu["market"].map(EPR), False, "TaxBridge EU")
    add(eu, "certification", pd.Series(CERTIFICATION, index=eu.index), False)
    loc = m[m["market"] != "US"]
    add(loc, "localization", pd.Series(350.0, index=loc.index), False, "TaxBridge EU")
    # SaaS tools are paid from HQ and sit in monthly_fixed_costs (store.yaml), not here.
    costs = pd.concat(parts, ignore_index=True)
    costs = spec.costs(costs, line)
    return costs.sort_values(
        ["period", "market", "channel", "category", "vendor"], kind="stable"
    ).reset_index(drop=True)


def baseline_table(f: pd.DataFrame) -> pd.DataFrame:
    """Targets agreed a year ago: slightly below what the store does now."""
    rows = [
        ("conversion_rate", m, c, r)
        for (m, c), r in [
            (("US", "amazon"), 0.10),
            (("US", "shopify"), 0.02),
            (("DE", "amazon"), 0.10),
            (("DE", "shopify"), 0.02),
            (("GB", "amazon"), 0.10),
            (("GB", "shopify"), 0.02),
            (("FR", "amazon"), 0.10),
            (("FR", "shopify"), 0.02),
        ]
    ]
    rows += [("bounce_rate", m, "shopify", 0.45) for m in ("US", "DE", "GB", "FR")]
    rows += [("margin_rate", m, "", 0.15) for m in ("US", "DE", "GB", "FR")]
    rows += [("return_rate", m, "", 0.06) for m in ("US", "DE", "GB", "FR")]
    rows += [("roas", m, "", 6.0) for m in ("US", "DE", "GB", "FR")]
    return pd.DataFrame(rows, columns=["metric", "market", "channel", "value"])


def write(spec: Spec) -> Path:
    out = HERE / spec.folder
    out.mkdir(parents=True, exist_ok=True)
    profile = base_profile()
    if spec.folder != "healthy-store":
        profile["name"] = f"Lumen Home ({spec.folder})"
    spec.profile(profile)
    p = parameters(spec)
    spec.funnel(p)
    f = funnel_table(p)
    costs = cost_table(spec, p, f)
    f.to_csv(out / "funnel.csv", index=False)
    costs.to_csv(out / "costs.csv", index=False, float_format="%.2f")
    pd.DataFrame({"currency": list(FX), "rate": list(FX.values()), "period": ""}).to_csv(
        out / "fx.csv", index=False
    )
    if spec.baselines:
        baseline_table(f).to_csv(out / "baselines.csv", index=False)
    elif (out / "baselines.csv").exists():
        (out / "baselines.csv").unlink()
    header = (
        f"# {spec.folder}: store profile (see docs/bundle.md). Amounts in the report currency.\n"
    )
    text = yaml.safe_dump(profile, allow_unicode=True, sort_keys=False)
    (out / "store.yaml").write_text(header + text, encoding="utf-8")
    return out


# --- the patterns ------------------------------------------------------------------------
LATEST = ["2026-07", "2026-08", "2026-09"]


def _bounce(p: pd.DataFrame) -> None:
    """DE Shopify: a new landing page and broad-match traffic from 2026-07; bounce 0.71."""
    hit = (p["market"] == "DE") & (p["channel"] == "shopify") & p["period"].isin(LATEST)
    p.loc[hit, "bounce"] = 0.71


def _returns_funnel(p: pd.DataFrame) -> None:
    """DE: an apparel line pushed hard from 2026-07: +35% traffic, returns 0.22 (Amazon) / 0.24."""
    hit = (p["market"] == "DE") & p["period"].isin(LATEST)
    p.loc[hit, "sessions"] *= 1.35
    p.loc[hit, "planned_revenue"] *= 1.35
    p.loc[hit & (p["channel"] == "amazon"), "returns"] = 0.22
    p.loc[hit & (p["channel"] == "shopify"), "returns"] = 0.24


def _returns_costs(c: pd.DataFrame, line: pd.DataFrame) -> pd.DataFrame:
    """Returns of the new line come back by post to a DE returns partner: 9 EUR per return,
    and 60% of the value is lost (opened apparel cannot be resold as new)."""
    hit = (c["market"] == "DE") & c["period"].isin(LATEST)
    rl = hit & (c["category"] == "reverse_logistics")
    c.loc[rl, "amount"] = (c.loc[rl, "amount"] / 5.0 * 9.0).round(2)
    rf = hit & (c["category"] == "refunds")
    c.loc[rf, "amount"] = (c.loc[rf, "amount"] / 0.35 * 0.60).round(2)
    return c


def _lock_in_profile(p: dict[str, Any]) -> None:
    p["vendors"] = [
        {
            "name": "Jinfan Cross-border Operations",
            "services": ["operations", "ads_accounts", "erp", "data", "customer_service"],
            "monthly_fee": 15000,
            "data_export_allowed": False,
            "guaranteed_roi_claim": False,
            "fees_itemised": True,
            "contract_months": 24,
            "notice_days": 180,
        },
        *[v for v in p["vendors"] if v["name"] in ("YunExpress", "PingPong", "TaxBridge EU")],
    ]
    p["saas_tools"] = []


def _lock_in_costs(c: pd.DataFrame, line: pd.DataFrame) -> pd.DataFrame:
    """Ads run in the agency's own accounts and are re-billed by it; the agency also takes 5%
    of revenue; its ERP replaces the store's own (no saas lines)."""
    c = c.copy()
    c.loc[c["category"] == "ads", "vendor"] = "Jinfan Cross-border Operations"
    m = line.groupby(["period", "market"], as_index=False)["revenue"].sum()
    agency = pd.DataFrame(
        {
            "period": m["period"],
            "market": m["market"],
            "channel": "",
            "category": "agency",
            "amount": (m["revenue"] * 0.05).round(2),
            "currency": m["market"].map(CURRENCY),
            "vendor": "Jinfan Cross-border Operations",
        }
    )
    return pd.concat([c, agency], ignore_index=True)


def _cash_profile(p: dict[str, Any]) -> None:
    p["platforms"] = ["amazon", "shopify", "tiktok"]
    p["settlement_days"] = {"amazon": 21, "shopify": 24, "tiktok": 30}
    p["cash_on_hand"] = 45000
    p["monthly_fixed_costs"] = 75000
    p["inventory_days"] = 110
    p["payable_days"] = 10


CASH_LINES = [(m, c, int(s * 0.5), a) for m, c, s, a in LINES] + [
    ("US", "tiktok", 20000, 28.0),
    ("GB", "tiktok", 8000, 24.0),
]

SPECS = [
    Spec("healthy-store"),
    Spec("high-landing-bounce", funnel=_bounce),
    Spec("return-driven-reverse-logistics", funnel=_returns_funnel, costs=_returns_costs),
    Spec("missing-compliance-costs", compliance_markets=("DE",)),
    Spec("no-baseline", periods=PERIODS[-4:], baselines=False),
    Spec("single-vendor-lock-in", profile=_lock_in_profile, costs=_lock_in_costs),
    Spec("cash-cycle-strain", lines=CASH_LINES, profile=_cash_profile),
    # The store `diagnoser demo` checks: several patterns at once, as a real first review finds.
    Spec(
        "demo-store",
        funnel=lambda p: None,
        costs=lambda c, line: _lock_in_costs(_returns_costs(c, line), line),
        profile=_lock_in_profile,
        compliance_markets=("DE", "GB"),
    ),
]


def main() -> None:
    np.seterr(all="ignore")
    for spec in SPECS:
        print("wrote", write(spec))


if __name__ == "__main__":
    main()
