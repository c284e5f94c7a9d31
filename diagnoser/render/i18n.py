"""Message catalogs and locale-aware formatting of numbers, money, rates and dates.

Every fixed string a report shows comes from ``reports/i18n/<lang>.yaml``; every number
goes through Babel so Chinese and English readers see their own conventions.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import cache
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import (
    NumberPattern,
    format_compact_currency,
    format_currency,
    format_decimal,
    format_percent,
    parse_pattern,
)

from diagnoser.facts.catalog import TYPE_TITLES
from diagnoser.render.paths import reports_dir
from diagnoser.stages import STAGE_NAMES

LOCALES = {"zh": "zh_CN", "en": "en_US"}
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~5× faster
DASH = "—"
# Negative numbers use the hyphen-minus Babel and the rule texts write, never U+2212.
# Threshold sources as diagnoser/rules/params.py writes them, joined by "; " when a threshold
# has several: the fixed parts (at the start of each) are translated, citations kept.
_AT_START = r"(?:^|(?<=; ))"
_SOURCE_PARTS = (
    (re.compile(_AT_START + r"client config \(benchmark ([\w.-]+)\)"), "source.client_benchmark"),
    (re.compile(_AT_START + r"benchmark ([\w.-]+): "), "source.benchmark"),
    (re.compile(_AT_START + r"rule default(?=;|$)"), "source.rule_default"),
    (re.compile(_AT_START + r"client config(?=;|$)"), "source.client_config"),
)
# The reason diagnoser/evaluate.py gives a rule it could not run.
_NO_FACTS = re.compile(r"no (.+) facts in the data")
# Param names whose numbers are ratios (0.05 = 5%) or differences of ratios (points).
_PARAM_POINTS = re.compile(r"(rate_change|repeat_change|_rise|_gap)$")
_PARAM_RATIO = re.compile(
    r"(share|_rate|bounce|completion|growth|gain|utilisation|fx_cost|_of_best|_of_source)"
)


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalog(lang: str) -> dict[str, str]:
    """The flat ``key → text`` catalog of one language."""
    if lang not in LOCALES:
        raise ValueError(f"unsupported report language {lang!r}; use one of {sorted(LOCALES)}")
    path = reports_dir() / "i18n" / f"{lang}.yaml"
    return _flatten(yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {})


class Messages:
    """``t("key", n=3)``: a catalog string with ``{placeholders}`` filled in; missing keys fail."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._catalog = catalog(lang)

    def __call__(self, key: str, **values: Any) -> str:
        text = self._catalog[key]
        return text.format(**values) if values else text

    def get(self, key: str, default: str) -> str:
        return self._catalog.get(key, default)


@cache
def _pattern(text: str) -> NumberPattern:
    """A parsed number pattern: Babel parses a pattern string again on every call, and a
    large report formats some 13,000 numbers. Parsing is pure, so this never goes stale."""
    return parse_pattern(text)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class Formatter:
    """Locale-aware formatting for one report language and currency."""

    def __init__(self, lang: str, currency: str) -> None:
        self.lang = lang
        # A Locale object, not its name: Babel parses a name again for every value formatted.
        self.locale = Locale.parse(LOCALES[lang])
        self.currency = currency
        self._t = Messages(lang)

    def money(self, amount: Any, currency: str | None = None, *, compact: bool = False) -> str:
        if not _is_number(amount):
            return DASH
        code = currency or self.currency
        if compact and abs(amount) >= 10_000:
            return format_compact_currency(amount, code, locale=self.locale, fraction_digits=1)
        # Cents matter for per-order and per-customer amounts (CAC 5.63 vs LTV 3.50).
        pattern = "¤#,##0.00" if 0 < abs(amount) < 100 else "¤#,##0"
        return format_currency(
            amount, code, format=_pattern(pattern), locale=self.locale, currency_digits=False
        )

    def pct(self, ratio: Any, digits: int = 1) -> str:
        if not _is_number(ratio):
            return DASH
        pattern = "#,##0%" if digits == 0 else "#,##0." + "0" * digits + "%"
        return format_percent(ratio, format=_pattern(pattern), locale=self.locale)

    def num(self, value: Any) -> str:
        if not _is_number(value):
            return DASH if value is None else str(value)
        pattern = "#,##0" if abs(value) >= 100 else "#,##0.##"
        return format_decimal(value, format=_pattern(pattern), locale=self.locale)

    def multiple(self, value: Any) -> str:
        """A multiple (ROAS, LTV ÷ CAC): one decimal (``9.2 倍``, ``11.0×``), two below 1
        (``0.62×``) so a ratio under break-even keeps its meaning."""
        if not _is_number(value):
            return DASH
        pattern = "#,##0.0" if abs(value) >= 1 else "#,##0.00"
        n = format_decimal(value, format=_pattern(pattern), locale=self.locale)
        return self._t("unit.x", n=n)

    def points(self, diff: Any, *, signed: bool = True) -> str:
        """A difference of two ratios in percentage points: -0.195 → ``-19.5 pp``; a rise
        is signed (``+2.0 pp``) unless ``signed`` is off (a limit such as ``min_gap``)."""
        if not _is_number(diff):
            return DASH
        n = format_decimal(diff * 100, format=_pattern("#,##0.0"), locale=self.locale)
        return self._t("unit.pp", n=("+" if signed and diff > 0 else "") + n)

    def term(self, text: str) -> str:
        """An internal key the data writes (``new_customers``, ``ads_accounts``), translated
        when the catalog knows it; a comma list is translated item by item."""
        if re.fullmatch(r"[a-z][a-z0-9_]*(, [a-z][a-z0-9_]*)*", text):
            return self._t("common.list_sep").join(self._term(k) for k in text.split(", "))
        return text

    def _term(self, key: str) -> str:
        for name in (f"term.{key}", f"cost.{key}"):
            if (text := self._t.get(name, "")) != "":
                return text
        return STAGE_NAMES.get(key, {}).get(self.lang, key)

    def any(self, value: Any, param: str = "") -> str:
        """A param value of any shape: number, flag, list (``["EU", "UK"]`` → ``EU, UK``), text,
        or a table by channel or market (``默认 5%；amazon 1%``). ``param`` (its name) tells
        ratios (``max_bounce`` 0.45 → 45%) and day counts from plain numbers."""
        if isinstance(value, bool):
            return self._t("common.yes" if value else "common.no")
        if isinstance(value, list | tuple):
            return self._t("common.list_sep").join(self.any(v, param) for v in value)
        if isinstance(value, dict):
            parts = []
            for key, item in value.items():
                if isinstance(item, dict):  # {"channel": {"amazon": 21, …}}
                    parts += [f"{k} {self.any(v, param)}" for k, v in item.items()]
                else:
                    name = self._t("common.default") if key == "default" else str(key)
                    parts.append(f"{name} {self.any(item, param)}")
            return self._t("common.table_sep").join(parts)
        if isinstance(value, str):
            return self.term(value)
        if _is_number(value) and param:
            if _PARAM_POINTS.search(param) and abs(value) <= 1:
                return self.points(value, signed=False)
            if _PARAM_RATIO.search(param) and abs(value) <= 1:
                return self.pct(value, 0 if round(value * 100, 6) == round(value * 100) else 1)
            if param.endswith("_days"):
                return self._t("unit.days", n=self.num(value))
            if param.endswith("_months"):
                return self._t("unit.months", n=self.num(value))
        return self.num(value)

    def source(self, text: str | None) -> str:
        """A threshold source with its fixed parts translated; cited titles and URLs kept."""
        if not text:
            return DASH
        for pattern, key in _SOURCE_PARTS:

            def fixed(match: re.Match[str], key: str = key) -> str:
                return self._t(key, name=match[1]) if match.groups() else self._t(key)

            text = pattern.sub(fixed, text)
        return text

    def skip_reason(self, reason: str) -> str:
        """Why a rule was not run; the evaluate stage's "no <types> facts in the data" is
        translated, with each fact type's catalog title."""
        match = _NO_FACTS.fullmatch(reason.strip())
        if not match:
            return reason
        types = [t.strip() for t in match[1].split(",")]
        titles = [
            f"{TYPE_TITLES[t][self.lang]}（{t}）" if self.lang == "zh" and t in TYPE_TITLES else t
            for t in types
        ]
        return self._t("quality.no_facts", types=self._t("common.list_sep").join(titles))

    def period_range(self, start: str | None, end: str | None) -> str:
        """``2026-07``–``2026-09`` → ``2026年7月–9月`` / ``Jul–Sep 2026``."""
        first = re.fullmatch(r"(\d{4})-(\d{2})", (start or "").strip())
        last = re.fullmatch(r"(\d{4})-(\d{2})", (end or "").strip())
        if not (first and last):
            return f"{self.period(start)} – {self.period(end)}"
        a = dt.date(int(first[1]), int(first[2]), 1)
        b = dt.date(int(last[1]), int(last[2]), 1)
        if a == b:
            return format_skeleton("yMMM", a, locale=self.locale)
        if a.year == b.year:
            if self.lang == "zh":
                return f"{a.year}年{a.month}月–{b.month}月"
            return f"{format_skeleton('MMM', a, locale=self.locale)}–" + format_skeleton(
                "yMMM", b, locale=self.locale
            )
        return f"{self.period(start)} – {self.period(end)}"

    def count(self, value: Any) -> str:
        return (
            format_decimal(round(value), format=_pattern("#,##0"), locale=self.locale)
            if _is_number(value)
            else DASH
        )

    def value(self, value: Any, unit: str | None, currency: str | None = None) -> str:
        """An evidence or threshold value in the unit the rule or fact catalog gave it."""
        if isinstance(value, bool):
            return self._t("common.yes" if value else "common.no")
        if isinstance(value, str):
            return self.term(value)
        if not _is_number(value):
            return DASH if value is None else str(value)
        kind = (unit or "").split("/")[0]  # the fact catalog writes money/month, count/month, …
        if kind in ("ratio", "percent", "rate"):
            # A "percent" above 1 was written as points (71 for 71 %), not as a ratio.
            return self.pct(value / 100 if kind == "percent" and abs(value) > 1 else value)
        if kind == "growth":
            return ("+" if value > 0 else "") + self.pct(value)
        if kind == "ratio change":
            return self.points(value)
        if kind == "money":
            return self.money(value, currency)
        if kind == "count":
            return self.count(value)
        if kind in ("multiple", "x"):
            return self.multiple(value)
        if kind in ("days", "months"):
            return self._t(f"unit.{kind}", n=self.num(value))
        return self.num(value)

    def threshold(self, value: Any, unit: str | None, param: str | None, currency: str) -> str:
        """An evidence threshold: in the value's unit, except a money value held against a
        ratio param (expected VAT = revenue × ``params.expected_share``), shown as that ratio."""
        name = (param or "").removeprefix("params.")
        kind = (unit or "").split("/")[0]
        ratio_param = bool(_PARAM_RATIO.search(name) or _PARAM_POINTS.search(name))
        small = _is_number(value) and abs(value) <= 1
        if kind == "money" and ratio_param and small and re.fullmatch(r"\w+", name):
            return self.any(value, name)
        return self.value(value, unit, currency)

    def date(self, day: dt.date) -> str:
        return format_date(day, format="long", locale=self.locale)

    def period(self, text: str | None) -> str:
        """``2025-03`` → ``Mar 2025`` / ``2025年3月``; other text is shown as given."""
        if not text:
            return DASH
        match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text.strip())
        if not match:
            return text
        year, month, day = int(match[1]), int(match[2]), match[3]
        try:
            if day:
                return format_date(
                    dt.date(year, month, int(day)), format="medium", locale=self.locale
                )
            return format_skeleton("yMMM", dt.date(year, month, 1), locale=self.locale)
        except ValueError:
            return text
