"""Each importer on files written from the format notes, detection, and PII handling."""

from __future__ import annotations

import math
from pathlib import Path

import importer_fixtures as fx
import pandas as pd
import pytest

from diagnoser.bundle.model import COST_CATEGORIES, COST_COLUMNS, FUNNEL_COLUMNS, ORDER_COLUMNS
from diagnoser.errors import InputError
from diagnoser.importers import Options, detect, import_file, import_folder
from diagnoser.importers.docs import render_markdown

DETECTED = {
    "shopify_orders": "shopify_orders",
    "business_report_zh": "amazon_business_child",
    "business_report_en_child": "amazon_business_child",
    "business_report_by_date_in": "amazon_business_date",
    "date_range_us": "amazon_transactions",
    "date_range_de": "amazon_transactions",
    "date_range_fr": "amazon_transactions",
    "date_range_jp": "amazon_transactions",
    "sp_search_term": "amazon_ads_search_term",
    "console_product": "amazon_ads_console",
    "google_ads_utf16": "google_ads",
    "google_ads_daily": "google_ads",
    "meta_ads": "meta_ads",
    "meta_ads_fr": "meta_ads",
    "tiktok_ads": "tiktok_ads",
    "tiktok_shop_my": "tiktok_shop_orders",
    "shopify_conversion": "shopify_analytics",
    "shopify_conversion_rate": "shopify_analytics",
    "ga4_multi": "ga4",
}


def write(tmp_path: Path, builder: str, name: str = "export.csv") -> Path:
    return getattr(fx, builder)(tmp_path / name)


def row(frame: pd.DataFrame, **where: str) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for key, value in where.items():
        mask &= frame[key] == value
    assert int(mask.sum()) == 1, f"expected one row for {where}, got {int(mask.sum())}\n{frame}"
    return frame[mask].iloc[0]


def check_canonical(result) -> None:
    if result.funnel is not None:
        assert tuple(result.funnel.columns) == FUNNEL_COLUMNS
    if result.costs is not None:
        assert tuple(result.costs.columns) == COST_COLUMNS
        assert set(result.costs["category"]) <= set(COST_CATEGORIES)
        assert (result.costs["amount"] > 0).all()
    if result.orders is not None:
        assert tuple(result.orders.columns) == ORDER_COLUMNS


@pytest.mark.parametrize(("builder", "expected"), sorted(DETECTED.items()))
def test_detects_each_format_by_content(tmp_path: Path, builder: str, expected: str) -> None:
    path = write(tmp_path, builder, "download (3).csv")  # the name says nothing
    detection = detect(path)
    assert detection.format == expected, detection
    assert detection.missing == []
    result = import_file(path)
    assert result.format == expected
    check_canonical(result)


def test_unknown_csv_is_named_with_closest_format_and_missing_columns(tmp_path: Path) -> None:
    path = fx.unknown_csv(tmp_path / "mystery.csv")
    detection = detect(path)
    assert detection.format is None
    assert detection.closest == "shopify_orders"
    assert detection.missing == ["Created at", "Total"]
    with pytest.raises(InputError) as info:
        import_file(path)
    assert "shopify_orders" in info.value.render() and "Created at" in info.value.render()


def test_shopify_orders_groups_line_items(tmp_path: Path) -> None:
    result = import_file(fx.shopify_orders(tmp_path / "orders_export_1.csv"))
    us = row(result.funnel, market="US")
    assert (us["orders"], us["revenue"], us["currency"]) == (3.0, 130.0, "USD")
    assert (
        us["fulfilled_orders"],
        us["returned_orders"],
        us["new_customers"],
        us["repeat_orders"],
    ) == (3, 1, 2, 1)
    gb = row(result.funnel, market="GB")
    assert (gb["orders"], gb["revenue"], gb["currency"], gb["fulfilled_orders"]) == (
        1.0,
        20.0,
        "GBP",
        0.0,
    )
    orders = result.orders.set_index("order_id")
    assert list(orders.index) == ["#1001", "#1002", "#1003", "#1004"]  # #1005 cancelled
    assert orders.loc["#1003", "date"] == "2026-09-20"  # Excel serial 46285.5
    assert (
        orders.loc["#1001", "customer_id"] == orders.loc["#1003", "customer_id"]
    )  # email case ignored
    assert orders.loc["#1002", "returned"] and orders.loc["#1002", "refund_amount"] == 30.0
    refunds = row(result.costs, category="refunds")
    assert (refunds["amount"], refunds["market"], refunds["channel"]) == (30.0, "US", "shopify")
    assert [p.code for p in result.problems] == ["cancelled_orders_excluded"]


def test_business_report_chinese_and_english(tmp_path: Path) -> None:
    zh = import_file(fx.business_report_zh(tmp_path / "a.csv"), Options(period="2026-09"))
    got = row(zh.funnel, market="US")
    assert (
        got["period"],
        got["channel"],
        got["sessions"],
        got["orders"],
        got["revenue"],
        got["currency"],
    ) == ("2026-09", "amazon", 2000.0, 42.0, 2000.0, "USD")
    en = import_file(
        fx.business_report_en_child(tmp_path / "b.csv"), Options(period="2026-09", market="US")
    )
    got = row(en.funnel, market="US")
    assert (got["sessions"], got["orders"], got["revenue"]) == (12131.0, 668.0, 12905.25)
    assert "period_unknown" in [p.code for p in import_file(tmp_path / "b.csv").problems]


def test_business_report_gb18030_without_bom(tmp_path: Path) -> None:
    path = fx.business_report_zh(tmp_path / "gb.csv")
    path.write_bytes(path.read_bytes()[3:].decode("utf-8").encode("gb18030"))
    detection = detect(path)
    assert (detection.format, detection.encoding) == ("amazon_business_child", "gb18030")


def test_business_report_by_date_lakh_and_day_first(tmp_path: Path) -> None:
    result = import_file(fx.business_report_by_date_in(tmp_path / "d.csv"))
    july = row(result.funnel, period="2026-07")
    assert (july["market"], july["currency"], july["sessions"], july["orders"]) == (
        "IN",
        "INR",
        2514.0,
        198.0,
    )
    assert july["revenue"] == pytest.approx(108218.36 + 75565.26)
    assert row(result.funnel, period="2026-08")["revenue"] == 1000.0


def test_business_report_rows_without_a_readable_date_are_named(tmp_path: Path) -> None:
    path = fx.business_report_by_date_in(tmp_path / "d.csv")
    path.write_text(path.read_text("utf-8").replace("02/08/26", "32/08/26"), "utf-8")
    result = import_file(path)
    assert "2026-08" not in set(result.funnel["period"])
    (warning,) = [p for p in result.problems if p.code == "unreadable_dates"]
    assert "1 row(s)" in warning.message and "'32/08/26'" in warning.message


def test_date_range_us_fees_refunds_and_service_fees(tmp_path: Path) -> None:
    result = import_file(fx.date_range_us(tmp_path / "2026SepMonthlyUnifiedTransaction.csv"))
    assert result.detection.header_row == 7
    funnel = row(result.funnel, market="US", channel="amazon")
    assert (funnel["orders"], funnel["revenue"], funnel["returned_orders"]) == (
        2.0,
        pytest.approx(60.99),
        1.0,
    )
    costs = result.costs.set_index(["channel", "category"])["amount"]
    assert costs[("amazon", "commission")] == pytest.approx(3.90 + 6.00 - 3.12 + 39.99)
    assert costs[("amazon", "fulfillment")] == pytest.approx(8.36)
    assert costs[("amazon", "other")] == pytest.approx(0.50)
    assert costs[("amazon", "refunds")] == pytest.approx(25.99)
    assert costs[("amazon_ads", "ads")] == pytest.approx(150.0)
    assert set(result.costs["currency"]) == {"USD"} and set(result.costs["period"]) == {"2026-09"}
    assert len(result.costs) == 5  # the transfer is not a cost


@pytest.mark.parametrize(
    ("builder", "market", "currency", "revenue", "commission", "fulfillment"),
    [
        ("date_range_de", "DE", "EUR", 1234.56, 180.00, 3.50),
        ("date_range_fr", "FR", "EUR", 100.00, 15.00, 4.00),
        ("date_range_jp", "JP", "JPY", 3000.0, 450.0, 300.0),
    ],
)
def test_date_range_localised(
    tmp_path: Path, builder, market, currency, revenue, commission, fulfillment
) -> None:
    result = import_file(write(tmp_path, builder))
    funnel = row(result.funnel, channel="amazon")
    assert (funnel["market"], funnel["currency"], funnel["revenue"]) == (
        market,
        currency,
        pytest.approx(revenue),
    )
    costs = result.costs[result.costs["channel"] == "amazon"].set_index("category")["amount"]
    assert costs["commission"] == pytest.approx(commission)
    assert costs["fulfillment"] == pytest.approx(fulfillment)
    assert set(result.orders["date"]) == {"2026-09-01"}


def test_date_range_de_advertising_and_refund(tmp_path: Path) -> None:
    result = import_file(fx.date_range_de(tmp_path / "de.csv"))
    assert row(result.costs, category="ads")["amount"] == pytest.approx(80.0)
    assert row(result.costs, category="refunds")["amount"] == pytest.approx(34.56)
    assert result.orders.iloc[0]["returned"]


def test_amazon_ads_reports(tmp_path: Path) -> None:
    sp = import_file(fx.sp_search_term(tmp_path / "sp.csv"))
    got = row(sp.funnel, market="GB")
    assert (got["channel"], got["impressions"], got["clicks"], got["period"]) == (
        "amazon_ads",
        2000.0,
        40.0,
        "2026-09",
    )
    assert (row(sp.costs, market="GB")["amount"], row(sp.costs, market="GB")["currency"]) == (
        32.0,
        "GBP",
    )
    console = import_file(fx.console_product(tmp_path / "console.csv"))
    cost = row(console.costs, market="US")
    assert (cost["period"], cost["amount"], cost["currency"]) == ("2026-07", 108.61, "USD")


def test_google_ads_utf16_tsv_titles_totals(tmp_path: Path) -> None:
    result = import_file(
        fx.google_ads_utf16(tmp_path / "Campaign report.csv"), Options(market="US")
    )
    assert (result.detection.encoding, result.detection.delimiter, result.detection.header_row) == (
        "utf-16",
        "\t",
        2,
    )
    got = row(result.funnel, market="US")
    assert (got["period"], got["channel"], got["impressions"], got["clicks"]) == (
        "2026-09",
        "google_ads",
        6204.0,
        200.0,
    )
    assert row(result.costs, market="US")["amount"] == pytest.approx(1773.25)


def test_google_ads_daily_locations(tmp_path: Path) -> None:
    result = import_file(fx.google_ads_daily(tmp_path / "g.csv"))
    assert row(result.costs, market="DE")["amount"] == 20.0
    assert row(result.funnel, market="FR")["impressions"] == 500.0
    assert set(result.funnel["period"]) == {"2026-10"}


def test_meta_currency_in_header(tmp_path: Path) -> None:
    result = import_file(fx.meta_ads(tmp_path / "m.csv"), Options(market="DE"))
    cost = row(result.costs, market="DE")
    assert (cost["currency"], cost["amount"], cost["channel"]) == (
        "EUR",
        pytest.approx(1300.0),
        "meta_ads",
    )
    assert row(result.funnel, market="DE")["clicks"] == 340.0
    fr = import_file(fx.meta_ads_fr(tmp_path / "fr.csv"))
    assert row(fr.costs, market="unknown")["amount"] == pytest.approx(1234.56)
    assert "market_unknown" in [p.code for p in fr.problems]


def test_tiktok_ads_masked_and_total(tmp_path: Path) -> None:
    result = import_file(fx.tiktok_ads(tmp_path / "t.csv"), Options(market="US"))
    assert row(result.costs, market="US")["amount"] == 51.0
    assert row(result.funnel, market="US")["impressions"] == 10000.0
    assert "masked_counts" in [p.code for p in result.problems]


def test_tiktok_ads_xlsx(tmp_path: Path) -> None:
    csv_path = fx.tiktok_ads(tmp_path / "t.csv")
    path = tmp_path / "tiktok_ads_export.xlsx"
    pd.read_csv(csv_path, dtype=str).to_excel(path, index=False)
    result = import_file(path, Options(market="US"))
    assert result.format == "tiktok_ads" and row(result.costs, market="US")["amount"] == 51.0


def test_tiktok_shop_orders(tmp_path: Path) -> None:
    result = import_file(fx.tiktok_shop_my(tmp_path / "orders.csv"))
    orders = result.orders.set_index("order_id")
    assert list(orders.index) == ["583870900000000001", "583870900000000002"]
    assert orders.loc["583870900000000001", "revenue"] == 120.5  # not doubled by the two SKU rows
    assert orders.loc["583870900000000002", "date"] == "2026-10-02"  # day-first
    assert set(orders["currency"]) == {"MYR"} and set(orders["market"]) == {"MY"}
    assert row(result.funnel, period="2026-09")["fulfilled_orders"] == 1.0
    assert row(result.costs, period="2026-10")["amount"] == 30.0


def test_shopify_analytics(tmp_path: Path) -> None:
    result = import_file(fx.shopify_conversion(tmp_path / "c.csv"), Options(market="US"))
    got = row(result.funnel, market="US")
    assert (got["sessions"], got["add_to_cart"], got["checkouts"], got["orders"]) == (
        1000,
        75,
        35,
        18,
    )
    rate = import_file(fx.shopify_conversion_rate(tmp_path / "r.csv"), Options(market="US"))
    assert row(rate.funnel, market="US")["orders"] == 20.0


def test_ga4_sections_and_engagement_fraction(tmp_path: Path) -> None:
    result = import_file(fx.ga4_multi(tmp_path / "data-export.csv"))
    us = row(result.funnel, market="US")
    assert (us["period"], us["channel"], us["sessions"], us["bounced_sessions"]) == (
        "2026-09",
        "shopify",
        700,
        280,
    )
    assert us["bounce_rate"] == pytest.approx(0.4)
    assert row(result.funnel, market="DE")["sessions"] == 200.0
    assert "unknown" not in set(
        result.funnel["market"]
    )  # the totals row (empty dimension) is dropped
    assert math.isnan(us["revenue"])  # no currency given


def test_folder_reports_skipped_and_unrecognised(tmp_path: Path) -> None:
    fx.shopify_orders(tmp_path / "orders_export.csv")
    fx.unknown_csv(tmp_path / "mystery.csv")
    (tmp_path / "store.yaml").write_text("name: x\n")
    (tmp_path / "README.md").write_text("notes\n")
    (tmp_path / "screenshot.png").write_bytes(b"\x89PNG")
    folder = import_folder(tmp_path)
    assert [r.format for r in folder.results] == ["shopify_orders"]
    assert sorted(p.name for p, _ in folder.skipped) == ["README.md", "store.yaml"]
    unrecognised = {p.name: (closest, reason) for p, closest, reason in folder.unrecognised}
    assert unrecognised["mystery.csv"][0] == "shopify_orders"
    assert "Created at" in unrecognised["mystery.csv"][1]
    assert "screenshot.png" in unrecognised


def test_no_personal_data_in_outputs(tmp_path: Path) -> None:
    for builder in ("shopify_orders", "tiktok_shop_my"):
        write(tmp_path, builder, builder + ".csv")
    folder = import_folder(tmp_path)
    text = []
    for result in folder.results:
        for frame in (result.funnel, result.costs, result.orders):
            if frame is not None:
                text.append(frame.to_csv())
        text.extend(p.render() for p in result.problems)
    blob = "\n".join(text).lower()
    for secret in fx.PII_EMAILS + fx.PII_PHONES + fx.PII_NAMES + ["i***mikayla200", "1 main st"]:
        assert secret.lower() not in blob
    assert "@" not in blob


def test_docs_are_generated_from_declarations() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "importers.md"
    assert doc.read_text(encoding="utf-8") == render_markdown(), (
        "docs/importers.md is stale: run python -m diagnoser.importers.docs docs/importers.md"
    )


@pytest.mark.parametrize("generation", sorted(fx.BUSINESS_GENERATIONS))
def test_business_report_header_generations(tmp_path: Path, generation: str) -> None:
    path = fx.business_generation(tmp_path / "br.csv", generation)
    result = import_file(path, Options(period="2026-09"))
    assert result.format == "amazon_business_child"
    got = result.funnel.iloc[0]
    assert got["sessions"] == 1000.0
    if generation != "zh_gen1":  # generation 1 has no order-items column
        assert got["orders"] == 20.0
    expected = ("JP", "JPY", 250000.0) if generation == "ja" else ("US", "USD", 2500.0)
    assert (got["market"], got["currency"], got["revenue"]) == expected


def test_date_range_india_preamble_lakh(tmp_path: Path) -> None:
    result = import_file(fx.date_range_in(tmp_path / "in.csv"))
    assert result.detection.header_row == 5
    funnel = result.funnel.iloc[0]
    assert (funnel["period"], funnel["market"], funnel["currency"]) == ("2026-07", "IN", "INR")
    assert funnel["revenue"] == pytest.approx(144957.78)
    assert row(result.costs, category="commission")["amount"] == pytest.approx(14495.78)


def test_utf16_big_endian(tmp_path: Path) -> None:
    path = fx.google_ads_utf16(tmp_path / "g.csv")
    text = path.read_bytes().decode("utf-16")
    path.write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    detection = detect(path)
    assert (detection.format, detection.delimiter) == ("google_ads", "\t")
    assert import_file(path).costs["amount"].sum() == pytest.approx(1773.25)


def test_tiktok_shop_us_month_first(tmp_path: Path) -> None:
    result = import_file(fx.tiktok_shop_us(tmp_path / "us.csv"), Options(market="US"))
    order = result.orders.iloc[0]
    assert (order["date"], order["market"], order["currency"]) == ("2026-05-02", "US", "USD")
    assert order["revenue"] == pytest.approx(20.0)


def test_sp_search_term_semicolon_decimal_comma(tmp_path: Path) -> None:
    result = import_file(fx.sp_search_term_eu(tmp_path / "sp.csv"), Options(market="DE"))
    assert result.detection.delimiter == ";"
    got = row(result.funnel, market="DE")
    assert (got["impressions"], got["clicks"], got["period"]) == (1204.0, 31.0, "2026-09")
    assert row(result.costs, market="DE")["amount"] == pytest.approx(24.80)


def test_cp1252_is_not_mistaken_for_gb18030(tmp_path: Path) -> None:
    path = fx.meta_ads_fr(tmp_path / "fr.csv")
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    detection = detect(path)
    assert (detection.format, detection.encoding) == ("meta_ads", "cp1252")


def test_shift_jis_date_range(tmp_path: Path) -> None:
    path = fx.date_range_jp(tmp_path / "jp.csv")
    path.write_bytes(path.read_text(encoding="utf-8-sig").encode("shift_jis"))
    result = import_file(path)
    assert (result.detection.encoding, result.funnel.iloc[0]["revenue"]) == ("shift_jis", 3000.0)


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    header_only = tmp_path / "orders.csv"
    header_only.write_text(fx.SHOPIFY_HEADER + "\n")
    folder = import_folder(tmp_path)
    assert [(p.name, reason) for p, _, reason in folder.unrecognised] == [
        ("empty.csv", "the file is empty")
    ]
    assert [p.code for p in folder.results[0].problems] == ["empty_export"]
