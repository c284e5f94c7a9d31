"""Country code → region, the grouping compliance and benchmark rules use."""

from __future__ import annotations

EU = set(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
REGIONS: dict[str, set[str]] = {
    "EU": EU,
    "UK": {"GB", "UK"},
    "EEA": {"NO", "IS", "LI", "CH"},
    "NA": {"US", "CA"},
    "LATAM": set(["MX", "BR", "AR", "CL", "CO", "PE", "UY", "EC"]),
    "SEA": set(["SG", "MY", "TH", "VN", "PH", "ID"]),
    "EA": set(["JP", "KR", "CN", "HK", "TW"]),
    "ME": set(["AE", "SA", "QA", "KW", "BH", "OM", "IL", "TR", "EG"]),
    "OCEANIA": {"AU", "NZ"},
    "SA": {"IN", "PK", "BD", "LK"},
}
_BY_CODE = {code: region for region, codes in REGIONS.items() for code in codes}


def region_of(code: str) -> str:
    """The region of an ISO alpha-2 code; ``OTHER`` when it is in none of the groups."""
    return _BY_CODE.get(code.strip().upper(), "OTHER")
