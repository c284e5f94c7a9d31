"""Dates as sellers write them, read on whole columns: the bundle reader and the importers
share this, so ``03/06/2025`` means the same day in both and is never guessed row by row.

The day/month order of ``dd/mm/yyyy`` cells is decided for the whole column: a first
number above 12 makes it day-first, a second number above 12 month-first; when no cell
decides, the caller's ``dayfirst`` is used and the column is reported as ambiguous.
"""

from __future__ import annotations

import pandas as pd

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    "januar": 1,
    "februar": 2,
    "märz": 3,
    "mär": 3,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "okt": 10,
    "dez": 12,
    "janv": 1,
    "févr": 2,
    "fevr": 2,
    "mars": 3,
    "avr": 4,
    "juin": 6,
    "juil": 7,
    "août": 8,
    "aout": 8,
    "déc": 12,
    "sept.": 9,
    "ene": 1,
    "abr": 4,
    "ago": 8,
    "dic": 12,
}
_MONTH_WORDS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "janvier": 1,
    "février": 2,
    "avril": 4,
    "juillet": 7,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "oktober": 10,
    "dezember": 12,
}
_MONTHS.update(_MONTH_WORDS)


def _month_number(words: pd.Series) -> pd.Series:
    key = words.str.lower().str.rstrip(".")
    return key.map(_MONTHS).astype("float64")


def _ymd(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    year = pd.to_numeric(year, errors="coerce")
    year = year.where(year >= 100, year + 2000)
    parts = pd.DataFrame(
        {
            "year": year,
            "month": pd.to_numeric(month, errors="coerce"),
            "day": pd.to_numeric(day, errors="coerce"),
        }
    )
    ok = parts.notna().all(axis=1)
    out = pd.Series(pd.NaT, index=year.index, dtype="datetime64[ns]")
    if ok.any():
        out[ok] = pd.to_datetime(parts[ok].astype("int64"), errors="coerce")
    return out


def parse_dates(column: pd.Series, *, dayfirst: bool | None = None) -> tuple[pd.Series, bool]:
    """Parse export dates on a whole column; returns (datetimes, order_was_ambiguous).

    Handles ISO (``2024-05-01 10:00:00 +0000``), compact ``20260901``, Excel serials
    (``45384.34``), ``dd/mm/yy`` vs ``m/d/yy`` (decided from values > 12, else ``dayfirst``),
    ``May 1, 2023 …``, ``1 Jul 2026 …``, ``Jul 06, 2026``, ``2026年9月1日``.
    """
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        return column.dt.tz_localize(None).astype("datetime64[ns]"), False
    if pd.api.types.is_datetime64_any_dtype(column):
        return column.astype("datetime64[ns]"), False
    if pd.api.types.is_numeric_dtype(column):
        serial = pd.to_datetime(column.astype("float64"), unit="D", origin="1899-12-30")
        return serial.astype("datetime64[ns]"), False
    text = column.astype("string").str.strip()
    result = pd.to_datetime(text.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    result = result.astype("datetime64[ns]")
    ambiguous = False
    todo = result.isna() & text.notna()
    if not todo.any():
        return result, ambiguous
    rest = text[todo]
    found = pd.Series(pd.NaT, index=rest.index, dtype="datetime64[ns]")

    def fill(values: pd.Series) -> None:
        nonlocal found
        found = found.fillna(values)

    iso = rest.str.extract(r"^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2}))?")
    fill(_ymd(iso[0], iso[1], iso[2].fillna("1")))
    compact = rest.str.extract(r"^(\d{4})(\d{2})(\d{2})$")
    fill(_ymd(compact[0], compact[1], compact[2]))
    serial = pd.to_numeric(
        rest.where(rest.str.fullmatch(r"\d{4,5}(?:\.\d+)?", na=False)), errors="coerce"
    )
    if serial.notna().any():
        fill(pd.to_datetime(serial, unit="D", origin="1899-12-30").astype("datetime64[ns]"))
    num = rest.str.extract(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b")
    if num[0].notna().any():
        a = pd.to_numeric(num[0], errors="coerce")
        b = pd.to_numeric(num[1], errors="coerce")
        if (a > 12).any():
            first_is_day = True
        elif (b > 12).any():
            first_is_day = False
        else:
            first_is_day = bool(dayfirst) if dayfirst is not None else False
            ambiguous = bool(((a != b) & a.notna()).any())
        day, month = (num[0], num[1]) if first_is_day else (num[1], num[0])
        fill(_ymd(num[2], month, day))
    words = rest.str.extract(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
    fill(_ymd(words[2], _month_number(words[0].fillna("")), words[1]))
    words = rest.str.extract(r"^(\d{1,2})\.?\s+([^\W\d_]+\.?)\s+(\d{4})")
    fill(_ymd(words[2], _month_number(words[1].fillna("")), words[0]))
    result[todo] = found
    return result, ambiguous
