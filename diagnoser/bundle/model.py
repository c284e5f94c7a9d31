"""The canonical store bundle once read: a profile and tables with canonical columns.

Readers (the bundle reader, the export importers) produce a :class:`Bundle`; the fact
builder consumes it. Column names below are the contract between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from diagnoser.bundle.profile import StoreProfile
from diagnoser.errors import Problem

FUNNEL_COLUMNS = (
    "period", "market", "channel", "impressions", "clicks", "sessions", "bounced_sessions",
    "bounce_rate", "add_to_cart", "checkouts", "orders", "revenue", "currency", "fulfilled_orders",
    "returned_orders", "reviews", "new_customers", "repeat_orders", "referral_orders",
)  # fmt: skip
COST_COLUMNS = ("period", "market", "channel", "category", "amount", "currency", "vendor")
ORDER_COLUMNS = (
    "order_id", "date", "market", "channel", "customer_id", "revenue", "currency", "returned",
    "refund_amount",
)  # fmt: skip
FX_COLUMNS = ("currency", "rate", "period")
BASELINE_COLUMNS = ("metric", "market", "channel", "value")
COST_CATEGORIES = (
    "ads", "commission", "fulfillment", "shipping", "warehousing", "reverse_logistics", "refunds",
    "payment_fees", "fx_loss", "vat", "duties", "epr", "certification", "localization", "kyc",
    "saas", "agency", "cogs", "other",
)  # fmt: skip


@dataclass
class Bundle:
    """A store's data, validated, with every amount in ``store.report_currency``.

    ``funnel``: one row per period (YYYY-MM) × market (ISO alpha-2) × channel; counts and
    money as floats (NaN where the file left the cell blank). ``costs``: one row per cost
    line, ``amount`` positive and converted. ``orders``: optional, one row per order,
    ``customer_id`` already pseudonymised. ``warnings`` become data-quality notes.
    """

    store: StoreProfile
    funnel: pd.DataFrame
    costs: pd.DataFrame
    orders: pd.DataFrame | None = None
    baselines: pd.DataFrame | None = None
    fx: pd.DataFrame | None = None
    warnings: list[Problem] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
