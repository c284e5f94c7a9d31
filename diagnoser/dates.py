"""Dates as sellers write them, read on whole columns by the bundle reader and the importers.

The day/month order of ``dd/mm/yyyy`` cells is decided for the whole column, never row by
row: a first number above 12 makes it day-first, a second number above 12 month-first,
dots (``03.06.2025``) day-first; when nothing decides, the caller's ``dayfirst`` is used and
the column is reported as ambiguous (the bundle refuses it, importers decide by market).
Dates outside 1990–2099 are typos (``9999-12-31``, an Excel serial of ``12345``): NaT.
"""

from __future__ import annotations

import re

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
_MONTHS = {key.rstrip("."): month for key, month in _MONTHS.items()}  # looked up without dots

# dd/mm/yyyy or mm/dd/yyyy (either order; groups: first number, separator, second, year).
DAY_MONTH = r"^(\d{1,2})([/.\-])(\d{1,2})[/.\-](\d{2,4})\b"

# Order dates outside this span are typos or placeholders, not dates to count orders in.
EARLIEST, LATEST = pd.Timestamp("1990-01-01"), pd.Timestamp("2100-01-01")


def _month_number(words: pd.Series) -> pd.Series:
    key = words.str.lower().str.rstrip(".")
    return key.map(_MONTHS).astype("float64")


def _ymd(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    short = year.str.len() <= 2  # 25 is 2025; 0001 stays year 1 (and is refused)
    year = pd.to_numeric(year, errors="coerce")
    year = year.where(~short, year + 2000)
    parts = pd.DataFrame(
        {
            "year": year,
            "month": pd.to_numeric(month, errors="coerce"),
            "day": pd.to_numeric(day, errors="coerce"),
        }
    )
    ok = parts.notna().all(axis=1) & year.between(EARLIEST.year, LATEST.year - 1)
    out = pd.Series(pd.NaT, index=year.index, dtype="datetime64[ns]")
    if ok.any():
        out[ok] = pd.to_datetime(parts[ok].astype("int64"), errors="coerce")
    return out


def _plausible(dates: pd.Series) -> pd.Series:
    """``datetime64[ns]``, NaT outside 1990–2099 (checked before the cast, which would
    overflow on year 9999)."""
    inside = (dates >= EARLIEST) & (dates < LATEST)
    return dates.where(inside).astype("datetime64[ns]")


def parse_dates(column: pd.Series, *, dayfirst: bool | None = None) -> tuple[pd.Series, bool]:
    """Parse export dates on a whole column; returns (datetimes, order_was_ambiguous).

    Handles ISO (``2024-05-01 10:00:00 +0000``), compact ``20260901``, Excel serials
    (``45384.34``), ``dd/mm/yy`` vs ``m/d/yy`` (decided from values > 12, else ``dayfirst``),
    ``May 1, 2023 …``, ``1 Jul 2026 …``, ``Jul 06, 2026``, ``2026年9月1日``, and other
    layouts that name the month (``14-Jun-25``, ``Saturday, June 14, 2025``).
    """
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(column):
        return _plausible(column), False
    text = column.astype("string").str.strip()
    # ISO first (most cells): the date, then nothing or a time of day (not kept).
    iso_day = text.str.match(r"\d{4}-\d{2}-\d{2}(?:$|[T ]\d)").fillna(False).astype(bool)
    head = text.str.slice(0, 10).where(iso_day)
    result = _plausible(pd.to_datetime(head, format="%Y-%m-%d", errors="coerce"))
    ambiguous = False
    todo = result.isna() & text.notna()
    if not todo.any():
        return result, ambiguous
    rest = text[todo]
    found = pd.Series(pd.NaT, index=rest.index, dtype="datetime64[ns]")

    def fill(values: pd.Series) -> None:
        nonlocal found
        found = found.fillna(values)

    # 2025/6/14, 2025年6月14日; then nothing, a time, or what Chinese Excel appends
    # (下午 3:22, 星期六): the time of day is not kept.
    iso = rest.str.extract(
        r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?|月)?\s*"
        r"(?:$|[T ]\d|(?:上午|下午|星期|周|礼拜))"
    )
    fill(_ymd(iso[0], iso[1], iso[2].fillna("1")))
    compact = rest.str.extract(r"^(\d{4})(\d{2})(\d{2})$")
    fill(_ymd(compact[0], compact[1], compact[2]))
    serial = pd.to_numeric(
        rest.where(rest.str.fullmatch(r"\d{5}(?:\.\d+)?", na=False)), errors="coerce"
    )
    if serial.notna().any():
        fill(_plausible(pd.to_datetime(serial, unit="D", origin="1899-12-30")))
    num = rest.str.extract(DAY_MONTH)
    if num[0].notna().any():
        a = pd.to_numeric(num[0], errors="coerce")
        b = pd.to_numeric(num[2], errors="coerce")
        if (a > 12).any():
            first_is_day = True
        elif (b > 12).any():
            first_is_day = False
        elif (num[1].dropna() == ".").all():  # 03.06.2025: dots are written day-first
            first_is_day = True
        else:
            first_is_day = bool(dayfirst) if dayfirst is not None else False
            ambiguous = bool(((a != b) & a.notna()).any())
        day, month = (num[0], num[2]) if first_is_day else (num[2], num[0])
        fill(_ymd(num[3], month, day))
    words = rest.str.extract(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
    fill(_ymd(words[2], _month_number(words[0].fillna("")), words[1]))
    words = rest.str.extract(r"^(\d{1,2})\.?\s+([^\W\d_]+\.?)\s+(\d{4})")
    fill(_ymd(words[2], _month_number(words[1].fillna("")), words[0]))
    named = found.isna() & rest.str.contains(r"[^\W\d_]{3}", na=False)
    if named.any():
        fill(_by_value(rest[named]))
    result[todo] = found
    return result, ambiguous


def _by_value(text: pd.Series) -> pd.Series:
    """Each distinct cell that names a month (``14-Jun-25``, ``Saturday, June 14, 2025``)
    parsed alone by pandas' flexible parser: with the month named it has no day/month order
    to guess. Other cells (``Tue 03/06/2025``) stay NaT, to be reported, not guessed."""
    parsed: dict[str, pd.Timestamp] = {}
    for value in text.unique():
        words = re.findall(r"[^\W\d_]+", value.lower())
        stamp = pd.NaT
        if any(word in _MONTHS for word in words):
            stamp = pd.to_datetime(value, format="mixed", errors="coerce")
            if stamp is not pd.NaT and stamp.tzinfo is not None:
                stamp = stamp.tz_localize(None)
        parsed[value] = stamp
    return _plausible(pd.Series(pd.to_datetime(text.map(parsed)), index=text.index))
