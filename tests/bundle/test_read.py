"""Reading: the same store in English UTF-8, Chinese GBK and one workbook gives the same data."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from diagnoser.bundle import load_bundle
from diagnoser.errors import InputError
from tests.bundle.conftest import STORE_YAML, write_chinese_gbk, write_english, write_workbook


def _same(a: pd.DataFrame | None, b: pd.DataFrame | None) -> None:
    assert a is not None and b is not None
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("variant", ["gbk", "xlsx"])
def test_chinese_gbk_and_workbook_equal_english(tmp_path: Path, variant: str) -> None:
    english = load_bundle(write_english(tmp_path / "en"))
    other_path = (
        write_chinese_gbk(tmp_path / "zh")
        if variant == "gbk"
        else write_workbook(tmp_path / "store.xlsx")
    )
    other = load_bundle(other_path)
    for name in ("funnel", "costs", "orders", "fx", "baselines"):
        _same(getattr(english, name), getattr(other, name))
    assert english.store == other.store
    assert other.store.vendors[0].data_export_allowed is False
    assert other.store.settlement_days == {"amazon": 14, "shopify": 3}


def test_canonical_values(english: Path) -> None:
    bundle = load_bundle(english)
    funnel = bundle.funnel
    assert list(funnel.columns[:3]) == ["period", "market", "channel"]
    assert funnel["market"].tolist() == ["DE", "DE", "GB", "US"]  # UK → GB in store too
    assert [m.code for m in bundle.store.markets] == ["DE", "GB", "US"]
    assert bundle.store.markets[1].region == "UK"
    assert (funnel["currency"] == "USD").all()
    # EUR 2025-05 uses the period-less rate 1.1; 2025-06 the period rate 1.08.
    assert funnel["revenue"].tolist() == pytest.approx([4950.0, 4950.5 * 1.08, 3175.0, 4000.0])
    assert funnel["bounced_sessions"].tolist() == [1125, 1080, 600, 684]
    assert funnel["fulfilled_orders"].isna().all()
    orders = bundle.orders
    assert orders is not None
    assert orders["returned"].tolist() == [False, True, False]
    assert orders["period"].tolist() == ["2025-06", "2025-06", "2025-05"]
    assert str(orders["date"].dtype).startswith("datetime64")
    assert bundle.sources["funnel"].endswith("funnel.csv")


def test_customer_ids_pseudonymised_and_pii_dropped(tmp_path: Path) -> None:
    bundle = load_bundle(write_chinese_gbk(tmp_path / "zh"))
    orders = bundle.orders
    assert orders is not None
    ids = orders["customer_id"].tolist()
    assert "C1" not in ids and ids[0] == ids[2] and ids[0] != ids[1]
    assert not any("张三" in str(v) for v in orders.to_numpy().ravel())
    assert list(orders.columns) == [*orders.columns[:9], "period"]
    dropped = [w for w in bundle.warnings if w.code == "personal_data_dropped"]
    assert dropped and "买家姓名" in dropped[0].message


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    root = write_english(tmp_path / "b")
    frame = pd.read_csv(root / "costs.csv", keep_default_na=False)
    frame.columns = ["期间", "市场", "渠道", "费用类别", "金额", "币种", "服务商"]
    frame["费用类别"] = ["广告", "物流", "退货物流", "增值税"]
    frame.to_csv(root / "costs.csv", index=False, encoding=encoding)
    bundle = load_bundle(root)
    assert bundle.costs["category"].tolist() == ["ads", "shipping", "reverse_logistics", "vat"]


def test_undecodable_file_is_refused(english: Path) -> None:
    (english / "costs.csv").write_bytes(b"period,market,category,amount,currency\n\xff\xfe\xfd,x\n")
    with pytest.raises(InputError) as info:
        load_bundle(english)
    problem = next(p for p in info.value.problems if p.code == "bad_encoding")
    assert problem.row == 2 and problem.file and problem.file.endswith("costs.csv")


def test_semicolon_csv_with_decimal_commas(english: Path) -> None:
    (english / "costs.csv").write_text(
        "period;market;category;amount;currency\n2025-06;DE;ads;1.234,50;USD\n", encoding="utf-8"
    )
    assert load_bundle(english).costs["amount"].tolist() == [1234.5]


def test_headers_with_units_and_case(english: Path) -> None:
    (english / "costs.csv").write_text(
        ' PERIOD ,Market,Cost_Category,金额 (USD),Currency\n2025-06,de,Ads,"$1,200",usd\n',
        encoding="utf-8",
    )
    costs = load_bundle(english).costs
    assert costs[["market", "category", "amount", "currency"]].iloc[0].tolist() == [
        "DE", "ads", 1200.0, "USD",
    ]  # fmt: skip


def test_xlsx_table_in_folder_and_period_date_cells(english: Path) -> None:
    funnel = pd.read_csv(english / "funnel.csv")
    funnel["period"] = pd.to_datetime(funnel["period"])  # Excel turns 2025-06 into a date
    funnel.to_excel(english / "funnel.xlsx", index=False)
    (english / "funnel.csv").unlink()
    bundle = load_bundle(english)
    assert bundle.funnel["period"].tolist() == ["2025-05", "2025-06", "2025-05", "2025-06"]


def test_folder_with_one_workbook(tmp_path: Path) -> None:
    write_workbook(tmp_path / "client.xlsx")
    assert load_bundle(tmp_path).store.name == "Lumen Home"


def test_not_a_bundle(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_bundle(tmp_path / "missing")


def test_missing_store_and_tables(tmp_path: Path) -> None:
    tmp_path.joinpath("fx.csv").write_text("currency,rate\nEUR,1.1\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_bundle(tmp_path)
    codes = [p.code for p in info.value.problems]
    assert codes.count("missing_table") == 2 and "missing_store" in codes


def test_store_yaml_errors_are_located(english: Path) -> None:
    (english / "store.yaml").write_text(
        STORE_YAML.replace("monthly_fee: 3000", "monthly_fee: -5") + "colour: red\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_bundle(english)
    fields = {p.column: p for p in info.value.problems if p.code == "bad_store_field"}
    assert set(fields) == {"vendors.0.monthly_fee", "colour"}
    assert fields["colour"].row == 12 and fields["vendors.0.monthly_fee"].row == 8
    assert "Fixed monthly fee" in fields["vendors.0.monthly_fee"].fix
    assert "report_currency" in fields["colour"].fix


def test_store_yaml_syntax_error(english: Path) -> None:
    (english / "store.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_bundle(english)
    assert info.value.problems[0].code == "bad_yaml"


def test_title_lines_above_the_header_keep_row_numbers(english: Path) -> None:
    (english / "costs.csv").write_text(
        "费用明细 2025年6月\n\nperiod,market,category,amount,currency\n"
        "2025-06,DE,ads,100,USD\n2025-06,DE,ads,-1,USD\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_bundle(english)
    (problem,) = info.value.problems
    assert problem.code == "negative" and problem.row == 5


def test_workbook_title_rows_namibia_and_store_rows(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "store.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["漏斗"]
    sheet.insert_rows(1)
    sheet["A1"] = "漏斗数据"
    sheet.append(["2025-06", "NA", "amazon", 1, 1, 10, "50%", 1, 1, 20, 5, "USD"])
    book["store"].append(["cash_on_hand", "lots"])
    book.save(path)
    with pytest.raises(InputError) as info:
        load_bundle(path)
    problems = {p.code: p for p in info.value.problems}
    assert problems["sessions_below_orders"].row == 7
    assert problems["sessions_below_orders"].sheet == "漏斗"
    assert problems["bad_store_field"].row == 10 and problems["bad_store_field"].sheet == "store"
    assert "unknown_market" not in problems  # NA is Namibia, not a blank


def test_unknown_vendor_warns(english: Path) -> None:
    costs = english / "costs.csv"
    costs.write_text(costs.read_text().replace("Acme Agency", "Other Co"))
    bundle = load_bundle(english)
    assert any(w.code == "unknown_vendor" and w.value == "Other Co" for w in bundle.warnings)


def test_typed_fast_read_and_text_fallback_agree(tmp_path: Path) -> None:
    """Plain numbers and ISO dates are parsed by pyarrow straight to float and timestamp; one
    cell written as a spreadsheet shows it (``$1,234``, ``2025/6/14``) sends the columns
    through the text path. Both give the same table; no row is lost."""
    n = 3000
    orders = pd.DataFrame(
        {
            "order_id": [f"O-{i}" for i in range(n)],
            "date": ["2025-06-14"] * n,
            "market": ["DE"] * n,
            "channel": ["amazon"] * n,
            "customer_id": [f"C{i % 700}" for i in range(n)],
            "revenue": [1234.5] * n,
            "currency": ["EUR"] * n,
            "returned": ["no"] * n,
            "refund_amount": [0.0] * n,
        }
    )
    clean = write_english(tmp_path / "clean")
    orders.to_csv(clean / "orders.csv", index=False)
    messy = write_english(tmp_path / "messy")
    text = orders.astype(str)
    text.loc[n - 2, "revenue"] = "€1,234.50"
    text.loc[n - 1, "date"] = "2025/6/14"
    text.to_csv(messy / "orders.csv", index=False)
    a, b = load_bundle(clean).orders, load_bundle(messy).orders
    assert a is not None and b is not None and len(a) == len(b) == n
    _same(a, b)
    assert a["customer_id"].nunique() == 700 and str(a["customer_id"].dtype) == "Int64"
