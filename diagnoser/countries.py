"""The one country vocabulary: what a market cell may say, for the bundle and the importers.

The bundle reader and the export importers used to keep their own lookups and disagreed
(``Deutschland`` read by one, refused by the other; ``EU`` taken for a country by one, which
silently switched EU rules off). Both now ask this module. The lookup is built from babel's
territory names on first use only: loading eleven locales is slow, importing this is not.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pandas as pd

# Languages whose country names are read (the sellers' and the platforms' languages).
LANGUAGES = ("en", "zh", "zh_Hant", "de", "fr", "es", "ja", "vi", "th", "id", "ms", "pt")

# Two-letter territory codes that are not countries: EU, UN, the user-assigned ranges, and
# the exceptionally reserved codes of islands and enclaves (EA would be read as Ceuta and
# Melilla where a seller meant the region East Asia). IC, the Canary Islands, stays: it is
# a customs and VAT territory of its own that sellers ship to.
NOT_COUNTRIES = frozenset(
    {"EU", "EZ", "UN", "ZZ", "AA", "OO", "QO", "AC", "CP", "DG", "EA", "TA"}
    | {f"Q{c}" for c in "MNOPQRSTUVWXYZ"}
    | {f"X{c}" for c in "ABCDEFGHIJLMNOPQRSTUVWXYZ"}  # XK (Kosovo) is used as a country
)

# Spellings sellers and exports use that babel's names do not cover.
ALIASES = {
    "uk": "GB", "great britain": "GB", "britain": "GB", "england": "GB",
    "usa": "US", "u.s.": "US", "u.s.a.": "US", "united states of america": "US", "america": "US",
    "uae": "AE", "u.a.e.": "AE",
    "korea": "KR", "republic of korea": "KR", "korea, republic of": "KR",
    "russia": "RU", "russian federation": "RU",
    "vietnam": "VN", "viet nam": "VN",
    "turkey": "TR", "türkiye": "TR", "turkiye": "TR",
    "czech republic": "CZ", "holland": "NL", "the netherlands": "NL",
    "hong kong": "HK", "macau": "MO", "macao": "MO", "taiwan": "TW", "ivory coast": "CI",
    "英国": "GB", "美国": "US", "香港": "HK", "澳门": "MO", "台湾": "TW", "韩国": "KR",
    "阿联酋": "AE", "沙特": "SA", "中国大陆": "CN", "アメリカ": "US", "米国": "US",
    "印尼": "ID", "澳洲": "AU", "中国香港": "HK", "中國香港": "HK", "中国台湾": "TW",
    "中国澳门": "MO", "ksa": "SA", "沙特阿拉伯": "SA",
}  # fmt: skip


def _key(text: str) -> str:
    """Comparable form: NFKC (full-width letters), case-folded, one space, straight quotes."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").casefold()
    return " ".join(text.split())


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, str]:
    """Normalised spelling → ISO alpha-2 code: codes, names in :data:`LANGUAGES`, aliases."""
    from babel import Locale  # slow to load its data: only when a market is first read

    lookup: dict[str, str] = {}
    for lang in LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES:
                lookup.setdefault(_key(name), code)
    codes = set(lookup.values())
    lookup.update({_key(code): code for code in codes})
    lookup.update({_key(alias): code for alias, code in ALIASES.items()})
    return lookup


def country_code(text: str) -> str | None:
    """The ISO alpha-2 code ``text`` names (``de``, ``Germany``, ``Deutschland``, ``德国``,
    ``UK`` → ``GB``), or None: blank, unknown, or a region that is not a country (``EU``)."""
    return vocabulary().get(_key(text)) if text else None


def country_codes(column: pd.Series, read: Callable[[str], str | None] = country_code) -> pd.Series:
    """``read`` applied once per distinct value of ``column`` (a column of 1M rows holds a
    few dozen countries); object dtype, None where blank, missing or not a country."""
    codes, uniques = pd.factorize(column)
    table = np.array([*(read(str(value)) for value in uniques), None], dtype=object)
    return pd.Series(table[codes], index=column.index, dtype="object")
