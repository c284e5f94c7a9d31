"""Shared bundle data: one store written as English UTF-8, Chinese GBK and one workbook."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

STORE_YAML = """\
name: Lumen Home
report_currency: USD
platforms: [amazon, shopify]
markets: [DE, UK, US]
vendors:
  - name: Acme Agency
    services: [operations, ads_accounts]
    monthly_fee: 3000
    data_export_allowed: false
settlement_days: {amazon: 14, shopify: 3}
cash_on_hand: 80000
"""

FUNNEL = pd.DataFrame(
    {
        "period": ["2025-05", "2025-06", "2025-05", "2025-06"],
        "market": ["DE", "DE", "GB", "US"],
        "channel": ["amazon", "amazon", "shopify", "shopify"],
        "impressions": [100000, 110000, 50000, 70000],
        "clicks": [3000, 3300, 1500, 2100],
        "sessions": [2500, 2700, 1200, 1800],
        "bounce_rate": [0.45, 0.4, 0.5, 0.38],
        "add_to_cart": [200, 230, 90, 150],
        "checkouts": [120, 140, 60, 95],
        "orders": [100, 110, 50, 80],
        "revenue": [4500.0, 4950.5, 2500.0, 4000.0],
        "currency": ["EUR", "EUR", "GBP", "USD"],
        "returned_orders": [8, 9, 3, 4],
        "reviews": [5, 6, 2, 3],
        "repeat_orders": [10, 12, 4, 9],
    }
)
COSTS = pd.DataFrame(
    {
        "period": ["2025-05", "2025-06", "2025-06", "2025-06"],
        "market": ["DE", "DE", "GB", "US"],
        "channel": ["amazon", "amazon", "shopify", None],
        "category": ["ads", "shipping", "reverse_logistics", "vat"],
        "amount": [1200.0, 300.5, 80.0, 450.0],
        "currency": ["EUR", "EUR", "GBP", "USD"],
        "vendor": ["Acme Agency", None, None, None],
    }
)
ORDERS = pd.DataFrame(
    {
        "order_id": ["A-1", "A-2", "S-1"],
        "date": ["2025-06-01", "2025-06-14", "2025-05-20"],
        "market": ["DE", "DE", "GB"],
        "channel": ["amazon", "amazon", "shopify"],
        "customer_id": ["C1", "C2", "C1"],
        "revenue": [45.9, 30.0, 50.0],
        "currency": ["EUR", "EUR", "GBP"],
        "returned": ["no", "yes", "no"],
        "refund_amount": [0.0, 30.0, 0.0],
    }
)
FX = pd.DataFrame(
    {"currency": ["EUR", "EUR", "GBP"], "rate": [1.1, 1.08, 1.27], "period": ["", "2025-06", ""]}
)
BASELINES = pd.DataFrame(
    {"metric": ["conversion_rate"], "market": ["DE"], "channel": ["amazon"], "value": [0.04]}
)
TABLE_DATA = {"funnel": FUNNEL, "costs": COSTS, "orders": ORDERS, "fx": FX, "baselines": BASELINES}

# Chinese headers, as a Chinese operations team would write them.
ZH_HEADERS = {
    "funnel": {"period": "月份", "market": "国家", "channel": "平台", "impressions": "曝光",
               "clicks": "点击", "sessions": "访客", "bounce_rate": "跳出率", "add_to_cart": "加购",
               "checkouts": "结账", "orders": "订单", "revenue": "销售额", "currency": "币种",
               "returned_orders": "退货", "reviews": "评价", "repeat_orders": "复购"},
    "costs": {"period": "期间", "market": "市场", "channel": "渠道", "category": "费用类别",
              "amount": "金额", "currency": "币种", "vendor": "服务商"},
    "orders": {"order_id": "订单号", "date": "下单时间", "market": "国家", "channel": "渠道",
               "customer_id": "买家ID", "revenue": "订单金额", "currency": "币种",
               "returned": "是否退货", "refund_amount": "退款金额"},
    "fx": {"currency": "币种", "rate": "汇率", "period": "月份"},
    "baselines": {"metric": "指标", "market": "市场", "channel": "渠道", "value": "目标值"},
}  # fmt: skip


def write_english(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "store.yaml").write_text(STORE_YAML, encoding="utf-8")
    for name, frame in TABLE_DATA.items():
        frame.to_csv(root / f"{name}.csv", index=False, encoding="utf-8")
    return root


def chinese_frames() -> dict[str, pd.DataFrame]:
    frames = {n: f.rename(columns=ZH_HEADERS[n]) for n, f in TABLE_DATA.items()}
    costs = frames["costs"].copy()
    costs["费用类别"] = ["广告", "运费", "逆向物流", "增值税"]
    frames["costs"] = costs
    funnel = frames["funnel"].copy()
    funnel["销售额"] = ["4,500.00", "EUR 4,950.50", "GBP 2,500", "$4,000.00"]
    funnel["跳出率"] = ["45%", "40%", "50%", "38%"]
    frames["funnel"] = funnel
    orders = frames["orders"].copy()
    orders["是否退货"] = ["否", "是", "否"]
    orders["买家姓名"] = ["张三", "李四", "张三"]  # personal data: must not be loaded
    orders["收货地址"] = ["a", "b", "c"]
    frames["orders"] = orders
    return frames


def write_chinese_gbk(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "store.yaml").write_text(STORE_YAML, encoding="gbk")
    for name, frame in chinese_frames().items():
        frame.to_csv(root / f"{name}.csv", index=False, encoding="gbk")
    return root


def write_workbook(path: Path) -> Path:
    store_rows = [
        ("字段 key", "值 value"),
        ("name", "Lumen Home"),
        ("report_currency 报告币种", "USD"),
        ("platforms", "[amazon, shopify]"),
        ("markets", "[DE, UK, US]"),
        ("vendors", "- name: Acme Agency\n  services: [operations, ads_accounts]\n"
                    "  monthly_fee: 3000\n  data_export_allowed: false"),
        ("settlement_days.amazon", 14),
        ("settlement_days.shopify", 3),
        ("cash_on_hand", 80000),
    ]  # fmt: skip
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame(store_rows[1:], columns=list(store_rows[0])).to_excel(
            writer, sheet_name="store", index=False
        )
        for name, frame in chinese_frames().items():
            sheet = {"funnel": "漏斗"}.get(name, name)
            frame.to_excel(writer, sheet_name=sheet, index=False)
    return path


@pytest.fixture
def english(tmp_path: Path) -> Path:
    return write_english(tmp_path / "en")
