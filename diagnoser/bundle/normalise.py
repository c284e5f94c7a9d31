"""Vectorised normalisation of the text columns: periods, markets, channels, currencies, flags.

Each function takes a whole column and returns the clean values and a mask of the cells that
could not be read. Categorical columns are mapped through their distinct values
(``pd.factorize``), so a million order rows cost a dictionary look-up per distinct value.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from babel.numbers import list_currencies

from diagnoser.bundle.tables import CATEGORY_LOOKUP, CHANNEL_ALIASES, normalise_category
from diagnoser.countries import country_code
from diagnoser.dates import parse_dates
from diagnoser.values import CURRENCY_SYMBOLS

CURRENCIES: frozenset[str] = frozenset(list_currencies())
_CURRENCY_WORDS = {
    "RMB": "CNY", "人民币": "CNY", "美元": "USD", "美金": "USD", "欧元": "EUR", "英镑": "GBP",
    "日元": "JPY", "港币": "HKD", "港元": "HKD", "加元": "CAD", "澳元": "AUD", "新加坡元": "SGD",
    "林吉特": "MYR", "泰铢": "THB", "比索": "MXN", "雷亚尔": "BRL", "迪拉姆": "AED",
    "里亚尔": "SAR", "卢比": "INR", "韩元": "KRW", "越南盾": "VND", "印尼盾": "IDR",
}  # fmt: skip


def _text(column: pd.Series) -> pd.Series:
    """The column as stripped ``str`` (Arrow-backed), NaN where blank."""
    text = column if column.dtype == "str" else column.astype("str")
    text = text.str.strip()
    return text.where(text != "")


def _by_distinct(
    column: pd.Series, convert: Callable[[str], str | None]
) -> tuple[pd.Series, pd.Series]:
    """Apply ``convert`` once per distinct stripped value; None means unreadable, "" blank."""
    if isinstance(column.dtype, pd.CategoricalDtype):  # read as dictionary: codes are free
        codes, uniques = column.cat.codes.to_numpy(), column.cat.categories
    else:
        codes, uniques = pd.factorize(_text(column))
    out: list[str | None] = []
    ok: list[bool] = []
    for unique in uniques:
        stripped = str(unique).strip()
        converted = convert(stripped) if stripped else ""
        ok.append(converted is not None)
        out.append(converted if converted else None)
    ok.append(True)  # code -1: a blank cell
    values = pd.array(out, dtype="str").take(codes, allow_fill=True)
    bad = pd.Series(~np.array(ok, dtype=bool)[codes], index=column.index)
    return pd.Series(values, index=column.index), bad


def periods(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``YYYY-MM`` strings from 2025-06, 2025/6, 2025年6月, 202506 or a date cell."""
    if pd.api.types.is_datetime64_any_dtype(column):
        out = column.dt.strftime("%Y-%m").astype("str")
        return out.where(column.notna()), pd.Series(False, column.index)
    # A table has a few dozen distinct months: parse those (regex extraction runs per value),
    # then spread them back over the rows by their codes.
    codes, uniques = pd.factorize(_text(column))
    out, bad = _parse_periods(pd.Series(uniques, dtype="str"))
    values = out.array.take(codes, allow_fill=True)
    flagged = np.append(bad.to_numpy(dtype=bool), False)[codes]  # code −1: blank, not bad
    return pd.Series(values, index=column.index), pd.Series(flagged, index=column.index)


def _parse_periods(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    parts = text.str.extract(
        r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:\s*[-/.]\s*\d{1,2}\s*日?)?(?:[ T][\d:.]*)?$"
    )
    compact = text.str.extract(r"^(\d{4})(\d{2})(?:\.0+)?$")
    year = parts[0].fillna(compact[0])
    month = parts[1].fillna(compact[1])
    month_num = pd.to_numeric(month, errors="coerce")
    ok = year.notna() & month_num.between(1, 12)
    out = (year + "-" + month.str.zfill(2)).where(ok)
    bad = text.notna() & ~ok
    return out.astype("str").where(ok), bad.astype(bool)


def markets(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ISO alpha-2 codes from codes, country names (:mod:`diagnoser.countries`) or UK (→ GB);
    a region such as EU is not a country and is unreadable."""
    return _by_distinct(column, lambda v: country_code(v) if v else "")


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


def dates(column: pd.Series) -> tuple[pd.Series, pd.Series, bool]:
    """Naive ``datetime64[us]`` (see :func:`diagnoser.dates.parse_dates` for the layouts
    read), the mask of cells that are not a date between 1990 and 2099, and whether the
    day/month order of ``dd/mm/yyyy`` cells was left undecided."""
    if not pd.api.types.is_datetime64_any_dtype(column):
        column = _text(column)  # blank and whitespace cells become NaN: blank, not bad
    parsed, ambiguous = parse_dates(column)
    return parsed.astype("datetime64[us]"), parsed.isna() & column.notna(), ambiguous


def texts(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Stripped text; blank cells become NaN (a categorical column is left coded)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column, pd.Series(False, column.index)
    return _text(column), pd.Series(False, column.index)


def month_keys(dates: pd.Series) -> pd.Series:
    """``YYYY-MM`` of each date, formatted once per distinct month (fast on 1M rows)."""
    codes, uniques = pd.factorize(dates.dt.year * 100 + dates.dt.month)
    labels = pd.array([f"{int(k) // 100:04d}-{int(k) % 100:02d}" for k in uniques], dtype="str")
    return pd.Series(labels.take(codes, allow_fill=True), index=dates.index)
