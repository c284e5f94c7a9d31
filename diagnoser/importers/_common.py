"""Helpers every importer shares: header names, money, periods, countries, hashing.

Exports disagree on dashes, parentheses, date order and currency notation; these helpers
normalise them once, on whole columns, so importers stay short and vectorised.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from functools import lru_cache

import numpy as np
import pandas as pd

from diagnoser import countries
from diagnoser.errors import Problem
from diagnoser.values import CURRENCY_SYMBOLS, ParsedColumn, currency_in_text, parse_numbers

# Random per process, kept in memory only: customer hashes cannot be joined across runs.
_SALT = secrets.token_bytes(16)

_DASHES = str.maketrans(
    {"–": "-", "—": "-", "−": "-", "（": "(", "）": ")", "：": ":", "\u3000": " "}
)


@lru_cache(maxsize=65536)
def norm_header(text: str) -> str:
    """A header cell as the signatures compare it: trimmed, lower case, ASCII dashes/parens."""
    value = str(text).replace("\ufeff", "").strip()
    wrapped = re.fullmatch(r'="(.*)"', value)
    if wrapped:
        value = wrapped.group(1)
    value = value.translate(_DASHES).lower()
    return re.sub(r"\s+", " ", value).strip()


def clean_text(column: pd.Series) -> pd.Series:
    """Cell text without Excel-protective wrappers (``="…"``, trailing tabs, apostrophes)."""
    text = column.astype("string").str.strip()
    text = text.str.replace(r'^="(.*)"$', r"\1", regex=True).str.lstrip("'").str.strip()
    return text.mask(text == "")


TOTAL_LABELS = {"total", "totals", "grand total", "合计", "总计", "合計", "gesamt", "summe"}


def is_total_row(column: pd.Series) -> pd.Series:
    """True where a label cell marks a totals row (``Total: Campaigns``, ``Totals``, ``合计``)."""
    text = column.astype("string").str.strip().str.lower()
    return (
        text.isin(TOTAL_LABELS) | text.str.startswith("total:") | text.str.startswith("总计:")
    ).fillna(False)


# Prefixes the shared number parser does not know (it reads "$" alone as USD).
_EXTRA_PREFIXES = {
    "MX$": "MXN",
    "NZ$": "NZD",
    "AU$": "AUD",
    "CA$": "CAD",
    "SAR": "SAR",
    "AED": "AED",
}


def money(column: pd.Series, *, decimal: str = ".") -> tuple[ParsedColumn, str | None]:
    """Parse a money column and name the currency its cells are written in (or None)."""
    currency: str | None = None
    if not pd.api.types.is_numeric_dtype(column):
        text = column.astype("string")
        sample = text.dropna().head(200)
        for prefix, code in _EXTRA_PREFIXES.items():
            if sample.str.contains(prefix, regex=False).any():
                currency = code
                text = text.str.replace(prefix, "", regex=False)
        if currency is None:
            for cell in sample:
                found = currency_in_text(str(cell))
                if found and (
                    found in CURRENCY_SYMBOLS.values() or re.search(r"[A-Z]{3}", str(cell))
                ):
                    currency = found
                    break
        column = text
    return parse_numbers(column, decimal=decimal), currency


def numbers(column: pd.Series, *, decimal: str = ".") -> pd.Series:
    """Parse counts and money to float (NaN where empty or not a number)."""
    return money(column, decimal=decimal)[0].values


def rate(column: pd.Series, *, decimal: str = ".") -> pd.Series:
    """Rates as fractions whatever the scale: ``12.3%`` and ``12.3`` → 0.123, ``0.48`` stays."""
    parsed = parse_numbers(column, decimal=decimal)
    values = parsed.values
    bare = ~parsed.percent & (values > 1.0)
    return values.where(~bare, values / 100.0)


# ---------------------------------------------------------------- dates
def undated(dates: pd.Series, cells: pd.Series, file: str, what: str = "row") -> list[Problem]:
    """A warning counting the rows whose date could not be read (the importer leaves them
    out: without a day they have no month to go in), with a few of the cells."""
    missing = dates.isna() & cells.notna()
    if not missing.any():
        return []
    shown = ", ".join(f"'{v}'" for v in cells[missing].astype(str).unique()[:5])
    return [
        Problem(
            severity="warning",
            code="unreadable_dates",
            message=f"{int(missing.sum())} {what}(s) have no readable date ({shown}) and were "
            "left out",
            fix="check the date column of the export; download it again if it was edited",
            file=file,
        )
    ]


def to_period(dates: pd.Series) -> pd.Series:
    """``YYYY-MM`` strings (missing stays missing); numpy formatting, fast on big columns."""
    out = pd.Series(
        dates.to_numpy("datetime64[ns]").astype("datetime64[M]").astype(str), index=dates.index
    )
    return out.astype("object").where(dates.notna(), None)


def to_day(dates: pd.Series, text: pd.Series | None = None) -> pd.Series:
    """``YYYY-MM-DD`` strings (missing stays missing). Given the source ``text``, cells that
    already start with an ISO date are sliced rather than formatted (much faster)."""
    out = pd.Series(None, index=dates.index, dtype="object")
    todo = dates.notna()
    if text is not None and not pd.api.types.is_numeric_dtype(text):
        head = text.astype("string").str.strip().str.slice(0, 10)
        iso = head.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False).astype(bool) & todo
        out[iso] = head[iso].astype("object")
        todo = todo & ~iso
    if todo.any():
        days = dates[todo].to_numpy("datetime64[ns]").astype("datetime64[D]").astype(str)
        out[todo] = days.astype(object)
    return out


# ---------------------------------------------------------------- countries and marketplaces
MARKETPLACES = {
    "amazon.com": ("US", "USD"),
    "amazon.ca": ("CA", "CAD"),
    "amazon.com.mx": ("MX", "MXN"),
    "amazon.com.br": ("BR", "BRL"),
    "amazon.co.uk": ("GB", "GBP"),
    "amazon.de": ("DE", "EUR"),
    "amazon.fr": ("FR", "EUR"),
    "amazon.it": ("IT", "EUR"),
    "amazon.es": ("ES", "EUR"),
    "amazon.nl": ("NL", "EUR"),
    "amazon.com.be": ("BE", "EUR"),
    "amazon.ie": ("IE", "EUR"),
    "amazon.se": ("SE", "SEK"),
    "amazon.pl": ("PL", "PLN"),
    "amazon.com.tr": ("TR", "TRY"),
    "amazon.ae": ("AE", "AED"),
    "amazon.sa": ("SA", "SAR"),
    "amazon.eg": ("EG", "EGP"),
    "amazon.in": ("IN", "INR"),
    "amazon.co.jp": ("JP", "JPY"),
    "amazon.com.au": ("AU", "AUD"),
    "amazon.sg": ("SG", "SGD"),
}
# A currency used by a single Amazon marketplace names that market (EUR names none).
CURRENCY_MARKET = {c: m for m, c in MARKETPLACES.values() if c != "EUR"}
MARKET_CURRENCY = {m: c for m, c in MARKETPLACES.values()}
MARKET_CURRENCY.update({"VN": "VND", "TH": "THB", "MY": "MYR", "ID": "IDR", "PH": "PHP"})


def _unwrap(value: str) -> str:
    """A cell without Excel's ``="DE"`` wrapper, stripped."""
    wrapped = re.fullmatch(r'="(.*)"', value.strip())
    return (wrapped.group(1) if wrapped else value).strip()


def _market_of(value: str) -> str | None:
    """A country cell of an export: a marketplace domain (``www.amazon.de``), else a country
    code or name (:mod:`diagnoser.countries`)."""
    key = _unwrap(value).lower().removeprefix("www.")
    market = MARKETPLACES.get(key)
    return market[0] if market else countries.country_code(key)


def country_codes(column: pd.Series) -> pd.Series:
    """ISO alpha-2 from codes, country names (several languages) or marketplace domains;
    None where blank or not a country (a region such as ``EU``, ``(not set)``, a typo).
    Each distinct value is looked up once (a column of 1M rows holds a few dozen countries)."""
    return countries.country_codes(column, _market_of)


_ONE_MARKET_FIX = (
    "a store that sells in one market can list it in store.yaml (markets: [DE]); rows "
    "without a country are then filed there"
)


def unknown_countries(
    column: pd.Series | None,
    market: pd.Series,
    filed_under: str,
    file: str,
    *,
    count_blank: bool = True,
) -> list[Problem]:
    """A warning naming the cells of a country ``column`` that name no country (``market`` is
    None there), and how many are blank: their rows are not dropped but filed under
    ``filed_under``. ``count_blank`` is off where blank rows are expected (service fees)."""
    missing = market.isna()
    if column is None or not missing.any():
        return []
    cells: dict[str, int] = {}
    blank = 0
    for value, rows in column[missing].value_counts(dropna=False).items():
        text = "" if pd.isna(value) else _unwrap(str(value))
        if text:
            cells[text] = cells.get(text, 0) + int(rows)
        else:
            blank += int(rows)
    blank = blank if count_blank else 0
    if not cells and not blank:
        return []
    shown = [f"'{v}'" for v in list(cells)[:5]] + (["…"] if len(cells) > 5 else [])
    shown += [f"{blank} blank"] if blank else []
    return [
        Problem(
            severity="warning",
            code="unknown_country",
            message=f"{sum(cells.values()) + blank} row(s) name no country "
            f"({', '.join(shown)}); they are filed under market '{filed_under}'",
            fix="write the country in the export (DE, Germany, 德国; a region such as EU is "
            "not a market)" + (f"; {_ONE_MARKET_FIX}" if filed_under == "unknown" else ""),
            file=file,
        )
    ]


def hash_keys(column: pd.Series) -> pd.Series:
    """Salted SHA-256 of customer keys (trimmed, lower case); one hash per distinct key."""
    raw_codes, raw_uniques = pd.factorize(column)
    keys = pd.Series(raw_uniques).astype("string").str.strip().str.lower()
    key_codes, uniques = pd.factorize(keys)
    digests = np.array(
        [
            hashlib.sha256(_SALT + u.encode("utf-8")).hexdigest()[:32]
            for u in np.asarray(uniques, dtype=object).tolist()
        ]
        + [None],
        dtype=object,
    )
    # raw value → normalised key → digest; -1 (missing) picks the trailing None
    codes = np.append(key_codes, -1)[raw_codes]
    return pd.Series(digests[codes], index=column.index, dtype="object")


def purchase_rank(customer: pd.Series, dates: pd.Series) -> pd.Series:
    """0 for a customer's first order in the data, 1 for the second, … (numpy, no groupby)."""
    codes = pd.factorize(customer)[0]
    when = dates.to_numpy("datetime64[ns]").astype("int64")
    order = np.lexsort((when, codes))
    sorted_codes = codes[order]
    starts = np.r_[True, sorted_codes[1:] != sorted_codes[:-1]]
    position = np.arange(len(order))
    first_position = np.maximum.accumulate(np.where(starts, position, 0))
    rank = np.empty(len(order), dtype="int64")
    rank[order] = position - first_position
    return pd.Series(rank, index=customer.index)
