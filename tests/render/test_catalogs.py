"""Both languages carry every key, and templates hold no text outside the catalogs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import diagnoser.render as render_package
from diagnoser.bundle.model import COST_CATEGORIES
from diagnoser.render.facts import AFTER_ORDER, FUNNEL_STEPS
from diagnoser.render.i18n import catalog
from diagnoser.render.paths import reports_dir
from diagnoser.render.view import PLAN_WINDOW, PRIORITIES, QUALITY_KINDS
from diagnoser.stages import SEVERITIES

TEMPLATES = sorted(reports_dir().glob("*.j2"))
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def test_catalogs_have_the_same_keys() -> None:
    assert set(catalog("zh")) == set(catalog("en"))
    assert all(text.strip() for lang in ("zh", "en") for text in catalog(lang).values())


def test_every_key_used_exists() -> None:
    sources = [p.read_text(encoding="utf-8") for p in TEMPLATES]
    sources += [
        p.read_text(encoding="utf-8") for p in Path(render_package.__file__).parent.glob("*.py")
    ]
    used = {
        k
        for s in sources
        for k in re.findall(r"""\bt\(\s*['"]([a-z0-9_.]+)['"]""", s)
        if "." in k and not k.endswith(".")
    }
    dynamic = {f"funnel.step.{s}" for s, *_ in FUNNEL_STEPS} | {
        f"funnel.metric.{m}" for _, _, m, *_ in FUNNEL_STEPS if m
    }
    dynamic |= {f"cost.{c}" for c in COST_CATEGORIES} | {
        f"findings.severity.{s}" for s in SEVERITIES
    }
    dynamic |= {f"findings.priority.{p}" for p in PRIORITIES} | {
        f"plan.window.{w}" for w in PLAN_WINDOW.values()
    }
    dynamic |= {f"health.band.{b}" for b in ("good", "watch", "risk")} | {
        f"quality.level.{lv}" for lv in ("error", "warning", "info")
    }
    dynamic |= {f"findings.confidence_band.{b}" for b in ("high", "medium", "low")}
    dynamic |= {f"changes.{s}" for s in ("resolved", "new", "worse", "better", "unchanged")}
    dynamic |= {f"unit.{u}" for u in ("days", "months", "x")}
    dynamic |= {f"funnel.after.{k}" for k in AFTER_ORDER} | {
        f"quality.kind.{k}" for k in QUALITY_KINDS
    }
    assert used, "no t('…') calls found"
    missing = sorted((used | dynamic) - set(catalog("zh")))
    assert not missing


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_templates_have_no_untranslated_text(template) -> None:
    text = template.read_text(encoding="utf-8")
    text = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
    text = JINJA.sub(" ", text)
    text = re.sub(r"<[^>]*>", " ", text)  # tags and their attributes
    text = re.sub(r"&[a-z]+;", " ", text)
    words = re.findall(r"[A-Za-z\u4e00-\u9fff]+", text)
    assert not words, f"literal text in {template.name}: {words[:10]}"
