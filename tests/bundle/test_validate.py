"""Validation: every problem of a run is reported, located and with a fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from diagnoser.bundle import StoreProfile, load_bundle, validate_tables
from diagnoser.errors import InputError, Problem
from tests.bundle.conftest import COSTS, FUNNEL, write_english

HEADER = "period,market,channel,sessions,add_to_cart,orders,revenue,currency\n"


def _errors(root: Path) -> list[Problem]:
    with pytest.raises(InputError) as info:
        load_bundle(root)
    assert all(p.severity == "error" for p in info.value.problems)
    return info.value.problems


def test_ten_different_errors_all_reported(english: Path) -> None:
    (english / "funnel.csv").write_text(
        HEADER
        + "2025-06,DE,amazon,abc,200,100,4500,USD\n"  # 2 not_a_number sessions
        + "2025-06,FR,amazon,2500,200,-5,4500,USD\n"  # 3 negative orders
        + "2025-13,GB,amazon,2500,200,100,4500,USD\n"  # 4 bad_period
        + "2025-06,IT,amazon,50,200,100,4500,USD\n"  # 5 sessions_below_orders
        + "2025-06,ES,amazon,2500,20,100,4500,USD\n"  # 6 add_to_cart_below_orders
        + "2025-06,ES,amazon,2500,200,100,4500,USD\n"  # 7 duplicate_key of row 6
        + "2025-06,XX,amazon,2500,200,100,4500,USD\n"  # 8 unknown_market
        + "2025-06,NL,,2500,200,100,4500,USD\n",  # 9 blank_required channel
        encoding="utf-8",
    )
    (english / "costs.csv").write_text(
        "period,market,category,amount,currency\n"
        "2025-06,DE,advertsing,100,USD\n"  # 2 unknown_category
        "2025-06,DE,ads,100,ZZZ\n",  # 3 unknown_currency
        encoding="utf-8",
    )
    problems = _errors(english)
    located = {(p.code, p.file.rsplit("/", 1)[-1], p.row, p.column) for p in problems if p.file}
    expected = {
        ("not_a_number", "funnel.csv", 2, "sessions"),
        ("negative", "funnel.csv", 3, "orders"),
        ("bad_period", "funnel.csv", 4, "period"),
        ("sessions_below_orders", "funnel.csv", 5, "sessions"),
        ("add_to_cart_below_orders", "funnel.csv", 6, "add_to_cart"),
        ("duplicate_key", "funnel.csv", 7, "period"),
        ("unknown_market", "funnel.csv", 8, "market"),
        ("blank_required", "funnel.csv", 9, "channel"),
        ("unknown_category", "costs.csv", 2, "category"),
        ("unknown_currency", "costs.csv", 3, "currency"),
    }
    assert expected <= located
    assert len(problems) == 10, [p.render() for p in problems]
    by_code = {p.code: p for p in problems}
    assert "did you mean 'ads'" in by_code["unknown_category"].fix
    assert by_code["unknown_category"].value == "advertsing"
    assert by_code["not_a_number"].value == "abc"
    assert "row 6" in by_code["duplicate_key"].message
    assert "row 2" in by_code["not_a_number"].render()


def test_missing_required_column_names_aliases(english: Path) -> None:
    (english / "funnel.csv").write_text(
        "period,market,channel,orders,revenue\n2025-06,DE,amazon,1,10\n", encoding="utf-8"
    )
    (problem,) = _errors(english)
    assert problem.code == "missing_column" and problem.column == "sessions"
    assert "访客" in problem.fix and "visits" in problem.fix


def test_problems_are_capped_per_column(english: Path) -> None:
    rows = "".join(f"2025-06,DE,ch{i},x{i},1,1,1,USD\n" for i in range(50))
    (english / "funnel.csv").write_text(HEADER + rows, encoding="utf-8")
    problems = _errors(english)
    assert len(problems) == 21
    assert problems[-1].row is None and "30 more" in problems[-1].message


def test_warnings(english: Path) -> None:
    (english / "funnel.csv").write_text(
        "period,market,channel,sessions,bounce_rate,orders,revenue\n"
        "2025-01,DE,amazon,1000,45,10,100\n"
        "2025-04,DE,amazon,1000,0.5,10,100\n"
        "2025-04,DE,amazon-x,1000,50%,10,100\n",
        encoding="utf-8",
    )
    bundle = load_bundle(english)
    codes = {w.code for w in bundle.warnings}
    assert {"bounce_rate_percent", "period_gap", "optional_column_missing"} <= codes
    assert bundle.funnel["bounce_rate"].tolist() == [0.45, 0.5, 0.5]
    assert bundle.funnel["bounced_sessions"].tolist() == [450, 500, 500]
    gap = next(w for w in bundle.warnings if w.code == "period_gap")
    assert "2 month(s)" in gap.message and "DE amazon" in gap.message


def test_bounce_rate_above_100_is_an_error(english: Path) -> None:
    (english / "funnel.csv").write_text(
        "period,market,channel,sessions,bounce_rate,orders,revenue\n"
        "2025-06,DE,amazon,1000,450,10,100\n",
        encoding="utf-8",
    )
    (problem,) = _errors(english)
    assert problem.code == "bad_ratio" and problem.row == 2


def test_validate_tables_on_canonical_frames() -> None:
    store = StoreProfile(name="Imported", report_currency="usd")
    funnel = FUNNEL[FUNNEL["currency"] == "USD"].copy()
    costs = COSTS[COSTS["currency"] == "USD"].assign(
        customer_email="x@example.com"
    )  # an extra column is ignored
    bundle = validate_tables(store, {"funnel": funnel, "costs": costs}, {"funnel": "export.csv"})
    assert list(bundle.costs.columns) == list(COSTS.columns)
    assert bundle.funnel["sessions"].dtype == np.float64
    assert bundle.sources["funnel"] == "export.csv"
    assert bundle.orders is None


def test_validate_tables_reports_with_sources() -> None:
    funnel = pd.DataFrame(
        {"period": ["2025-06"], "market": ["DE"], "channel": ["amazon"], "sessions": [5],
         "orders": [10], "revenue": [1.0]}
    )  # fmt: skip
    with pytest.raises(InputError) as info:
        validate_tables({"name": "X"}, {"funnel": funnel, "costs": COSTS}, {"funnel": "ads.csv"})
    problem = next(p for p in info.value.problems if p.code == "sessions_below_orders")
    assert problem.file == "ads.csv" and problem.row == 2


def test_duplicate_order_ids_warn(tmp_path: Path) -> None:
    root = write_english(tmp_path / "b")
    orders = pd.read_csv(root / "orders.csv")
    orders.loc[1, "order_id"] = "A-1"
    orders.to_csv(root / "orders.csv", index=False)
    bundle = load_bundle(root)
    assert any(w.code == "duplicate_key" and w.row == 3 for w in bundle.warnings)


def test_blank_like_required_cells_and_percent_bounce(english: Path) -> None:
    (english / "funnel.csv").write_text(
        "period,market,channel,sessions,bounce_rate,orders,revenue\n"
        "2025-06,DE,amazon,1000,450%,--,100\n",
        encoding="utf-8",
    )
    problems = {p.code: p for p in _errors(english)}
    assert set(problems) == {"blank_required", "bad_ratio"}
    assert problems["blank_required"].column == "orders"


def test_blank_sessions_is_a_warning_not_an_error(english: Path) -> None:
    """A store without an analytics export still has orders worth checking."""
    funnel = english / "funnel.csv"
    lines = funnel.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("sessions")] = ""
    funnel.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    bundle = load_bundle(english)
    (warning,) = [w for w in bundle.warnings if w.code == "blank_unmeasured"]
    assert (warning.severity, warning.column, warning.row) == ("warning", "sessions", 2)


def test_trailing_total_row_is_dropped(english: Path) -> None:
    funnel = english / "funnel.csv"
    funnel.write_text(funnel.read_text() + "合计,,,,,,9000,,,,999999,,,,\n", encoding="utf-8")
    bundle = load_bundle(english)
    assert len(bundle.funnel) == 4
    (total,) = [w for w in bundle.warnings if w.code == "total_row_dropped"]
    assert total.row == 6


def test_missing_store_reported_once(english: Path) -> None:
    (english / "store.yaml").unlink()
    problems = _errors(english)
    assert [p.code for p in problems] == ["missing_store"]


def test_a_decimal_comma_in_a_comma_file_is_an_error_not_a_thousand(english: Path) -> None:
    """'250,5' must not silently become 2505."""
    costs = english / "costs.csv"
    lines = costs.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("amount")] = '"250,5"'
    costs.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    problems = _errors(english)
    assert any(p.column == "amount" and p.value == "250,5" for p in problems)


def test_a_region_is_not_a_country(english: Path) -> None:
    funnel = english / "funnel.csv"
    lines = funnel.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("market")] = "EU"
    funnel.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    assert any(p.column == "market" and p.value == "EU" for p in _errors(english))


ORDER_HEADER = "order_id,date,market,channel,customer_id,revenue,currency,returned\n"


def test_day_first_dates_are_read_day_first_for_the_whole_column(english: Path) -> None:
    """One day above 12 decides the order for every row: 03/06/2025 is 3 June here, not
    6 March (which moved orders between months when rows were guessed one by one)."""
    (english / "orders.csv").write_text(
        ORDER_HEADER
        + "A-1,03/06/2025,DE,amazon,C1,45.9,EUR,no\n"
        + "A-2,14/06/2025,DE,amazon,C2,30,EUR,no\n",
        encoding="utf-8",
    )
    orders = load_bundle(english).orders
    assert orders is not None
    assert orders["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-06-03", "2025-06-14"]
    assert orders["period"].tolist() == ["2025-06", "2025-06"]


def test_undecidable_day_month_order_is_an_error(english: Path) -> None:
    (english / "orders.csv").write_text(
        ORDER_HEADER
        + "A-1,2025-06-01,DE,amazon,C1,45.9,EUR,no\n"
        + "A-2,06/06/2025,DE,amazon,C2,30,EUR,no\n"  # reads the same either way
        + "A-3,03/06/2025,DE,amazon,C2,30,EUR,no\n",
        encoding="utf-8",
    )
    (problem,) = _errors(english)
    assert problem.code == "ambiguous_date_order"
    where = (problem.file.rsplit("/", 1)[-1], problem.row, problem.column)
    assert where == ("orders.csv", 4, "date") and problem.value == "03/06/2025"
    assert "2025-06-03 if 3 is the day" in problem.fix and "2025-03-06" in problem.fix


def test_dotted_dates_are_day_first(english: Path) -> None:
    (english / "orders.csv").write_text(
        ORDER_HEADER + "A-1,03.06.2025,DE,amazon,C1,45.9,EUR,no\n", encoding="utf-8"
    )
    orders = load_bundle(english).orders
    assert orders is not None and orders["period"].tolist() == ["2025-06"]


@pytest.mark.parametrize("text_path", [False, True])
def test_impossible_dates_are_located_errors_not_crashes(english: Path, text_path: bool) -> None:
    """9999-12-31 and 0001-01-01 are typos; with or without a cell that sends the file down
    the text path (a revenue written "1,234.50"), each is a bad_date on its row."""
    revenue = '"1,234.50"' if text_path else "1234.5"
    (english / "orders.csv").write_text(
        ORDER_HEADER
        + f"A-1,2025-06-01,DE,amazon,C1,{revenue},EUR,no\n"
        + "A-2,9999-12-31,DE,amazon,C2,30,EUR,no\n"
        + "A-3,0001-01-01,DE,amazon,C2,30,EUR,no\n",
        encoding="utf-8",
    )
    located = {(p.code, p.row, p.column) for p in _errors(english)}
    assert located == {("bad_date", 3, "date"), ("bad_date", 4, "date")}


def _orders_with_dates(root: Path, dates: list[str]) -> None:
    rows = "".join(f'A-{i},"{d}",DE,amazon,C1,30,EUR,no\n' for i, d in enumerate(dates))
    (root / "orders.csv").write_text(ORDER_HEADER + rows, encoding="utf-8")


def test_nonsense_dates_are_refused_and_named_months_read(english: Path) -> None:
    named = ["14-Jun-25", "Saturday, June 14, 2025", "2025-Jun-14", "June 14th, 2025"]
    _orders_with_dates(english, ["2025", "12345", "2025-06-14 garbage", *named])
    assert {(p.code, p.row) for p in _errors(english)} == {
        ("bad_date", 2),
        ("bad_date", 3),
        ("bad_date", 4),
    }
    _orders_with_dates(english, named)
    orders = load_bundle(english).orders
    assert orders is not None and set(orders["date"].dt.strftime("%Y-%m-%d")) == {"2025-06-14"}


@pytest.mark.parametrize("other_date", ["2025-06-14", "2025/06/14"])
def test_inf_is_not_a_number_however_the_file_is_parsed(english: Path, other_date: str) -> None:
    """A typed float read accepts 'inf', the text path does not: the same cell must get the
    same answer whatever the other cells make the reader do."""
    (english / "orders.csv").write_text(
        ORDER_HEADER
        + "A-1,2025-06-01,DE,amazon,C1,inf,EUR,no\n"
        + f"A-2,{other_date},DE,amazon,C2,30,EUR,no\n",
        encoding="utf-8",
    )
    found = {(p.code, p.row, p.column) for p in _errors(english)}
    assert found == {("not_a_number", 2, "revenue")}


def test_semicolon_file_with_dot_decimals_is_read_as_written(english: Path) -> None:
    """';' usually comes with decimal commas, but 45.90 in such a file is not 4590."""
    (english / "costs.csv").write_text(
        "period;market;category;amount;currency\n"
        '2025-06;US;ads;45.90;USD\n2025-06;US;shipping;"1,234.50";USD\n',
        encoding="utf-8",
    )
    assert sorted(load_bundle(english).costs["amount"]) == [45.9, 1234.5]
    (english / "costs.csv").write_text(
        "period;market;category;amount;currency\n"
        "2025-06;US;ads;45,90;USD\n2025-06;US;shipping;1.234,50;USD\n2025-06;US;vat;1.234;USD\n",
        encoding="utf-8",
    )
    assert sorted(load_bundle(english).costs["amount"]) == [45.9, 1234.0, 1234.5]


def test_rows_below_an_empty_line_keep_their_spreadsheet_row(english: Path) -> None:
    """A spreadsheet shows an empty line as a row; the CSV parser skips it. The problem
    below it must still name the row the user sees (5 here, not 4)."""
    (english / "orders.csv").write_text(
        ORDER_HEADER
        + "A-1,2025-06-01,DE,amazon,C1,45.9,EUR,no\n"
        + "\n"
        + "A-2,2025-06-02,DE,amazon,C2,30,EUR,no\n"
        + "A-3,2025-06-03,DE,amazon,C2,abc,EUR,no\n",
        encoding="utf-8",
    )
    assert {(p.code, p.row) for p in _errors(english)} == {("not_a_number", 5)}


def test_an_empty_sheet_row_is_skipped_and_rows_keep_their_numbers(english: Path) -> None:
    (english / "orders.csv").unlink(missing_ok=True)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(ORDER_HEADER.strip().split(","))
    sheet.append(["A-1", "2025-06-01", "DE", "amazon", "C1", 45.9, "EUR", "no"])
    sheet.append([])
    sheet.append(["A-2", "2025-06-02", "DE", "amazon", "C2", "abc", "EUR", "no"])
    book.save(english / "orders.xlsx")
    assert {(p.code, p.row) for p in _errors(english)} == {("not_a_number", 4)}


def test_a_cleared_row_and_a_multi_line_cell_keep_row_numbers(english: Path) -> None:
    """',,,,' is how a spreadsheet saves a cleared row: left out with one warning, like an
    empty line. A quoted cell holding an empty line is one spreadsheet row, not two."""
    (english / "orders.csv").write_text(
        ORDER_HEADER
        + 'A-1,2025-06-01,DE,amazon,"C1\n\nnote",45.9,EUR,no\n'  # row 2, three lines
        + ",,,,,,,\n"  # row 3: cleared
        + "\n"  # row 4: empty line
        + "A-2,2025-06-03,DE,amazon,C2,abc,EUR,no\n",  # row 5
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_bundle(english)
    assert {(p.code, p.row) for p in info.value.problems if p.severity == "error"} == {
        ("not_a_number", 5)
    }


def test_empty_rows_inside_the_data_are_named_in_one_warning(english: Path) -> None:
    (english / "orders.csv").write_text(
        ORDER_HEADER
        + "A-1,2025-06-01,DE,amazon,C1,45.9,EUR,no\n,,,,,,,\n\n"
        + "A-2,2025-06-03,DE,amazon,C2,30,EUR,no\n\n\n",
        encoding="utf-8",
    )
    bundle = load_bundle(english)
    assert bundle.orders is not None and len(bundle.orders) == 2
    (warning,) = [w for w in bundle.warnings if w.code == "empty_rows_skipped"]
    assert "(row 3, 4)" in warning.message


def test_old_mac_csv_with_carriage_returns_only(english: Path) -> None:
    (english / "orders.csv").write_bytes(
        (ORDER_HEADER + "A-1,2025-06-01,DE,amazon,C1,45.9,EUR,no\n").replace("\n", "\r").encode()
    )
    orders = load_bundle(english).orders
    assert orders is not None and orders["order_id"].tolist() == ["A-1"]


def test_semicolon_rates_with_four_decimals_and_contradicting_cells(english: Path) -> None:
    (english / "fx.csv").write_text(
        "currency;rate;period\nEUR;1.0850;\nGBP;1.2715;\n", encoding="utf-8"
    )
    fx = load_bundle(english).fx
    assert fx is not None and sorted(fx["rate"]) == [1.085, 1.2715]
    (english / "costs.csv").write_text(
        "period;market;category;amount;currency\n"
        "2025-06;US;ads;30,5;USD\n2025-06;US;vat;30,5;USD\n2025-06;US;cogs;45.9;USD\n"
        "2025-06;US;saas;0.5;USD\n",
        encoding="utf-8",
    )  # as many comma as dot decimals: comma, and the dot cells are errors, not 459 and 5
    found = {(p.code, p.row, p.column) for p in _errors(english)}
    assert found == {("not_a_number", 4, "amount"), ("not_a_number", 5, "amount")}


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["03.06.2025", "05/05/2025"], "ambiguous_date_order"),  # dots and slashes mixed
        (["Tue 03/06/2025", "Wed 04/06/2025"], "bad_date"),  # a weekday is not a month
    ],
)
def test_date_columns_that_cannot_be_trusted_are_located_errors(
    english: Path, dates: list[str], expected: str
) -> None:
    _orders_with_dates(english, dates)
    problems = _errors(english)
    assert {p.code for p in problems} == {expected}
    assert all(p.column == "date" for p in problems)


def test_chinese_excel_date_layouts(english: Path) -> None:
    _orders_with_dates(english, ["2025/6/14 下午 3:22", "2025年6月14日 星期六"])
    orders = load_bundle(english).orders
    assert orders is not None and set(orders["date"].dt.strftime("%Y-%m-%d")) == {"2025-06-14"}
