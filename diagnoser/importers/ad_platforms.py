"""Google Ads, Meta Ads Manager and TikTok Ads Manager report downloads.

Google puts two title lines above the header, ``Total:`` rows below the data and ``--`` for
nulls (and offers a UTF-16 tab-separated "Excel CSV"); Meta writes the currency inside the
header name (``Amount spent (EUR)``); TikTok masks small counts as ``<5``.
"""

from __future__ import annotations

import re

import pandas as pd

from diagnoser.dates import parse_dates
from diagnoser.errors import Problem
from diagnoser.importers._ads import ad_tables, markets_from, periods_from
from diagnoser.importers._common import (
    clean_text,
    currency_in_text,
    is_total_row,
    money,
    numbers,
    to_period,
)
from diagnoser.importers.base import Col, ImporterSpec, Options, Tables, register, warn
from diagnoser.importers.sniff import Source
from diagnoser.values import sniff_decimal

GOOGLE = (
    Col(
        "date",
        ("Day", "Date", "Week", "Month", "Día", "Fecha", "Semana", "Mes", "Jour", "Tag", "日期"),
    ),
    Col(
        "currency",
        ("Currency code", "Código de moneda", "Code de la devise", "Währungscode", "货币代码"),
    ),
    Col(
        "country",
        (
            "Country/Territory",
            "Country/Territory (User location)",
            "Country/Territory (Matched)",
            "País/territorio",
            "国家/地区",
        ),
    ),
    Col("impressions", ("Impr.", "Impresiones", "Impr"), required=True),
    Col("clicks", ("Clicks", "Clics", "Interactions", "Klicks", "点击次数"), required=True),
    Col("cost", ("Cost", "Costo", "Coste", "Coût", "Kosten", "费用"), required=True),
)

META = (
    Col(
        "date",
        (
            "Day",
            "Reporting starts",
            "Jour",
            "Début des rapports",
            "Día",
            "Inicio del informe",
            "天",
            "报告开始日期",
        ),
        required=True,
        group="date",
    ),
    Col("ends", ("Reporting ends", "Fin des rapports", "Fin del informe", "报告结束日期")),
    Col(
        "spend",
        (
            "Amount spent (*",
            "Montant dépensé (*",
            "Importe gastado (*",
            "已花费金额 (*",
            "Ausgegebener Betrag (*",
        ),
        required=True,
    ),
    Col("impressions", ("Impressions", "Impresiones", "展示次数"), required=True),
    Col(
        "clicks",
        (
            "Link clicks",
            "Clics sur un lien",
            "Clics en el enlace",
            "链接点击量",
            "Clicks (all)",
            "点击量(全部)",
        ),
    ),
    Col("country", ("Country", "Pays", "País", "国家/地区")),
)

TIKTOK = (
    Col("date", ("By Day", "Date", "Day", "Stat time", "日期")),
    Col("campaign", ("Campaign name", "Campaign Name", "推广系列名称")),
    Col("currency", ("Currency", "货币")),
    Col("cost", ("Cost", "Spend", "Total cost", "消耗"), required=True),
    Col("impressions", ("Impressions", "Impression", "展示次数"), required=True),
    Col(
        "clicks",
        ("Clicks (destination)", "Clicks (all)", "Clicks", "Click", "点击次数"),
        required=True,
        group="clicks",
    ),
    Col("country", ("Country/Region", "Country", "国家/地区")),
)

_TITLE_DATE = re.compile(
    r"([A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|\d{8})"
)


def _title_period(src: Source) -> str | None:
    """The month of the first date in the title lines (``September 1, 2026 - …``)."""
    for line in src.preamble:
        found = _TITLE_DATE.search(line)
        if found:
            dates, _ = parse_dates(pd.Series([found.group(1)]))
            if dates.notna().all():
                return str(to_period(dates).iloc[0])
    return None


def _drop_totals(data: pd.DataFrame, *keys: str) -> pd.DataFrame:
    total = is_total_row(data["_first"])
    for key in keys:
        if key in data:
            total = total | is_total_row(data[key])
    return data[~total]


def _google(src: Source, opts: Options) -> Tables:
    problems: list[Problem] = []
    data = _drop_totals(src.frame())
    data = data[data["cost"].notna() | data["impressions"].notna()]
    decimal = sniff_decimal(data[["impressions", "clicks", "cost"]])
    cost, symbol_currency = money(data["cost"], decimal=decimal)
    if "date" in data:
        period = periods_from(src, data, "date", problems)
    else:
        period = pd.Series(_title_period(src) or opts.period, index=data.index, dtype="object")
    currency = (
        clean_text(data["currency"]).str.upper().astype("object")
        if "currency" in data
        else pd.Series(symbol_currency or opts.currency, index=data.index, dtype="object")
    )
    return ad_tables(
        src,
        data,
        period=period,
        market=markets_from(src, data, "country", opts, problems),
        currency=currency,
        cost=cost.values,
        impressions=numbers(data["impressions"], decimal=decimal),
        clicks=numbers(data["clicks"], decimal=decimal),
        channel=opts.channel or "google_ads",
        problems=problems,
    )


def _meta(src: Source, opts: Options) -> Tables:
    problems: list[Problem] = []
    data = _drop_totals(src.frame())
    data = data[data["spend"].notna() | data["impressions"].notna()]
    decimal = sniff_decimal(data[["impressions", "spend"]])
    currency = currency_in_text(src.headers["spend"]) or opts.currency
    period = periods_from(src, data, "date", problems)
    if "ends" in data and src.headers["date"] != src.headers.get("ends"):
        ends = periods_from(src, data, "ends", [])
        if (ends != period).any():
            problems.append(
                warn(
                    "range_spans_months",
                    "rows span several months (not broken down by day); they are filed under the "
                    "start month",
                    "export with Breakdown → By time → Day or Month",
                    file=src.name,
                )
            )
    clicks = numbers(data["clicks"], decimal=decimal) if "clicks" in data else float("nan")
    return ad_tables(
        src,
        data,
        period=period,
        market=markets_from(src, data, "country", opts, problems),
        currency=currency,
        cost=numbers(data["spend"], decimal=decimal),
        impressions=numbers(data["impressions"], decimal=decimal),
        clicks=clicks,
        channel=opts.channel or "meta_ads",
        problems=problems,
    )


def _tiktok(src: Source, opts: Options) -> Tables:
    problems: list[Problem] = []
    data = _drop_totals(src.frame())
    if "campaign" in data:
        label = data["campaign"].astype("string").str.strip()
        data = data[~label.str.match(r"(?i)^total(?: of\b|:|s?$)").fillna(False)]
    data = data[data["cost"].notna() | data["impressions"].notna()]
    masked = data["impressions"].astype("string").str.strip().str.startswith("<").fillna(False)
    if masked.any():
        problems.append(
            warn(
                "masked_counts",
                f"{int(masked.sum())} rows show impressions as '<5'; counted as 0",
                file=src.name,
            )
        )
    cost, symbol_currency = money(data["cost"])
    if "date" in data:
        period = periods_from(src, data, "date", problems)
    else:
        period = pd.Series(opts.period, index=data.index, dtype="object")
    currency = (
        clean_text(data["currency"]).str.upper().astype("object")
        if "currency" in data
        else pd.Series(symbol_currency or opts.currency, index=data.index, dtype="object")
    )
    impressions = numbers(data["impressions"]).mask(masked, 0.0)
    return ad_tables(
        src,
        data,
        period=period,
        market=markets_from(src, data, "country", opts, problems),
        currency=currency,
        cost=cost.values,
        impressions=impressions,
        clicks=numbers(data["clicks"]),
        channel=opts.channel or "tiktok_ads",
        problems=problems,
    )


FILLS = {"funnel": ("impressions", "clicks"), "costs": ("ads",)}

register(
    ImporterSpec(
        name="google_ads",
        title_en="Google Ads report download (campaigns, keywords, search terms, locations)",
        title_zh="Google Ads 报告下载",
        columns=GOOGLE,
        fills=FILLS,
        read=_google,
        notes=(
            "Title lines above the header are skipped; the period comes from a `Day`/`Date` "
            "column, "
            "else from the date range in the title line.",
            "`Total: …` rows are dropped, `--` is empty, `Currency code` gives the currency (else "
            "a "
            'symbol or code in `Cost`). UTF-16 tab-separated "Excel CSV" and decimal-comma '
            "locales are read.",
            "market from `Country/Territory` (User locations report) else the `market` option. "
            "Spanish/French/German/Chinese names are guesses beyond the few seen (low confidence).",
        ),
        rank=40,
    )
)

register(
    ImporterSpec(
        name="meta_ads",
        title_en="Meta (Facebook) Ads Manager export",
        title_zh="Meta（Facebook）广告管理工具导出",
        columns=META,
        fills=FILLS,
        read=_meta,
        notes=(
            "Currency is read from the spend header (`Amount spent (EUR)`), matched by prefix.",
            "Rows are filed under the month of `Day`, else of `Reporting starts`; a warning says "
            "when "
            "a row spans months. clicks = `Link clicks` (else `Clicks (all)`).",
            "French `;` files with `1 234,56`, Spanish and Chinese names are read (low-medium "
            "confidence).",
        ),
        rank=40,
    )
)

register(
    ImporterSpec(
        name="tiktok_ads",
        title_en="TikTok Ads Manager export",
        title_zh="TikTok 广告管理平台导出",
        columns=TIKTOK,
        fills=FILLS,
        read=_tiktok,
        notes=(
            "Rows with `Total` in the first column or `Campaign name` are dropped; `<5` "
            "impressions "
            "count as 0 with a warning. clicks = `Clicks (destination)`, else `Clicks (all)`.",
            "Without a date column (`By Day`) the period is the `period` option. Conversion "
            "columns "
            "were never seen verbatim and are not read (medium/low confidence).",
        ),
        rank=40,
    )
)
