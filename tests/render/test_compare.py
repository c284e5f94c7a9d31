"""--compare: findings resolved, new, worse or better since the previous report's JSON."""

from __future__ import annotations

import json

import pytest
from conftest import TODAY
from render_samples import sample_diagnosis

from diagnoser.model import Evidence, Finding, Impact, Scope
from diagnoser.render import compare, render
from diagnoser.render.i18n import catalog


def _current(lang: str):
    """Next month: CMP001 fixed, bounce worse, returns better, one new finding."""
    d = sample_diagnosis(lang, without=("CMP001",))
    bounce = next(f for f in d.findings if f.rule_id == "LND001")
    bounce.evidence[0].value = 0.76
    bounce.impact.amount = 5200.0
    returns = next(f for f in d.findings if f.rule_id == "RET001")
    returns.severity = "low"
    d.findings.append(
        Finding(
            rule_id="ADS010",
            pattern="roas_below_break_even",
            severity="medium",
            priority="P2",
            priority_score=50,
            stage="traffic",
            scope=Scope(market="US", channel="amazon"),
            title="ROAS",
            summary="…",
            evidence=[Evidence(field="m.roas", label="ROAS", value=2.1, unit="x", threshold=2.6)],
            impact=Impact(amount=900.0, currency="USD", basis="…"),
            confidence=0.7,
            remediation=["…"],
            owner="Ads",
        )
    )
    return d


def test_compare_sorts_findings_by_change() -> None:
    previous = json.loads(render(sample_diagnosis("en"), "json", lang="en"))
    changes = compare(_current("en"), previous)
    assert [c.rule_id for c in changes.resolved] == ["CMP001"]
    assert [c.rule_id for c in changes.new] == ["ADS010"]
    assert [c.rule_id for c in changes.worse] == ["LND001"]
    assert [c.rule_id for c in changes.better] == ["RET001"]
    worse = changes.worse[0]
    assert (worse.impact_before, worse.impact_after) == (4300.0, 5200.0)
    assert [(e.field, e.before, e.after) for e in worse.evidence] == [("f.bounce_rate", 0.71, 0.76)]
    assert changes.score_after > changes.score_before


def test_compare_accepts_a_plain_diagnosis_json() -> None:
    changes = compare(sample_diagnosis("zh"), sample_diagnosis("zh").to_json_dict())
    assert not (changes.resolved or changes.new or changes.worse or changes.better)
    assert len(changes.unchanged) == 6


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_changes_section_in_every_format(lang: str) -> None:
    previous = json.loads(render(sample_diagnosis(lang), "json", lang=lang))
    current = _current(lang)
    t = catalog(lang)
    resolved_title = sample_diagnosis(lang).findings[0].title
    html = render(current, "html", lang=lang, previous=previous, generated_on=TODAY).decode()
    section = html[html.index('id="changes"') : html.index('id="funnel"')]
    assert (
        t["changes.title"] in section
        and t["changes.resolved"] in section
        and resolved_title in section
    )
    assert "71.0% → 76.0%" in section
    md = render(current, "md", lang=lang, previous=previous, generated_on=TODAY).decode()
    assert f"## {t['changes.title']}" in md and f"| {t['changes.resolved']} |" in md
    data = json.loads(render(current, "json", lang=lang, previous=previous))
    assert data["report"]["changes"]["resolved"][0]["rule_id"] == "CMP001"
    assert 'id="changes"' not in render(current, "html", lang=lang).decode()
