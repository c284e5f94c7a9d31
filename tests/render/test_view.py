"""The report model: scores, funnels, costs, and graceful handling of missing facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_samples import sample_diagnosis

import diagnoser
from diagnoser.model import Diagnosis, Period, ToolInfo
from diagnoser.render import build_view, render
from diagnoser.render.paths import reports_dir
from diagnoser.render.scoring import overall_score, stage_score


def test_scores() -> None:
    d = sample_diagnosis("en")
    assert overall_score([]) == 100
    assert stage_score(d.findings, "cost") == 60  # one critical
    assert stage_score(d.findings, "conversion") == 100
    assert 0 <= overall_score(d.findings * 20) < overall_score(d.findings) < 100


def test_view_sections() -> None:
    v = build_view(sample_diagnosis("en"), lang="en")
    assert v.health.overall == 49 and v.health.band == "risk"
    assert [f.priority for f in v.findings] == sorted(f.priority for f in v.findings)
    de_shopify = next(f for f in v.funnels if (f.market, f.channel) == ("DE", "shopify"))
    engaged = next(s for s in de_shopify.steps if s.step == "engaged")
    assert engaged.metric == "bounce_rate" and engaged.value == pytest.approx(0.71)
    assert engaged.benchmark and engaged.benchmark.value == 0.45 and engaged.breach is True
    sessions = next(s for s in de_shopify.steps if s.step == "sessions")
    assert sessions.drop_off is None  # more sessions than clicks is organic traffic, not a drop
    de_costs = next(c for c in v.costs if c.market == "DE")
    assert de_costs.unrecorded_compliance == ["vat", "epr", "certification"]
    assert de_costs.lines[0].category == "cogs" and de_costs.contribution_margin == 4730.0
    us_costs = next(c for c in v.costs if c.market == "US")
    assert us_costs.unrecorded_compliance == []  # no VAT or EPR in the US
    assert {p.owner for p in v.plan} == {"Finance", "Ads team", "Operations", "Customer service"}
    assert any(th.client for th in v.thresholds)


def test_missing_facts_render_gracefully() -> None:
    bare = Diagnosis(
        tool=ToolInfo(version="0"),
        store={},
        period=Period(),
        language="zh",
        findings=[],
        passed=[],
        skipped=[],
    )
    for lang in ("zh", "en"):
        for fmt in ("md", "html", "json"):
            assert render(bare, fmt, lang=lang)  # type: ignore[arg-type]
    partial = sample_diagnosis("zh")
    partial.facts = {
        "funnel": [{"market": "FR", "orders": 10}, {"channel": "x"}],
        "market": [{"market": "FR", "revenue": None}],
    }
    html = render(partial, "html", lang="zh").decode()
    assert "FR" in html


def test_reports_dir_prefers_the_packaged_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (reports_dir() / "report.html.j2").is_file()
    package = tmp_path / "diagnoser"
    (package / "_data" / "reports" / "i18n").mkdir(parents=True)
    monkeypatch.setattr(diagnoser, "__file__", str(package / "__init__.py"))
    assert reports_dir() == package / "_data" / "reports"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "首月与末月之间缺少 1 个月的数据"),
        ("en", "1 months missing between the first and the last month"),
    ],
)
def test_known_data_quality_kinds_are_translated(lang: str, expected: str) -> None:
    html = render(sample_diagnosis(lang), "html", lang=lang).decode()
    assert expected in html and "US · amazon · period" in html
    assert "1 month(s) missing" not in html


@pytest.mark.parametrize(
    ("value", "unit", "zh", "en"),
    [
        (1234.6, "money/month", "US$1,235", "$1,235"),
        (812.0, "count/month", "812", "812"),
        (2.5, "multiple", "2.5 倍", "2.5×"),
        (10.95, "multiple", "11.0 倍", "11.0×"),
        (5.63, "money/customer", "US$5.63", "$5.63"),
        (-5160.4, "money", "-US$5,160", "-$5,160"),
        (0.125, "growth", "+12.5%", "+12.5%"),
        (-0.03, "ratio change", "-3.0 个百分点", "-3.0 pp"),
        (71, "percent", "71.0%", "71.0%"),
        (True, "bool", "是", "yes"),
        (None, "ratio", "—", "—"),
    ],
)
def test_evidence_units(value: object, unit: str, zh: str, en: str) -> None:
    from diagnoser.render.i18n import Formatter

    assert Formatter("zh", "USD").value(value, unit) == zh
    assert Formatter("en", "USD").value(value, unit) == en


def test_owner_role_keys_are_translated() -> None:
    d = sample_diagnosis("zh")
    d.findings[0].owner = "finance"
    d.findings[1].owner = "广告优化师 小王"
    owners = {f.rule_id: f.owner for f in build_view(d, lang="zh").findings}
    assert owners[d.findings[0].rule_id] == "财务"
    assert owners[d.findings[1].rule_id] == "广告优化师 小王"
    assert build_view(d, lang="en").findings[0].owner == "Finance"
