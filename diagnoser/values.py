"""Vectorised parsing of the numbers people put in spreadsheets.

Exports and hand-kept sheets write money and rates as ``1,234.56``, ``"$12,905.25"``,
``₹1,08,218.36``, ``12.3%``, ``(45.00)``, ``1.234,56`` (decimal comma) or ``--``. Every
reader in the package goes through :func:`parse_numbers` so they agree on what a number is.
Parsing is done on whole pandas columns (string methods), never row by row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

CURRENCY_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "CNY",
    "￥": "CNY",
    "₹": "INR",
    "₩": "KRW",
    "R$": "BRL",
    "C$": "CAD",
    "A$": "AUD",
    "HK$": "HKD",
    "S$": "SGD",
    "zł": "PLN",
    "kr": "SEK",
    "RM": "MYR",
    "₱": "PHP",
    "฿": "THB",
    "₫": "VND",
    "Rp": "IDR",
}
# Blank-like cells that mean "no value", not "bad value".
EMPTY_TOKENS = {"", "-", "--", "—", "n/a", "na", "nan", "none", "null", "#n/a", "无"}

_SYMBOLS_RE = "|".join(re.escape(s) for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
_CODE_RE = r"(?:[A-Z]{3})"
_STRIP_RE = re.compile(
    rf"^\s*(?:{_SYMBOLS_RE}|{_CODE_RE})?\s*|\s*(?:{_SYMBOLS_RE}|{_CODE_RE})?\s*$"
)
_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_GROUPED = {
    ".": r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3})(?:\.\d*)?$",
    ",": r"^[+-]?\d{1,3}(?:[.\s']\d{3})+(?:,\d*)?$",
}


@dataclass(frozen=True)
class ParsedColumn:
    """Numbers parsed from a column, and which non-empty cells were not numbers."""

    values: pd.Series  # float64, NaN where empty or bad
    bad: pd.Series  # bool, True where the cell had text that is not a number
    percent: pd.Series  # bool, True where the cell was written with a % sign


def parse_numbers(column: pd.Series, *, decimal: str = ".") -> ParsedColumn:
    """Parse a column of spreadsheet cells into floats.

    ``decimal`` is ``"."`` (``1,234.56``) or ``","`` (``1.234,56`` as German and French
    Seller Central write it). Percent cells are divided by 100 and flagged in ``percent``.
    """
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = column.astype("float64")
        # inf (or 1e400) read as a float is as unreadable as the text 'inf' below
        infinite = pd.Series(np.isinf(values.to_numpy()), index=column.index)
        false = pd.Series(False, index=column.index)
        return ParsedColumn(values.where(~infinite, np.nan), infinite, false)

    text = column.astype("string").str.strip()
    # Excel-protective wrappers: ="123" and a leading apostrophe.
    text = text.str.replace(r'^="(.*)"$', r"\1", regex=True).str.lstrip("'")
    text = text.str.replace("\u2212", "-", regex=False)  # unicode minus
    text = text.str.replace("\u00a0", " ", regex=False).str.replace("\u202f", " ", regex=False)
    empty = text.isna() | text.str.lower().isin(EMPTY_TOKENS)

    negative_paren = text.str.match(r"^\(.*\)$", na=False)
    text = text.where(~negative_paren, text.str.slice(1, -1))
    percent = text.str.endswith("%", na=False)
    text = text.str.rstrip("%").str.strip()
    text = text.str.replace(_STRIP_RE, "", regex=True)
    # A sign written before the currency symbol: -$12.00
    text = text.str.replace(rf"^([+-])\s*(?:{_SYMBOLS_RE})\s*", r"\1", regex=True)
    # A thousands separator must group digits (1,234,567 or 1,08,218 the Indian way);
    # "250,5" in a comma-decimal file is not 2505 but a number this column cannot read.
    separator = "," if decimal == "." else "."
    grouped = text.str.contains(re.escape(separator), regex=True, na=False)
    well_grouped = text.str.match(_GROUPED[decimal], na=False)
    if decimal == ",":
        text = text.str.replace(r"[.\s']", "", regex=True).str.replace(",", ".", regex=False)
    else:
        text = text.str.replace(r"[,\s']", "", regex=True)

    ok = text.str.match(_NUMBER_RE.pattern, na=False) & (~grouped | well_grouped)
    values = pd.to_numeric(text.where(ok), errors="coerce").astype("float64")
    values = values.where(~negative_paren, -values)
    values = values.where(~percent, values / 100.0)
    values = values.where(~empty, np.nan)
    bad = ~empty & ~ok
    return ParsedColumn(values, bad.fillna(False).astype(bool), (percent & ~empty).astype(bool))


def currency_in_text(text: str) -> str | None:
    """The ISO code a symbol or code in ``text`` names (``"Amount spent (EUR)"`` → EUR)."""
    code = re.search(r"\b([A-Z]{3})\b", text)
    if code:
        return code.group(1)
    for symbol in sorted(CURRENCY_SYMBOLS, key=len, reverse=True):
        if symbol in text:
            return CURRENCY_SYMBOLS[symbol]
    return None


_AFFIX = r"[^\d\s,.]{0,3}"
# A decimal part has 1-2 or 4+ digits: three could be a thousands group (1.234 or 1,234).
_COMMA_DECIMAL = rf"[-(]?{_AFFIX}\s?[\d. ]*\d,(?:\d{{1,2}}|\d{{4,}})\s?%?\s?{_AFFIX}\)?"
_DOT_DECIMAL = rf"[-(]?{_AFFIX}\s?[\d, ]*\d\.(?:\d{{1,2}}|\d{{4,}})\s?%?\s?{_AFFIX}\)?"


def sniff_decimal(frame: pd.DataFrame, *, default: str = ".") -> str:
    """``","`` when the cells are written ``1.234,56`` (German/French/Spanish UIs), ``"."``
    when written ``1,234.56``; ``default`` when no cell shows a decimal part either way."""
    comma = dot = 0
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column):
            continue
        text = column.dropna().astype("str").head(500).str.strip()
        comma += int(text.str.fullmatch(_COMMA_DECIMAL).fillna(False).sum())
        dot += int(text.str.fullmatch(_DOT_DECIMAL).fillna(False).sum())
    return "," if comma > dot else "." if dot > comma else default
