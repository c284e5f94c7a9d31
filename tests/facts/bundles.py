"""A tiny bundle reader for the fact tests, so they do not wait on the real reader.

Reads store.yaml, funnel.csv, costs.csv and the optional orders/fx/baselines tables of a
canonical English bundle and converts every amount with fx (amount × rate).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from diagnoser.bundle.model import Bundle
from diagnoser.bundle.profile import StoreProfile

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _convert(
    frame: pd.DataFrame, column: str, rates: dict[str, float], report: str
) -> pd.DataFrame:
    if "currency" not in frame:
        return frame
    currency = frame["currency"].fillna(report).astype(str).str.upper()
    frame = frame.copy()
    frame[column] = frame[column] * currency.map(rates).fillna(1.0)
    return frame


def read_bundle(folder: Path | str) -> Bundle:
    folder = Path(folder)
    store = StoreProfile.model_validate(
        yaml.safe_load((folder / "store.yaml").read_text(encoding="utf-8"))
    )
    tables = {
        name: pd.read_csv(
            folder / f"{name}.csv",
            dtype={"period": str, "market": str, "channel": str, "vendor": str},
        )
        for name in ("funnel", "costs", "orders", "fx", "baselines")
        if (folder / f"{name}.csv").exists()
    }
    rates = {store.report_currency: 1.0}
    if "fx" in tables:
        rates |= dict(
            zip(
                tables["fx"]["currency"].str.upper(),
                tables["fx"]["rate"].astype(float),
                strict=True,
            )
        )
    funnel = _convert(tables["funnel"], "revenue", rates, store.report_currency)
    costs = _convert(tables["costs"], "amount", rates, store.report_currency)
    orders = tables.get("orders")
    if orders is not None:
        orders = _convert(orders, "revenue", rates, store.report_currency)
    return Bundle(
        store=store,
        funnel=funnel,
        costs=costs,
        orders=orders,
        baselines=tables.get("baselines"),
        fx=tables.get("fx"),
        path=folder,
    )
