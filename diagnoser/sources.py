"""The read stage: a store bundle, or a folder of exports as sellers download them.

A folder with canonical tables (``funnel.csv``, ``costs.xlsx`` …) or a single workbook is
a bundle. A folder with ``store.yaml`` and platform exports (Shopify, Amazon, ads
consoles, TikTok Shop, GA4) is imported: every file is recognised by content, the
canonical tables are merged per market × channel × month, and the result goes through the
same validation and currency conversion as a bundle. Every file is accounted for: used,
skipped (with why), or unrecognised (with the closest format and what did not match).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from diagnoser.bundle import load_bundle, validate_tables
from diagnoser.bundle.model import FUNNEL_COLUMNS, Bundle
from diagnoser.bundle.read import read_table_file
from diagnoser.bundle.tables import TABLES
from diagnoser.countries import country_code
from diagnoser.errors import InputError, Problem

# Where the traffic an ad platform buys lands when the store sells there.
AD_TRAFFIC_CHANNEL = {
    "amazon_ads": "amazon",
    "tiktok_ads": "tiktok",
    "google_ads": "shopify",
    "meta_ads": "shopify",
}
TRAFFIC_ONLY = ("impressions", "clicks")


@dataclass
class ReadReport:
    """What the read stage did with each file, for the CLI to say and the report to show."""

    recognised: list[tuple[str, str]] = field(default_factory=list)  # (file, format)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    unrecognised: list[tuple[str, str | None, str]] = field(
        default_factory=list
    )  # (file, closest, reason)

    def inputs(self) -> list[dict[str, str | None]]:
        """Every file and what became of it, for the report's JSON and the CLI."""
        return (
            [
                {"file": f, "status": "used", "format": kind, "reason": None}
                for f, kind in self.recognised
            ]
            + [
                {"file": f, "status": "skipped", "format": None, "reason": why}
                for f, why in self.skipped
            ]
            + [
                {"file": f, "status": "unrecognised", "format": closest, "reason": why}
                for f, closest, why in self.unrecognised
            ]
        )


def is_bundle(path: Path) -> bool:
    if path.is_file():
        return path.suffix.lower() in (".xlsx", ".xlsm")
    names = {
        p.stem.lower()
        for p in path.iterdir()
        if p.is_file() and p.suffix.lower() in (".csv", ".xlsx", ".xlsm")
    }
    workbooks = [p for p in path.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm")]
    required = {name for name, spec in TABLES.items() if spec.required}
    return bool(names & required) or (len(workbooks) == 1 and not (path / "store.yaml").exists())


def read_store(path: Path) -> tuple[Bundle, ReadReport]:
    path = Path(path)
    if not path.exists():
        raise InputError(
            f"{path} does not exist",
            [
                Problem(
                    code="not_found",
                    file=str(path),
                    message="no such file or folder",
                    fix="pass a store bundle folder, an .xlsx workbook, or a folder of exports",
                )
            ],
        )
    if is_bundle(path):
        bundle = load_bundle(path)
        return bundle, ReadReport(recognised=[(v, k) for k, v in bundle.sources.items()])
    return read_exports([path], path / "store.yaml")


def read_exports(paths: list[Path], store_file: Path | None = None) -> tuple[Bundle, ReadReport]:
    """Import export files and folders of them, with the store profile beside them."""
    from diagnoser.importers import FolderImport, Options, import_file, import_folder, merge

    first = Path(paths[0])
    home = first if first.is_dir() else first.parent
    store_file = store_file or home / "store.yaml"
    if not store_file.is_file():
        raise InputError(
            f"{home} has neither bundle tables nor store.yaml",
            [
                Problem(
                    code="missing_store",
                    file=str(store_file),
                    message="store.yaml is missing",
                    fix="run `diagnoser init DIR` for a template, or add store.yaml next to the exports (or pass --store)",
                )
            ],
        )
    store = _store_data(store_file)
    listed = store.get("markets") or []
    listed = [listed] if isinstance(listed, str) else listed
    markets = [m.get("code") if isinstance(m, dict) else m for m in listed]
    # Ad reports often carry no country: a single-market store's market is the answer,
    # read as store.yaml reads it (美国, usa → US); an unreadable one is reported there.
    single = country_code(str(markets[0])) if len(markets) == 1 else None
    options = Options(market=single) if single else None
    found = FolderImport(results=[], unrecognised=[], skipped=[])
    for path in map(Path, paths):
        if path.is_dir():
            part = import_folder(path, options)
            found.results += part.results
            found.unrecognised += part.unrecognised
            found.skipped += part.skipped
            continue
        try:
            found.results.append(import_file(path, options))
        except InputError as exc:
            found.unrecognised.append(
                (path, None, "; ".join(p.message for p in exc.problems) or exc.message)
            )
    fx_file = home / "fx.csv"
    report = ReadReport(
        recognised=[(r.source, r.format) for r in found.results],
        skipped=[(_name(p, home), why) for p, why in found.skipped if p != fx_file]
        + ([("fx.csv", "exchange rates for the exports' currencies")] if fx_file.is_file() else []),
        unrecognised=[
            (_name(p, home), closest, why) for p, closest, why in found.unrecognised if p != fx_file
        ],
    )
    if not found.results:
        problems = [
            Problem(
                code="unrecognised_export",
                file=name,
                message=why,
                fix=f"closest format: {closest}" if closest else "see docs/importers.md",
            )
            for name, closest, why in report.unrecognised
        ]
        raise InputError(f"no export in {', '.join(map(str, paths))} could be read", problems)
    merged = merge(found.results)
    funnel, traffic_notes = _attribute_ad_traffic(merged.funnel)
    costs = merged.costs.copy()
    ads = costs["category"].eq("ads") & costs["channel"].isin(list(AD_TRAFFIC_CHANNEL))
    costs.loc[ads, "channel"] = costs.loc[ads, "channel"].map(AD_TRAFFIC_CHANNEL)
    tables: dict[str, pd.DataFrame] = {"funnel": funnel, "costs": costs}
    if merged.orders is not None and len(merged.orders):
        tables["orders"] = merged.orders
    fx = _fx_table(home)
    if fx is not None:
        tables["fx"] = fx
    sources = {
        name: f"{name} merged from "
        + (
            ", ".join(
                sorted({r.source for r in found.results if getattr(r, name, None) is not None})
            )
            or "exports"
        )
        for name in tables
    }
    sources["store"] = str(store_file)
    try:
        bundle = validate_tables(
            store, tables, sources, may_be_blank={"funnel": frozenset({"sessions"})}
        )
    except InputError as exc:
        # Rows here are rows of the merged tables: say how to see them, and what the importers noticed.
        notes = [p for r in found.results for p in r.problems]
        hint = Problem(
            severity="warning",
            code="merged_rows",
            message="row numbers above count rows of the tables merged from the exports",
            fix=f"run `diagnoser import {home} -o BUNDLE` to write those tables and see each row; a market the exports do not name can be set by listing one market in store.yaml",
        )
        raise InputError(exc.message, [*exc.problems, *notes, hint]) from None
    bundle.path = home
    bundle.warnings.extend(traffic_notes)
    for result in found.results:
        bundle.warnings.extend(result.problems)
    bundle.warnings.extend(_mismatch_warning(item) for item in merged.data_quality)
    bundle.warnings.extend(
        Problem(
            severity="warning",
            code="unrecognised_export",
            file=name,
            message=f"not used: {why}",
            fix=f"closest format: {closest}; see docs/importers.md"
            if closest
            else "see docs/importers.md",
        )
        for name, closest, why in report.unrecognised
    )
    return bundle, report


def _name(path: Path, home: Path) -> str:
    try:
        return str(path.relative_to(home))
    except ValueError:
        return str(path)


def _store_data(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(
            f"{path} cannot be read",
            [
                Problem(
                    code="bad_store",
                    file=str(path),
                    message=str(exc),
                    fix="check the YAML indentation; `diagnoser init` writes a commented template",
                )
            ],
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            f"{path} is not a mapping",
            [
                Problem(
                    code="bad_store",
                    file=str(path),
                    message="store.yaml must be `key: value` lines",
                    fix="see docs/bundle.md",
                )
            ],
        )
    return data


def _fx_table(directory: Path) -> pd.DataFrame | None:
    """An ``fx.csv`` next to the exports supplies the rates (exports come in many currencies)."""
    path = directory / "fx.csv"
    if not path.is_file():
        return None
    return read_table_file(path, "fx")[0]


def _attribute_ad_traffic(funnel: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Ad platforms report impressions and clicks, not sales: add them to the sales channel
    their traffic lands on (Amazon Ads → amazon, Google/Meta → shopify, TikTok Ads → tiktok)
    for the same market and month, so CTR is measured where the sale happens."""
    traffic = funnel["channel"].isin(list(AD_TRAFFIC_CHANNEL))
    ads, sales = funnel[traffic].copy(), funnel[~traffic].copy()
    notes: list[Problem] = []
    if ads.empty:
        return funnel, notes
    ads["channel"] = ads["channel"].map(AD_TRAFFIC_CHANNEL)
    totals = ads.groupby(["period", "market", "channel"], as_index=False)[list(TRAFFIC_ONLY)].sum(
        min_count=1
    )
    keyed = sales.merge(
        totals,
        on=["period", "market", "channel"],
        how="left",
        suffixes=("", "_ads"),
        indicator=True,
    )
    for column in TRAFFIC_ONLY:
        keyed[column] = keyed[column].where(keyed[column].notna(), keyed[f"{column}_ads"])
    matched = totals.merge(sales[["period", "market", "channel"]], how="left", indicator=True)
    for row in matched[matched["_merge"] == "left_only"].itertuples(index=False):
        notes.append(
            Problem(
                severity="warning",
                code="unattributed_ad_traffic",
                market=str(row.market),
                channel=str(row.channel),
                period=str(row.period),
                message=f"ad impressions/clicks for {row.market} {row.channel} {row.period} have no sales data to join; they are not in the funnel",
                fix="add the sales channel's export for that month (its spend is still counted as an ads cost)",
            )
        )
    return keyed.reindex(columns=list(FUNNEL_COLUMNS)), notes


def _mismatch_warning(item: dict[str, Any]) -> Problem:
    values = ", ".join(
        f"{source}: {value:g}" if isinstance(value, (int, float)) else f"{source}: {value}"
        for source, value in (item.get("values") or {}).items()
    )
    return Problem(
        severity="warning",
        code=str(item.get("kind", "source_mismatch")),
        market=item.get("market"),
        channel=item.get("channel"),
        period=item.get("period"),
        column=item.get("metric"),
        message=f"{item.get('metric')} for {item.get('market')} {item.get('channel')} {item.get('period')} differs between sources ({values}); kept {item.get('kept')}",
        fix="check which export covers the full month; the report uses the kept source",
    )
