"""Window assignment and grouped sums shared by every fact builder (vectorised pandas).

The latest window is the last ``window_months`` funnel periods present, the previous window
the ``window_months`` before it. Sums are taken per window; per-month values divide by the
months the scope (market, market × channel, channel) has data in that window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from diagnoser.facts.fields import RATE_DEFS

COUNT_COLUMNS = (
    "impressions",
    "clicks",
    "sessions",
    "bounced_sessions",
    "add_to_cart",
    "checkouts",
    "orders",
    "revenue",
    "fulfilled_orders",
    "returned_orders",
    "reviews",
    "new_customers",
    "repeat_orders",
    "referral_orders",
)
SHARED_MARKETS = {"", "ALL", "*", "GLOBAL", "NAN", "NONE", "全部", "全球"}
CUR, PREV = "cur", "prev"


@dataclass(frozen=True)
class Windows:
    """The periods of the latest and previous windows, and all periods present."""

    periods: tuple[str, ...]
    latest: tuple[str, ...]
    previous: tuple[str, ...]

    def label(self, period: pd.Series) -> pd.Series:
        mapping = {p: CUR for p in self.latest} | {p: PREV for p in self.previous}
        return period.map(mapping)


def windows_of(periods: pd.Series, window_months: int) -> Windows:
    present = tuple(sorted(periods.dropna().astype(str).unique()))
    latest = present[-window_months:] if window_months > 0 else ()
    previous = present[-2 * window_months : -window_months] if len(present) > window_months else ()
    return Windows(present, latest, previous)


def prepare_funnel(funnel: pd.DataFrame, windows: Windows) -> pd.DataFrame:
    """Canonical numeric columns, bounced sessions from bounce_rate, the window label."""
    f = funnel.copy()
    f["period"] = f["period"].astype(str)
    f["market"] = f["market"].astype(str).str.strip().str.upper()
    f["channel"] = f["channel"].astype(str).str.strip().str.lower()
    for col in COUNT_COLUMNS:
        f[col] = pd.to_numeric(f[col], errors="coerce") if col in f else np.nan
    if "bounce_rate" in f:
        from_rate = pd.to_numeric(f["bounce_rate"], errors="coerce") * f["sessions"]
        f["bounced_sessions"] = f["bounced_sessions"].fillna(from_rate)
    f["engaged_sessions"] = f["sessions"] - f["bounced_sessions"]
    f["window"] = windows.label(f["period"])
    return f


def prepare_costs(costs: pd.DataFrame, windows: Windows) -> pd.DataFrame:
    c = costs.copy()
    c["period"] = c["period"].astype(str)
    market = c["market"].astype("string").fillna("").str.strip().str.upper()
    c["market"] = market.where(~market.isin(SHARED_MARKETS), "ALL")
    c["category"] = c["category"].astype(str).str.strip().str.lower()
    channel = c["channel"] if "channel" in c else pd.Series("", index=c.index)
    c["channel"] = channel.astype("string").fillna("").str.strip().str.lower()
    vendor = c["vendor"] if "vendor" in c else pd.Series("", index=c.index)
    c["vendor"] = vendor.astype("string").fillna("").str.strip()
    c["amount"] = pd.to_numeric(c["amount"], errors="coerce").fillna(0.0)
    c["window"] = windows.label(c["period"])
    return c


def rate_parts(f: pd.DataFrame) -> pd.DataFrame:
    """Numerator and denominator of each rate, masked to rows where both are known."""
    parts = {}
    for rate, (num, den, _en, _zh) in RATE_DEFS.items():
        both = f[num].notna() & f[den].notna()
        parts[f"_n_{rate}"] = f[num].where(both)
        parts[f"_d_{rate}"] = f[den].where(both)
    return pd.concat([f, pd.DataFrame(parts, index=f.index)], axis=1)


def aggregate(f: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per keys × window: monthly counts, months with data and every rate; cur|prev columns."""
    windowed = f[f["window"].notna()]
    sum_cols = [*COUNT_COLUMNS, *(c for c in windowed.columns if c.startswith(("_n_", "_d_")))]
    grouped = windowed.groupby([*keys, "window"], sort=True, observed=True)
    sums = grouped[sum_cols].sum(min_count=1)
    sums["months"] = grouped["period"].nunique()
    out = pd.DataFrame(index=sums.index)
    out["months"] = sums["months"]
    for col in COUNT_COLUMNS:
        out[col] = sums[col] / sums["months"]
    for rate in RATE_DEFS:
        den = sums[f"_d_{rate}"]
        out[rate] = sums[f"_n_{rate}"] / den.where(den > 0)
    return split_windows(out, keys)


def split_windows(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows keyed by ``keys``: latest-window columns as is, previous-window ones as prev_*."""
    wide = frame.unstack("window")
    cur = wide.xs(CUR, axis=1, level="window") if CUR in wide.columns.get_level_values(-1) else None
    if cur is None:
        return pd.DataFrame(columns=list(frame.columns))
    if PREV in wide.columns.get_level_values(-1):
        prev = wide.xs(PREV, axis=1, level="window").add_prefix("prev_")
        cur = cur.join(prev)
    return cur[cur["months"].notna()]


def safe_div(num: pd.Series, den: pd.Series) -> pd.Series:
    """num ÷ den, NaN (so the field is omitted) where den is 0 or unknown."""
    return num / den.where(den != 0)
