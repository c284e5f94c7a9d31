"""What every ad report turns into: an ``ads`` cost line and impressions/clicks.

Ad platforms differ in names, not in meaning; each ads importer finds dates, market,
currency and the three numbers, then this module builds the canonical rows.
"""

from __future__ import annotations

import pandas as pd

from diagnoser.dates import parse_dates
from diagnoser.errors import Problem
from diagnoser.importers._common import country_codes, to_period, unknown_countries
from diagnoser.importers.base import (
    Options,
    Tables,
    cost_frame,
    fallback_market,
    funnel_frame,
    warn,
)
from diagnoser.importers.sniff import Source


def periods_from(
    src: Source,
    data: pd.DataFrame,
    key: str,
    problems: list[Problem],
    *,
    dayfirst: bool | None = None,
) -> pd.Series:
    """Period per row from a date column (``key``) — ranges use their start date."""
    text = data[key].astype("string").str.split(r"\s+-\s+|\s+~\s+", regex=True).str[0]
    dates, ambiguous = parse_dates(
        text if not pd.api.types.is_numeric_dtype(data[key]) else data[key], dayfirst=dayfirst
    )
    if ambiguous:
        problems.append(
            warn(
                "ambiguous_dates",
                "dates could be day- or month-first; read month-first",
                file=src.name,
            )
        )
    return to_period(dates)


def markets_from(
    src: Source, data: pd.DataFrame, key: str | None, opts: Options, problems: list[Problem]
) -> pd.Series:
    """Market per row from a country/marketplace column, else the option or ``unknown``."""
    market = (
        country_codes(data[key])
        if key and key in data
        else pd.Series(None, index=data.index, dtype=object)
    )
    if market.isna().any():
        fallback = fallback_market(
            opts, src, problems, has_country_column=bool(key and key in data)
        )
        problems.extend(
            unknown_countries(data.get(key) if key else None, market, fallback, src.name)
        )
        market = market.fillna(fallback)
    return market


def ad_tables(
    src: Source,
    data: pd.DataFrame,
    *,
    period: pd.Series,
    market: pd.Series,
    currency: pd.Series | str | None,
    cost: pd.Series,
    impressions: pd.Series | float,
    clicks: pd.Series | float,
    channel: str,
    problems: list[Problem],
) -> Tables:
    if period.isna().any():
        problems.append(
            warn(
                "rows_without_date",
                f"{int(period.isna().sum())} rows have no readable date and are filed under "
                f"period 'unknown'",
                file=src.name,
            )
        )
        period = period.fillna("unknown")
    if currency is None or (isinstance(currency, pd.Series) and currency.isna().all()):
        problems.append(
            warn(
                "currency_unknown",
                "the report names no currency",
                "pass the currency",
                file=src.name,
            )
        )
    frame = pd.DataFrame(
        {
            "period": period,
            "market": market,
            "channel": channel,
            "currency": currency,
            "impressions": impressions,
            "clicks": clicks,
        },
        index=data.index,
    )
    costs = cost_frame(frame.assign(category="ads", amount=cost, vendor=None))
    return Tables(funnel=funnel_frame(frame), costs=costs, problems=problems)
