"""Report wording: data basis on the cover, money, points, translated internals, catalog text."""

from __future__ import annotations

import re

import pytest
from render_samples import sample_diagnosis

from diagnoser.model import Evidence
from diagnoser.render import build_view, render
from diagnoser.render.i18n import Formatter, catalog
from diagnoser.render.paths import reports_dir

CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
WINDOW = {"window_start": "2025-08", "window_end": "2025-10", "window_months": 3}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh", "2025年8月–10月月均（最近 3 个月）"), ("en", "monthly averages, Aug–Oct 2025")],
)
def test_cover_states_the_averaging_window(lang: str, expected: str) -> None:
    d = sample_diagnosis(lang)
    d.facts["store"] = [WINDOW]
    for kind in ("md", "html"):
        assert expected in render(d, kind, lang=lang).decode()
    assert build_view(d, lang=lang).cover.window_months == 3


def test_cover_without_window_facts() -> None:
    html = render(sample_diagnosis("zh"), "html", lang="zh").decode()
    assert "数据口径" not in html  # nothing to state; the Markdown table says 未知
    assert "| 未知 |" in render(sample_diagnosis("zh"), "md", lang="zh").decode()


def test_period_range_across_years() -> None:
    assert Formatter("zh", "USD").period_range("2025-11", "2026-01") == "2025年11月 – 2026年1月"
    assert Formatter("en", "USD").period_range("2026-09", "2026-09") == "Sep 2026"


@pytest.mark.parametrize(
    ("amount", "zh", "en"),
    [
        (5.634, "US$5.63", "$5.63"),
        (3.5, "US$3.50", "$3.50"),
        (99.994, "US$99.99", "$99.99"),
        (125_602.4, "US$125,602", "$125,602"),
        (0, "US$0", "$0"),
        (-5160.2, "-US$5,160", "-$5,160"),
        (-6.5, "-US$6.50", "-$6.50"),
    ],
)
def test_money_keeps_cents_below_100(amount: float, zh: str, en: str) -> None:
    assert Formatter("zh", "USD").money(amount) == zh
    assert Formatter("en", "USD").money(amount) == en


def test_one_minus_sign_and_one_multiple_rule() -> None:
    for path in [*reports_dir().glob("*.j2"), *reports_dir().glob("i18n/*.yaml")]:
        assert "\u2212" not in path.read_text(encoding="utf-8"), path.name
    fmt = Formatter("zh", "USD")
    assert [fmt.multiple(x) for x in (9.2, 10.95, 11.1, 0.6221)] == [
        "9.2 倍",
        "11.0 倍",
        "11.1 倍",
        "0.62 倍",
    ]


def test_ratio_changes_are_points_even_when_the_rule_says_ratio() -> None:
    d = sample_diagnosis("zh")
    d.findings[0].evidence.append(
        Evidence(field="m.margin_rate_change", label="利润率变化", value=-0.1951, unit="ratio")
    )
    md = render(d, "md", lang="zh").decode()
    assert "| 利润率变化 | -19.5 个百分点 |" in md
    assert Formatter("en", "USD").value(0.02, "ratio change") == "+2.0 pp"


@pytest.mark.parametrize(
    ("source", "zh"),
    [
        ("rule default", "规则默认值"),
        ("client config", "客户配置"),
        ("client config (benchmark max_bounce)", "客户配置（基准 max_bounce）"),
        (
            "benchmark vat_share: VAT rates (GOV.UK) <https://gov.uk/x>; client config",
            "基准 vat_share：VAT rates (GOV.UK) <https://gov.uk/x>; 客户配置",
        ),
        (
            "Return Rate benchmark key: rule default table",
            "Return Rate benchmark key: rule default table",
        ),
    ],
)
def test_threshold_sources_are_translated(source: str, zh: str) -> None:
    assert Formatter("zh", "USD").source(source) == zh
    assert Formatter("en", "USD").source(source) == source


def test_skipped_reasons_are_translated() -> None:
    zh, en = Formatter("zh", "USD"), Formatter("en", "USD")
    assert zh.skip_reason("no saas_tool facts in the data") == (
        "数据中没有SaaS工具（saas_tool）类事实，无法运行该检查"
    )
    assert zh.skip_reason("no vendor, cash facts in the data").startswith(
        "数据中没有服务商（vendor）、资金周转（cash）类事实"
    )
    assert en.skip_reason("no saas_tool facts in the data").startswith("The data has no saas_tool")
    assert zh.skip_reason("数据包中没有评价数据") == "数据包中没有评价数据"
    d = sample_diagnosis("zh")
    d.skipped[0].reason = "no saas_tool facts in the data"
    assert "saas_tool facts" not in render(d, "html", lang="zh").decode()


def test_param_tables_and_internal_keys_read_as_text() -> None:
    zh, en = Formatter("zh", "USD"), Formatter("en", "USD")
    table = {"default": 0.05, "channel": {"amazon": 0.01, "shopify": 0.025}}
    assert zh.any(table, "max_fees_share") == "默认 5%；amazon 1%；shopify 2.5%"
    assert en.any(table, "max_fees_share") == "default 5%; amazon 1%; shopify 2.5%"
    assert zh.any({"default": 14, "channel": {"amazon": 21}}, "max_settlement_days") == (
        "默认 14 天；amazon 21 天"
    )
    assert zh.any(-0.02, "max_margin_rate_change") == "-2.0 个百分点"
    assert zh.any(1000, "min_sessions") == "1,000"
    assert (
        zh.any(["fulfillment", "shipping"], "categories")
        == "履约配送（FBA/海外仓）、头程与尾程物流"
    )
    assert zh.value("operations, ads_accounts, erp, data", "text") == "运营、广告账户、ERP、数据"
    assert zh.value("new_customers", "text") == "新客数"
    assert (
        zh.value("EU", "text") == "EU"
        and zh.value("some_unknown_key", "text") == "some_unknown_key"
    )
    assert en.value("ads_accounts", "text") == "ad accounts"


def test_money_threshold_from_a_ratio_param_is_a_ratio() -> None:
    fmt = Formatter("zh", "USD")
    assert fmt.threshold(0.1667, "money", "params.expected_share", "USD") == "16.7%"
    assert fmt.threshold(300, "money", "params.min_spend", "USD") == "US$300"


def test_chinese_catalog_has_no_spaces_between_chinese_characters() -> None:
    bad = {k: v for k, v in catalog("zh").items() if re.search(f"{CJK}\\s+{CJK}", v)}
    assert not bad


def test_priority_windows_agree_across_the_report() -> None:
    zh, en = catalog("zh"), catalog("en")
    assert "P1 在第 2 周" in zh["methodology.priority"] and "P1 在第 2 周" in zh["plan.intro"]
    assert "P1 in week 2" in en["methodology.priority"] and "P1 in week 2" in en["plan.intro"]
    assert "本周" not in zh["actions.title"] and "week" not in en["actions.title"].lower()
    md = render(sample_diagnosis("zh"), "md", lang="zh").decode()
    assert "第 2 周完成" in md or "第 1 周完成" in md
    assert zh["funnel.col.count"] == "数量"


def test_sources_list_only_cites_benchmarks() -> None:
    d = sample_diagnosis("en")
    d.findings[0].evidence[0].source = "rule default"
    assert "rule default" not in build_view(d, lang="en").sources
    assert Formatter("en", "USD").any(0.05, "min_gap") == "5.0 pp"
