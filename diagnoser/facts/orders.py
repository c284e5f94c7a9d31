"""The optional orders export: customers per market (repeat rate, LTV) and monthly counts to
reconcile with the funnel. Built for a million rows: keys are factorised to integers once
and text is only normalised on the distinct values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnoser.facts.frames import Windows


def _month_number(period: str) -> float:
    try:
        return int(period[:4]) * 12 + int(period[5:7]) - 1
    except (ValueError, TypeError):
        return np.nan


def month_keys(dates: pd.Series) -> np.ndarray:
    """year × 12 + month − 1 of each order date (NaN when unreadable)."""
    if pd.api.types.is_datetime64_any_dtype(dates):
        return (dates.dt.year * 12 + dates.dt.month - 1).to_numpy(dtype="float64", na_value=np.nan)
    codes, uniques = pd.factorize(dates.astype("string").str.slice(0, 7))
    lookup = np.array([_month_number(str(u)) for u in uniques] + [np.nan], dtype="float64")
    return lookup[codes]  # code −1 (missing) picks the trailing NaN


def period_label(key: float) -> str:
    return f"{int(key) // 12:04d}-{int(key) % 12 + 1:02d}"


def _codes(values: pd.Series, normalise: str) -> tuple[np.ndarray, list[str]]:
    codes, uniques = pd.factorize(values)
    text = pd.Series(uniques, dtype="string").str.strip()
    labels = text.str.upper() if normalise == "upper" else text.str.lower()
    return codes, labels.fillna("").tolist()


def customer_codes(ids: pd.Series) -> np.ndarray:
    """Dense integer codes per customer, −1 when unknown. The bundle reader already stores
    customer numbers (nullable integers): those are taken as they are, no hashing."""
    if pd.api.types.is_integer_dtype(ids.dtype):
        codes = ids.to_numpy(dtype="int64", na_value=-1)
        if len(codes) == 0 or (codes.min() >= -1 and codes.max() < len(codes)):
            return codes  # dense already (the reader's customer numbers)
    return pd.factorize(ids)[0]


def prepare_orders(orders: pd.DataFrame) -> pd.DataFrame:
    """Integer keys: month, market, channel, customer (−1 = unknown); revenue as float."""
    market, market_labels = _codes(orders["market"], "upper")
    channel, channel_labels = _codes(orders["channel"], "lower")
    customer = (
        customer_codes(orders["customer_id"])
        if "customer_id" in orders
        else np.full(len(orders), -1)
    )
    revenue = pd.to_numeric(orders["revenue"], errors="coerce") if "revenue" in orders else np.nan
    o = pd.DataFrame(
        {
            "month": month_keys(orders["date"]),
            "market": market,
            "channel": channel,
            "customer": customer,
            "revenue": revenue,
        }
    )
    o.attrs["markets"], o.attrs["channels"] = market_labels, channel_labels
    return o


def buyers_by_market(o: pd.DataFrame, windows: Windows) -> pd.DataFrame:
    """Per market: orders and distinct customers (all history), new customers per month."""
    known = o[(o["customer"] >= 0) & (o["market"] >= 0)]
    if known.empty:
        return pd.DataFrame()
    market = known["market"].to_numpy(dtype="int64")
    customer = known["customer"].to_numpy(dtype="int64")
    span = int(customer.max()) + 1  # one integer per market × customer: a one-key groupby
    first = known["month"].groupby(market * span + customer, sort=False).min()
    first_market = first.index.to_numpy() // span
    latest = [_month_number(p) for p in windows.latest]
    orders_total = np.bincount(market)
    present = np.flatnonzero(orders_total)
    size = len(orders_total)
    new = np.bincount(first_market[first.isin(latest).to_numpy()], minlength=size)
    out = pd.DataFrame(
        {
            "orders_total": orders_total[present],
            "customers": np.bincount(first_market, minlength=size)[present],
            "new_customers_cur": new[present] / max(len(latest), 1),
        },
        index=present,
    )
    out.index = pd.Index([o.attrs["markets"][i] for i in out.index], name="market")
    return out.groupby(level="market").sum()  # markets written two ways ("de", "DE") merge


def monthly_counts(o: pd.DataFrame) -> pd.DataFrame:
    """Orders and revenue per period × market × channel, for reconciliation with the funnel."""
    usable = o[(o["market"] >= 0) & (o["channel"] >= 0) & o["month"].notna()]
    grouped = usable.groupby(["month", "market", "channel"], sort=True)
    counts = pd.DataFrame(
        {"export_orders": grouped.size(), "export_revenue": grouped["revenue"].sum()}
    ).reset_index()
    counts["period"] = counts["month"].map(period_label)
    counts["market"] = np.asarray(o.attrs["markets"], dtype=object)[counts["market"].to_numpy()]
    counts["channel"] = np.asarray(o.attrs["channels"], dtype=object)[counts["channel"].to_numpy()]
    counts = counts.groupby(["period", "market", "channel"], as_index=False)[
        ["export_orders", "export_revenue"]
    ].sum()
    return counts
