"""Inline SVG charts drawn in Python: score ring, funnel per market, cost waterfall.

Inline SVG needs no script or network and prints sharply; every text node is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from markupsafe import Markup, escape

from diagnoser.render.facts import CostStructure, Funnel
from diagnoser.render.i18n import Formatter

GOOD, WATCH, RISK, MUTED, INK, TRACK = (
    "#2E7D32",
    "#B26A00",
    "#C62828",
    "#6B7785",
    "#1B2430",
    "#E6EAF0",
)
BAND_COLOUR = {"good": GOOD, "watch": WATCH, "risk": RISK}
Translate = Callable[..., str]


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int = 12,
    fill: str = INK,
    anchor: str = "start",
    weight: int = 400,
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" text-anchor="{anchor}" '
        f'font-weight="{weight}">{escape(text)}</text>'
    )


def _el(tag: str, **attrs: object) -> str:
    """An SVG element; attribute names use _ for - (stroke_width → stroke-width)."""
    rendered = " ".join(
        f'{k.replace("_", "-")}="{f"{v:.1f}" if isinstance(v, float) else v}"'
        for k, v in attrs.items()
    )
    return f"<{tag} {rendered}/>"


def _svg(width: int, height: float, body: list[str], label: str) -> Markup:
    return Markup(
        f'<svg viewBox="0 0 {width} {height:.0f}" width="100%" '
        f'role="img" aria-label="{escape(label)}" class="chart">{"".join(body)}</svg>'
    )


def score_ring(score: int, band: str, label: str) -> Markup:
    radius, circumference = 52, 2 * math.pi * 52
    filled = circumference * max(0, min(score, 100)) / 100
    body = [
        _el("circle", cx=70, cy=70, r=radius, fill="none", stroke=TRACK, stroke_width=14),
        _el(
            "circle",
            cx=70,
            cy=70,
            r=radius,
            fill="none",
            stroke=BAND_COLOUR[band],
            stroke_width=14,
            stroke_dasharray=f"{filled:.1f} {circumference:.1f}",
            transform="rotate(-90 70 70)",
        ),
        _text(70, 80, str(score), size=34, anchor="middle", weight=700),
        _text(70, 98, "/ 100", size=11, fill=MUTED, anchor="middle"),
    ]
    return _svg(140, 140, body, label)


def funnel(f: Funnel, fmt: Formatter, t: Translate, accent: str) -> Markup:
    """One row per step: name and count, a centred bar (log width), the step's rate vs benchmark."""
    row, width, bar_x, bar_w = 42, 780, 180, 300
    counts = [s.count for s in f.steps if s.count]
    top = max(counts, default=1.0)
    floor = min(counts, default=1.0) / 3  # log scale from a third of the smallest step
    body: list[str] = []
    for i, step in enumerate(f.steps):
        y = i * row
        body.append(_text(0, y + 17, t(f"funnel.step.{step.step}"), size=13, weight=600))
        detail = fmt.count(step.count)
        if step.drop_off is not None:
            detail += "  ·  " + t("funnel.drop", value=fmt.pct(step.drop_off))
        body.append(_text(0, y + 34, detail, size=11, fill=MUTED))
        centre = bar_x + bar_w / 2
        if step.count:
            w = max(8.0, bar_w * math.log(step.count / floor) / math.log(top / floor))
            colour = RISK if step.breach else accent
            body.append(
                _el("rect", x=centre - w / 2, y=y + 8, width=w, height=24, rx=3, fill=colour)
            )
        else:
            body.append(
                _el(
                    "rect",
                    x=centre - 20,
                    y=y + 8,
                    width=40,
                    height=24,
                    rx=3,
                    fill="none",
                    stroke=MUTED,
                    stroke_dasharray="3 3",
                )
            )
        if step.metric:
            colour = INK if step.breach is None else RISK if step.breach else GOOD
            mark = "" if step.breach is None else (" ✗" if step.breach else " ✓")
            body.append(
                _text(
                    505,
                    y + 17,
                    f"{t(f'funnel.metric.{step.metric}')} {fmt.pct(step.value)}{mark}",
                    size=13,
                    fill=colour,
                    weight=600,
                )
            )
            if step.benchmark:
                sign = "≤" if step.benchmark.direction == "max" else "≥"
                note = t("funnel.benchmark", value=f"{sign} {fmt.pct(step.benchmark.value)}")
                if step.benchmark.client:
                    note += " · " + t("common.client_set")
                body.append(_text(505, y + 34, note, size=11, fill=MUTED))
    label = t("funnel.chart_label", market=f.market, channel=f.channel or "")
    return _svg(width, len(f.steps) * row, body, label)


def cost_waterfall(c: CostStructure, fmt: Formatter, t: Translate, accent: str) -> Markup:
    """Revenue, then each cost taken off what is left, then the contribution margin."""
    if c.revenue is None:
        return Markup("")
    row, width, bar_x, bar_w = 26, 780, 215, 370
    margin = (
        c.contribution_margin
        if c.contribution_margin is not None
        else c.revenue - sum(x.amount for x in c.lines)
    )
    low, high = min(0.0, margin), max(c.revenue, sum(x.amount for x in c.lines), 1.0)

    def x(v: float) -> float:
        return bar_x + (v - low) / (high - low) * bar_w

    def line(
        i: int, name: str, start: float, end: float, colour: str, value: str, weight: int = 400
    ) -> None:
        y = i * row
        body.append(_text(0, y + 17, name, size=12, weight=weight))
        left, right = sorted((x(start), x(end)))
        body.append(
            _el("rect", x=left, y=y + 5, width=max(right - left, 1.5), height=16, rx=2, fill=colour)
        )
        body.append(_text(bar_x + bar_w + 12, y + 17, value, size=12, weight=weight))

    body: list[str] = []
    line(0, t("costs.revenue"), 0, c.revenue, accent, fmt.money(c.revenue), 600)
    remaining = c.revenue
    for i, cost in enumerate(c.lines, start=1):
        line(
            i,
            t(f"cost.{cost.category}"),
            remaining - cost.amount,
            remaining,
            "#8FA3B8",
            f"{fmt.money(-cost.amount)}  ·  {fmt.pct(cost.share)}",
        )
        remaining -= cost.amount
    n = len(c.lines) + 1
    line(
        n,
        t("costs.margin"),
        0,
        margin,
        GOOD if margin >= 0 else RISK,
        f"{fmt.money(margin)}  ·  {fmt.pct(c.margin_rate)}",
        700,
    )
    if low < 0:
        body.append(
            _el("line", x1=x(0), x2=x(0), y1=0, y2=(n + 1) * row, stroke=MUTED, stroke_width=1)
        )
    return _svg(width, (n + 1) * row, body, t("costs.chart_label", market=c.market))
