"""Currency conversion: every amount into the report currency, or an error naming the gap.

Amounts in different currencies are never added; a row in another currency needs a rate
from the ``fx`` table (report-currency units per unit), a period-specific rate winning over
a period-less one. Look-ups go through the distinct (currency, period) pairs, not the rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from diagnoser.bundle.problems import Collector, Location

AMOUNTS: dict[str, tuple[str, ...]] = {
    "funnel": ("revenue",),
    "costs": ("amount",),
    "orders": ("revenue", "refund_amount"),
}


def rate_table(fx: pd.DataFrame | None) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """(currency, period) → rate and currency → period-less rate, from a validated fx table."""
    if fx is None or fx.empty:
        return {}, {}
    usable = fx.dropna(subset=["currency", "rate"])
    dated = usable[usable["period"].notna()]
    undated = usable[usable["period"].isna()]
    by_period = dict(
        zip(zip(dated["currency"], dated["period"], strict=True), dated["rate"], strict=True)
    )
    by_currency = dict(zip(undated["currency"], undated["rate"], strict=True))
    return by_period, by_currency


def convert(
    frames: dict[str, pd.DataFrame],
    report_currency: str,
    fx: pd.DataFrame | None,
    locations: dict[str, Location],
    collector: Collector,
) -> None:
    """Convert amounts in place; report each missing (currency, period) once, with its rows."""
    by_period, by_currency = rate_table(fx)
    for table, columns in AMOUNTS.items():
        frame = frames.get(table)
        if frame is None or frame.empty:
            continue
        currency = frame["currency"].fillna(report_currency)
        foreign = (currency != report_currency) & currency.notna()
        if not foreign.any():
            frame["currency"] = report_currency
            continue
        period = frame["period"] if "period" in frame else pd.Series(np.nan, index=frame.index)
        pairs = pd.DataFrame({"currency": currency[foreign], "period": period[foreign]})
        codes = _pair_codes(pairs)  # integer per distinct (currency, period), in row order
        first = pd.Series(codes).drop_duplicates().index.to_numpy()  # row of each pair's first
        distinct = pairs.iloc[first]
        rates = [
            by_period.get((c, p), by_currency.get(c, np.nan))
            if isinstance(p, str)
            else by_currency.get(c, np.nan)
            for c, p in zip(distinct["currency"], distinct["period"], strict=True)
        ]
        distinct = distinct.assign(rate=rates)
        rate = pd.Series(1.0, index=frame.index)
        rate[foreign] = np.asarray(rates, dtype="float64")[codes]
        _report_missing(table, frame, pairs, distinct, report_currency, locations, collector)
        for column in columns:
            frame[column] = frame[column] * rate
        frame["currency"] = report_currency


def _pair_codes(pairs: pd.DataFrame) -> np.ndarray:
    """Code of each row's (currency, period), numbered by first appearance (a blank period is
    a value of its own), without hashing the string pairs of every row."""
    currency = pd.factorize(pairs["currency"])[0].astype("int64")
    period = pd.factorize(pairs["period"])[0].astype("int64") + 1  # blank (−1) → 0
    return pd.factorize(currency * (int(period.max(initial=0)) + 1) + period)[0]


def _report_missing(
    table: str,
    frame: pd.DataFrame,
    pairs: pd.DataFrame,
    distinct: pd.DataFrame,
    report_currency: str,
    locations: dict[str, Location],
    collector: Collector,
) -> None:
    missing = distinct[distinct["rate"].isna()]
    if missing.empty:
        return
    loc = locations.get(table, Location(table))
    positions = pd.Series(np.arange(len(frame)), index=frame.index)[pairs.index]
    keyed = pairs.assign(period=pairs["period"].fillna(""), pos=positions.to_numpy())
    first = keyed.groupby(["currency", "period"])["pos"].agg(["min", "size"])
    for cur, per in zip(missing["currency"], missing["period"], strict=True):
        key = (cur, per if isinstance(per, str) else "")
        stats = first.loc[key] if key in first.index else None
        when = f"period {per}" if isinstance(per, str) else "rows without a period"
        count = int(stats["size"]) if stats is not None else 0
        collector.add(
            loc,
            code="missing_fx_rate",
            column="currency",
            row=loc.row(int(stats["min"])) if stats is not None else None,
            value=cur,
            message=(
                f"no exchange rate for {cur} in {when} ({count} {table} row(s) in {cur}); "
                f"amounts in {cur} cannot be added to amounts in {report_currency}"
            ),
            fix=(
                f"add a row to the fx table: currency {cur}, rate = {report_currency} per 1 "
                f"{cur}, period {per if isinstance(per, str) else '(blank for every month)'}"
            ),
        )
