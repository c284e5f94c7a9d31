"""Currencies: every amount ends in the report currency, or the run stops naming the gap."""

from __future__ import annotations

from pathlib import Path

import pytest

from diagnoser.bundle import load_bundle
from diagnoser.errors import InputError


def test_mixed_currencies_without_rate(english: Path) -> None:
    (english / "fx.csv").unlink()
    with pytest.raises(InputError) as info:
        load_bundle(english)
    missing = [p for p in info.value.problems if p.code == "missing_fx_rate"]
    texts = {(p.value, p.file.rsplit("/", 1)[-1]): p.message for p in missing if p.file}
    assert ("EUR", "funnel.csv") in texts and ("GBP", "costs.csv") in texts
    assert "2025-06" in texts[("EUR", "funnel.csv")]
    assert all("no exchange rate for" in p.message for p in missing)
    # one problem per currency × period and table, not per row
    assert len(missing) == len({(p.file, p.value, p.message) for p in missing})


def test_rate_missing_for_one_period_only(english: Path) -> None:
    (english / "fx.csv").write_text("currency,rate,period\nEUR,1.08,2025-06\nGBP,1.27,\n")
    with pytest.raises(InputError) as info:
        load_bundle(english)
    (funnel,) = [p for p in info.value.problems if p.file and p.file.endswith("funnel.csv")]
    assert funnel.value == "EUR" and "2025-05" in funnel.message and funnel.row == 2


def test_period_rate_wins_and_amounts_converted(english: Path) -> None:
    bundle = load_bundle(english)
    costs = bundle.costs
    assert costs["amount"].tolist() == pytest.approx([1200 * 1.1, 300.5 * 1.08, 80 * 1.27, 450])
    assert set(costs["currency"]) == {"USD"}
    orders = bundle.orders
    assert orders is not None
    assert orders["refund_amount"].tolist() == pytest.approx([0, 30 * 1.08, 0])
    assert set(orders["currency"]) == {"USD"}


def test_report_currency_needs_no_rate(english: Path) -> None:
    for name in ("funnel", "costs", "orders"):
        path = english / f"{name}.csv"
        path.write_text(path.read_text().replace("EUR", "USD").replace("GBP", "USD"))
    (english / "fx.csv").unlink()
    assert load_bundle(english).fx is None


def test_bad_rates(english: Path) -> None:
    (english / "fx.csv").write_text("currency,rate\nEUR,0\nGBP,abc\nEUR,2\n")
    with pytest.raises(InputError) as info:
        load_bundle(english)
    codes = {p.code for p in info.value.problems}
    assert {"bad_rate", "not_a_number", "duplicate_key"} <= codes
