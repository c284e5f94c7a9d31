"""TikTok Shop Seller Center order export: one row per SKU line, order fields repeated.

The file starts with a BOM, has a row of field descriptions under the header and ends long
ids and timestamps with a tab so Excel leaves them alone. Dates are day-first outside the
US. Buyer names, phones and addresses are never read; the masked username is only hashed.
"""

from __future__ import annotations

import pandas as pd

from diagnoser.dates import parse_dates
from diagnoser.errors import Problem
from diagnoser.importers._common import (
    MARKET_CURRENCY,
    clean_text,
    country_codes,
    hash_keys,
    numbers,
    to_day,
    to_period,
    undated,
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

COLUMNS = (
    Col("order_id", ("Order ID",), required=True),
    Col("status", ("Order Status",), required=True),
    Col("amount", ("Order Amount",), required=True),
    Col("created", ("Created Time",), required=True),
    Col("refund", ("Order Refund Amount",)),
    Col("taxes", ("Taxes",)),
    Col("cancel_type", ("Cancelation/Return Type", "Cancellation/Return Type")),
    Col("cancelled", ("Cancelled Time",)),
    Col("delivered", ("Delivered Time",)),
    Col("country", ("Country",)),
    Col("buyer", ("Buyer Username",)),
)

CANCELLED = {"canceled", "cancelled", "已取消", "đã hủy", "ยกเลิกแล้ว", "dibatalkan"}


def read(src: Source, opts: Options) -> Tables:
    problems: list[Problem] = []
    data = src.frame()
    ids = clean_text(data["order_id"])
    description = ids.str.contains(r"\s", regex=True).fillna(True) | ids.str.lower().str.startswith(
        "platform"
    )
    data = data[~description]
    first = data.assign(order_id=ids[~description]).drop_duplicates("order_id")
    market = (
        country_codes(first["country"])
        if "country" in first
        else pd.Series(None, index=first.index, dtype=object)
    )
    if market.isna().any():
        fallback = fallback_market(opts, src, problems, has_country_column="country" in first)
        problems.extend(unknown_countries(first.get("country"), market, fallback, src.name))
        market = market.fillna(fallback)
    us_like = bool(market.isin(["US", "CA"]).mean() > 0.5)
    dates, ambiguous = parse_dates(clean_text(first["created"]), dayfirst=not us_like)
    problems.extend(undated(dates, clean_text(first["created"]), src.name, what="order"))
    if ambiguous:
        problems.append(
            warn("ambiguous_dates", "order dates could be day- or month-first", file=src.name)
        )
    status = clean_text(first["status"]).str.lower()
    cancelled = status.isin(CANCELLED).fillna(False)
    if "cancel_type" in first:
        cancelled = cancelled | clean_text(first["cancel_type"]).str.lower().eq("cancel").fillna(
            False
        )
    if cancelled.any():
        problems.append(
            warn(
                "cancelled_orders_excluded",
                f"{int(cancelled.sum())} cancelled orders are not counted",
                file=src.name,
            )
        )
    currency = opts.currency or None
    currencies = market.map(MARKET_CURRENCY).astype("object")
    currencies = currencies.fillna(currency) if currency else currencies
    if currencies.isna().any():
        problems.append(
            warn(
                "currency_unknown",
                "the export names no currency",
                "the currency follows from the market: write the country in the export, or "
                "list the store's one market in store.yaml (markets: [GB])",
                file=src.name,
            )
        )
    taxes = numbers(first["taxes"]).fillna(0.0) if "taxes" in first else 0.0
    refund = (
        numbers(first["refund"]).fillna(0.0)
        if "refund" in first
        else pd.Series(0.0, index=first.index)
    )
    returned = refund > 0
    if "cancel_type" in first:
        returned = returned | clean_text(first["cancel_type"]).str.lower().str.contains(
            "return"
        ).fillna(False)
    customer = hash_keys(clean_text(first["buyer"])) if "buyer" in first else None
    orders = pd.DataFrame(
        {
            "order_id": first["order_id"],
            "date": to_day(dates),
            "market": market,
            "channel": opts.channel or "tiktok",
            "customer_id": customer,
            "revenue": numbers(first["amount"]) - taxes,
            "currency": currencies,
            "returned": returned,
            "refund_amount": refund,
        }
    )[~cancelled & dates.notna()]
    period = to_period(dates[orders.index])
    delivered = (
        first.loc[orders.index, "delivered"].notna().astype(float)
        if "delivered" in first
        else float("nan")
    )
    funnel = funnel_frame(
        pd.DataFrame(
            {
                "period": period,
                "market": orders["market"],
                "channel": orders["channel"],
                "currency": orders["currency"],
                "orders": 1.0,
                "revenue": orders["revenue"],
                "returned_orders": orders["returned"].astype(float),
                "fulfilled_orders": delivered,
            }
        )
    )
    costs = cost_frame(
        orders.assign(
            period=period,
            category="refunds",
            amount=orders["refund_amount"],
            vendor=None,
        )
    )
    return Tables(funnel, costs, order_frame(orders), problems)


register(
    ImporterSpec(
        name="tiktok_shop_orders",
        title_en="TikTok Shop Seller Center order export",
        title_zh="TikTok Shop 卖家中心订单导出",
        columns=COLUMNS,
        fills={
            "funnel": ("orders", "revenue", "returned_orders", "fulfilled_orders"),
            "costs": ("refunds",),
            "orders": (
                "order_id",
                "date",
                "market",
                "channel",
                "customer_id",
                "revenue",
                "currency",
                "returned",
                "refund_amount",
            ),
        },
        read=read,
        notes=(
            "The description row under the header (`Platform unique order ID.`) is dropped; "
            "trailing "
            "tabs are trimmed from ids and times.",
            "Dates are day-first (TH/MY/ID/VN) unless most orders ship to US/CA (month-first, "
            "AM/PM).",
            "The export names no currency: it comes from the market (VN→VND, …) or the `currency` "
            "option.",
            "revenue = `Order Amount` − `Taxes`; fulfilled = rows with a `Delivered Time`; "
            "cancelled "
            "orders are not counted. Status words are matched in English/Chinese/Thai/Vietnamese/"
            "Indonesian only (medium confidence).",
        ),
        rank=20,
    )
)
