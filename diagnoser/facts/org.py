"""Store-wide facts from the profile and the totals: store, history, cash, vendors, tools,
stages, pilots. Each returns plain records (a handful per store), NaN/None = omit.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from diagnoser.bundle.profile import StoreProfile
from diagnoser.facts.fields import CRITICAL_SERVICES
from diagnoser.facts.frames import CUR, Windows
from diagnoser.facts.quality import month_index
from diagnoser.stages import FUNNEL_STAGES

STAGE_COLUMNS: dict[str, tuple[str, ...]] = {
    "traffic": ("impressions", "clicks"),
    "landing": ("sessions", "bounced_sessions"),
    "conversion": ("add_to_cart", "checkouts", "orders"),
    "fulfilment": ("fulfilled_orders", "returned_orders"),
    "repeat": ("repeat_orders", "new_customers", "reviews"),
    "referral": ("referral_orders",),
}


def _div(num: float, den: float | None) -> float:
    return num / den if den else float("nan")


def store_record(
    profile: StoreProfile,
    f: pd.DataFrame,
    costs: pd.DataFrame,
    market: pd.DataFrame,
    channel: pd.DataFrame,
    windows: Windows,
    totals: dict[str, float],
) -> dict[str, Any]:
    owners = {k: v for k, v in profile.stage_owners.items() if v and str(v).strip()}
    unowned = [s for s in FUNNEL_STAGES if s not in owners]
    rec: dict[str, Any] = {
        "name": profile.name,
        "report_currency": profile.report_currency,
        "markets_count": int(f["market"].nunique()),
        "channels_count": int(f["channel"].nunique()),
        "platforms_count": len(profile.platforms),
        "vendors_count": len(profile.vendors),
        "saas_tools_count": len(profile.saas_tools),
        "pilots_count": len(profile.pilots),
        "stage_owners_count": sum(s in owners for s in FUNNEL_STAGES),
        "unowned_stages": len(unowned),
        "unowned_stage_names": ", ".join(unowned) or None,
        "window_start": windows.latest[0] if windows.latest else None,
        "window_end": windows.latest[-1] if windows.latest else None,
        "window_months": len(windows.latest),
        "revenue": totals["revenue"],
        "orders": totals["orders"],
        "total_costs": totals["costs"],
        "shared_costs": totals["shared_costs"],
        "contribution_margin": totals["revenue"] - totals["costs"],
        "margin_rate": _div(totals["revenue"] - totals["costs"], totals["revenue"]),
    }
    if not channel.empty and channel["revenue_share"].notna().any():
        rec["top_channel"] = str(channel["revenue_share"].idxmax())
        rec["top_channel_share"] = float(channel["revenue_share"].max())
    rates = market["margin_rate"].where(market["revenue"] > 0).dropna() if len(market) else market
    if not rates.empty:
        rec["best_market"] = str(rates.idxmax())
        rec["best_margin_rate"] = float(rates.max())
    tool_fees = sum(t.monthly_fee for t in profile.saas_tools)
    saas_lines = totals["saas_lines"]
    if tool_fees or saas_lines:
        rec["saas_spend"] = max(tool_fees, saas_lines)
        rec["saas_share"] = _div(rec["saas_spend"], totals["revenue"])
    rec.update(_currencies(market, profile.report_currency))
    return rec


def _currencies(market: pd.DataFrame, report: str) -> dict[str, Any]:
    """Local currencies of the selling markets and the revenue share earned outside ``report``."""
    if market.empty:
        return {}
    selling = market[market["revenue"] > 0]
    known = selling[selling["currency"].notna()]
    out: dict[str, Any] = {"currencies_count": int(known["currency"].nunique())}
    total = float((selling["revenue"] * selling["months"]).sum())
    foreign = known[known["currency"] != report]
    out["foreign_revenue_share"] = _div(
        float((foreign["revenue"] * foreign["months"]).sum()), total
    )
    return out


def history_record(
    f: pd.DataFrame, windows: Windows, baselines: pd.DataFrame | None, has_orders: bool
) -> dict[str, Any]:
    months = (
        month_index(pd.Series(windows.periods, dtype=object))
        if windows.periods
        else pd.Series(dtype=float)
    )
    gaps = int(months.max() - months.min() + 1 - months.nunique()) if len(months) else 0
    base = baselines if baselines is not None else pd.DataFrame()
    return {
        "months_of_data": len(windows.periods),
        "first_period": windows.periods[0] if windows.periods else None,
        "last_period": windows.periods[-1] if windows.periods else None,
        "period_gaps": gaps,
        "baselines_present": bool(len(base)),
        "baseline_metrics": int(base["metric"].nunique()) if "metric" in base and len(base) else 0,
        "window_months": len(windows.latest),
        "prev_window_months": len(windows.previous),
        "has_previous_window": len(windows.previous) == len(windows.latest) > 0,
        "orders_export_present": has_orders,
    }


def cash_record(
    profile: StoreProfile, channel: pd.DataFrame, totals: dict[str, float]
) -> dict[str, Any]:
    fixed = profile.monthly_fixed_costs or 0.0
    outgoings = totals["costs"] + fixed
    burn = outgoings - totals["revenue"]
    rec: dict[str, Any] = {
        "cash_on_hand": profile.cash_on_hand,
        "monthly_revenue": totals["revenue"],
        "monthly_fixed_costs": fixed,
        "monthly_outgoings": outgoings,
        "monthly_burn": burn,
        "cash_positive": burn <= 0,
        "inventory_days": profile.inventory_days,
        "payable_days": profile.payable_days,
    }
    if profile.cash_on_hand is not None and burn > 0:
        rec["runway_months"] = profile.cash_on_hand / burn
    selling = channel[channel["revenue"] > 0] if not channel.empty else channel
    known = selling[selling["settlement_days"].notna()] if not selling.empty else selling
    rec["unknown_settlement_channels"] = int(len(selling) - len(known))
    if not known.empty:
        weights = known["revenue"] * known["months"]
        rec["settlement_days"] = float(np.average(known["settlement_days"], weights=weights))
        rec["max_settlement_days"] = float(known["settlement_days"].max())
        rec["slowest_channel"] = str(known["settlement_days"].idxmax())
        rec["settlement_gap_cost"] = outgoings * rec["max_settlement_days"] / 30.0
        if profile.cash_on_hand is not None:
            rec["cash_cover_ratio"] = _div(profile.cash_on_hand, rec["settlement_gap_cost"])
        if profile.inventory_days is not None and profile.payable_days is not None:
            ccc = rec["settlement_days"] + profile.inventory_days - profile.payable_days
            rec["cash_conversion_cycle"] = ccc
            rec["working_capital_need"] = outgoings * ccc / 30.0
    return rec


def vendor_records(
    profile: StoreProfile, costs: pd.DataFrame, totals: dict[str, float], months: int
) -> list[dict[str, Any]]:
    cur = costs[(costs["window"] == CUR) & (costs["vendor"] != "")]
    key = cur["vendor"].str.casefold()
    lines = cur.groupby(key)["amount"].sum() / max(months, 1)
    other = cur[cur["category"] == "other"].groupby(key[cur["category"] == "other"])[
        "amount"
    ].sum() / max(months, 1)
    spelled = cur.groupby(key)["vendor"].first()
    fees = sum(v.monthly_fee for v in profile.vendors)
    denominator = totals["costs"] + fees
    records: list[dict[str, Any]] = []
    listed = {v.name.casefold() for v in profile.vendors}
    for v in profile.vendors:
        k = v.name.casefold()
        critical = [s for s in v.services if s in CRITICAL_SERVICES]
        records.append(
            {
                "name": v.name,
                "in_profile": True,
                "services": ", ".join(v.services) or None,
                "services_count": len(v.services),
                "critical_services": ", ".join(critical) or None,
                "critical_services_count": len(critical),
                "monthly_fee": v.monthly_fee,
                "cost_lines": float(lines.get(k, 0.0)),
                "other_charges": float(other.get(k, 0.0)),
                "data_export_allowed": v.data_export_allowed,
                "guaranteed_roi_claim": v.guaranteed_roi_claim,
                "fees_itemised": v.fees_itemised,
                "contract_months": v.contract_months,
                "notice_days": v.notice_days,
            }
        )
    for k in sorted(set(lines.index) - listed):
        records.append(
            {
                "name": str(spelled[k]),
                "in_profile": False,
                "services_count": 0,
                "critical_services_count": 0,
                "monthly_fee": 0.0,
                "cost_lines": float(lines[k]),
                "other_charges": float(other.get(k, 0.0)),
            }
        )
    for r in records:
        r["monthly_spend"] = r["monthly_fee"] + r["cost_lines"]
        r["spend_share"] = _div(r["monthly_spend"], denominator)
    return records


def saas_records(profile: StoreProfile, revenue: float) -> list[dict[str, Any]]:
    return [
        {
            "name": t.name,
            "monthly_fee": t.monthly_fee,
            "seats": t.seats,
            "active_users": t.active_users,
            "unused_seats": max(t.seats - t.active_users, 0),
            "seat_utilisation": _div(t.active_users, t.seats),
            "fee_share_of_revenue": _div(t.monthly_fee, revenue),
        }
        for t in profile.saas_tools
    ]


def stage_records(profile: StoreProfile, f: pd.DataFrame) -> list[dict[str, Any]]:
    owners = {k: str(v).strip() for k, v in profile.stage_owners.items() if v and str(v).strip()}
    present = f[[c for cols in STAGE_COLUMNS.values() for c in cols]].notna().any()
    records = []
    for stage in FUNNEL_STAGES:
        count = int(present[list(STAGE_COLUMNS[stage])].sum())
        records.append(
            {
                "stage": stage,
                "owner": owners.get(stage),
                "owned": stage in owners,
                "metrics_present": count,
                "data_present": count > 0,
            }
        )
    return records


def pilot_records(profile: StoreProfile, first: pd.Series) -> list[dict[str, Any]]:
    records = []
    for p in profile.pilots:
        market, channel = p.market.upper(), p.channel.lower()
        seen = first.get((market, channel))
        records.append(
            {
                "market": market,
                "channel": channel,
                "start": p.start,
                "budget": p.budget,
                "before_launch": seen is None or p.start <= seen,
            }
        )
    return records
