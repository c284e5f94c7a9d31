"""``diagnoser import``: write imported exports as a canonical bundle a team can review.

The tables are written as they will be checked: canonical columns, amounts in the report
currency (``currency`` says which), UTF-8 with a BOM so Excel opens the Chinese text. The
customer key never leaves memory: orders carry ``C000001``-style pseudonyms numbered in the
bundle, enough for repeat-purchase analysis and useless for finding a person.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from diagnoser.bundle.model import COST_COLUMNS, FUNNEL_COLUMNS, ORDER_COLUMNS, Bundle
from diagnoser.errors import UsageError


def pseudonymise(customers: pd.Series) -> pd.Series:
    """``C000001``, … per distinct customer; blank where the customer is unknown."""
    known = (customers.notna() & customers.astype("str").ne("")).to_numpy(dtype=bool)
    codes = pd.factorize(customers[known], sort=True)[0] + 1
    out = pd.Series("", index=customers.index, dtype=object)
    out[known] = [f"C{c:06d}" for c in codes]
    return out


def write_bundle(bundle: Bundle, output: Path, store_file: Path) -> list[Path]:
    """Write the bundle folder whole or not at all: staged beside it, then one rename."""
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output} is a file; give a new folder for the bundle")
    if output.is_dir() and any(output.iterdir()):
        raise UsageError(
            f"{output} is not empty; pick a new folder so no reviewed file is overwritten"
        )
    tables = {
        "funnel.csv": bundle.funnel.reindex(
            columns=[c for c in FUNNEL_COLUMNS if c != "bounce_rate"]
        ),
        "costs.csv": bundle.costs.reindex(columns=list(COST_COLUMNS)),
    }
    if bundle.orders is not None and len(bundle.orders):
        orders = bundle.orders.reindex(columns=list(ORDER_COLUMNS)).copy()
        orders["customer_id"] = pseudonymise(orders["customer_id"])
        orders["date"] = pd.to_datetime(orders["date"], errors="coerce").dt.strftime("%Y-%m-%d")
        tables["orders.csv"] = orders
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    except OSError as exc:
        raise UsageError(f"cannot write to {output.parent}: {exc.strerror or exc}") from None
    try:
        for name, frame in tables.items():
            frame.to_csv(staging / name, index=False, encoding="utf-8-sig")
        shutil.copyfile(store_file, staging / "store.yaml")
        if output.is_dir():
            output.rmdir()
        os.replace(staging, output)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    return sorted(output.iterdir())
