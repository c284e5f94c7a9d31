"""Data-quality facts: funnel stages that do not reconcile, gaps, exports that disagree.

Each check is a vectorised mask; offending rows are summarised per market × channel × kind
(how many months, the latest one and its values) so a noisy file gives a few facts, not
thousands. Bundle reader warnings pass through as facts of their own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnoser.errors import Problem

TOLERANCE = 0.05  # orders/revenue in the export may differ from the funnel by 5% …
MIN_DIFF = 2.0  # … and by at least 2 orders before it is called a mismatch

STAGE_CHECKS = (
    # kind, column that must be ≥ orders, message
    (
        "sessions_below_orders",
        "sessions",
        "fewer sessions than orders: sessions and orders come from different sources or scopes",
    ),
    (
        "add_to_cart_below_orders",
        "add_to_cart",
        "fewer add-to-carts than orders: the cart event is not tracked on every order path",
    ),
    (
        "checkouts_below_orders",
        "checkouts",
        "fewer checkouts than orders: the checkout event is not tracked on every order path",
    ),
)
COLUMNS = [
    "kind",
    "severity",
    "source",
    "message",
    "market",
    "channel",
    "period",
    "metric",
    "count",
    "value",
    "expected",
]


def _summarise(
    rows: pd.DataFrame, kind: str, metric: str, message: str, severity: str = "warning"
) -> pd.DataFrame:
    """Per market × channel: months affected, the latest one, and its value vs expected."""
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    rows = rows.sort_values(["market", "channel", "period"])
    grouped = rows.groupby(["market", "channel"], sort=True)
    last = grouped.tail(1).set_index(["market", "channel"])
    out = last[["period", "value", "expected"]].copy()
    out["count"] = grouped.size()
    out = out.reset_index()
    out["kind"], out["metric"], out["severity"], out["source"] = kind, metric, severity, "derived"
    out["message"] = (
        out["market"]
        + " "
        + out["channel"]
        + ": "
        + message
        + " ("
        + out["count"].astype(str)
        + " month(s), latest "
        + out["period"]
        + ")"
    )
    return out[COLUMNS]


def funnel_checks(f: pd.DataFrame) -> list[pd.DataFrame]:
    parts = []
    for kind, column, message in STAGE_CHECKS:
        bad = f[f[column].notna() & (f[column] < f["orders"])]
        rows = bad[["market", "channel", "period"]].assign(
            value=bad[column], expected=bad["orders"]
        )
        parts.append(_summarise(rows, kind, column, message))
    return parts


def month_index(period: pd.Series) -> pd.Series:
    text = period.astype(str)
    return pd.to_numeric(text.str.slice(0, 4), errors="coerce") * 12 + pd.to_numeric(
        text.str.slice(5, 7), errors="coerce"
    )


def gap_checks(f: pd.DataFrame) -> pd.DataFrame:
    """Months missing inside each market × channel's span of data."""
    idx = (
        f[["market", "channel", "period"]]
        .drop_duplicates()
        .assign(m=lambda d: month_index(d["period"]))
    )
    g = idx.groupby(["market", "channel"])
    span = g["m"].max() - g["m"].min() + 1
    missing = (span - g["m"].nunique()).rename("count")
    missing = missing[missing > 0].reset_index()
    if missing.empty:
        return pd.DataFrame(columns=COLUMNS)
    missing["period"] = (
        g["period"]
        .max()
        .reindex(pd.MultiIndex.from_frame(missing[["market", "channel"]]))
        .to_numpy()
    )
    missing["kind"], missing["metric"], missing["severity"], missing["source"] = (
        "period_gap",
        "period",
        "warning",
        "derived",
    )
    missing["message"] = (
        missing["market"]
        + " "
        + missing["channel"]
        + ": "
        + missing["count"].astype(str)
        + " month(s) missing between the first and last month"
    )
    return missing.reindex(columns=COLUMNS)


def export_checks(f: pd.DataFrame, counts: pd.DataFrame) -> list[pd.DataFrame]:
    """Funnel orders/revenue against the orders export, where the export covers the month."""
    if counts.empty:
        return []
    covered = counts[["market", "channel"]].drop_duplicates()
    lo, hi = counts["period"].min(), counts["period"].max()
    funnel = f[(f["period"] >= lo) & (f["period"] <= hi)][
        ["period", "market", "channel", "orders", "revenue"]
    ]
    funnel = funnel.merge(covered, on=["market", "channel"])
    both = funnel.merge(counts, on=["period", "market", "channel"], how="left")
    both[["export_orders", "export_revenue"]] = both[["export_orders", "export_revenue"]].fillna(
        0.0
    )
    parts = []
    for kind, col, exp, msg in (
        (
            "orders_mismatch",
            "export_orders",
            "orders",
            "orders in the orders export differ from the funnel by more than 5%",
        ),
        (
            "revenue_mismatch",
            "export_revenue",
            "revenue",
            "revenue in the orders export differs from the funnel by more than 5%",
        ),
    ):
        diff = (both[col] - both[exp]).abs()
        floor = (
            MIN_DIFF
            if exp == "orders"
            else MIN_DIFF * (both["revenue"] / both["orders"].where(both["orders"] > 0)).fillna(0)
        )
        bad = both[(diff > np.maximum(TOLERANCE * both[exp].abs(), floor)) & both[exp].notna()]
        rows = bad[["market", "channel", "period"]].assign(value=bad[col], expected=bad[exp])
        parts.append(_summarise(rows, kind, exp, msg))
    return parts


def orphan_costs(costs: pd.DataFrame, funnel_markets: set[str]) -> pd.DataFrame:
    lines = costs[(costs["market"] != "ALL") & ~costs["market"].isin(funnel_markets)]
    if lines.empty:
        return pd.DataFrame(columns=COLUMNS)
    g = lines.groupby("market")
    out = pd.DataFrame(
        {"period": g["period"].max(), "count": g.size(), "value": g["amount"].sum()}
    ).reset_index()
    out["kind"], out["metric"], out["severity"], out["source"] = (
        "costs_without_funnel",
        "amount",
        "warning",
        "derived",
    )
    out["message"] = (
        out["market"]
        + ": cost lines for a market with no funnel rows (its costs count in no market's margin)"
    )
    return out.reindex(columns=COLUMNS)


def bundle_warnings(warnings: list[Problem]) -> pd.DataFrame:
    if not warnings:
        return pd.DataFrame(columns=COLUMNS)
    rows = [
        {
            "kind": p.code,
            "severity": p.severity,
            "source": "bundle",
            "message": p.render(),
            "metric": p.column,
            "market": p.market,
            "channel": p.channel,
            "period": p.period,
            "count": 1,
        }
        for p in warnings
    ]
    return pd.DataFrame(rows).reindex(columns=COLUMNS)


def quality_frame(
    f: pd.DataFrame, costs: pd.DataFrame, counts: pd.DataFrame | None, warnings: list[Problem]
) -> pd.DataFrame:
    parts = [*funnel_checks(f), gap_checks(f), orphan_costs(costs, set(f["market"].unique()))]
    if counts is not None:
        parts.extend(export_checks(f, counts))
    derived = [p for p in parts if not p.empty]
    frame = pd.concat(derived, ignore_index=True) if derived else pd.DataFrame(columns=COLUMNS)
    frame = frame.sort_values(["kind", "market", "channel"], na_position="first", kind="stable")
    frame = pd.concat([frame, bundle_warnings(warnings)], ignore_index=True) if warnings else frame
    return frame.reset_index(drop=True)
