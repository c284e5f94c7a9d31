"""Local currency of a market, so FX exposure is known however the export recorded amounts.

Readers convert every amount to the report currency, so the tables no longer say in which
currency a market earns; the country does.
"""

from __future__ import annotations

EURO = [
    "AT",
    "BE",
    "HR",
    "CY",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PT",
    "SK",
    "SI",
    "ES",
]
LOCAL_CURRENCY: dict[str, str] = {code: "EUR" for code in EURO} | {
    "US": "USD",
    "GB": "GBP",
    "UK": "GBP",
    "CA": "CAD",
    "MX": "MXN",
    "BR": "BRL",
    "AR": "ARS",
    "CL": "CLP",
    "CO": "COP",
    "PE": "PEN",
    "JP": "JPY",
    "KR": "KRW",
    "CN": "CNY",
    "HK": "HKD",
    "TW": "TWD",
    "SG": "SGD",
    "MY": "MYR",
    "TH": "THB",
    "VN": "VND",
    "PH": "PHP",
    "ID": "IDR",
    "AU": "AUD",
    "NZ": "NZD",
    "IN": "INR",
    "AE": "AED",
    "SA": "SAR",
    "TR": "TRY",
    "IL": "ILS",
    "EG": "EGP",
    "PL": "PLN",
    "SE": "SEK",
    "DK": "DKK",
    "CZ": "CZK",
    "HU": "HUF",
    "RO": "RON",
    "BG": "BGN",
    "NO": "NOK",
    "CH": "CHF",
    "ZA": "ZAR",
}


def local_currency(market: str) -> str | None:
    return LOCAL_CURRENCY.get(market.strip().upper())
