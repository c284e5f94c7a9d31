"""Market, funnel, cost and channel frames: the unit economics per scope, latest vs previous.

Each function returns one DataFrame per fact type (one row per fact, NaN = omit the field);
``emit`` turns them into dicts. Everything is grouped pandas; nothing loops over data rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnoser.bundle.model import COST_CATEGORIES
from diagnoser.bundle.profile import StoreProfile
from diagnoser.bundle.regions import region_of
from diagnoser.facts.currencies import local_currency
from diagnoser.facts.fields import (
    COMPLIANCE_CATEGORIES,
    COST_GROUPS,
    LOGISTICS_CATEGORIES,
    RATE_DEFS,
)
from diagnoser.facts.frames import CUR, PREV, Windows, safe_div

MAX_ORDERS_PER_CUSTOMER = 10.0


def cost_sums(costs: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Window totals of cost lines per keys: columns cur, prev (0.0 where a window has none)."""
    windowed = costs[costs["window"].notna()]
    sums = windowed.groupby([*keys, "window"], sort=True)["amount"].sum().unstack("window")
    return sums.reindex(columns=[CUR, PREV]).fillna(0.0)


def regions(markets: pd.Index, profile: StoreProfile) -> pd.Series:
    given = {m.code: m.region for m in profile.markets if m.region}
    return pd.Series(
        [given.get(code) or region_of(code) for code in markets], index=markets, dtype=object
    )


def market_frame(
    mk: pd.DataFrame,
    costs: pd.DataFrame,
    windows: Windows,
    profile: StoreProfile,
    buyers: pd.DataFrame | None,
) -> pd.DataFrame:
    """One row per market: revenue, costs per category, margins, returns, CAC, ROAS, LTV."""
    m = mk.copy()
    for col in ("prev_months", "prev_orders", "prev_revenue"):
        if col not in m:
            m[col] = np.nan
    m["region"] = regions(m.index, profile)
    m["currency"] = m.index.map(local_currency)
    sums = cost_sums(costs, ["market", "category"])
    has_prev = m["prev_months"].notna()
    cur_cost = pd.DataFrame(0.0, index=m.index, columns=list(COST_CATEGORIES))
    prev_cost = cur_cost.copy()
    if not sums.empty:
        cur_cost = (
            cur_cost.add(sums[CUR].unstack("category"), fill_value=0.0)
            .reindex(index=m.index, columns=list(COST_CATEGORIES))
            .fillna(0.0)
        )
        prev_cost = (
            prev_cost.add(sums[PREV].unstack("category"), fill_value=0.0)
            .reindex(index=m.index, columns=list(COST_CATEGORIES))
            .fillna(0.0)
        )
    cur_cost = cur_cost.div(m["months"], axis=0)
    prev_cost = prev_cost.div(m["prev_months"], axis=0).where(has_prev, np.nan)
    for cat in COST_CATEGORIES:
        m[f"cost_{cat}"] = cur_cost[cat]
    m["total_costs"] = cur_cost.sum(axis=1)
    prev_total = prev_cost.sum(axis=1, min_count=1)

    rev, orders = m["revenue"], m["orders"]
    m["aov"] = safe_div(rev, orders)
    m["prev_aov"] = safe_div(m["prev_revenue"], m["prev_orders"])
    m["contribution_margin"] = rev - m["total_costs"]
    m["margin_rate"] = safe_div(m["contribution_margin"], rev)
    m["prev_contribution_margin"] = m["prev_revenue"] - prev_total
    m["prev_margin_rate"] = safe_div(m["prev_contribution_margin"], m["prev_revenue"])
    m["margin_before_ads"] = m["contribution_margin"] + m["cost_ads"]
    m["margin_before_ads_rate"] = safe_div(m["margin_before_ads"], rev)
    before_ads = m["margin_before_ads_rate"]
    m["breakeven_roas"] = safe_div(pd.Series(1.0, index=m.index), before_ads.where(before_ads > 0))
    m["roas"] = safe_div(rev, m["cost_ads"])
    m["ads_share"] = safe_div(m["cost_ads"], rev)
    m["payment_fees_share"] = safe_div(m["cost_payment_fees"], rev)
    m["fx_loss_share"] = safe_div(m["cost_fx_loss"], rev)
    m["compliance_costs"] = cur_cost[list(COMPLIANCE_CATEGORIES)].sum(axis=1)
    m["compliance_share"] = safe_div(m["compliance_costs"], rev)
    m["logistics_costs"] = cur_cost[list(LOGISTICS_CATEGORIES)].sum(axis=1)
    m["logistics_share"] = safe_div(m["logistics_costs"], rev)

    returns_cost = m["cost_reverse_logistics"] + m["cost_refunds"]
    prev_returns = prev_cost["reverse_logistics"] + prev_cost["refunds"]
    m["reverse_logistics_per_order"] = safe_div(m["cost_reverse_logistics"], orders)
    m["reverse_logistics_per_return"] = safe_div(m["cost_reverse_logistics"], m["returned_orders"])
    m["refunds_per_order"] = safe_div(m["cost_refunds"], orders)
    m["returns_cost_per_order"] = safe_div(returns_cost, orders)
    m["prev_reverse_logistics_per_order"] = safe_div(
        prev_cost["reverse_logistics"], m["prev_orders"]
    )
    m["prev_refunds_per_order"] = safe_div(prev_cost["refunds"], m["prev_orders"])
    m["prev_returns_cost_per_order"] = safe_div(prev_returns, m["prev_orders"])
    m["returns_cost_per_order_change"] = (
        m["returns_cost_per_order"] - m["prev_returns_cost_per_order"]
    )

    _customers(m, buyers)
    _changes(m)
    _comparisons(m, profile)
    return m


def _customers(m: pd.DataFrame, buyers: pd.DataFrame | None) -> None:
    """CAC, repeat rate, orders per customer and LTV (orders export first, funnel otherwise)."""
    new = m["new_customers"].where(m["new_customers"] > 0)
    basis = pd.Series(None, index=m.index, dtype=object).mask(new.notna(), "new_customers")
    repeat = m["repeat_rate"]
    opc = 1.0 / (1.0 - repeat.clip(upper=1 - 1 / MAX_ORDERS_PER_CUSTOMER))
    ltv_basis = pd.Series(None, index=m.index, dtype=object).mask(repeat.notna(), "funnel")
    if buyers is not None and not buyers.empty:
        b = buyers.reindex(m.index)
        known = b["customers"] > 0
        from_export = b["new_customers_cur"].where(new.isna() & (b["new_customers_cur"] > 0))
        new = new.fillna(from_export)
        basis = basis.where(from_export.isna(), "orders_export")
        m["new_customers"] = m["new_customers"].fillna(from_export)
        export_opc = (b["orders_total"] / b["customers"]).where(known)
        opc = export_opc.combine_first(opc)
        repeat = (1.0 - b["customers"] / b["orders_total"]).where(known).combine_first(repeat)
        ltv_basis = ltv_basis.where(~known, "orders_export")
    fallback = new.isna() & (m["orders"] > 0)
    basis = basis.where(~fallback, "orders")
    new = new.where(~fallback, m["orders"])
    ads = m["cost_ads"].where(m["cost_ads"] > 0)
    m["cac"] = safe_div(ads, new)
    m["cac_basis"] = basis.where(m["cac"].notna(), None)
    m["repeat_rate"] = repeat
    m["orders_per_customer"] = opc.clip(lower=1.0, upper=MAX_ORDERS_PER_CUSTOMER)
    m["ltv"] = m["aov"] * m["margin_before_ads_rate"] * m["orders_per_customer"]
    m["ltv_basis"] = ltv_basis.where(m["ltv"].notna(), None)
    m["ltv_cac_ratio"] = safe_div(m["ltv"], m["cac"])


def _changes(m: pd.DataFrame) -> None:
    m["orders_growth"] = safe_div(m["orders"], m["prev_orders"]) - 1.0
    m["revenue_growth"] = safe_div(m["revenue"], m["prev_revenue"]) - 1.0
    m["margin_rate_change"] = m["margin_rate"] - m["prev_margin_rate"]
    m["contribution_margin_change"] = m["contribution_margin"] - m["prev_contribution_margin"]
    if "prev_return_rate" not in m:
        m["prev_return_rate"] = np.nan
        m["prev_conversion_rate"] = np.nan
    m["return_rate_change"] = m["return_rate"] - m["prev_return_rate"]


def _comparisons(m: pd.DataFrame, profile: StoreProfile) -> None:
    best = m["margin_rate"].where(m["revenue"] > 0).max()
    m["margin_rate_gap_to_best"] = best - m["margin_rate"]
    template = pd.Series(
        {p.code: p.template_of.upper() for p in profile.markets if p.template_of}, dtype=object
    )
    launched = pd.Series({p.code: p.launched for p in profile.markets if p.launched}, dtype=object)
    m["template_of"] = template.reindex(m.index)
    m["launched"] = launched.reindex(m.index)
    m["template_conversion_rate"] = m["template_of"].map(m["conversion_rate"])
    m["template_margin_rate"] = m["template_of"].map(m["margin_rate"])


def funnel_frame(
    f: pd.DataFrame,
    mc: pd.DataFrame,
    costs: pd.DataFrame,
    market: pd.DataFrame,
    windows: Windows,
    profile: StoreProfile,
    window_months: int,
) -> pd.DataFrame:
    """One row per market × channel: counts, stage rates with prev_/delta_, ads, launch."""
    fr = mc.copy()
    idx = fr.index
    markets = idx.get_level_values("market")
    channels = idx.get_level_values("channel")
    for rate in RATE_DEFS:
        prev = fr[f"prev_{rate}"] if f"prev_{rate}" in fr else pd.Series(np.nan, index=idx)
        fr[f"prev_{rate}"] = prev
        fr[f"delta_{rate}"] = fr[rate] - prev
    for col in ("prev_sessions", "prev_orders"):
        if col not in fr:
            fr[col] = np.nan
    fr["region"] = market["region"].reindex(markets).to_numpy()
    fr["margin_rate"] = market["margin_rate"].reindex(markets).to_numpy()
    fr["breakeven_roas"] = market["breakeven_roas"].reindex(markets).to_numpy()
    fr["template_of"] = market["template_of"].reindex(markets).to_numpy()
    fr["aov"] = safe_div(fr["revenue"], fr["orders"])

    ads_lines = costs[(costs["category"] == "ads") & (costs["channel"] != "")]
    ads = cost_sums(ads_lines, ["market", "channel"])
    ads_cur = ads[CUR].reindex(idx) if not ads.empty else pd.Series(np.nan, index=idx)
    fr["ads"] = (ads_cur / fr["months"]).where(ads_cur > 0)
    fr["roas"] = safe_div(fr["revenue"], fr["ads"])

    conv = fr["conversion_rate"]
    fr["best_conversion_rate"] = conv.groupby(level="channel").transform("max")
    fr["conversion_rate_vs_best"] = safe_div(conv, fr["best_conversion_rate"])
    template_key = pd.MultiIndex.from_arrays([fr["template_of"].fillna(""), channels])
    fr["template_conversion_rate"] = conv.reindex(template_key).to_numpy()

    first = f.groupby(["market", "channel"])["period"].min().reindex(idx)
    fr["first_period"] = first
    store_first = windows.periods[0] if windows.periods else ""
    fr["launched_in_data"] = first > store_first
    fr["launch_ads_monthly"] = (
        _launch_ads(f, ads_lines, window_months).reindex(idx).where(fr["launched_in_data"])
    )
    fr["has_pilot"] = _pilot_before(profile, first)
    return fr


def _launch_ads(f: pd.DataFrame, ads_lines: pd.DataFrame, window_months: int) -> pd.Series:
    """Average monthly ads over each market × channel's first ``window_months`` months."""
    rows = (
        f[["market", "channel", "period"]]
        .drop_duplicates()
        .sort_values(["market", "channel", "period"])
    )
    rows = rows[rows.groupby(["market", "channel"]).cumcount() < window_months]
    spend = ads_lines.groupby(["market", "channel", "period"])["amount"].sum()
    joined = rows.join(spend, on=["market", "channel", "period"])
    grouped = joined.groupby(["market", "channel"])
    return grouped["amount"].sum() / grouped["period"].nunique()


def _pilot_before(profile: StoreProfile, first: pd.Series) -> pd.Series:
    if not profile.pilots:
        return pd.Series(False, index=first.index)
    pilots = pd.DataFrame(
        {
            "market": [p.market.upper() for p in profile.pilots],
            "channel": [p.channel.lower() for p in profile.pilots],
            "start": [p.start for p in profile.pilots],
        }
    )
    earliest = pilots.groupby(["market", "channel"])["start"].min().reindex(first.index)
    return (earliest.notna() & (earliest <= first.fillna(""))).astype(bool)


def cost_frame(
    costs: pd.DataFrame, market: pd.DataFrame, store_months: int, store_revenue: float
) -> pd.DataFrame:
    """One row per market × category with lines in the latest window."""
    present = costs[costs["window"] == CUR][["market", "category"]].drop_duplicates()
    sums = cost_sums(costs, ["market", "category"])
    if present.empty or sums.empty:
        return pd.DataFrame()
    key = pd.MultiIndex.from_frame(present)
    c = sums.reindex(key).sort_index()
    mk = c.index.get_level_values("market")
    months = market["months"].reindex(mk).fillna(store_months).to_numpy()
    prev_months = (
        market["prev_months"].reindex(mk).fillna(store_months).to_numpy()
        if "prev_months" in market
        else months
    )
    revenue = market["revenue"].reindex(mk).to_numpy()
    revenue = np.where(mk == "ALL", store_revenue, revenue)
    out = pd.DataFrame(index=c.index)
    out["amount"] = c[CUR] / months
    out["prev_amount"] = (c[PREV] / prev_months).where(c[PREV] > 0)
    out["amount_growth"] = safe_div(out["amount"], out["prev_amount"]) - 1.0
    out["share_of_revenue"] = safe_div(out["amount"], pd.Series(revenue, index=c.index))
    cats = c.index.get_level_values("category")
    out["group"] = cats.map(lambda cat: COST_GROUPS.get(cat, "other"))
    out["compliance"] = cats.isin(COMPLIANCE_CATEGORIES)
    return out


def channel_frame(ch: pd.DataFrame, f: pd.DataFrame, profile: StoreProfile) -> pd.DataFrame:
    """One row per channel: revenue and order shares (from window totals), settlement term."""
    c = ch.copy()
    total_rev = c["revenue"] * c["months"]
    total_orders = c["orders"] * c["months"]
    c["revenue_share"] = safe_div(total_rev, pd.Series(total_rev.sum(), index=c.index))
    c["orders_share"] = safe_div(total_orders, pd.Series(total_orders.sum(), index=c.index))
    if "prev_revenue" in c:
        prev_rev = c["prev_revenue"] * c["prev_months"]
        c["prev_revenue_share"] = safe_div(prev_rev, pd.Series(prev_rev.sum(), index=c.index))
    c["markets_count"] = (
        f[f["window"] == CUR].groupby("channel")["market"].nunique().reindex(c.index).fillna(0)
    )
    terms = {k.lower(): float(v) for k, v in profile.settlement_days.items()}
    c["settlement_days"] = c.index.map(lambda name: terms.get(name, np.nan))
    return c
