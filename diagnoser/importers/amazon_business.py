"""Amazon Seller Central Business Reports: by child item and by date, English and Chinese.

Headers changed over three Chinese generations (买家访问次数 → 会话次数 – 总计 → 会话数 - 总计)
and English ones dropped/added ``- Total`` and en dashes; matching is dash- and case-
insensitive. Money carries the marketplace symbol (``"$12,905.25"``, ``"₹1,08,218.36"``).
"""

from __future__ import annotations

import pandas as pd

from diagnoser.dates import parse_dates
from diagnoser.errors import Problem
from diagnoser.importers._common import (
    CURRENCY_MARKET,
    MARKET_CURRENCY,
    is_total_row,
    money,
    numbers,
    to_period,
    undated,
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

SESSIONS = Col(
    "sessions",
    (
        "Sessions - Total",
        "Sessions",
        "会话次数 - 总计",
        "会话数 - 总计",
        "买家访问次数",
        "セッション数 - 合計",
        "Sitzungen - Summe",
    ),
    required=True,
)
SALES = Col(
    "sales",
    (
        "Ordered Product Sales",
        "已订购商品销售额",
        "已订购商品的销售额",
        "Durch bestellte Produkte erzielter Umsatz",
        "注文商品の売上額",
    ),
    required=True,
)
ORDER_ITEMS = Col(
    "order_items", ("Total Order Items", "订单商品总数", "注文品目総数", "Zahl der Bestellposten")
)
UNITS = Col(
    "units", ("Units Ordered", "已订购商品数量", "Bestellte Einheiten", "注文された商品点数")
)
PAGE_VIEWS = Col(
    "page_views", ("Page Views - Total", "Page Views", "页面浏览量 - 总计", "Seitenaufrufe - Summe")
)

CHILD = (
    Col(
        "child_asin",
        ("(Child) ASIN", "(子)ASIN", "(Untergeordnete) ASIN", r"re:.*子.*asin"),
        required=True,
        group="asin",
        read=False,
    ),
    # "By Parent Item" (never seen verbatim) has no child column: the parent ASIN will do.
    Col(
        "parent_asin",
        ("(Parent) ASIN", "(父)ASIN", "(親)ASIN", "(Übergeordnete) ASIN", r"re:.*[父親].*asin"),
        required=True,
        group="asin",
        read=False,
    ),
    SESSIONS,
    SALES,
    ORDER_ITEMS,
    UNITS,
    PAGE_VIEWS,
)
BY_DATE = (
    Col("date", ("Date", "日期", "Datum", "日付"), required=True),
    SESSIONS,
    SALES,
    ORDER_ITEMS,
    UNITS,
)

FILLS: dict[str, tuple[str, ...]] = {"funnel": ("sessions", "orders", "revenue", "currency")}


def _read(src: Source, opts: Options, by_date: bool) -> Tables:
    problems: list[Problem] = []
    data = src.frame()
    data = data[~is_total_row(data["_first"])]
    sales, currency = money(data["sales"])
    if currency == "CNY":
        currency = "JPY"  # Amazon has no Chinese marketplace; ￥ is amazon.co.jp's yen
    market_currency = MARKET_CURRENCY.get((opts.market or "").upper())
    if currency in (None, "USD") and market_currency:
        currency = market_currency  # "$" is also CAD/AUD/SGD: the market option knows better
    currency = currency or opts.currency
    market = fallback_market(opts, src, problems, hint=CURRENCY_MARKET.get(currency or ""))
    if by_date:
        dayfirst = market not in ("US", "CA", "MX", "PH")
        dates, ambiguous = parse_dates(data["date"], dayfirst=dayfirst)
        if ambiguous:
            order = "day/month" if dayfirst else "month/day"
            problems.append(
                warn(
                    "ambiguous_dates",
                    f"dates like 01/04/26 were read as {order} (market {market})",
                    file=src.name,
                )
            )
        undated_rows = dates.isna()
        problems.extend(undated(dates, data["date"], src.name))
        data = data[~undated_rows]
        period = to_period(dates[~undated_rows])
    else:
        period = pd.Series(opts.period or "unknown", index=data.index)
        if not opts.period:
            problems.append(
                warn(
                    "period_unknown",
                    "a Business Report by item has no dates; its rows are filed under period "
                    "'unknown'",
                    "download the report by date (Business Reports → 'by Date'), whose rows "
                    "carry their day",
                    file=src.name,
                )
            )
    orders = numbers(data["order_items"]) if "order_items" in data else float("nan")
    frame = pd.DataFrame(
        {
            "period": period,
            "market": market,
            "channel": opts.channel or "amazon",
            "currency": currency,
            "sessions": numbers(data["sessions"]),
            "orders": orders,
            "revenue": sales.values.loc[data.index],
        }
    )
    return Tables(funnel=funnel_frame(frame), problems=problems)


NOTES = (
    "Sessions are summed over child ASINs, which slightly over-counts sessions that viewed "
    "several items.",
    "orders = `Total Order Items` (order lines; Amazon's closest count to orders).",
    "Currency comes from the money symbol (`$`, `US$`, `£`, `₹`, `MX$`, `￥`); market from the "
    "`market` option, else from a single-marketplace currency (USD→US, INR→IN, …) with a warning.",
    "Generation-3 Chinese `转化率 - 总计` is not read: sources disagree on whether it is a session "
    "share or a conversion rate. German and Japanese names are partial (low confidence).",
)

CHILD_SPEC = register(
    ImporterSpec(
        name="amazon_business_child",
        title_en="Amazon Business Report — Detail Page Sales and Traffic by Child (or Parent) Item",
        title_zh="亚马逊业务报告 — 详情页面上的销售量与访问量（子商品）",
        columns=CHILD,
        fills=FILLS,
        read=lambda src, opts: _read(src, opts, by_date=False),
        notes=(
            *NOTES,
            "The report has no date column: the period comes from the `period` option or, "
            "in a folder, from the month the dated files agree on.",
        ),
        dated=False,
        rank=10,
    )
)

DATE_SPEC = register(
    ImporterSpec(
        name="amazon_business_date",
        title_en="Amazon Business Report — Sales and Traffic by Date",
        title_zh="亚马逊业务报告 — 按日期的销售量与访问量",
        columns=BY_DATE,
        fills=FILLS,
        read=lambda src, opts: _read(src, opts, by_date=True),
        notes=(
            *NOTES,
            "Dates follow the account locale (`01/04/26` day-first in IN, `7/1/26` month-first "
            "in US); values above 12 decide, otherwise the market does, with a warning.",
        ),
        rank=10,
    )
)
