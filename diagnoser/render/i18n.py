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
from babel.dates import format_date, format_skeleton
from babel.numbers import format_compact_currency, format_currency, format_decimal, format_percent

from diagnoser.render.paths import reports_dir

LOCALES = {"zh": "zh_CN", "en": "en_US"}
DASH = "—"


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
    return _flatten(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


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


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class Formatter:
    """Locale-aware formatting for one report language and currency."""

    def __init__(self, lang: str, currency: str) -> None:
        self.lang = lang
        self.locale = LOCALES[lang]
        self.currency = currency
        self._t = Messages(lang)

    def money(self, amount: Any, currency: str | None = None, *, compact: bool = False) -> str:
        if not _is_number(amount):
            return DASH
        code = currency or self.currency
        if compact and abs(amount) >= 10_000:
            return format_compact_currency(amount, code, locale=self.locale, fraction_digits=1)
        return format_currency(
            amount, code, format="¤#,##0", locale=self.locale, currency_digits=False
        )

    def pct(self, ratio: Any, digits: int = 1) -> str:
        if not _is_number(ratio):
            return DASH
        pattern = "#,##0%" if digits == 0 else "#,##0." + "0" * digits + "%"
        return format_percent(ratio, format=pattern, locale=self.locale)

    def num(self, value: Any) -> str:
        if not _is_number(value):
            return DASH if value is None else str(value)
        pattern = "#,##0" if abs(value) >= 100 else "#,##0.##"
        return format_decimal(value, format=pattern, locale=self.locale)

    def any(self, value: Any) -> str:
        """A param value of any shape: number, flag, list (``["EU", "UK"]`` → ``EU, UK``), text."""
        if isinstance(value, bool):
            return self._t("common.yes" if value else "common.no")
        if isinstance(value, list | tuple):
            return ", ".join(self.any(v) for v in value)
        return self.num(value)

    def count(self, value: Any) -> str:
        return (
            format_decimal(round(value), format="#,##0", locale=self.locale)
            if _is_number(value)
            else DASH
        )

    def value(self, value: Any, unit: str | None, currency: str | None = None) -> str:
        """An evidence or threshold value in the unit the rule or fact catalog gave it."""
        if isinstance(value, bool):
            return self._t("common.yes" if value else "common.no")
        if not _is_number(value):
            return DASH if value is None else str(value)
        kind = (unit or "").split("/")[0]  # the fact catalog writes money/month, count/month, …
        if kind in ("ratio", "percent", "rate"):
            # A "percent" above 1 was written as points (71 for 71 %), not as a ratio.
            return self.pct(value / 100 if kind == "percent" and abs(value) > 1 else value)
        if kind in ("growth", "ratio change"):
            return ("+" if value > 0 else "") + self.pct(value)
        if kind == "money":
            return self.money(value, currency)
        if kind == "count":
            return self.count(value)
        if kind in ("multiple", "x"):
            return self._t("unit.x", n=self.num(value))
        if kind in ("days", "months"):
            return self._t(f"unit.{kind}", n=self.num(value))
        return self.num(value)

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
