"""Validation of canonical tables and the store profile: every problem of a run, located.

Tables arrive with canonical column names (from the bundle reader or an export importer);
each column is parsed as a whole (``parse_numbers`` and :mod:`normalise`) and checked with
boolean masks. Errors are raised together as one :class:`InputError`; warnings travel on
``Bundle.warnings`` into the report's data-quality section.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ValidationError

from diagnoser.bundle import normalise
from diagnoser.bundle.fields import item_model
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
from diagnoser.dates import DAY_MONTH
from diagnoser.errors import InputError
from diagnoser.values import parse_numbers

# Columns replaced by numbers on read (see ``_orders``), so not cast to text.
_PSEUDONYMS = frozenset({"customer_id"})
_TEXT_KINDS = ("period", "market", "channel", "text", "id", "currency", "category")

_NORMALISERS = {
    "period": (
        normalise.periods,
        "bad_period",
        "is not a month written as YYYY-MM",
        "write the month as YYYY-MM, e.g. 2025-06",
    ),
    "market": (
        normalise.markets,
        "unknown_market",
        "is not an ISO 3166 alpha-2 country code",
        "use the two-letter country code, e.g. DE, GB, US",
    ),
    "currency": (
        normalise.currencies,
        "unknown_currency",
        "is not an ISO 4217 currency code",
        "use the three-letter currency code, e.g. USD, EUR, CNY",
    ),
    "bool": (normalise.flags, "bad_flag", "is not yes/no", "write yes or no (是/否)"),
    "channel": (normalise.channels, "", "", ""),
    "text": (normalise.texts, "", "", ""),
    "id": (normalise.texts, "", "", ""),
}


# Required columns whose blank cells are a warning, not an error: a store whose analytics
# export is missing still has orders and revenue worth checking (sessions stay unknown).
BLANK_WARNS = frozenset({("funnel", "sessions")})


def validate_tables(
    store: StoreProfile | Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    sources: Mapping[str, str] | None = None,
    may_be_blank: Mapping[str, frozenset[str]] | None = None,
) -> Bundle:
    """Validate and convert already-canonical tables (what the export importers produce).

    ``may_be_blank`` names required columns an import may leave blank where no export
    measures them (sessions, when there is no analytics export): the values stay unknown.
    """
    locations = {name: Location(path) for name, path in (sources or {}).items()}
    return run(store, dict(tables), locations, may_be_blank=may_be_blank)


def run(
    store: StoreProfile | Mapping[str, Any] | None,
    tables: dict[str, pd.DataFrame],
    locations: dict[str, Location],
    collector: Collector | None = None,
    store_rows: Mapping[str, int] | None = None,
    may_be_blank: Mapping[str, frozenset[str]] | None = None,
) -> Bundle:
    """The whole check: profile, each table, cross-table rules, currency conversion."""
    col = collector or Collector()
    store_loc = locations.get("store", Location("store.yaml"))
    profile = _validate_store(store, store_loc, col, store_rows or {})
    report_currency = profile.report_currency if profile else _raw_currency(store)
    if report_currency not in normalise.CURRENCIES:
        col.add(
            store_loc,
            code="unknown_currency",
            column="report_currency",
            value=report_currency,
            message="report_currency is not an ISO 4217 code",
            fix="use a three-letter code such as USD, EUR or CNY",
        )
    frames: dict[str, pd.DataFrame] = {}
    for name, spec in TABLES.items():
        loc = locations.get(name, Location(name))
        if name not in tables or tables[name] is None:
            if spec.required:
                col.add(
                    loc,
                    code="missing_table",
                    message=f"the {name} table is missing",
                    fix=f"add {name}.csv or {name}.xlsx (or a '{name}' sheet)",
                )
            continue
        blank_ok = (may_be_blank or {}).get(name, frozenset())
        frames[name] = _validate_table(spec, tables[name], loc, col, report_currency, blank_ok)
    for name in tables.keys() - TABLES.keys():
        col.add(
            severity="warning",
            code="unknown_table",
            file=name,
            message=f"table '{name}' is not part of a bundle and was ignored",
            fix=f"tables are {', '.join(TABLES)}",
        )
    if "funnel" in frames:
        _check_funnel(frames["funnel"], locations.get("funnel", Location("funnel")), col)
    if profile is not None and "costs" in frames:
        _check_vendors(frames["costs"], profile, locations.get("costs", Location("costs")), col)
    convert(frames, report_currency, frames.get("fx"), locations, col)
    if col.errors or profile is None:
        errors = sorted(col.errors, key=lambda p: (p.file or "", p.sheet or ""))
        raise InputError(f"the store bundle has {len(errors)} problem(s) to fix", errors)
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
    if store is None and any(p.file == loc.file for p in col.errors):
        return None  # the reader already said why (missing, empty or unreadable)
    if not isinstance(store, Mapping):
        col.add(
            loc,
            code="bad_store",
            message="store profile is not a mapping of fields",
            fix="write store.yaml as 'field: value' lines (see docs/bundle.md)",
        )
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
                row=_row_of(err["loc"], rows),
                value=None if isinstance(value, (dict, list)) else str(value)[:80],
                message=f"store field '{path}': {err['msg']}",
                fix=_store_fix(err["loc"]),
            )
        return None


def _row_of(loc: tuple[int | str, ...], rows: Mapping[str, int]) -> int | None:
    """Line of the deepest part of the field path the file shows (store.yaml or sheet)."""
    parts = [str(part) for part in loc]
    for end in range(len(parts), 0, -1):
        row = rows.get(".".join(parts[:end]))
        if row is not None:
            return row
    return None


def _store_fix(loc: tuple[int | str, ...]) -> str:
    """The description of the field the error is about (nested ones included)."""
    model: type[BaseModel] | None = StoreProfile
    described = None
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        info = model.model_fields.get(part)
        if info is None:
            known = ", ".join(model.model_fields)
            return f"'{part}' is not a field here; use one of: {known}"
        described = (part, info.description)
        model = item_model(info.annotation)
    if described is None:
        return "see docs/bundle.md"
    return f"{described[0]}: {described[1]} (see docs/bundle.md)"


def _validate_table(
    spec: TableSpec,
    raw: pd.DataFrame,
    loc: Location,
    col: Collector,
    report_currency: str,
    blank_ok: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    raw = raw.reset_index(drop=True)
    _check_columns(spec, raw, loc, col)
    if raw.empty and spec.required:
        col.add(
            loc,
            code="empty_table",
            message=f"the {spec.name} table has no rows",
            fix="fill in at least one row below the header",
        )
    raw = _drop_total_rows(spec, raw, loc, col)
    out: dict[str, pd.Series] = {}
    bad: dict[str, pd.Series] = {}
    for column in spec.columns:
        if column.name not in raw.columns:
            out[column.name] = _empty(column, len(raw))
            continue
        out[column.name], bad[column.name] = _parse_column(column, raw[column.name], loc, col)
    frame = pd.DataFrame(out, index=raw.index)
    if spec.name == "funnel":
        _bounce(frame, raw, loc, col)
    for column in spec.columns:
        if column.required and column.name in raw.columns:
            blank = column.name in blank_ok or (spec.name, column.name) in BLANK_WARNS
            col.rows(
                frame[column.name].isna() & ~bad[column.name],
                loc=loc,
                column=column.name,
                code="blank_unmeasured" if blank else "blank_required",
                message=f"'{column.name}' is blank: rates that need it are not computed for this row"
                if blank
                else f"required value '{column.name}' is blank",
                fix=f"fill in {column.name} ({column.unit}), e.g. {column.example}",
                severity="warning" if blank else "error",
            )
    if spec.name in ("funnel", "orders"):
        frame["currency"] = frame["currency"].fillna(report_currency)
    if spec.name == "orders":
        frame = _orders(frame)
    if spec.key and all(k in raw.columns for k in spec.key if spec.column(k).required):
        _duplicates(spec, frame, loc, col)
    for column in spec.columns:
        if column.kind in _TEXT_KINDS and column.name not in _PSEUDONYMS:
            frame[column.name] = frame[column.name].astype("str")
    return frame


_TOTAL_WORDS = {"合计", "总计", "小计", "汇总", "total", "totals", "grand total", "sum", "subtotal"}


def _drop_total_rows(
    spec: TableSpec, raw: pd.DataFrame, loc: Location, col: Collector
) -> pd.DataFrame:
    """Drop the 合计/Total lines spreadsheets end with (only trailing ones: row numbers hold)."""
    first = next((c.name for c in spec.columns if c.name in raw.columns), None)
    if first is None or raw.empty:
        return raw
    tail = raw[first].iloc[-3:].astype("str").str.strip().str.lower()
    is_total = tail.isin(_TOTAL_WORDS).to_numpy()
    count = 0
    while count < len(is_total) and is_total[len(is_total) - 1 - count]:
        count += 1
    if not count:
        return raw
    col.add(
        loc,
        severity="warning",
        code="total_row_dropped",
        row=loc.row(len(raw) - count),
        column=first,
        value=str(raw[first].iloc[-count]),
        message=f"{count} total row(s) at the end of the table were left out",
        fix="totals are computed by diagnoser; leave them out of the data",
    )
    return raw.iloc[: len(raw) - count]


def _check_columns(spec: TableSpec, raw: pd.DataFrame, loc: Location, col: Collector) -> None:
    for column in spec.columns:
        if column.required and column.name not in raw.columns:
            col.add(
                loc,
                code="missing_column",
                column=column.name,
                message=f"required column '{column.name}' ({column.description}) is missing",
                fix="add a column headed one of: " + ", ".join(column.accepted),
            )
    optional = [c.name for c in spec.columns if not c.required and c.name not in raw.columns]
    bounce = ["bounced_sessions", "bounce_rate"]
    if spec.name == "funnel" and any(b in optional for b in bounce):
        both_missing = all(b in optional for b in bounce)
        optional = [c for c in optional if c not in bounce]
        if both_missing:
            optional.append("bounced_sessions or bounce_rate")
    if optional:
        col.add(
            loc,
            severity="warning",
            code="optional_column_missing",
            column=", ".join(optional),
            message=f"optional column(s) missing: {', '.join(optional)}; the facts that "
            "need them are left blank",
            fix="add them if the export has them (see docs/bundle.md)",
        )


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
) -> tuple[pd.Series, pd.Series]:
    """Parsed values, and the mask of cells that could not be read (already reported)."""
    name = column.name
    if column.kind in NUMERIC_KINDS:
        parsed = parse_numbers(series, decimal=loc.decimal)
        col.rows(
            parsed.bad,
            loc=loc,
            column=name,
            raw=series,
            code="not_a_number",
            message=f"'{name}' is not a number",
            fix=f"write a plain number ({column.unit}), e.g. {column.example}",
        )
        values = parsed.values
        if column.kind in ("count", "money"):
            col.rows(
                values < 0,
                loc=loc,
                column=name,
                raw=series,
                code="negative",
                message=f"'{name}' is negative; {column.kind}s cannot be",
                fix="write the amount as a positive number",
            )
        if column.kind == "rate":
            col.rows(
                values <= 0,
                loc=loc,
                column=name,
                raw=series,
                code="bad_rate",
                message="an exchange rate must be above zero",
                fix=f"report-currency units per 1 unit, e.g. {column.example}",
            )
        return values, parsed.bad
    if column.kind == "category":
        values, bad = normalise.categories(series)
        col.rows(
            bad,
            loc=loc,
            column=name,
            raw=series,
            code="unknown_category",
            message=f"'{name}' is not a known cost category",
            fix=lambda pos: _suggest_category(series.iloc[pos]),
        )
        return values, bad
    if column.kind == "date":
        return _parse_dates(name, series, loc, col)
    parse, code, what, fix = _NORMALISERS[column.kind]
    values, bad = parse(series)
    if code:
        col.rows(
            bad, loc=loc, column=name, raw=series, code=code, message=f"'{name}' {what}", fix=fix
        )
    return values, bad


def _parse_dates(
    name: str, series: pd.Series, loc: Location, col: Collector
) -> tuple[pd.Series, pd.Series]:
    """Dates; an undecidable day/month order is an error: guessing would move orders
    between months (03/06 as 6 March or 3 June) without anyone noticing."""
    values, bad, ambiguous = normalise.dates(series)
    col.rows(
        bad,
        loc=loc,
        column=name,
        raw=series,
        code="bad_date",
        message=f"'{name}' is not a date between 1990 and 2099",
        fix="write the date as YYYY-MM-DD, e.g. 2025-06-14",
    )
    if ambiguous:
        _ambiguous_order(name, series, loc, col)
    return values, bad


def _ambiguous_order(name: str, series: pd.Series, loc: Location, col: Collector) -> None:
    """Report the first cell that reads as two different dates, with both readings."""
    # The reader's own pattern on the same stripped text: it found such a cell, so this does.
    parts = series.astype("str").str.strip().str.extract(DAY_MONTH)
    first_n = pd.to_numeric(parts[0], errors="coerce")
    second_n = pd.to_numeric(parts[2], errors="coerce")
    position = int(np.flatnonzero((first_n != second_n) & first_n.notna())[0])
    a, b, year = (
        int(first_n.iloc[position]),
        int(second_n.iloc[position]),
        parts[3].iloc[position],
    )
    year = f"20{year}" if len(year) == 2 else year
    col.add(
        loc,
        code="ambiguous_date_order",
        row=loc.row(position),
        column=name,
        value=str(series.iloc[position]),
        message=f"'{name}' has dates such as {series.iloc[position]} that read as day/month "
        "and as month/day, and no day above 12 in the column tells which",
        fix=f"write the dates as YYYY-MM-DD: {year}-{b:02d}-{a:02d} if {a} is the day, "
        f"{year}-{a:02d}-{b:02d} if it is the month",
    )


def _suggest_category(value: object) -> str:
    key = normalise_category(str(value))
    close = difflib.get_close_matches(key, list(CATEGORY_LOOKUP), n=1, cutoff=0.5)
    if close:
        names = ", ".join(COST_CATEGORIES)
        return f"did you mean '{CATEGORY_LOOKUP[close[0]]}'? (categories: {names})"
    return f"use one of: {', '.join(COST_CATEGORIES)} (Chinese names accepted, see docs/bundle.md)"


def _bounce(frame: pd.DataFrame, raw: pd.DataFrame, loc: Location, col: Collector) -> None:
    """bounce_rate: 45 means 45 % (warned), above 100 is an error; derive bounced_sessions."""
    rate = frame["bounce_rate"]
    written = raw["bounce_rate"] if "bounce_rate" in raw else pd.Series(np.nan, index=raw.index)
    with_sign = parse_numbers(
        written, decimal=loc.decimal
    ).percent  # 45% is already 0.45; 450% stays an error
    as_percent = (rate > 1) & (rate <= 100) & ~with_sign
    if as_percent.any():
        first = int(np.flatnonzero(as_percent.to_numpy())[0])
        col.add(
            loc,
            severity="warning",
            code="bounce_rate_percent",
            column="bounce_rate",
            row=loc.row(first),
            value=str(raw["bounce_rate"].iloc[first]),
            message=f"{int(as_percent.sum())} bounce_rate value(s) above 1 were read as "
            "percentages (45 → 0.45)",
            fix="write bounce_rate as a ratio (0.45) or with a % sign (45%)",
        )
        rate = rate.where(~as_percent, rate / 100)
    col.rows(
        (rate > 1) | (rate < 0),
        loc=loc,
        column="bounce_rate",
        code="bad_ratio",
        raw=raw.get("bounce_rate"),
        message="bounce_rate must be between 0 and 1 (0–100 %)",
        fix="write the share of sessions that bounced, e.g. 0.55",
    )
    frame["bounce_rate"] = rate.where(rate <= 1)
    derived = frame["bounce_rate"] * frame["sessions"]
    frame["bounced_sessions"] = frame["bounced_sessions"].fillna(derived.round())
    frame["bounce_rate"] = frame["bounce_rate"].fillna(
        frame["bounced_sessions"] / frame["sessions"]
    )


def _check_funnel(frame: pd.DataFrame, loc: Location, col: Collector) -> None:
    orders = frame["orders"]
    for smaller_than, code in (
        ("sessions", "sessions_below_orders"),
        ("add_to_cart", "add_to_cart_below_orders"),
    ):
        values = frame[smaller_than]
        col.rows(
            values < orders,
            loc=loc,
            column=smaller_than,
            code=code,
            message=_below_orders(frame, smaller_than),
            fix="check that both columns come from the same period, market and channel",
        )
    col.rows(
        frame["bounced_sessions"] > frame["sessions"],
        loc=loc,
        column="bounced_sessions",
        raw=frame["bounced_sessions"],
        code="bounces_above_sessions",
        message="bounced_sessions is above sessions",
        fix="bounced sessions are a part of sessions",
    )
    _period_gaps(frame, loc, col)


def _below_orders(frame: pd.DataFrame, column: str) -> Callable[[int], str]:
    def message(pos: int) -> str:
        return (
            f"{column} ({frame[column].iloc[pos]:g}) is below orders "
            f"({frame['orders'].iloc[pos]:g}): every order needs a session and an add-to-cart"
        )

    return message


def _period_gaps(frame: pd.DataFrame, loc: Location, col: Collector) -> None:
    valid = frame.dropna(subset=["period", "market", "channel"])
    valid = valid[valid["period"].str.len() == 7]
    if valid.empty:
        return
    month = valid["period"].str.slice(0, 4).astype(int) * 12 + valid["period"].str.slice(
        5, 7
    ).astype(int)
    stats = month.groupby([valid["market"], valid["channel"]]).agg(["min", "max", "nunique"])
    gaps = stats[stats["max"] - stats["min"] + 1 > stats["nunique"]]
    for (market, channel), row in gaps.iterrows():  # one per market × channel with a gap
        missing = int(row["max"] - row["min"] + 1 - row["nunique"])
        col.add(
            loc,
            severity="warning",
            code="period_gap",
            column="period",
            value=f"{market}/{channel}",
            message=f"{missing} month(s) missing in the funnel for {market} {channel}",
            fix="add the missing months (zeros if nothing was sold) so trends compare like "
            "with like",
        )


def _check_vendors(
    costs: pd.DataFrame, profile: StoreProfile, loc: Location, col: Collector
) -> None:
    known = {v.name.casefold() for v in profile.vendors}
    names = pd.Series(costs["vendor"].dropna().unique(), dtype=object)
    for name in names[~names.str.casefold().isin(known)]:
        col.add(
            loc,
            severity="warning",
            code="unknown_vendor",
            column="vendor",
            value=name,
            message=f"vendor '{name}' is not listed under vendors in store.yaml",
            fix="add it to store.yaml vendors so vendor rules can see its contract",
        )


def _orders(frame: pd.DataFrame) -> pd.DataFrame:
    """Pseudonymise customer ids and add the order month (``period``) for conversion.

    Each id becomes a customer number (0, 1, … in order of first appearance; <NA> when
    blank): it keeps who bought twice, which is all the facts need, and says nothing about
    the buyer. Integers also make the facts' per-customer counts cheap on a million rows.
    """
    codes, _ = pd.factorize(frame["customer_id"])
    frame["customer_id"] = pd.arrays.IntegerArray(codes.astype("int64"), mask=codes < 0)
    frame["period"] = normalise.month_keys(frame["date"])
    return frame


def _duplicates(spec: TableSpec, frame: pd.DataFrame, loc: Location, col: Collector) -> None:
    dup = frame.duplicated(subset=list(spec.key), keep="first")
    if not dup.any():
        return
    group = frame.groupby(list(spec.key), dropna=False, sort=False).ngroup()
    first = pd.Series(np.arange(len(frame)), index=frame.index).groupby(group).transform("min")
    keys = " × ".join(spec.key)
    severity = "warning" if spec.name == "orders" else "error"
    col.rows(
        dup,
        loc=loc,
        column=spec.key[0],
        severity=severity,
        code="duplicate_key",
        raw=frame[spec.key[0]],
        message=lambda pos: f"same {keys} as row {loc.row(int(first.iloc[pos]))}",
        fix="merge the two rows or remove one, so nothing is counted twice",
    )
