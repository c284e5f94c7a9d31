"""A folder of downloaded exports, health-checked as it is (issue 6's end-to-end check)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from diagnoser import diagnose
from diagnoser.sources import read_store
from tests.importers import importer_fixtures as fx


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    fx.shopify_orders(folder / "orders_export_1.csv")
    fx.business_report_zh(folder / "BusinessReport-26-10-1.csv")
    fx.date_range_us(folder / "2026SepMonthlyUnifiedTransaction.csv")
    fx.google_ads_utf16(folder / "Campaign report.csv")
    fx.unknown_csv(folder / "supplier-prices.csv")
    (folder / "fx.csv").write_text("currency,rate,period\nGBP,1.27,\n", encoding="utf-8")
    (folder / "store.yaml").write_text(
        "name: Export Demo\nreport_currency: USD\nmarkets: [US]\nplatforms: [amazon, shopify]\n"
        "settlement_days: {amazon: 14, shopify: 3}\n",
        encoding="utf-8",
    )
    return folder


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "diagnoser.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_funnel_and_costs_match_a_hand_computation(exports: Path) -> None:
    diagnosis = diagnose(exports, lang="en")
    funnel = {(f["market"], f["channel"]): f for f in diagnosis.facts["funnel"]}
    # Business Report (kept over the Date Range report): 42 ordered items, $2,000.
    assert (
        funnel["US", "amazon"]["orders"],
        funnel["US", "amazon"]["revenue"],
        funnel["US", "amazon"]["sessions"],
    ) == (42, 2000, 2000)
    # Shopify: 3 US orders, $130 net of taxes; Google Ads clicks land on the Shopify store.
    shopify = funnel["US", "shopify"]
    assert (shopify["orders"], shopify["revenue"], shopify["impressions"], shopify["clicks"]) == (
        3,
        130,
        6204,
        200,
    )
    assert shopify["ctr"] == pytest.approx(200 / 6204, abs=1e-6)
    assert shopify["ads"] == pytest.approx(1773.25) and shopify["roas"] == pytest.approx(
        130 / 1773.25, abs=1e-4
    )
    (us,) = [m for m in diagnosis.facts["market"] if m["market"] == "US"]
    # Date Range fees: commission 46.77, FBA 8.36, other 0.50, refunds 25.99, Amazon ads 150;
    # Shopify refunds 30; Google Ads 1,773.25.
    assert us["cost_commission"] == pytest.approx(46.77)
    assert us["cost_fulfillment"] == pytest.approx(8.36)
    assert us["cost_refunds"] == pytest.approx(25.99 + 30)
    assert us["cost_ads"] == pytest.approx(150 + 1773.25)
    assert us["total_costs"] == pytest.approx(46.77 + 8.36 + 0.5 + 25.99 + 150 + 1773.25 + 30)
    assert us["revenue"] == pytest.approx(2130)
    # The Google Ads spend buys Shopify revenue at ROAS 0.07: a stop-loss finding.
    stop_loss = [
        f
        for f in diagnosis.findings
        if f.pattern == "ads_below_breakeven" and f.scope.channel == "shopify"
    ]
    assert stop_loss and stop_loss[0].scope.market == "US"
    # Two sources disagree on Amazon orders: recorded, not silently overwritten.
    assert any(
        dq.get("kind") == "source_mismatch" and dq.get("metric") == "orders"
        for dq in diagnosis.data_quality
    )


def test_every_file_is_accounted_for(exports: Path) -> None:
    result = run("check", str(exports), "--fail-on", "none", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "read orders_export_1.csv as shopify_orders" in result.stderr
    assert "read BusinessReport-26-10-1.csv as amazon_business_child" in result.stderr
    assert "not recognised supplier-prices.csv" in result.stderr
    inputs = {i["file"]: i for i in json.loads(result.stdout)["inputs"]}
    assert (
        inputs["supplier-prices.csv"]["status"] == "unrecognised"
        and inputs["supplier-prices.csv"]["reason"]
    )
    assert inputs["fx.csv"]["status"] == "skipped"


def test_no_personal_data_reaches_any_output(exports: Path, tmp_path: Path) -> None:
    outputs = []
    for fmt in ("json", "md", "html"):
        target = tmp_path / f"report.{fmt}"
        assert (
            run(
                "check", str(exports), "--fail-on", "none", "--format", fmt, "-o", str(target)
            ).returncode
            == 0
        )
        outputs.append(target.read_text(encoding="utf-8"))
    imported = tmp_path / "bundle"
    result = run("import", str(exports), "-o", str(imported))
    assert result.returncode == 0, result.stderr
    outputs += [p.read_text(encoding="utf-8-sig") for p in imported.iterdir()]
    outputs.append(run("facts", str(exports)).stdout)
    text = "\n".join(outputs)
    for secret in [*fx.PII_EMAILS, *fx.PII_PHONES, *fx.PII_NAMES]:
        assert secret not in text, secret


def test_imported_bundle_gives_the_same_findings(exports: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    assert run("import", str(exports), "-o", str(bundle)).returncode == 0
    direct, reviewed = diagnose(exports, lang="en"), diagnose(bundle, lang="en")
    assert [(f.rule_id, f.scope, f.impact.amount) for f in reviewed.findings] == [
        (f.rule_id, f.scope, f.impact.amount) for f in direct.findings
    ]


def test_a_single_market_in_chinese_files_exports_like_its_code(
    exports: Path, tmp_path: Path
) -> None:
    """store.yaml's one market (美国 here) files the rows of reports without a country and
    tells the importers the market (US: month-first dates) exactly as `US` would."""
    chinese = tmp_path / "zh"
    shutil.copytree(exports, chinese)
    store = chinese / "store.yaml"
    store.write_text(store.read_text("utf-8").replace("markets: [US]", "markets: [美国]"), "utf-8")
    a, _ = read_store(exports)
    b, _ = read_store(chinese)
    for name in ("funnel", "costs", "orders"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
