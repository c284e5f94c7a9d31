"""Vectorised normalisation of the text columns: periods, markets, channels, currencies, flags.

Each function takes a whole column and returns the clean values and a mask of the cells that
could not be read. Categorical columns are mapped through their distinct values
(``pd.factorize``), so a million order rows cost a dictionary look-up per distinct value.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from babel import Locale
from babel.numbers import list_currencies

from diagnoser.bundle.tables import CATEGORY_LOOKUP, CHANNEL_ALIASES, normalise_category
from diagnoser.values import CURRENCY_SYMBOLS

CURRENCIES: frozenset[str] = frozenset(list_currencies())
_CURRENCY_WORDS = {
    "RMB": "CNY", "人民币": "CNY", "美元": "USD", "美金": "USD", "欧元": "EUR", "英镑": "GBP",
    "日元": "JPY", "港币": "HKD", "港元": "HKD", "加元": "CAD", "澳元": "AUD", "新加坡元": "SGD",
    "林吉特": "MYR", "泰铢": "THB", "比索": "MXN", "雷亚尔": "BRL", "迪拉姆": "AED",
    "里亚尔": "SAR", "卢比": "INR", "韩元": "KRW", "越南盾": "VND", "印尼盾": "IDR",
}  # fmt: skip


def _territories() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for lang in ("en", "zh"):
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                lookup[name.upper()] = code
    codes = {code for code in lookup.values()}
    lookup.update({code: code for code in codes})
    lookup.update({"UK": "GB", "USA": "US", "英国": "GB", "美国": "US", "UAE": "AE"})
    return lookup


MARKETS: dict[str, str] = _territories()


def _is_blank(text: pd.Series) -> pd.Series:
    return text.isna() | (text == "")


def _by_distinct(
    column: pd.Series, convert: Callable[[str], str | None]
) -> tuple[pd.Series, pd.Series]:
    """Apply ``convert`` once per distinct stripped value; None means unreadable, "" blank."""
    text = column.astype("string").str.strip()
    codes, uniques = pd.factorize(text)
    out: list[object] = []
    ok: list[bool] = []
    for unique in uniques:
        converted = convert(str(unique)) if str(unique) else ""
        ok.append(converted is not None)
        out.append(converted if converted else np.nan)
    out.append(np.nan)  # code -1: a missing cell
    ok.append(True)
    values = pd.Series(np.array(out, dtype=object)[codes], index=column.index, dtype=object)
    bad = pd.Series(~np.array(ok, dtype=bool)[codes], index=column.index)
    return values, bad


def periods(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``YYYY-MM`` strings from 2025-06, 2025/6, 2025年6月, 202506 or a date cell."""
    if pd.api.types.is_datetime64_any_dtype(column):
        out = column.dt.strftime("%Y-%m")
        return out.astype(object).where(column.notna(), np.nan), pd.Series(False, column.index)
    text = column.astype("string").str.strip()
    parts = text.str.extract(
        r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:\s*[-/.]\s*\d{1,2}\s*日?)?(?:[ T][\d:.]*)?$"
    )
    compact = text.str.extract(r"^(\d{4})(\d{2})(?:\.0+)?$")
    year = parts[0].fillna(compact[0])
    month = parts[1].fillna(compact[1])
    month_num = pd.to_numeric(month, errors="coerce")
    ok = year.notna() & month_num.between(1, 12)
    out = (year + "-" + month.str.zfill(2)).where(ok)
    bad = ~_is_blank(text) & ~ok.fillna(False)
    return out.astype(object).where(ok.fillna(False), np.nan), bad.fillna(False).astype(bool)


def markets(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ISO alpha-2 codes; accepts lower case, UK (→ GB) and English or Chinese country names."""
    return _by_distinct(column, lambda v: MARKETS.get(v.upper()) if v else "")


def channels(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Lower-case channel names; Chinese platform names mapped (亚马逊 → amazon)."""

    def convert(value: str) -> str:
        low = " ".join(value.lower().split())
        return CHANNEL_ALIASES.get(low, low)

    return _by_distinct(column, convert)


def currencies(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ISO 4217 codes; accepts symbols (€, ￥) and Chinese names (欧元, 人民币)."""

    def convert(value: str) -> str | None:
        if not value:
            return ""
        code = _CURRENCY_WORDS.get(value.upper()) or CURRENCY_SYMBOLS.get(value)
        code = code or value.upper()
        return code if code in CURRENCIES else None

    return _by_distinct(column, convert)


def categories(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Cost categories from the fixed vocabulary; English or Chinese names accepted."""
    return _by_distinct(column, lambda v: CATEGORY_LOOKUP.get(normalise_category(v)) if v else "")


_TRUE = {"yes", "y", "true", "t", "1", "1.0", "是", "已退货", "退货", "returned", "x", "✓"}
_FALSE = {"no", "n", "false", "f", "0", "0.0", "否", "未退货", "", "nan", "none"}


def flags(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Booleans from yes/no, true/false, 1/0, 是/否; blank is False."""
    if pd.api.types.is_bool_dtype(column):
        return column.fillna(False).astype(bool), pd.Series(False, column.index)

    def convert(value: str) -> str | None:
        low = value.lower()
        return "1" if low in _TRUE else "0" if low in _FALSE else None

    values, bad = _by_distinct(column, convert)
    return values.eq("1").fillna(False).astype(bool), bad


def dates(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Naive datetimes from ISO dates, 2025/06/14, 2025年6月14日 or date cells."""
    if pd.api.types.is_datetime64_any_dtype(column):
        out = column
    else:
        text = column.astype("string").str.strip()
        text = text.str.replace(r"[年月/.]", "-", regex=True).str.replace("日", "", regex=False)
        out = pd.to_datetime(text, errors="coerce", format="ISO8601")
        retry = out.isna() & ~_is_blank(text)
        if retry.any():
            out = out.copy()
            out[retry] = pd.to_datetime(text[retry], errors="coerce", format="mixed")
        bad = (out.isna() & ~_is_blank(text)).fillna(False).astype(bool)
        out = pd.Series(out, index=column.index)
        if getattr(out.dt, "tz", None) is not None:
            out = out.dt.tz_localize(None)
        return out, bad
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    return out, pd.Series(False, column.index)


def texts(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Stripped text; blank cells become NaN."""
    text = column.astype("string").str.strip()
    out = text.astype(object).where(~_is_blank(text).fillna(True), np.nan)
    return out, pd.Series(False, column.index)


def month_keys(dates: pd.Series) -> pd.Series:
    """``YYYY-MM`` of each date, formatted once per distinct month (fast on 1M rows)."""
    key = dates.dt.year * 100 + dates.dt.month
    codes, uniques = pd.factorize(key)
    labels = np.array([f"{int(k) // 100:04d}-{int(k) % 100:02d}" for k in uniques] + [np.nan],
                      dtype=object)  # fmt: skip
    return pd.Series(labels[codes], index=dates.index, dtype=object)
