"""Web analytics downloads: Shopify Analytics reports and GA4 "Download CSV".

Shopify writes a ``Totals`` row and rates in any scale; GA4 puts ``#`` comment blocks
(report name, date range) above each of possibly several sections and writes the
engagement rate as a fraction. Both give the store's own sessions, the funnel's middle.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from diagnoser.dates import parse_dates
from diagnoser.errors import Problem
from diagnoser.importers._common import (
    country_codes,
    is_total_row,
    numbers,
    rate,
    to_period,
    undated,
    unknown_countries,
)
from diagnoser.importers.base import (
    Col,
    ImporterSpec,
    Options,
    Tables,
    fallback_market,
    funnel_frame,
    register,
    warn,
)
from diagnoser.importers.sniff import Source

SHOPIFY = (
    Col("day", ("Day", "Date", "Week", "Month", "Hour"), required=True),
    Col("sessions", ("Sessions",), required=True, group="traffic"),
    Col("cart", ("Sessions with cart additions", "Added to cart"), required=True, group="traffic"),
    Col("checkout", ("Sessions that reached checkout", "Reached checkout")),
    Col(
        "completed",
        ("Sessions that completed checkout", "Sessions converted"),
        required=True,
        group="traffic",
    ),
    Col("conv_rate", ("Sessions converted (%)", "Conversion rate")),
    Col("new_customers", ("New customers",)),
)


def _shopify(src: Source, opts: Options) -> Tables:
    problems: list[Problem] = []
    data = src.frame()
    data = data[~is_total_row(data["day"])]
    dates, _ = parse_dates(data["day"])
    problems.extend(undated(dates, data["day"], src.name))
    data, dates = data[dates.notna()], dates[dates.notna()]
    sessions = numbers(data["sessions"]) if "sessions" in data else float("nan")
    completed = numbers(data["completed"]) if "completed" in data else None
    if completed is None and "conv_rate" in data and "sessions" in data:
        completed = (numbers(data["sessions"]) * rate(data["conv_rate"])).round()
    market = fallback_market(opts, src, problems)
    frame = pd.DataFrame(
        {
            "period": to_period(dates),
            "market": market,
            "channel": opts.channel or "shopify",
            "currency": None,
            "sessions": sessions,
            "add_to_cart": numbers(data["cart"]) if "cart" in data else float("nan"),
            "checkouts": numbers(data["checkout"]) if "checkout" in data else float("nan"),
            "orders": completed if completed is not None else float("nan"),
            "new_customers": numbers(data["new_customers"])
            if "new_customers" in data
            else float("nan"),
        },
        index=data.index,
    )
    return Tables(funnel=funnel_frame(frame), problems=problems)


GA4 = (
    Col(
        "dimension",
        (
            "Country",
            "Town/City",
            "City",
            "Session default channel group",
            "Session primary channel group",
            "Landing page + query string",
            "Landing page",
            "Date",
            "Month",
        ),
    ),
    Col("engagement_rate", ("Engagement rate",), required=True),
    Col("sessions", ("Sessions",), required=True, group="users"),
    Col("engaged", ("Engaged sessions",), required=True, group="users"),
    Col("users", ("Active users", "Users", "Total users"), required=True, group="users"),
    Col("bounce_rate", ("Bounce rate",)),
    Col("revenue", ("Total revenue",)),
)

_RANGE = re.compile(r"(\d{8})\s*-\s*(\d{8})|start date:\s*(\d{8})", re.I)


def _sections(text: str) -> list[tuple[list[str], str]]:
    """Split a GA4 download into (comment lines, csv text) sections."""
    sections: list[tuple[list[str], str]] = []
    comments: list[str] = []
    table: list[str] = []
    for line in text.lstrip("\ufeff").splitlines():
        if line.startswith("#"):
            if table:
                sections.append((comments, "\n".join(table)))
                comments, table = [], []
            comments.append(line.lstrip("# ").strip())
        elif not line.strip():
            if table:
                sections.append((comments, "\n".join(table)))
                comments, table = [], []
        else:
            table.append(line)
    if table:
        sections.append((comments, "\n".join(table)))
    return sections


def _ga4(src: Source, opts: Options) -> Tables:
    problems: list[Problem] = []
    spec = GA4_SPEC
    best: tuple[int, list[str], pd.DataFrame, dict[str, str]] | None = None
    for comments, table in _sections(src.raw.text()):
        frame = pd.read_csv(
            io.StringIO(table),
            sep=src.raw.delimiter,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
        )
        found, missing = spec.match(list(frame.columns))
        if missing:
            continue
        score = 2 if found.get("dimension", "").strip().lower() == "country" else 1
        if best is None or score > best[0]:
            best = (score, comments, frame, found)
    if best is None:
        return Tables(
            problems=[
                warn("no_usable_section", "no section of this GA4 file has sessions", file=src.name)
            ]
        )
    _, comments, frame, found = best
    data = frame.rename(columns={v: k for k, v in found.items()})
    first = frame.columns[0]
    data = data[frame[first].notna() & ~is_total_row(frame[first])]
    period = opts.period
    for line in comments + src.preamble:
        match = _RANGE.search(line)
        if match:
            start = match.group(1) or match.group(3)
            end = match.group(2) or start
            period = f"{start[:4]}-{start[4:6]}"
            if end[:6] != start[:6]:
                problems.append(
                    warn(
                        "range_spans_months",
                        f"the report covers {start}-{end}; filed under {period}",
                        "download one month per file",
                        file=src.name,
                    )
                )
            break
    engagement = rate(data["engagement_rate"])
    engaged = numbers(data["engaged"]) if "engaged" in data else None
    if "sessions" in data:
        sessions = numbers(data["sessions"])
    else:
        derived = engaged / engagement.where(engagement > 0) if engaged is not None else None
        sessions = derived.round() if derived is not None else float("nan")
        problems.append(
            warn("sessions_derived", "sessions = engaged sessions / engagement rate", file=src.name)
        )
    if engaged is None:
        engaged = sessions * engagement
    if "dimension" in data and found.get("dimension", "").lower() == "country":
        market = country_codes(data["dimension"])
        fallback = opts.market.upper() if opts.market else "unknown"
        problems.extend(unknown_countries(data["dimension"], market, fallback, src.name))
        market = market.fillna(fallback)
    else:
        market = pd.Series(fallback_market(opts, src, problems), index=data.index)
    revenue = numbers(data["revenue"]) if "revenue" in data and opts.currency else float("nan")
    out = pd.DataFrame(
        {
            "period": period or "unknown",
            "market": market,
            "channel": opts.channel or "shopify",
            "currency": opts.currency,
            "sessions": sessions,
            "bounced_sessions": (sessions - engaged).round(),
            "revenue": revenue,
        },
        index=data.index,
    )
    funnel = funnel_frame(out)
    funnel["bounce_rate"] = funnel["bounced_sessions"] / funnel["sessions"]
    return Tables(funnel=funnel, problems=problems)


register(
    ImporterSpec(
        name="shopify_analytics",
        title_en="Shopify Analytics report export (conversion over time, sessions, KPIs)",
        title_zh="Shopify 分析报告导出（转化、会话）",
        columns=SHOPIFY,
        fills={"funnel": ("sessions", "add_to_cart", "checkouts", "orders", "new_customers")},
        read=_shopify,
        notes=(
            "`Totals`/`Total`/`Grand total` rows are dropped; days are summed per month.",
            "orders = `Sessions that completed checkout`, else sessions × `Sessions converted (%)` "
            "(rates read as `2%`, `5.48` or `0.0292`).",
            "The export names no country: market is the `market` option, else 'unknown' with a "
            "warning. "
            "The UTM variant has no `Sessions` column (only `Online store visitors`, not read as "
            "sessions).",
        ),
        rank=10,
    )
)

GA4_SPEC = register(
    ImporterSpec(
        name="ga4",
        title_en="Google Analytics 4 report download (CSV)",
        title_zh="Google Analytics 4 报告下载（CSV）",
        columns=GA4,
        fills={"funnel": ("sessions", "bounced_sessions", "bounce_rate", "revenue")},
        read=_ga4,
        notes=(
            "`#` comment blocks are skipped; a file with several sections uses the `Country` "
            "section "
            "if there is one, else the first section with sessions. The date range in the comments "
            "(`# 20260901-20260930`) gives the period.",
            "bounced_sessions = sessions − engaged sessions (GA4's definition of a bounce); "
            "without a "
            "`Sessions` column, sessions = engaged sessions / engagement rate (a warning says so).",
            "Engagement rate is read as a fraction (`0.4889`) or a percentage (`62.5%`).",
            "channel is `shopify` (the store's own site) unless the `channel` option says "
            "otherwise; "
            "revenue is read only when the `currency` option is given (GA4 CSVs name no currency).",
        ),
        rank=15,
    )
)
