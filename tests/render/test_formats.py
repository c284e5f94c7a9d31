"""Every format in both languages, read as a reader would: content, order, locale, contract."""

from __future__ import annotations

import json
import re

import pytest
from conftest import TODAY

from diagnoser.model import Diagnosis
from diagnoser.render import render
from diagnoser.render.i18n import catalog

SECTION_IDS = [
    "health",
    "this-week",
    "funnel",
    "costs",
    "markets",
    "findings",
    "plan",
    "data-quality",
    "passed",
    "methodology",
]


def test_markdown_reads_cleanly(diagnosis: Diagnosis, lang: str) -> None:
    md = render(diagnosis, "md", lang=lang, generated_on=TODAY).decode()
    t = catalog(lang)
    assert md.startswith(f"# {t['cover.title']}")
    assert not re.search(r"<[a-zA-Z/!]", md), "Markdown must not carry raw HTML"
    for key in (
        "actions.title",
        "funnel.title",
        "costs.title",
        "markets.title",
        "findings.title",
        "plan.title",
        "quality.title",
        "passed.title",
        "methodology.title",
    ):
        assert f"## {t[key]}" in md
    # Tables: every row of a table has as many cells as its header.
    for block in re.findall(r"(?:^\|.*\|\n)+", md, flags=re.M):
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in block.strip().splitlines()}
        assert len(widths) == 1, block
    assert diagnosis.findings[0].title in md
    assert "- [ ] " in md


def test_html_sections_in_order(diagnosis: Diagnosis, lang: str) -> None:
    html = render(diagnosis, "html", lang=lang, generated_on=TODAY).decode()
    positions = [html.index(f'id="{section}"') for section in SECTION_IDS]
    assert positions == sorted(positions)
    assert html.index(catalog(lang)["cover.title"]) < positions[0]
    assert "<svg" in html and "<script" not in html.lower()
    assert f'lang="{"zh-CN" if lang == "zh" else "en"}"' in html
    assert "@page" in html and "A4" in html


def test_top_three_actions_are_the_most_urgent(diagnosis: Diagnosis, lang: str) -> None:
    html = render(diagnosis, "html", lang=lang, generated_on=TODAY).decode()
    week = html[html.index('id="this-week"') : html.index('id="funnel"')]
    titles = {f.rule_id: f.title for f in diagnosis.findings}
    assert week.count('class="action"') == 3
    assert titles["CMP001"] in week and titles["ECO002"] in week and titles["LND001"] in week
    assert titles["BAS001"] not in week


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", ["2025年7月", "US$7,980", "71.0%", "2026年11月26日", "45 天"]),
        ("en", ["Jul 2025", "$7,980", "71.0%", "Nov 26, 2026", "45 days"]),
    ],
)
def test_locale_formatting(lang: str, expected: list[str]) -> None:
    from render_samples import sample_diagnosis

    html = render(sample_diagnosis(lang), "html", lang=lang, generated_on=TODAY).decode()
    for text in expected:
        assert text in html


def test_json_extends_the_contract(diagnosis: Diagnosis, lang: str) -> None:
    data = json.loads(render(diagnosis, "json", lang=lang, generated_on=TODAY))
    contract = diagnosis.to_json_dict()
    for key, value in contract.items():
        assert data[key] == value, key
    report = data["report"]
    assert report["health"]["overall"] == 49
    assert [f["rule_id"] for f in report["top_actions"]] == ["CMP001", "ECO002", "LND001"]
    assert {
        "funnels",
        "costs",
        "markets",
        "findings",
        "plan",
        "data_quality",
        "passed",
        "thresholds",
        "sources",
        "changes",
    } <= set(report)
    assert "logo_data_uri" not in report["cover"]
    Diagnosis.model_validate(data)  # still readable as a Diagnosis (for --compare)


def test_client_overrides_are_marked(diagnosis: Diagnosis, lang: str) -> None:
    html = render(diagnosis, "html", lang=lang, generated_on=TODAY).decode()
    md = render(diagnosis, "md", lang=lang, generated_on=TODAY).decode()
    label = catalog(lang)["methodology.client_override"]
    assert html.count(f'tag-client">{label}') == 1
    assert f"**{label}**" in md


def test_unknown_format_and_language() -> None:
    from render_samples import sample_diagnosis

    with pytest.raises(ValueError):
        render(sample_diagnosis(), "docx")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        render(sample_diagnosis(), "md", lang="fr")
