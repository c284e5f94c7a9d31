"""Number formats people put in spreadsheets, through the reader and ``parse_numbers``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from diagnoser.bundle import load_bundle
from diagnoser.values import parse_numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.56", 1234.56), ("$12,905.25", 12905.25), ("₹1,08,218.36", 108218.36),
        ("12.3%", 0.123), ("(45.00)", -45.0), ('="7"', 7.0), ("€12.50", 12.5), ("£3", 3.0),
        ("¥1,000", 1000.0), ("￥88", 88.0), ("USD 5", 5.0), (" 42 ", 42.0), ("-$12.00", -12.0),
    ],
)  # fmt: skip
def test_parse_numbers(text: str, value: float) -> None:
    parsed = parse_numbers(pd.Series([text]))
    assert parsed.values.iloc[0] == pytest.approx(value)
    assert not parsed.bad.iloc[0]


@pytest.mark.parametrize("text", ["", "--", "-", "n/a", "无", None])
def test_blanks_are_nan_not_errors(text: str | None) -> None:
    parsed = parse_numbers(pd.Series([text], dtype=object))
    assert np.isnan(parsed.values.iloc[0]) and not parsed.bad.iloc[0]


def test_decimal_comma() -> None:
    assert parse_numbers(pd.Series(["1.234,56"]), decimal=",").values.iloc[0] == 1234.56


def test_formats_through_the_reader(english: Path) -> None:
    (english / "funnel.csv").write_text(
        "period,market,channel,sessions,bounce_rate,orders,revenue,currency\n"
        '2025-06,DE,Amazon,"1,200",45.5%,10,"$12,905.25",usd\n'
        '2025/7,DE,AMAZON,="1300",--,11,"1,234.56",\n'
        "2025年8月,DE,亚马逊,1400,,12,88,USD\n",
        encoding="utf-8",
    )
    funnel = load_bundle(english).funnel
    assert funnel["period"].tolist() == ["2025-06", "2025-07", "2025-08"]
    assert funnel["channel"].tolist() == ["amazon"] * 3
    assert funnel["sessions"].tolist() == [1200, 1300, 1400]
    assert funnel["revenue"].tolist() == [12905.25, 1234.56, 88.0]
    assert funnel["bounce_rate"].iloc[0] == pytest.approx(0.455)
    assert np.isnan(funnel["bounce_rate"].iloc[1])
