"""A seller's folder: Shopify orders, a Chinese Business Report, a Date Range report and a
Google Ads report, merged and checked cell by cell against hand-computed tables."""

from __future__ import annotations

import math
from pathlib import Path

import importer_fixtures as fx
import pandas as pd
import pytest

from diagnoser.bundle.model import COST_COLUMNS, FUNNEL_COLUMNS, ORDER_COLUMNS
from diagnoser.importers import Options, import_folder, merge

NAN = float("nan")
F = FUNNEL_COLUMNS
# period, market, channel, impressions, clicks, sessions, bounced, bounce_rate, add_to_cart,
# checkouts, orders,
# revenue, currency, fulfilled, returned, reviews, new_customers, repeat_orders, referral_orders
EXPECTED_FUNNEL = [
    (
        "2026-09",
        "GB",
        "shopify",
        NAN,
        NAN,
        NAN,
        NAN,
        NAN,
        NAN,
        NAN,
        1,
        20.0,
        "GBP",
        0,
        0,
        NAN,
        1,
        0,
        NAN,
    ),
    # Business Report wins orders/revenue (precedence);
    # returned orders only the Date Range report has.
    (
        "2026-09",
        "US",
        "amazon",
        NAN,
        NAN,
        2000,
        NAN,
        NAN,
        NAN,
        NAN,
        42,
        2000.0,
        "USD",
        NAN,
        1,
        NAN,
        NAN,
        NAN,
        NAN,
    ),
    (
        "2026-09",
        "US",
        "google_ads",
        6204,
        200,
        NAN,
        NAN,
        NAN,
        NAN,
        NAN,
        NAN,
        NAN,
        "USD",
        NAN,
        NAN,
        NAN,
        NAN,
        NAN,
        NAN,
    ),
    (
        "2026-09",
        "US",
        "shopify",
        NAN,
        NAN,
        NAN,
        NAN,
        NAN,
        NAN,
        NAN,
        3,
        130.0,
        "USD",
        3,
        1,
        NAN,
        2,
        1,
        NAN,
    ),
]
EXPECTED_COSTS = [
    ("2026-09", "US", "amazon", "commission", 3.90 + 6.00 - 3.12 + 39.99, "USD", None),
    ("2026-09", "US", "amazon", "fulfillment", 3.86 + 4.50, "USD", None),
    ("2026-09", "US", "amazon", "other", 0.50, "USD", None),
    ("2026-09", "US", "amazon", "refunds", 25.99, "USD", None),
    ("2026-09", "US", "amazon_ads", "ads", 150.00, "USD", None),
    ("2026-09", "US", "google_ads", "ads", 172.45 + 1600.80, "USD", None),
    ("2026-09", "US", "shopify", "refunds", 30.00, "USD", None),
]
EXPECTED_ORDERS = [
    # order_id, date, market, channel, revenue, currency, returned, refund_amount
    # (customer_id is checked apart)
    ("111-0000001-0000001", "2026-09-03", "US", "amazon", 25.99, "USD", True, 25.99),
    ("111-0000002-0000002", "2026-09-12", "US", "amazon", 35.00, "USD", False, 0.0),
    ("#1001", "2026-09-02", "US", "shopify", 60.00, "USD", False, 0.0),
    ("#1002", "2026-09-10", "US", "shopify", 30.00, "USD", True, 30.0),
    ("#1004", "2026-09-15", "GB", "shopify", 20.00, "GBP", False, 0.0),
    ("#1003", "2026-09-20", "US", "shopify", 40.00, "USD", False, 0.0),
]


@pytest.fixture()
def merged(tmp_path: Path):
    fx.shopify_orders(tmp_path / "orders_export_1.csv")
    fx.business_report_zh(tmp_path / "BusinessReport-26-10-1.csv")
    fx.date_range_us(tmp_path / "2026SepMonthlyUnifiedTransaction.csv")
    fx.google_ads_utf16(tmp_path / "Campaign report.csv")
    (tmp_path / "store.yaml").write_text("name: demo\n")
    folder = import_folder(tmp_path, Options(market="US"))
    assert sorted(r.format for r in folder.results) == [
        "amazon_business_child",
        "amazon_transactions",
        "google_ads",
        "shopify_orders",
    ]
    assert folder.unrecognised == []
    assert [p.name for p, _ in folder.skipped] == ["store.yaml"]
    return folder, merge(folder.results)


def _same(actual, expected) -> bool:
    if isinstance(expected, float) and math.isnan(expected):
        return actual is None or (isinstance(actual, float) and math.isnan(actual))
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return actual == pytest.approx(expected, abs=1e-9)
    return actual == expected


def _check(frame: pd.DataFrame, columns, expected) -> None:
    assert tuple(frame.columns) == tuple(columns)
    assert len(frame) == len(expected), frame
    for i, exp in enumerate(expected):
        for col, value in zip(columns, exp, strict=False):
            assert _same(frame.iloc[i][col], value), (i, col, frame.iloc[i][col], value)


def test_merged_funnel_cell_by_cell(merged) -> None:
    _, tables = merged
    _check(tables.funnel, F, EXPECTED_FUNNEL)


def test_merged_costs_cell_by_cell(merged) -> None:
    _, tables = merged
    _check(tables.costs, COST_COLUMNS, EXPECTED_COSTS)


def test_merged_orders_cell_by_cell(merged) -> None:
    _, tables = merged
    columns = [c for c in ORDER_COLUMNS if c != "customer_id"]
    _check(tables.orders[columns], columns, EXPECTED_ORDERS)
    ids = tables.orders.set_index("order_id")["customer_id"]
    assert ids["#1001"] == ids["#1003"] != ids["#1002"]
    assert ids["111-0000001-0000001"] is None


def test_source_mismatch_recorded_not_overwritten(merged) -> None:
    _, tables = merged
    mismatches = {
        (d["channel"], d["metric"]): d
        for d in tables.data_quality
        if d["kind"] == "source_mismatch"
    }
    assert set(mismatches) == {("amazon", "orders"), ("amazon", "revenue")}
    orders = mismatches[("amazon", "orders")]
    assert (orders["market"], orders["period"]) == ("US", "2026-09")
    assert orders["values"] == {"amazon_business_child": 42.0, "amazon_transactions": 2.0}
    assert orders["kept"] == "amazon_business_child"
    assert orders["difference_pct"] == pytest.approx(round(40 / 42 * 100, 2))
    revenue = mismatches[("amazon", "revenue")]
    assert revenue["values"] == {
        "amazon_business_child": 2000.0,
        "amazon_transactions": pytest.approx(60.99),
    }
    assert revenue["difference_pct"] == pytest.approx(round((2000 - 60.99) / 2000 * 100, 2))


def test_period_inferred_for_business_report(merged) -> None:
    folder, _ = merged
    business = next(r for r in folder.results if r.format == "amazon_business_child")
    assert "period_inferred" in [p.code for p in business.problems]


def test_ads_cost_from_two_sources_kept_once(tmp_path: Path) -> None:
    fx.date_range_us(tmp_path / "tx.csv")
    fx.sp_search_term(tmp_path / "sp.csv")
    # make the search-term report US so it overlaps the Date Range advertising fee
    path = tmp_path / "sp.csv"
    path.write_text(
        path.read_text()
        .replace("United Kingdom", "United States")
        .replace("GBP", "USD")
        .replace("£", "$")
    )
    tables = merge(import_folder(tmp_path).results)
    ads = tables.costs[tables.costs["category"] == "ads"]
    assert len(ads) == 1 and ads.iloc[0]["amount"] == 150.0  # Date Range (billed) wins
    record = next(d for d in tables.data_quality if d["metric"] == "costs.ads")
    assert record["values"] == {"amazon_transactions": 150.0, "amazon_ads_search_term": 32.0}
