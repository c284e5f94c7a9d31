"""Shopify orders export (``orders_export*.csv``): one row per line item.

Order-level cells (Email … Total, Created at, addresses) are filled only on an order's
first row, so orders are the rows that carry ``Created at``, deduplicated by ``Name``.
Email is read only to be hashed; names, phones and addresses are never read.
"""

from __future__ import annotations

import pandas as pd

from diagnoser.dates import parse_dates
from diagnoser.errors import Problem
from diagnoser.importers._common import (
    country_codes,
    hash_keys,
    numbers,
    purchase_rank,
    to_day,
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
    Col("order", ("Name",), required=True),
    Col("created", ("Created at",), required=True),
    Col("total", ("Total",), required=True),
    Col("qty", ("Lineitem quantity",), required=True, read=False),
    Col("subtotal", ("Subtotal",), read=False),
    Col("currency", ("Currency",)),
    Col("financial", ("Financial Status",)),
    Col("fulfillment", ("Fulfillment Status",)),
    Col("taxes", ("Taxes",)),
    Col("refunded", ("Refunded Amount",)),
    Col("ship_country", ("Shipping Country",)),
    Col("bill_country", ("Billing Country",)),
    Col("email", ("Email",)),
    Col("cancelled", ("Cancelled at",)),
)


def read(src: Source, opts: Options) -> Tables:
    problems: list[Problem] = []
    data = src.frame()
    first = data[data["created"].notna()].drop_duplicates("order")
    order_id = first["order"].astype("string").str.strip()
    dates, _ = parse_dates(first["created"])
    status = (
        first["financial"].astype("string").str.strip().str.lower()
        if "financial" in first
        else None
    )
    cancelled = (
        first["cancelled"].notna() if "cancelled" in first else pd.Series(False, index=first.index)
    )
    if status is not None:
        cancelled = cancelled | (status == "voided").fillna(False)
    if int(cancelled.sum()):
        problems.append(
            warn(
                "cancelled_orders_excluded",
                f"{int(cancelled.sum())} cancelled or voided orders are not counted as orders",
                file=src.name,
            )
        )
    problems.extend(undated(dates, first["created"], src.name, what="order"))
    market = pd.Series(None, index=first.index, dtype="object")
    for key in ("ship_country", "bill_country"):
        if key in first and market.isna().any():
            gaps = market.isna()
            market[gaps] = country_codes(first.loc[gaps, key])
    if market.isna().any():
        keys = [key for key in ("ship_country", "bill_country") if key in first]
        fallback = fallback_market(opts, src, problems, has_country_column=bool(keys))
        named = first[keys].bfill(axis=1).iloc[:, 0] if keys else None
        problems.extend(unknown_countries(named, market, fallback, src.name))
        market = market.fillna(fallback)
    currency = first["currency"].astype("string").str.strip() if "currency" in first else None
    currency = (
        currency if currency is not None else pd.Series(opts.currency, index=first.index)
    ).astype("object")
    total = numbers(first["total"])
    taxes = numbers(first["taxes"]).fillna(0.0) if "taxes" in first else 0.0
    refunded = (
        numbers(first["refunded"]).fillna(0.0)
        if "refunded" in first
        else pd.Series(0.0, index=first.index)
    )
    returned = refunded > 0
    if status is not None:
        returned = returned | status.isin(["refunded", "partially_refunded"]).fillna(False)
    customer = (
        hash_keys(first["email"])
        if "email" in first
        else pd.Series(None, index=first.index, dtype=object)
    )

    orders = pd.DataFrame(
        {
            "order_id": order_id,
            "date": to_day(dates, first["created"]),
            "market": market,
            "channel": opts.channel or "shopify",
            "customer_id": customer,
            "revenue": total - taxes,
            "currency": currency,
            "returned": returned,
            "refund_amount": refunded,
        }
    )[~cancelled & dates.notna()]
    period = orders["date"].astype("str").str.slice(0, 7).astype("object")
    rank = purchase_rank(orders["customer_id"], dates[orders.index])
    known = orders["customer_id"].notna()
    nan_if_no_key = 1.0 if known.any() else float("nan")
    fulfilled = (
        first.loc[orders.index, "fulfillment"]
        .astype("string")
        .str.lower()
        .eq("fulfilled")
        .fillna(False)
        if "fulfillment" in first
        else None
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
                "fulfilled_orders": fulfilled.astype(float)
                if fulfilled is not None
                else float("nan"),
                "new_customers": (known & (rank == 0)).astype(float) * nan_if_no_key,
                "repeat_orders": (known & (rank > 0)).astype(float) * nan_if_no_key,
            }
        )
    )
    costs = cost_frame(
        pd.DataFrame(
            {
                "period": period,
                "market": orders["market"],
                "channel": orders["channel"],
                "category": "refunds",
                "amount": orders["refund_amount"],
                "currency": orders["currency"],
                "vendor": None,
            }
        )
    )
    return Tables(funnel, costs, order_frame(orders), problems)


SPEC = register(
    ImporterSpec(
        name="shopify_orders",
        title_en="Shopify orders export",
        title_zh="Shopify 订单导出",
        columns=COLUMNS,
        fills={
            "funnel": (
                "orders",
                "revenue",
                "fulfilled_orders",
                "returned_orders",
                "new_customers",
                "repeat_orders",
            ),
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
            "One row per line item; order fields are read from the row carrying `Created at` (the "
            "first).",
            "revenue = Total − Taxes (tax collected is not earned); refunds = `Refunded Amount`, "
            "filed under the order's month (the export has no refund date).",
            "market = `Shipping Country`, else `Billing Country`; cancelled/voided orders are not "
            "counted.",
            "`Created at` may be an Excel serial number once the file went through Excel; both "
            "are read.",
            "new_customers / repeat_orders only know the orders in the file (hashed `Email`).",
        ),
        rank=20,
        fast=True,
    )
)
