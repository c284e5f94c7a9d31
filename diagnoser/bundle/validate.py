"""Validation of canonical tables and the store profile: every problem of a run, located.

Tables arrive with canonical column names (from the bundle reader or an export importer);
each column is parsed as a whole (``parse_numbers`` and :mod:`normalise`) and checked with
boolean masks. Errors are raised together as one :class:`InputError`; warnings travel on
``Bundle.warnings`` into the report's data-quality section.
"""

from __future__ import annotations

import difflib
import secrets
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ValidationError

from diagnoser.bundle import normalise
from diagnoser.bundle.fx import convert
from diagnoser.bundle.model import COST_CATEGORIES, Bundle
from diagnoser.bundle.problems import Collector, Location
from diagnoser.bundle.profile import StoreProfile
from diagnoser.bundle.tables import (
    CATEGORY_LOOKUP,
    NUMERIC_KINDS,
    TABLES,
    ColumnSpec,
    TableSpec,
    normalise_category,
)
from diagnoser.errors import InputError, Problem
from diagnoser.values import parse_numbers

# Salt for customer ids: random per process, so hashes cannot be joined across runs.
_SALT = secrets.token_hex(8)
_TEXT_KINDS = ("period", "market", "channel", "text", "id", "currency", "category")

_NORMALISERS = {
    "period": (normalise.periods, "bad_period", "is not a month written as YYYY-MM",
               "write the month as YYYY-MM, e.g. 2025-06"),
    "market": (normalise.markets, "unknown_market", "is not an ISO 3166 alpha-2 country code",
               "use the two-letter country code, e.g. DE, GB, US"),
    "currency": (normalise.currencies, "unknown_currency", "is not an ISO 4217 currency code",
                 "use the three-letter currency code, e.g. USD, EUR, CNY"),
    "date": (normalise.dates, "bad_date", "is not a date", "write the date as YYYY-MM-DD"),
    "bool": (normalise.flags, "bad_flag", "is not yes/no", "write yes or no (是/否)"),
    "channel": (normalise.channels, "", "", ""),
    "text": (normalise.texts, "", "", ""),
    "id": (normalise.texts, "", "", ""),
}  # fmt: skip


def validate_tables(
    store: StoreProfile | Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    sources: Mapping[str, str] | None = None,
) -> Bundle:
    """Validate and convert already-canonical tables (what the export importers produce)."""
    locations = {name: Location(path) for name, path in (sources or {}).items()}
    return run(store, dict(tables), locations)


def run(
    store: StoreProfile | Mapping[str, Any] | None,
    tables: dict[str, pd.DataFrame],
    locations: dict[str, Location],
    collector: Collector | None = None,
    store_rows: Mapping[str, int] | None = None,
) -> Bundle:
    """The whole check: profile, each table, cross-table rules, currency conversion."""
    col = collector or Collector()
    store_loc = locations.get("store", Location("store.yaml"))
    profile = _validate_store(store, store_loc, col, store_rows or {})
    report_currency = profile.report_currency if profile else _raw_currency(store)
    if report_currency not in normalise.CURRENCIES:
        col.add(store_loc, code="unknown_currency", column="report_currency",
                value=report_currency, message="report_currency is not an ISO 4217 code",
                fix="use a three-letter code such as USD, EUR or CNY")  # fmt: skip
    frames: dict[str, pd.DataFrame] = {}
    for name, spec in TABLES.items():
        loc = locations.get(name, Location(name))
        if name not in tables or tables[name] is None:
            if spec.required:
                col.add(loc, code="missing_table", message=f"the {name} table is missing",
                        fix=f"add {name}.csv or {name}.xlsx (or a '{name}' sheet)")  # fmt: skip
            continue
        frames[name] = _validate_table(spec, tables[name], loc, col, report_currency)
    for name in tables.keys() - TABLES.keys():
        col.add(severity="warning", code="unknown_table", file=name,
                message=f"table '{name}' is not part of a bundle and was ignored",
                fix=f"tables are {', '.join(TABLES)}")  # fmt: skip
    if "funnel" in frames:
        _check_funnel(frames["funnel"], locations.get("funnel", Location("funnel")), col)
    if profile is not None and "costs" in frames:
        _check_vendors(frames["costs"], profile, locations.get("costs", Location("costs")), col)
    convert(frames, report_currency, frames.get("fx"), locations, col)
    if col.errors or profile is None:
        count = len(col.errors)
        raise InputError(f"the store bundle has {count} problem(s) to fix", col.errors)
    return Bundle(
        store=profile,
        funnel=frames["funnel"],
        costs=frames["costs"],
        orders=frames.get("orders"),
        baselines=frames.get("baselines"),
        fx=frames.get("fx"),
        warnings=col.warnings,
        sources={name: loc.label() for name, loc in locations.items()},
    )


def _raw_currency(store: object) -> str:
    value = store.get("report_currency", "USD") if isinstance(store, Mapping) else "USD"
    return str(value).strip().upper() if value else "USD"


def _validate_store(
    store: object, loc: Location, col: Collector, rows: Mapping[str, int]
) -> StoreProfile | None:
    if isinstance(store, StoreProfile):
        return store
    if not isinstance(store, Mapping):
        col.add(loc, code="bad_store", message="store profile is not a mapping of fields",
                fix="write store.yaml as 'field: value' lines (see docs/bundle.md)")  # fmt: skip
        return None
    try:
        return StoreProfile.model_validate(dict(store))
    except ValidationError as exc:
        for err in exc.errors():
            path = ".".join(str(part) for part in err["loc"])
            value = err.get("input")
            col.add(
                loc,
                code="bad_store_field",
                column=path or None,
                row=rows.get(str(err["loc"][0])) if err["loc"] else None,
                value=None if isinstance(value, (dict, list)) else str(value)[:80],
                message=f"store field '{path}': {err['msg']}",
                fix=_store_fix(err["loc"]),
            )
        return None


def _store_fix(loc: tuple[int | str, ...]) -> str:
    field = StoreProfile.model_fields.get(str(loc[0])) if loc else None
    if field is None:
        known = ", ".join(StoreProfile.model_fields)
        return f"remove it or use one of: {known}"
    return f"{loc[0]}: {field.description} (see docs/bundle.md)"


def _validate_table(
    spec: TableSpec, raw: pd.DataFrame, loc: Location, col: Collector, report_currency: str
) -> pd.DataFrame:
    raw = raw.reset_index(drop=True)
    _check_columns(spec, raw, loc, col)
    if raw.empty and spec.required:
        col.add(loc, code="empty_table", message=f"the {spec.name} table has no rows",
                fix="fill in at least one row below the header")  # fmt: skip
    out: dict[str, pd.Series] = {}
    for column in spec.columns:
        if column.name not in raw.columns:
            out[column.name] = _empty(column, len(raw))
            continue
        out[column.name] = _parse_column(column, raw[column.name], loc, col)
    frame = pd.DataFrame(out, index=raw.index)
    if spec.name == "funnel":
        _bounce(frame, raw, loc, col)
    for column in spec.columns:
        if column.required and column.name in raw.columns:
            col.rows(frame[column.name].isna() & raw[column.name].isna(), loc=loc,
                     column=column.name, code="blank_required",
                     message=f"required value '{column.name}' is blank",
                     fix=f"fill in {column.name} ({column.unit}), e.g. {column.example}")  # fmt: skip
    if spec.name in ("funnel", "orders"):
        frame["currency"] = frame["currency"].fillna(report_currency)
    if spec.name == "orders":
        frame = _orders(frame)
    if spec.key and all(k in raw.columns for k in spec.key if spec.column(k).required):
        _duplicates(spec, frame, loc, col)
    for column in spec.columns:
        if column.kind in _TEXT_KINDS:
            frame[column.name] = frame[column.name].astype("str")
    return frame


def _check_columns(spec: TableSpec, raw: pd.DataFrame, loc: Location, col: Collector) -> None:
    for column in spec.columns:
        if column.required and column.name not in raw.columns:
            col.add(loc, code="missing_column", column=column.name,
                    message=f"required column '{column.name}' ({column.description}) is missing",
                    fix="add a column headed one of: " + ", ".join(column.accepted))  # fmt: skip
    optional = [c.name for c in spec.columns if not c.required and c.name not in raw.columns]
    bounce = ["bounced_sessions", "bounce_rate"]
    if spec.name == "funnel" and any(b in optional for b in bounce):
        both_missing = all(b in optional for b in bounce)
        optional = [c for c in optional if c not in bounce]
        if both_missing:
            optional.append("bounced_sessions or bounce_rate")
    if optional:
        col.add(loc, severity="warning", code="optional_column_missing",
                column=", ".join(optional),
                message=f"optional column(s) missing: {', '.join(optional)}; the facts that "
                "need them are left blank",
                fix="add them if the export has them (see docs/bundle.md)")  # fmt: skip


def _empty(column: ColumnSpec, length: int) -> pd.Series:
    if column.kind == "bool":
        return pd.Series(False, index=range(length))
    if column.kind == "date":
        return pd.Series(pd.NaT, index=range(length), dtype="datetime64[us]")
    if column.kind in NUMERIC_KINDS:
        return pd.Series(np.nan, index=range(length), dtype="float64")
    return pd.Series(np.nan, index=range(length), dtype=object)


def _parse_column(
    column: ColumnSpec, series: pd.Series, loc: Location, col: Collector
) -> pd.Series:
    name = column.name
    if column.kind in NUMERIC_KINDS:
        parsed = parse_numbers(series)
        col.rows(parsed.bad, loc=loc, column=name, raw=series, code="not_a_number",
                 message=f"'{name}' is not a number",
                 fix=f"write a plain number ({column.unit}), e.g. {column.example}")  # fmt: skip
        values = parsed.values
        if column.kind in ("count", "money"):
            col.rows(values < 0, loc=loc, column=name, raw=series, code="negative",
                     message=f"'{name}' is negative; {column.kind}s cannot be",
                     fix="write the amount as a positive number")  # fmt: skip
        if column.kind == "rate":
            col.rows(values <= 0, loc=loc, column=name, raw=series, code="bad_rate",
                     message="an exchange rate must be above zero",
                     fix=f"report-currency units per 1 unit, e.g. {column.example}")  # fmt: skip
        return values
    if column.kind == "category":
        values, bad = normalise.categories(series)
        col.rows(bad, loc=loc, column=name, raw=series, code="unknown_category",
                 message=f"'{name}' is not a known cost category",
                 fix=lambda pos: _suggest_category(series.iloc[pos]))  # fmt: skip
        return values
    parse, code, what, fix = _NORMALISERS[column.kind]
    values, bad = parse(series)
    if code:
        col.rows(bad, loc=loc, column=name, raw=series, code=code,
                 message=f"'{name}' {what}", fix=fix)  # fmt: skip
    return values


def _suggest_category(value: object) -> str:
    key = normalise_category(str(value))
    close = difflib.get_close_matches(key, list(CATEGORY_LOOKUP), n=1, cutoff=0.5)
    if close:
        return f"did you mean '{CATEGORY_LOOKUP[close[0]]}'? (categories: {', '.join(COST_CATEGORIES)})"
    return f"use one of: {', '.join(COST_CATEGORIES)} (Chinese names accepted, see docs/bundle.md)"


def _bounce(frame: pd.DataFrame, raw: pd.DataFrame, loc: Location, col: Collector) -> None:
    """bounce_rate: 45 means 45 % (warned), above 100 is an error; derive bounced_sessions."""
    rate = frame["bounce_rate"]
    as_percent = (rate > 1) & (rate <= 100)
    if as_percent.any():
        first = int(np.flatnonzero(as_percent.to_numpy())[0]) + 2
        col.add(loc, severity="warning", code="bounce_rate_percent", column="bounce_rate",
                row=first, value=str(raw["bounce_rate"].iloc[first - 2]),
                message=f"{int(as_percent.sum())} bounce_rate value(s) above 1 were read as "
                "percentages (45 → 0.45)",
                fix="write bounce_rate as a ratio (0.45) or with a % sign (45%)")  # fmt: skip
        rate = rate.where(~as_percent, rate / 100)
    col.rows((rate > 100) | (rate < 0), loc=loc, column="bounce_rate", code="bad_ratio",
             raw=raw.get("bounce_rate"), message="bounce_rate must be between 0 and 1 (or 0–100 %)",
             fix="write the share of sessions that bounced, e.g. 0.55")  # fmt: skip
    frame["bounce_rate"] = rate.where(rate <= 1)
    derived = frame["bounce_rate"] * frame["sessions"]
    frame["bounced_sessions"] = frame["bounced_sessions"].fillna(derived.round())
    frame["bounce_rate"] = frame["bounce_rate"].fillna(frame["bounced_sessions"] / frame["sessions"])


def _check_funnel(frame: pd.DataFrame, loc: Location, col: Collector) -> None:
    orders = frame["orders"]
    for smaller_than, code in (("sessions", "sessions_below_orders"),
                               ("add_to_cart", "add_to_cart_below_orders")):  # fmt: skip
        values = frame[smaller_than]
        col.rows(values < orders, loc=loc, column=smaller_than, raw=values, code=code,
                 message=lambda pos, c=smaller_than: (
                     f"{c} ({frame[c].iloc[pos]:g}) is below orders ({orders.iloc[pos]:g}): "
                     "every order needs a session and an add-to-cart"),
                 fix="check that both columns come from the same period, market and channel")  # fmt: skip
    col.rows(frame["bounced_sessions"] > frame["sessions"], loc=loc, column="bounced_sessions",
             raw=frame["bounced_sessions"], code="bounces_above_sessions",
             message="bounced_sessions is above sessions",
             fix="bounced sessions are a part of sessions")  # fmt: skip
    _period_gaps(frame, loc, col)


def _period_gaps(frame: pd.DataFrame, loc: Location, col: Collector) -> None:
    valid = frame.dropna(subset=["period", "market", "channel"])
    valid = valid[valid["period"].str.len() == 7]
    if valid.empty:
        return
    month = valid["period"].str.slice(0, 4).astype(int) * 12 + valid["period"].str.slice(5, 7).astype(int)
    stats = month.groupby([valid["market"], valid["channel"]]).agg(["min", "max", "nunique"])
    gaps = stats[stats["max"] - stats["min"] + 1 > stats["nunique"]]
    for (market, channel), row in gaps.iterrows():  # one per market × channel with a gap
        missing = int(row["max"] - row["min"] + 1 - row["nunique"])
        col.add(loc, severity="warning", code="period_gap", column="period",
                value=f"{market}/{channel}",
                message=f"{missing} month(s) missing in the funnel for {market} {channel}",
                fix="add the missing months (zeros if nothing was sold) so trends compare like with like")  # fmt: skip


def _check_vendors(costs: pd.DataFrame, profile: StoreProfile, loc: Location, col: Collector) -> None:
    known = {v.name.casefold() for v in profile.vendors}
    names = pd.Series(costs["vendor"].dropna().unique(), dtype=object)
    for name in names[~names.str.casefold().isin(known)]:
        col.add(loc, severity="warning", code="unknown_vendor", column="vendor", value=name,
                message=f"vendor '{name}' is not listed under vendors in store.yaml",
                fix="add it to store.yaml vendors so vendor rules can see its contract")  # fmt: skip


def _orders(frame: pd.DataFrame) -> pd.DataFrame:
    """Pseudonymise customer ids and add the order month (``period``) for conversion."""
    codes, uniques = pd.factorize(frame["customer_id"])
    if len(uniques):  # hash each distinct id once, then spread the hashes over the rows
        hashed = pd.util.hash_pandas_object(
            pd.Series(uniques, dtype="str"), index=False, hash_key=_SALT
        )
        labels = pd.array(hashed.astype("str").to_numpy(), dtype="str")
        frame["customer_id"] = pd.Series(labels.take(codes, allow_fill=True), index=frame.index)
    frame["period"] = normalise.month_keys(frame["date"]) if len(frame) else pd.Series(dtype=object)
    return frame


def _duplicates(spec: TableSpec, frame: pd.DataFrame, loc: Location, col: Collector) -> None:
    if len(spec.key) == 1:  # a hash count in Arrow is much cheaper than pandas' duplicated
        values = pa.array(frame[spec.key[0]].astype("str"))
        if pc.count_distinct(values, mode="all").as_py() == len(values):
            return
    dup = frame.duplicated(subset=list(spec.key), keep="first")
    if not dup.any():
        return
    group = frame.groupby(list(spec.key), dropna=False, sort=False).ngroup()
    first = pd.Series(np.arange(len(frame)), index=frame.index).groupby(group).transform("min")
    keys = " × ".join(spec.key)
    severity = "warning" if spec.name == "orders" else "error"
    col.rows(dup, loc=loc, column=spec.key[0], severity=severity, code="duplicate_key",
             raw=frame[spec.key[0]],
             message=lambda pos: f"same {keys} as row {int(first.iloc[pos]) + 2}",
             fix="merge the two rows or remove one, so nothing is counted twice")  # fmt: skip


def problems_of(exc: InputError) -> list[Problem]:
    """The located problems of an InputError (for callers that print them)."""
    return exc.problems
