"""Combine imported files into one set of canonical tables, per market × channel × month.

Several exports count the same thing (orders in the Business Report, the Date Range report
and an order export). One value is kept by a fixed precedence — analytics and business
reports, then order exports, then transaction reports, then ad reports (``ImporterSpec.rank``)
— and every disagreement is kept as a ``source_mismatch`` data-quality record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from diagnoser.bundle.model import COST_COLUMNS, FUNNEL_COLUMNS, ORDER_COLUMNS
from diagnoser.importers.api import ImportResult
from diagnoser.importers.base import REGISTRY

KEYS = ["period", "market", "channel"]
METRICS = [c for c in FUNNEL_COLUMNS if c not in (*KEYS, "currency")]


@dataclass
class MergedTables:
    funnel: pd.DataFrame
    costs: pd.DataFrame
    orders: pd.DataFrame | None
    data_quality: list[dict[str, Any]] = field(default_factory=list)


def _stack(results: list[ImportResult], table: str) -> pd.DataFrame | None:
    frames = []
    for result in results:
        frame = getattr(result, table)
        if frame is not None and len(frame):
            label = result.format
            if sum(r.format == result.format for r in results) > 1:
                label = f"{result.format} ({result.source})"
            frames.append(
                frame.assign(
                    _source=label, _rank=REGISTRY[result.format].rank, _format=result.format
                )
            )
    return pd.concat(frames, ignore_index=True) if frames else None


def _mismatches(long: pd.DataFrame, keys: list[str], metric_of: pd.Series) -> list[dict[str, Any]]:
    """One record per key whose sources disagree (few rows: a loop over them is fine)."""
    spread = long.groupby(keys, sort=True)["value"].agg(["min", "max", "count"])
    differing = spread[
        (spread["count"] > 1) & ~np.isclose(spread["min"], spread["max"], rtol=1e-9, atol=1e-9)
    ]
    out: list[dict[str, Any]] = []
    for key in differing.index:
        rows = long.set_index(keys).loc[[key]].sort_values("_rank", kind="stable")
        kept_source, kept = str(rows["_source"].iloc[0]), float(rows["value"].iloc[0])
        worst = float((rows["value"] - kept).abs().max())
        where = dict(zip(keys, key, strict=False))
        out.append(
            {
                "kind": "source_mismatch",
                "market": where["market"],
                "channel": where["channel"],
                "period": where["period"],
                "metric": str(metric_of.loc[key])
                if key in metric_of.index
                else where.get("metric"),
                "values": dict(
                    zip(rows["_source"].astype(str), rows["value"].astype(float), strict=True)
                ),
                "kept": kept_source,
                "difference_pct": round(worst / abs(kept) * 100, 2) if kept else None,
            }
        )
    return out


def _merge_funnel(results: list[ImportResult]) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    stacked = _stack(results, "funnel")
    if stacked is None:
        return pd.DataFrame(columns=list(FUNNEL_COLUMNS)), []
    long = stacked.melt(
        id_vars=[*KEYS, "currency", "_source", "_rank"], value_vars=METRICS, var_name="metric"
    )
    long = long[long["value"].notna()].sort_values(["_rank", "_source"], kind="stable")
    keys = [*KEYS, "metric"]
    quality = _mismatches(long, keys, pd.Series(dtype=object))
    chosen = long.groupby(keys, sort=True).first().reset_index()
    wide = chosen.pivot_table(
        index=KEYS, columns="metric", values="value", aggfunc="first"
    ).reset_index()
    money = chosen[chosen["metric"] == "revenue"].set_index(KEYS)["currency"]
    any_currency = stacked.sort_values("_rank", kind="stable").groupby(KEYS)["currency"].first()
    wide = wide.set_index(KEYS)
    wide["currency"] = money.reindex(wide.index).fillna(any_currency.reindex(wide.index))
    wide = wide.reset_index()
    funnel = pd.DataFrame({c: wide.get(c, np.nan) for c in FUNNEL_COLUMNS})
    for col in METRICS:
        funnel[col] = funnel[col].astype("float64")
    funnel["currency"] = funnel["currency"].astype("object").where(funnel["currency"].notna(), None)
    return funnel.sort_values(KEYS, kind="stable").reset_index(drop=True), quality


def _merge_costs(results: list[ImportResult]) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    stacked = _stack(results, "costs")
    if stacked is None:
        return pd.DataFrame(columns=list(COST_COLUMNS)), []
    keys = [*KEYS, "category"]
    per_source = (
        stacked.groupby([*keys, "_source", "_rank", "_format"], sort=False)["amount"]
        .sum()
        .reset_index()
    )
    long = per_source.rename(columns={"amount": "value"}).assign(
        metric=lambda d: "costs." + d["category"]
    )
    long = long.sort_values(["_rank", "_source"], kind="stable")
    by_format = long.groupby([*keys, "_format"]).size().reset_index().groupby(keys).size()
    overlap = by_format[by_format > 1].index
    quality: list[dict[str, Any]] = []
    if len(overlap):
        clash = long.set_index(keys).loc[overlap].reset_index()
        metric = clash.set_index(keys)["metric"].groupby(level=list(range(len(keys)))).first()
        quality = _mismatches(clash, keys, metric)
    best = long.groupby(keys)["_rank"].min().rename("_best")
    stacked = stacked.join(best, on=keys)
    kept = stacked[stacked["_rank"] == stacked["_best"]]
    costs = (
        kept[list(COST_COLUMNS)]
        .sort_values([*keys, "vendor"], kind="stable")
        .reset_index(drop=True)
    )
    return costs, quality


def _merge_orders(results: list[ImportResult]) -> tuple[pd.DataFrame | None, list[dict[str, Any]]]:
    stacked = _stack(results, "orders")
    if stacked is None:
        return None, []
    stacked = stacked.sort_values("_rank", kind="stable")
    duplicate = stacked.duplicated(["channel", "order_id"])
    quality = []
    if duplicate.any():
        quality.append(
            {
                "kind": "duplicate_orders",
                "count": int(duplicate.sum()),
                "note": "the same order id came from two files; the higher-precedence file was "
                "kept",
            }
        )
    orders = stacked[~duplicate][list(ORDER_COLUMNS)].sort_values(
        ["channel", "date", "order_id"], kind="stable"
    )
    return orders.reset_index(drop=True), quality


def merge(results: list[ImportResult]) -> MergedTables:
    """Canonical funnel, costs and orders from many imported files, with data-quality notes."""
    funnel, q_funnel = _merge_funnel(results)
    costs, q_costs = _merge_costs(results)
    orders, q_orders = _merge_orders(results)
    return MergedTables(funnel, costs, orders, q_funnel + q_costs + q_orders)
