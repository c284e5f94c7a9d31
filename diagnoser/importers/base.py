"""Declarations every importer makes, and the results they return.

An importer is data first (name, titles, header signature, fields it fills) so detection,
documentation and tests all read the same declaration; its ``read`` function turns a
located table into canonical frames.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from diagnoser.bundle.model import COST_COLUMNS, FUNNEL_COLUMNS, ORDER_COLUMNS
from diagnoser.errors import Problem
from diagnoser.importers._common import norm_header

if TYPE_CHECKING:
    from diagnoser.importers.sniff import Source


@dataclass(frozen=True)
class Col:
    """One column an importer knows, under all the names exports give it.

    Aliases are compared after :func:`norm_header`; an alias ending in ``*`` matches by
    prefix (``amount spent (*`` for ``Amount spent (EUR)``), one starting ``re:`` is a regex.
    Columns sharing a ``group`` satisfy one requirement together (any of them will do).
    """

    key: str
    aliases: tuple[str, ...]
    required: bool = False
    group: str | None = None
    read: bool = True  # False: only recognises the file; the column is never loaded

    def matches(self, header: str) -> bool:
        exact, prefixes, patterns = _compiled(self)
        return (
            header in exact
            or any(header.startswith(p) for p in prefixes)
            or any(p.fullmatch(header) for p in patterns)
        )


@cache
def _compiled(col: Col) -> tuple[frozenset[str], tuple[str, ...], tuple[re.Pattern[str], ...]]:
    exact = frozenset(
        norm_header(a) for a in col.aliases if not a.startswith("re:") and not a.endswith("*")
    )
    prefixes = tuple(
        norm_header(a[:-1]) for a in col.aliases if a.endswith("*") and not a.startswith("re:")
    )
    patterns = tuple(re.compile(a[3:]) for a in col.aliases if a.startswith("re:"))
    return exact, prefixes, patterns


@dataclass(frozen=True)
class Options:
    """What the caller knows that a file may not say (market, period, currency, channel)."""

    market: str | None = None
    period: str | None = None
    currency: str | None = None
    channel: str | None = None


@dataclass
class Tables:
    """Canonical frames an importer produced (None where it fills nothing)."""

    funnel: pd.DataFrame | None = None
    costs: pd.DataFrame | None = None
    orders: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class ImporterSpec:
    """An export family: how to recognise it, what it fills, how to read it."""

    name: str
    title_en: str
    title_zh: str
    columns: tuple[Col, ...]
    fills: dict[str, tuple[str, ...]]
    read: Callable[[Source, Options], Tables]
    notes: tuple[str, ...] = ()
    dated: bool = True  # False: the file has no dates, the period comes from elsewhere
    rank: int = 50  # precedence when two sources count the same thing (lower wins)
    fast: bool = False  # read with pyarrow type inference (no long numeric ids used)

    def requirements(self) -> list[tuple[str, tuple[Col, ...]]]:
        """Each requirement as (label, columns any of which satisfies it)."""
        out: list[tuple[str, tuple[Col, ...]]] = []
        groups: dict[str, list[Col]] = {}
        for col in self.columns:
            if col.group:
                groups.setdefault(col.group, []).append(col)
            elif col.required:
                out.append((col.aliases[0], (col,)))
        for _name, cols in groups.items():
            if any(c.required for c in cols):
                out.append((" / ".join(c.aliases[0] for c in cols), tuple(cols)))
        return out

    def match(
        self, headers: list[str], normed: list[str] | None = None
    ) -> tuple[dict[str, str], list[str]]:
        """Map keys to the actual header names found; list the requirements not met."""
        normed = normed if normed is not None else [norm_header(str(h)) for h in headers]
        found: dict[str, str] = {}
        for col in self.columns:
            for raw, header in zip(headers, normed, strict=False):
                if header and col.matches(header):
                    found[col.key] = raw
                    break
        missing = [
            label for label, cols in self.requirements() if not any(c.key in found for c in cols)
        ]
        return found, missing


REGISTRY: dict[str, ImporterSpec] = {}


def register(spec: ImporterSpec) -> ImporterSpec:
    REGISTRY[spec.name] = spec
    return spec


# ---------------------------------------------------------------- canonical frames
def funnel_frame(data: pd.DataFrame) -> pd.DataFrame:
    """Sum a per-row frame to period × market × channel with every canonical funnel column."""
    keys = ["period", "market", "channel", "currency"]
    data = data.copy()
    data["currency"] = data.get("currency", pd.Series(None, index=data.index)).astype("object")
    data["currency"] = data["currency"].where(data["currency"].notna(), "")
    metrics = [c for c in FUNNEL_COLUMNS if c not in keys and c in data.columns]
    summed = data.groupby(keys, sort=True, dropna=False)[metrics].sum(min_count=1).reset_index()
    summed["currency"] = summed["currency"].replace("", None)
    out = pd.DataFrame({c: summed.get(c, np.nan) for c in FUNNEL_COLUMNS})
    for col in FUNNEL_COLUMNS:
        if col not in ("period", "market", "channel", "currency"):
            out[col] = out[col].astype("float64")
    return out.reset_index(drop=True)


def cost_frame(data: pd.DataFrame) -> pd.DataFrame:
    """Sum cost lines to period × market × channel × category × currency × vendor.

    ``vendor`` is left empty by the importers: in a bundle it names a service provider under
    contract in store.yaml, and platforms are already named by ``channel``."""
    keys = ["period", "market", "channel", "category", "currency", "vendor"]
    data = data[data["amount"].notna() & (data["amount"] != 0)]
    summed = data.groupby(keys, sort=True, dropna=False)["amount"].sum().reset_index()
    summed["vendor"] = summed["vendor"].astype("object").where(summed["vendor"].notna(), None)
    summed = summed[summed["amount"] != 0]
    return summed[list(COST_COLUMNS)].reset_index(drop=True)


def order_frame(data: pd.DataFrame) -> pd.DataFrame:
    """Orders with exactly the canonical columns, in order."""
    out = pd.DataFrame({c: data.get(c, None) for c in ORDER_COLUMNS})
    out["revenue"] = out["revenue"].astype("float64")
    out["refund_amount"] = out["refund_amount"].astype("float64")
    out["returned"] = out["returned"].fillna(False).astype(bool)
    return out.reset_index(drop=True)


def warn(code: str, message: str, fix: str = "", **where: str | int | None) -> Problem:
    return Problem(severity="warning", code=code, message=message, fix=fix, **where)


def fallback_market(
    opts: Options,
    src: Source,
    problems: list[Problem],
    hint: str | None = None,
    *,
    has_country_column: bool = False,
) -> str:
    """The market for rows that name no country: the option, a hint, else ``unknown``.

    With ``has_country_column`` only some rows lack one, and ``unknown_countries`` reports
    them by cell; without, the whole file is reported here."""
    if opts.market:
        return opts.market.upper()
    if has_country_column:
        return "unknown"
    if hint:
        problems.append(
            warn(
                "market_inferred",
                f"the file names no country; market {hint} was inferred from its currency",
                "if that is wrong, list the store's one market in store.yaml (markets: [DE])",
                file=src.name,
            )
        )
        return hint
    problems.append(
        warn(
            "market_unknown",
            "the file names no country or marketplace, so its rows are filed under market "
            "'unknown'",
            "a store that sells in one market can list it in store.yaml (markets: [DE]); "
            "otherwise export the report by country",
            file=src.name,
        )
    )
    return "unknown"
