"""The optional orders export: customers per market (repeat rate, LTV) and monthly counts to
reconcile with the funnel. Built for a million rows: one groupby per question.
"""

from __future__ import annotations

import pandas as pd

from diagnoser.facts.frames import Windows


def order_periods(dates: pd.Series) -> pd.Series:
    """YYYY-MM of each order date, without formatting a million timestamps one by one."""
    if pd.api.types.is_datetime64_any_dtype(dates):
        key = dates.dt.year * 100 + dates.dt.month
        labels = {k: f"{int(k) // 100:04d}-{int(k) % 100:02d}" for k in key.dropna().unique()}
        return key.map(labels)
    return dates.astype("string").str.slice(0, 7)


def prepare_orders(orders: pd.DataFrame) -> pd.DataFrame:
    o = pd.DataFrame(
        {
            "period": order_periods(orders["date"]).astype("category"),
            "market": orders["market"].astype("string").str.strip().str.upper().astype("category"),
            "channel": orders["channel"].astype("string").str.strip().str.lower().astype("category"),
            "revenue": pd.to_numeric(orders["revenue"], errors="coerce")
            if "revenue" in orders
            else float("nan"),
        }
    )
    if "customer_id" in orders:
        o["customer_id"] = orders["customer_id"]
    return o


def buyers_by_market(o: pd.DataFrame, windows: Windows) -> pd.DataFrame:
    """Per market: orders (all history), distinct customers, new customers per month (latest window)."""
    if "customer_id" not in o or o["customer_id"].isna().all():
        return pd.DataFrame()
    known = o[o["customer_id"].notna()]
    first = known.groupby(["market", "customer_id"], observed=True, sort=False)["period"].min()
    first = first.astype(str)
    out = pd.DataFrame(
        {
            "orders_total": known.groupby("market", observed=True).size(),
            "customers": first.groupby(level="market", observed=True).size(),
        }
    )
    months = max(len(windows.latest), 1)
    new = first[first.isin(windows.latest)].groupby(level="market", observed=True).size() / months
    out["new_customers_cur"] = new.reindex(out.index).fillna(0.0)
    out.index = out.index.astype(str)
    return out


def monthly_counts(o: pd.DataFrame) -> pd.DataFrame:
    """Orders and revenue per period × market × channel, for reconciliation with the funnel."""
    grouped = o.groupby(["period", "market", "channel"], observed=True, sort=True)
    counts = pd.DataFrame({"export_orders": grouped.size(), "export_revenue": grouped["revenue"].sum()})
    counts = counts.reset_index()
    for col in ("period", "market", "channel"):
        counts[col] = counts[col].astype(str)
    return counts
