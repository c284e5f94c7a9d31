"""What the rendering shortcuts must not change: ``render`` scrubs once and shares the result
between the view and the JSON, Babel patterns and locales are reused, and short-cut escapes
still catch what the full ones did."""

from __future__ import annotations

import datetime as dt
import json

from render_samples import sample_diagnosis

from diagnoser.render import build_view, render
from diagnoser.render.engine import md_escape
from diagnoser.render.i18n import Formatter
from diagnoser.render.scrub import scrub_text

DAY = dt.date(2026, 11, 26)


def test_json_report_is_the_public_view() -> None:
    d = sample_diagnosis("en")
    d.data_quality.append({"severity": "warning", "message": "ask ops@example.com first"})
    data = json.loads(render(d, "json", lang="en", generated_on=DAY))
    assert data["report"] == build_view(d, lang="en", generated_on=DAY).model_dump(mode="json")
    assert "ops@example.com" not in json.dumps(data)


def test_renders_in_one_process_do_not_leak_into_each_other() -> None:
    zh, en = sample_diagnosis("zh"), sample_diagnosis("en")
    first = {fmt: render(zh, fmt, lang="zh", generated_on=DAY) for fmt in ("md", "html", "json")}
    for fmt in ("md", "html", "json"):
        render(en, fmt, lang="en", generated_on=DAY)  # type: ignore[arg-type]
    again = {fmt: render(zh, fmt, lang="zh", generated_on=DAY) for fmt in ("md", "html", "json")}
    assert first == again


def test_formatter_reuses_patterns_per_value() -> None:
    fmt = Formatter("en", "USD")
    assert [fmt.pct(0.125), fmt.pct(-0.0), fmt.pct(0.5, 0)] == ["12.5%", "-0.0%", "50%"]
    assert [fmt.money(12.5), fmt.money(12345.0), fmt.money(12.5, "EUR")] == [
        "$12.50",
        "$12,345",
        "€12.50",
    ]
    assert [fmt.num(2.675), fmt.count(1234.4), fmt.multiple(0.625)] == ["2.68", "1,234", "0.62×"]


def test_shortcuts_keep_the_full_rules() -> None:
    assert md_escape("a |b|\n  c") == "a \\|b\\| c"
    assert md_escape("no breaks | here") == "no breaks \\| here"
    assert scrub_text("mail a.b@example.org now", "[x]") == "mail [x] now"
    assert scrub_text("no at sign, call +1 415 555 0100", "[x]") == "no at sign, call [x]"
