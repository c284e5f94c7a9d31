"""Amazon Payments Date Range ("Custom Unified Transaction") report, en/de/fr/jp.

Fees are signed (negative = charged), one row per transaction event, under a preamble that
grows whenever Amazon adds a definition line. Fee columns become cost categories; order rows
give orders and product sales; the marketplace column gives market and currency.
"""

from __future__ import annotations

import re

import pandas as pd

from diagnoser.dates import parse_dates
from diagnoser.errors import Problem
from diagnoser.importers._common import (
    MARKETPLACES,
    clean_text,
    country_codes,
    numbers,
    to_day,
    to_period,
    unknown_countries,
)
from diagnoser.importers.base import (
    Col,
    ImporterSpec,
    Options,
    Tables,
    cost_frame,
    fallback_market,
    funnel_frame,
    order_frame,
    register,
    warn,
)
from diagnoser.importers.sniff import Source
from diagnoser.values import sniff_decimal

COLUMNS = (
    Col("date", ("date/time", "datum/uhrzeit", "date/heure", "日付/時間"), required=True),
    Col("type", ("type", "typ", "トランザクションの種類"), required=True),
    Col(
        "order_id",
        ("order id", "bestellnummer", "numéro de la commande", "注文番号"),
        required=True,
    ),
    Col("marketplace", ("marketplace", "marketplace-name", "マーケットプレイス")),
    Col("description", ("description", "beschreibung", "商品名")),
    Col(
        "product_sales",
        ("product sales", "umsätze", "ventes de produits", "商品の売上"),
        required=True,
    ),
    Col(
        "shipping_credits",
        ("shipping credits", "gutschrift für versandkosten", "crédits d'expédition", "配送料"),
    ),
    Col(
        "giftwrap",
        (
            "gift wrap credits",
            "gutschrift für geschenkverpackung",
            "crédits cadeau",
            "ギフト包装手数料",
        ),
    ),
    Col(
        "promo",
        (
            "promotional rebates",
            "rabatte aus werbeaktionen",
            "rabais promotionnels",
            "プロモーション割引额",
            "プロモーション割引額",
        ),
    ),
    Col(
        "selling_fees",
        ("selling fees", "verkaufsgebühren", "frais de vente", "手数料"),
        required=True,
    ),
    Col(
        "fba_fees",
        ("fba fees", "gebühren zu versand durch amazon", "frais expédié par amazon", "fba 手数料"),
        required=True,
    ),
    Col(
        "other_fees",
        (
            "other transaction fees",
            "andere transaktionsgebühren",
            "autres frais de transaction",
            "トランザクションに関するその他の手数料",
        ),
    ),
    Col("other", ("other", "andere", "divers", "その他")),
    Col("total", ("total", "gesamt", "合計"), required=True),
)

TYPES = {
    "order": "order",
    "bestellung": "order",
    "commande": "order",
    "注文": "order",
    "refund": "refund",
    "erstattung": "refund",
    "remboursement": "refund",
    "返金": "refund",
    "transfer": "transfer",
    "übertrag": "transfer",
    "transfert": "transfer",
    "振込": "transfer",
    "service fee": "service_fee",
    "servicegebühr": "service_fee",
    "frais de service": "service_fee",
    "サービス料": "service_fee",
    "fba inventory fee": "inventory_fee",
    "adjustment": "adjustment",
    "anpassung": "adjustment",
    "ajustement": "adjustment",
    "調整": "adjustment",
}

# Service-fee descriptions → cost category (first match wins; the rest is "other").
SERVICE_FEES = (
    (r"advertis|werbung|publicité|広告", "ads"),
    (r"subscription|abonnement|grundgebühr|月額登録料", "commission"),
    (r"storage|lagergebühr|stockage|在庫保管", "warehousing"),
    (r"removal|disposal|remboursement.*retour|返送|所有権の放棄", "reverse_logistics"),
    (r"inbound|transport|placement|versand an amazon", "shipping"),
)


def _currency(src: Source) -> str | None:
    for line in src.preamble:
        found = re.search(
            r"\b(USD|EUR|GBP|JPY|INR|AED|CAD|MXN|AUD|SEK|PLN|SAR|SGD|BRL|TRY|EGP)\b", line
        )
        if found:
            return found.group(1)
    return None


def read(src: Source, opts: Options) -> Tables:
    problems: list[Problem] = []
    data = src.frame()
    decimal = sniff_decimal(data.drop(columns=["_first", "date", "description"], errors="ignore"))
    kind = clean_text(data["type"]).str.lower().map(TYPES).fillna("other")
    dates, _ = parse_dates(data["date"], dayfirst=True)
    period = to_period(dates)
    if "marketplace" in data:
        domain = clean_text(data["marketplace"]).str.lower().str.removeprefix("www.")
        market = country_codes(data["marketplace"])
        currency = domain.map({k: v[1] for k, v in MARKETPLACES.items()}).astype("object")
    else:
        market = pd.Series(None, index=data.index, dtype="object")
        currency = pd.Series(None, index=data.index, dtype="object")
    preamble_currency = _currency(src) or opts.currency
    if preamble_currency:
        currency = pd.Series(preamble_currency, index=data.index, dtype="object")
    if market.isna().any():
        # Service fees and transfers have no marketplace: file them with the file's main market.
        known = market.dropna()
        main = known.mode().iloc[0] if len(known) else fallback_market(opts, src, problems)
        filed = opts.market.upper() if opts.market else main
        if "marketplace" in data:  # a marketplace cell naming no country is worth a word
            problems.extend(
                unknown_countries(data["marketplace"], market, filed, src.name, count_blank=False)
            )
        market = market.fillna(filed)
    currency = currency.fillna(currency.dropna().mode().iloc[0] if currency.notna().any() else None)
    num = {
        k: numbers(data[k], decimal=decimal).fillna(0.0)
        if k in data
        else pd.Series(0.0, index=data.index)
        for k in (
            "product_sales",
            "shipping_credits",
            "giftwrap",
            "promo",
            "selling_fees",
            "fba_fees",
            "other_fees",
            "other",
            "total",
        )
    }
    channel = opts.channel or "amazon"
    base = {
        "period": period,
        "market": market,
        "channel": channel,
        "currency": currency,
        "vendor": None,
    }
    is_service = kind.isin(["service_fee", "inventory_fee"])
    description = (
        clean_text(data["description"]).str.lower().fillna("") if "description" in data else None
    )
    service_cat = pd.Series("other", index=data.index)
    service_cat[kind == "inventory_fee"] = "warehousing"
    if description is not None:
        for pattern, category in reversed(SERVICE_FEES):
            service_cat[(kind == "service_fee") & description.str.contains(pattern, regex=True)] = (
                category
            )
    sales_parts = num["product_sales"] + num["shipping_credits"] + num["giftwrap"] + num["promo"]
    lines = [
        pd.DataFrame({**base, "category": "commission", "amount": -num["selling_fees"]}),
        pd.DataFrame({**base, "category": "fulfillment", "amount": -num["fba_fees"]}),
        pd.DataFrame({**base, "category": "other", "amount": -num["other_fees"]}),
        pd.DataFrame(
            {**base, "category": "refunds", "amount": -sales_parts.where(kind == "refund", 0.0)}
        ),
        pd.DataFrame({**base, "category": service_cat, "amount": -num["total"] * is_service}),
    ]
    costs = pd.concat(lines, ignore_index=True)
    costs.loc[costs["category"] == "ads", "channel"] = "amazon_ads"
    adjust = kind.isin(["adjustment", "other"]) & (num["total"] != 0)
    if adjust.any():
        problems.append(
            warn(
                "adjustments_not_costed",
                f"{int(adjust.sum())} adjustment/reimbursement rows (net "
                f"{float(num['total'][adjust].sum()):.2f}) "
                "are not counted as costs",
                file=src.name,
            )
        )
    order_rows = kind == "order"
    order_ids = clean_text(data["order_id"])
    per_order = pd.DataFrame(
        {
            "order_id": order_ids,
            "date": to_day(dates),
            "market": market,
            "channel": channel,
            "revenue": sales_parts,
            "currency": currency,
            "refund_amount": 0.0 - sales_parts.where(kind == "refund", 0.0) + 0.0,
            "is_order": order_rows,
            "period": period,
        }
    )[kind.isin(["order", "refund"]) & order_ids.notna()]
    grouped = per_order.groupby("order_id", sort=False)
    orders = grouped.agg(
        date=("date", "first"),
        market=("market", "first"),
        channel=("channel", "first"),
        currency=("currency", "first"),
        period=("period", "first"),
        is_order=("is_order", "max"),
        refund_amount=("refund_amount", "sum"),
    )
    orders["revenue"] = per_order[per_order["is_order"]].groupby("order_id")["revenue"].sum()
    orders = orders[orders["is_order"]].reset_index()
    orders["returned"] = orders["refund_amount"] > 0
    orders["customer_id"] = None
    funnel = funnel_frame(
        orders.assign(orders=1.0, returned_orders=orders["returned"].astype(float))[
            ["period", "market", "channel", "currency", "orders", "revenue", "returned_orders"]
        ]
    )
    return Tables(funnel, cost_frame(costs), order_frame(orders), problems)


SPEC = register(
    ImporterSpec(
        name="amazon_transactions",
        title_en="Amazon Date Range report (Custom Unified Transaction)",
        title_zh="亚马逊日期范围报告（交易明细）",
        columns=COLUMNS,
        fills={
            "funnel": ("orders", "revenue", "returned_orders", "currency"),
            "costs": (
                "commission",
                "fulfillment",
                "refunds",
                "other",
                "ads",
                "warehousing",
                "reverse_logistics",
                "shipping",
            ),
            "orders": (
                "order_id",
                "date",
                "market",
                "channel",
                "revenue",
                "currency",
                "returned",
                "refund_amount",
            ),
        },
        read=read,
        notes=(
            "The header row is found by content below a preamble of any length; the currency comes "
            "from `All amounts in XXX`, else from the marketplace (amazon.de → DE, EUR).",
            "selling fees → commission, fba fees → fulfillment, other transaction fees → other, "
            "refunded product sales/shipping/gift wrap/promotions (type Refund) → refunds; "
            "fees are negated so money spent is positive.",
            "Service Fee rows are routed by description: advertising → ads (channel amazon_ads), "
            "subscription → commission, storage → warehousing, removal/disposal → "
            "reverse_logistics, "
            "inbound/placement → shipping, else other. Transfers (payouts) are not costs; "
            "adjustments/reimbursements are reported as a warning, not costed.",
            "orders = distinct order ids with an Order row; revenue = product sales + shipping "
            "credits + "
            "gift wrap credits + promotional rebates (what the buyer paid, excluding tax). Rows "
            "without marketplace take the file's main market.",
            "German/French/Japanese header names come from one parser (lower-cased); decimal "
            "commas "
            "are detected from the cells. No Chinese header has been seen (low confidence).",
        ),
        rank=30,
    )
)
