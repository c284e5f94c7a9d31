"""Bundle → facts: the numbers the rules see, one narrow dict per fact (see ``catalog``).

Vectorised pandas throughout; Python loops only run over fact types and profile entries.
Output order is deterministic: fact types in catalog order, each sorted by its key.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from diagnoser.bundle.model import Bundle
from diagnoser.facts import economics, org
from diagnoser.facts.catalog import FACT_MODELS, FACT_TYPES, field_units
from diagnoser.facts.frames import (
    CUR,
    aggregate,
    prepare_costs,
    prepare_funnel,
    rate_parts,
    windows_of,
)
from diagnoser.facts.orders import buyers_by_market, monthly_counts, prepare_orders
from diagnoser.facts.quality import quality_frame

DECIMALS = {
    "money": 2,
    "money/month": 2,
    "money/order": 4,
    "count/month": 2,
    "multiple": 4,
    "days": 2,
    "months": 2,
}
ENGINE_MIN = 1e-4  # smaller magnitudes are emitted as 0.0 (see _clean)
KEYS = {
    "market": ("market",),
    "funnel": ("market", "channel"),
    "cost": ("market", "category"),
    "channel": ("channel",),
    "vendor": ("name",),
    "saas_tool": ("name",),
    "stage": ("stage",),
    "pilot": ("market", "channel", "start"),
}


def derive_facts(bundle: Bundle, *, window_months: int = 3) -> list[dict[str, Any]]:
    """Every fact of a bundle, over the latest ``window_months`` periods vs the ones before."""
    if window_months < 1:
        raise ValueError("window_months must be at least 1")
    profile = bundle.store
    windows = windows_of(bundle.funnel["period"].astype(str), window_months)
    f = rate_parts(prepare_funnel(bundle.funnel, windows))
    costs = prepare_costs(bundle.costs, windows)
    months = max(len(windows.latest), 1)
    orders = (
        prepare_orders(bundle.orders) if bundle.orders is not None and len(bundle.orders) else None
    )
    buyers = buyers_by_market(orders, windows) if orders is not None else None

    frames: dict[str, list[dict[str, Any]]] = {t: [] for t in FACT_TYPES}
    market = channel = pd.DataFrame()
    if len(f) and windows.latest:
        market = economics.market_frame(aggregate(f, ["market"]), costs, windows, profile, buyers)
        channel = economics.channel_frame(aggregate(f, ["channel"]), f, profile)
        funnel = economics.funnel_frame(
            f, aggregate(f, ["market", "channel"]), costs, market, windows, profile, window_months
        )
        frames["market"] = _records(market)
        frames["funnel"] = _records(funnel)
        frames["channel"] = _records(channel)
        frames["cost"] = _records(
            economics.cost_frame(costs, market, months, _total(f, "revenue", months))
        )
    totals = _totals(f, costs, months)
    frames["store"] = [org.store_record(profile, f, costs, market, channel, windows, totals)]
    frames["history"] = [org.history_record(f, windows, bundle.baselines, orders is not None)]
    frames["cash"] = [org.cash_record(profile, channel, totals)]
    frames["vendor"] = org.vendor_records(profile, costs, totals, months)
    frames["saas_tool"] = org.saas_records(profile, totals["revenue"])
    frames["stage"] = org.stage_records(profile, f)
    first = f.groupby(["market", "channel"])["period"].min() if len(f) else pd.Series(dtype=object)
    frames["pilot"] = org.pilot_records(profile, first)
    frames["baseline"] = _baselines(bundle.baselines, frames)
    counts = monthly_counts(orders) if orders is not None else None
    frames["data_quality"] = _records(quality_frame(f, costs, counts, bundle.warnings), index=False)
    return [fact for t in FACT_TYPES for fact in _finish(t, frames[t])]


def facts_by_type(facts: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Facts grouped by ``type``, every catalog type present (possibly empty), catalog order."""
    grouped: dict[str, list[dict[str, Any]]] = {t: [] for t in FACT_TYPES}
    for fact in facts:
        grouped.setdefault(fact["type"], []).append(fact)
    return grouped


def _total(f: pd.DataFrame, column: str, months: int) -> float:
    return float(f.loc[f["window"] == CUR, column].sum()) / months


def _totals(f: pd.DataFrame, costs: pd.DataFrame, months: int) -> dict[str, float]:
    cur = costs[costs["window"] == CUR]
    return {
        "revenue": _total(f, "revenue", months) if len(f) else 0.0,
        "orders": _total(f, "orders", months) if len(f) else 0.0,
        "costs": float(cur["amount"].sum()) / months,
        "shared_costs": float(cur.loc[cur["market"] == "ALL", "amount"].sum()) / months,
        "saas_lines": float(cur.loc[cur["category"] == "saas", "amount"].sum()) / months,
    }


def _records(frame: pd.DataFrame, *, index: bool = True) -> list[dict[str, Any]]:
    if frame.empty:
        return []
    flat = frame.reset_index() if index else frame
    return flat.to_dict(orient="records")


def _baselines(
    baselines: pd.DataFrame | None, frames: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Each agreed target next to the current value of the same metric in the same scope."""
    if baselines is None or baselines.empty:
        return []
    b = pd.DataFrame(
        {
            "metric": baselines["metric"].astype(str).str.strip(),
            "value": pd.to_numeric(baselines["value"], errors="coerce"),
        }
    )
    for col, norm in (("market", str.upper), ("channel", str.lower)):
        raw = (
            baselines[col]
            if col in baselines
            else pd.Series(None, index=baselines.index, dtype=object)
        )
        text = raw.astype("string").str.strip().map(norm, na_action="ignore")
        b[col] = text.where(text.notna() & (text != ""), "")
    b["scope"] = "store"
    b.loc[b["market"] != "", "scope"] = "market"
    b.loc[(b["market"] == "") & (b["channel"] != ""), "scope"] = "channel"
    b.loc[(b["market"] != "") & (b["channel"] != ""), "scope"] = "funnel"
    long = []
    for scope, keys in (
        ("funnel", ["market", "channel"]),
        ("market", ["market"]),
        ("channel", ["channel"]),
        ("store", []),
    ):
        rows = pd.DataFrame(frames["store"] if scope == "store" else frames[scope])
        if rows.empty:
            continue
        numeric = rows.select_dtypes("number").drop(columns=keys, errors="ignore")
        melted = pd.concat([rows[keys], numeric], axis=1).melt(
            id_vars=keys, var_name="metric", value_name="actual"
        )
        melted["scope"] = scope
        long.append(melted)
    actual = (
        pd.concat(long, ignore_index=True)
        if long
        else pd.DataFrame(columns=["scope", "metric", "actual"])
    )
    for col in ("market", "channel"):
        actual[col] = actual[col].fillna("") if col in actual else ""
    out = b.merge(actual, on=["scope", "metric", "market", "channel"], how="left")
    out["gap"] = out["actual"] - out["value"]
    out["found"] = out["actual"].notna()
    out = out[out["value"].notna()]
    out[["market", "channel"]] = out[["market", "channel"]].replace("", None)
    return out.to_dict(orient="records")


def _clean(value: Any, unit: str, integer: bool) -> Any:
    """Native Python value, rounded by unit; ``None`` for unknown (the field is then omitted)."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) or hasattr(value, "dtype"):
        if isinstance(value, bool) or str(getattr(value, "dtype", "")) == "bool":
            return bool(value)
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return None
        if integer:
            return round(number)
        rounded = round(number, DECIMALS.get(unit, 6)) + 0.0
        # durable-rules cannot parse exponent notation (1e-05), which Python writes below 1e-4.
        return 0.0 if abs(rounded) < ENGINE_MIN else rounded
    return value


def _finish(fact_type: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Catalog field order, rounding, ids, and a deterministic order within the type."""
    model = FACT_MODELS[fact_type]
    units = field_units(fact_type)
    integer = {n for n, info in model.model_fields.items() if "int" in str(info.annotation)}
    out = []
    for rec in records:
        fact: dict[str, Any] = {"id": "", "type": fact_type}
        for name in model.model_fields:
            if name in ("id", "type") or name not in rec:
                continue
            value = _clean(rec[name], units[name], name in integer)
            if value is not None:
                fact[name] = value
        out.append(fact)
    keys = KEYS.get(fact_type)
    if keys and fact_type != "stage":  # stages keep the funnel's order
        out.sort(key=lambda r: tuple(str(r.get(k, "")) for k in keys))
    for n, fact in enumerate(out, start=1):
        parts = [str(fact[k]) for k in keys or () if k in fact]
        fact["id"] = ":".join([fact_type, *parts]) if keys else f"{fact_type}:{n}"
    return out
