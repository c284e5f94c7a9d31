"""Jinja2 environments for the HTML and Markdown templates in ``reports/``.

HTML autoescapes everything; Markdown escapes every printed value through ``finalize`` so
a ``|`` or newline in store data cannot break a table and no raw HTML gets through.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from diagnoser.render import charts
from diagnoser.render.i18n import Formatter, Messages
from diagnoser.render.paths import reports_dir
from diagnoser.render.view import ReportView

_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|])")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def md_escape(value: Any) -> str:
    """Text safe inside a Markdown paragraph or table cell: one line, specials escaped."""
    if isinstance(value, Markup):
        return str(value)
    text = "" if value is None else str(value)
    if "\n" in text or "\r" in text:  # the pattern is slow and most values are one line
        text = _LINE_BREAKS.sub(" ", text)
    return _MD_SPECIAL.sub(r"\\\1", text)


@cache
def environment(kind: str) -> Environment:
    loader = FileSystemLoader(str(reports_dir()))
    if kind == "html":
        env = Environment(
            loader=loader,
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    else:
        env = Environment(
            loader=loader,
            autoescape=False,
            finalize=md_escape,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return env


def render_template(view: ReportView, kind: str) -> str:
    """Render ``report.<kind>.j2`` for a report view."""
    t = Messages(view.lang)
    fmt = Formatter(view.lang, view.currency)
    accent = view.cover.accent_color
    context = {
        "v": view,
        "t": t,
        "fmt": fmt,
        "charts": {
            "ring": lambda: charts.score_ring(
                view.health.overall, view.health.band, t("health.title")
            ),
            "funnel": lambda f: charts.funnel(f, fmt, t, accent),
            "costs": lambda c: charts.cost_waterfall(c, fmt, t, accent),
        },
    }
    return environment(kind).get_template(f"report.{kind}.j2").render(context)
