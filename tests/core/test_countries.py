"""One country vocabulary: the bundle reader and the importers accept and refuse alike."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from diagnoser.bundle import load_bundle
from diagnoser.bundle.normalise import markets
from diagnoser.countries import ALIASES, NOT_COUNTRIES, country_code, country_codes, vocabulary
from diagnoser.errors import InputError
from diagnoser.importers import Options, import_file
from diagnoser.importers._common import country_codes as export_country_codes
from tests.bundle.conftest import write_english


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("DE", "DE"),
        ("de", "DE"),
        ("  gb ", "GB"),
        ("Germany", "DE"),
        ("GERMANY", "DE"),
        ("united   states", "US"),
        ("德国", "DE"),
        ("Deutschland", "DE"),
        ("Allemagne", "DE"),
        ("ドイツ", "DE"),
        ("Alemania", "DE"),
        ("Đức", "DE"),
        ("ＤＥ", "DE"),  # full-width, as Chinese input methods type it
        ("UK", "GB"),
        ("uk", "GB"),
        ("英国", "GB"),
        ("美国", "US"),
        ("USA", "US"),
        ("UAE", "AE"),
        ("Korea", "KR"),
        ("South Korea", "KR"),
        ("Russia", "RU"),
        ("Vietnam", "VN"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Côte d'Ivoire", "CI"),  # straight apostrophe; babel writes ’
        ("XK", "XK"),  # Kosovo: user-assigned, but used as a country
    ],
)
def test_spellings_of_a_country(text: str, code: str) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "EU",
        "eu",
        "UN",
        "ZZ",
        "EZ",
        "QO",
        "XA",
        "EA",
        "European Union",
        "欧盟",
        "XX",
        "Narnia",
        "",
        "  ",
    ],
)
def test_regions_unknowns_and_blanks_are_not_countries(text: str) -> None:
    assert country_code(text) is None


def test_vocabulary_is_consistent() -> None:
    codes = set(vocabulary().values())
    assert not codes & NOT_COUNTRIES
    assert set(ALIASES.values()) <= codes
    assert all(len(code) == 2 and code.isupper() for code in codes)


def test_columns_are_read_once_per_distinct_value() -> None:
    seen: list[str] = []

    def read(value: str) -> str | None:
        seen.append(value)
        return country_code(value)

    column = pd.Series(["Deutschland", "EU", None, "de"] * 1000, index=range(10, 4010))
    out = country_codes(column, read)
    assert sorted(seen) == ["Deutschland", "EU", "de"]
    assert out.index.equals(column.index)
    assert out.iloc[:4].tolist() == ["DE", None, None, "DE"]


def test_bundle_and_importers_agree() -> None:
    cells = pd.Series(["Deutschland", "Allemagne", "ドイツ", "德国", "UK", "EU", "un", "zz"])
    values, bad = markets(cells)
    exported = export_country_codes(cells)
    assert values.tolist()[:5] == ["DE", "DE", "DE", "DE", "GB"]
    assert bad.tolist() == [False] * 5 + [True] * 3
    assert exported.tolist() == ["DE", "DE", "DE", "DE", "GB", None, None, None]


def test_bundle_blank_market_is_blank_not_bad() -> None:
    values, bad = markets(pd.Series(["", "  ", None, "de"]))
    assert values.isna().tolist() == [True, True, True, False]
    assert bad.tolist() == [False] * 4


def test_export_cells_keep_marketplaces_and_excel_wrappers() -> None:
    cells = pd.Series(['="DE"', "www.amazon.co.uk", "Amazon.de", "amazon.com", "Deutschland"])
    assert export_country_codes(cells).tolist() == ["DE", "GB", "DE", "US", "DE"]


def test_bundle_reads_country_names_in_market_columns(tmp_path: Path) -> None:
    root = write_english(tmp_path / "en")
    for name, spelling in (("funnel.csv", "Deutschland"), ("costs.csv", "Allemagne")):
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert text.count(",DE,") == 2
        path.write_text(text.replace(",DE,", f",{spelling},"), encoding="utf-8")
    bundle = load_bundle(root)
    assert "Deutschland" not in set(bundle.funnel["market"])
    assert (bundle.funnel["market"] == "DE").sum() == 2
    assert (bundle.costs["market"] == "DE").sum() == 2


def test_store_yaml_markets_use_the_same_vocabulary(tmp_path: Path) -> None:
    root = write_english(tmp_path / "en")
    store = root / "store.yaml"
    store.write_text(store.read_text("utf-8").replace("[DE, UK, US]", "[Deutschland, uk, US]"))
    assert [m.code for m in load_bundle(root).store.markets] == ["DE", "GB", "US"]
    store.write_text(store.read_text("utf-8").replace("[Deutschland, uk, US]", "[EU, US]"))
    with pytest.raises(InputError) as caught:
        load_bundle(root)
    (problem,) = caught.value.problems
    assert str(problem.file).endswith("store.yaml") and problem.column == "markets.0.code"
    assert "'EU' is not a country" in problem.message


GOOGLE_ADS_BY_COUNTRY = (
    "Campaign report\n"
    '"October 1, 2026"\n'
    "Campaign,Day,Country/Territory (User location),Currency code,Impr.,Clicks,CTR,Avg. CPC,"
    "Cost,Conversions\n"
    "Brand,2026-10-01,Deutschland,EUR,1000,50,5.00%,0.40,20.00,1.00\n"
    "Brand,2026-10-01,EU,EUR,500,10,2.00%,0.50,5.00,--\n"
)


def test_an_importer_flags_a_region_instead_of_taking_it_for_a_country(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(GOOGLE_ADS_BY_COUNTRY, encoding="utf-8")
    result = import_file(path)
    assert result.costs is not None
    assert set(result.costs["market"]) == {"DE", "unknown"}  # not dropped, not "EU"
    (flagged,) = [p for p in result.problems if p.code == "unknown_country"]
    assert "'EU'" in flagged.message and "'unknown'" in flagged.message
    # With a market given, the rows go there, still with the warning.
    given = import_file(path, Options(market="FR"))
    assert given.costs is not None and set(given.costs["market"]) == {"DE", "FR"}
    assert "unknown_country" in [p.code for p in given.problems]
    # The file has a country column: no warning may claim it names none.
    assert not any("names no country or marketplace" in p.message for p in result.problems)
    # One warning per file, and a fix the user can carry out (the CLI has no --market).
    assert [p.code for p in result.problems].count("unknown_country") == 1
    assert not any(p.code == "market_unknown" for p in result.problems)
    assert all("--market" not in (p.fix or "") for p in result.problems)


def test_blank_country_cells_are_counted_in_the_same_warning(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(GOOGLE_ADS_BY_COUNTRY.replace(",EU,", ",,"), encoding="utf-8")
    (flagged,) = [p for p in import_file(path).problems if p.code == "unknown_country"]
    assert "1 blank" in flagged.message and "'unknown'" in flagged.message


@pytest.mark.parametrize(
    ("text", "code"),
    [("英國", "GB"), ("美國", "US"), ("德國", "DE"), ("印尼", "ID"), ("澳洲", "AU"),
     ("中国香港", "HK"), ("KSA", "SA")],
)  # fmt: skip
def test_traditional_chinese_and_common_short_names(text: str, code: str) -> None:
    assert country_code(text) == code
