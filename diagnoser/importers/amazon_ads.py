"""Amazon Ads Sponsored Products reports: the classic search-term report and the new
console's advertised-product report.

Classic headers end in stray spaces (``7 Day Total Sales ``) and money carries a symbol;
the new console wraps ids as ``="…"`` and puts the whole range in one ``Date range`` cell.
"""

from __future__ import annotations

import pandas as pd

from diagnoser.importers._ads import ad_tables, markets_from, periods_from
from diagnoser.importers._common import clean_text, is_total_row, money, numbers
from diagnoser.importers.base import Col, ImporterSpec, Options, Tables, register
from diagnoser.importers.sniff import Source
from diagnoser.values import sniff_decimal

SEARCH_TERM = (
    Col("date", ("Date", "Start Date", "开始日期", "日期"), required=True, group="date"),
    Col("campaign", ("Campaign Name", "广告活动名称"), required=True),
    Col(
        "search_term",
        ("Customer Search Term", "客户搜索词", "Targeting", "投放", "广告SKU", "Advertised SKU"),
        required=True,
    ),
    Col("currency", ("Currency", "货币")),
    Col("country", ("Country", "国家/地区")),
    Col("impressions", ("Impressions", "展示量"), required=True),
    Col("clicks", ("Clicks", "点击量"), required=True),
    Col("spend", ("Spend", "花费"), required=True),
)

CONSOLE = (
    Col("currency", ("Budget currency",), required=True),
    Col("date", ("Date range", "Date"), required=True),
    Col("campaign", ("Campaign name",)),
    Col("marketplace", ("Advertised product marketplace", "Marketplace", "Country")),
    Col("impressions", ("Impressions",), required=True),
    Col("clicks", ("Clicks",), required=True),
    Col("spend", ("Total cost",), required=True),
)


def _read(src: Source, opts: Options, console: bool) -> Tables:
    problems: list = []
    data = src.frame()
    data = data[~is_total_row(data["_first"]) & data["impressions"].notna()]
    decimal = sniff_decimal(data[["impressions", "clicks", "spend"]])
    spend, symbol_currency = money(data["spend"], decimal=decimal)
    if "currency" in data:
        currency = clean_text(data["currency"]).str.upper().astype("object")
    else:
        currency = pd.Series(symbol_currency or opts.currency, index=data.index, dtype="object")
    period = periods_from(src, data, "date", problems)
    market = markets_from(src, data, "marketplace" if console else "country", opts, problems)
    return ad_tables(
        src,
        data,
        period=period,
        market=market,
        currency=currency,
        cost=spend.values,
        impressions=numbers(data["impressions"], decimal=decimal),
        clicks=numbers(data["clicks"], decimal=decimal),
        channel=opts.channel or "amazon_ads",
        problems=problems,
    )


FILLS = {"funnel": ("impressions", "clicks"), "costs": ("ads",)}

SEARCH_TERM_SPEC = register(
    ImporterSpec(
        name="amazon_ads_search_term",
        title_en="Amazon Ads Sponsored Products search term report",
        title_zh="亚马逊广告 商品推广 搜索词报告",
        columns=SEARCH_TERM,
        fills=FILLS,
        read=lambda src, opts: _read(src, opts, console=False),
        notes=(
            "Header cells are trimmed (`7 Day Total Sales `); daily (`Date`) and range (`Start "
            "Date`) "
            "variants are both read, and also the advertised-product variant with `Advertised "
            "SKU`.",
            "Spend may carry a symbol (`$16.12`, `£24.80`); semicolon files with decimal commas "
            "are read.",
            "market from `Country` when present, else the `market` option / 'unknown' with a "
            "warning.",
            "Chinese names are from alias lists and UI mirrors only (low-medium confidence).",
            "Attributed sales/orders are not put in the funnel: they would double-count store "
            "orders.",
        ),
        rank=40,
    )
)

CONSOLE_SPEC = register(
    ImporterSpec(
        name="amazon_ads_console",
        title_en="Amazon Ads console advertised product report",
        title_zh="亚马逊广告新控制台 推广商品报告",
        columns=CONSOLE,
        fills=FILLS,
        read=lambda src, opts: _read(src, opts, console=True),
        notes=(
            '`="…"` wrapped ids are unwrapped; `Date range` (`Jul 06, 2026 - Jul 29, 2026`) is '
            "filed "
            "under the month of its start date.",
            "Currency from `Budget currency`; market from `Advertised product marketplace` "
            "(domain, "
            "code or name) — one source, labelled real (medium confidence).",
        ),
        rank=40,
    )
)
