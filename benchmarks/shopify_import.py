"""Benchmark: import a 1,000,000-line Shopify orders export vs. pandas reading it.

Writes a synthetic export (the 79-column header of the format notes, ~3 line items per
order, order fields only on the first row) to a temp dir, then times, in one run,
``pd.read_csv(path, engine="pyarrow")`` and ``diagnoser.importers.import_file(path)``
(best of ``--repeat``) and prints the ratio. Target: ≤ 2.0×.

    /work/venv/bin/python benchmarks/shopify_import.py [--lines 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from diagnoser.importers import import_file

HEADER = [
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Accepts Marketing",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Code",
    "Discount Amount",
    "Shipping Method",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Billing Name",
    "Billing Street",
    "Billing Address1",
    "Billing Address2",
    "Billing Company",
    "Billing City",
    "Billing Zip",
    "Billing Province",
    "Billing Country",
    "Billing Phone",
    "Shipping Name",
    "Shipping Street",
    "Shipping Address1",
    "Shipping Address2",
    "Shipping Company",
    "Shipping City",
    "Shipping Zip",
    "Shipping Province",
    "Shipping Country",
    "Shipping Phone",
    "Notes",
    "Note Attributes",
    "Cancelled at",
    "Payment Method",
    "Payment Reference",
    "Refunded Amount",
    "Vendor",
    "Outstanding Balance",
    "Employee",
    "Location",
    "Device ID",
    "Id",
    "Tags",
    "Risk Level",
    "Source",
    "Lineitem discount",
    "Tax 1 Name",
    "Tax 1 Value",
    "Tax 2 Name",
    "Tax 2 Value",
    "Tax 3 Name",
    "Tax 3 Value",
    "Tax 4 Name",
    "Tax 4 Value",
    "Tax 5 Name",
    "Tax 5 Value",
    "Phone",
    "Receipt Number",
    "Duties",
    "Billing Province Name",
    "Shipping Province Name",
    "Payment ID",
    "Payment Terms Name",
    "Next Payment Due At",
    "Payment References",
]


def generate(path: Path, lines: int, seed: int = 7) -> None:
    """A synthetic export: vectorised columns written with pyarrow."""
    rng = np.random.default_rng(seed)
    items = rng.integers(1, 6, size=lines)  # line items per order, cut to fit
    order_of_line = np.repeat(np.arange(lines), items)[:lines]
    first = np.r_[True, order_of_line[1:] != order_of_line[:-1]]
    n_orders = int(order_of_line[-1]) + 1
    name = np.char.add("#", (order_of_line + 1001).astype(str))
    customers = rng.integers(0, max(n_orders // 2, 1), size=n_orders)
    seconds = rng.integers(0, 365 * 86400, size=n_orders)
    created = (np.datetime64("2025-01-01T00:00:00") + seconds.astype("timedelta64[s]")).astype(str)
    created = np.char.add(np.char.replace(created, "T", " "), " +0000")
    subtotal = rng.integers(500, 20000, size=n_orders) / 100
    taxes = np.round(subtotal * 0.08, 2)
    refunded = np.where(rng.random(n_orders) < 0.05, subtotal, 0.0)
    countries = np.array(["US", "GB", "DE", "FR", "CA", "AU"])[rng.integers(0, 6, size=n_orders)]

    def order_level(values: np.ndarray) -> pa.Array:
        out = values[order_of_line].astype(object)
        out[~first] = None
        return pa.array(out, type=pa.string())

    columns: dict[str, pa.Array] = {h: pa.nulls(lines, pa.string()) for h in HEADER}
    columns["Name"] = pa.array(name)
    columns["Email"] = order_level(
        np.char.add(np.char.add("c", customers.astype(str)), "@example.com")
    )
    columns["Financial Status"] = order_level(np.where(refunded > 0, "refunded", "paid"))
    columns["Fulfillment Status"] = order_level(np.array(["fulfilled"] * n_orders))
    columns["Currency"] = order_level(np.array(["USD"] * n_orders))
    columns["Subtotal"] = order_level(subtotal.astype(str))
    columns["Shipping"] = order_level(np.array(["5.00"] * n_orders))
    columns["Taxes"] = order_level(taxes.astype(str))
    columns["Total"] = order_level(np.round(subtotal + taxes + 5, 2).astype(str))
    columns["Created at"] = order_level(created)
    columns["Paid at"] = columns["Created at"]
    columns["Lineitem quantity"] = pa.array(rng.integers(1, 4, size=lines).astype(str))
    columns["Lineitem name"] = pa.array(
        np.char.add("Product ", rng.integers(1, 500, size=lines).astype(str))
    )
    columns["Lineitem price"] = pa.array((rng.integers(100, 5000, size=lines) / 100).astype(str))
    columns["Billing Name"] = order_level(np.array(["Jane Doe"] * n_orders))
    columns["Shipping Name"] = columns["Billing Name"]
    columns["Shipping Address1"] = order_level(np.array(["1 Main Street"] * n_orders))
    columns["Shipping Country"] = order_level(countries)
    columns["Billing Country"] = columns["Shipping Country"]
    columns["Shipping Phone"] = order_level(np.array(["+1 555 0100"] * n_orders))
    columns["Refunded Amount"] = order_level(refunded.astype(str))
    columns["Vendor"] = pa.array(np.array(["Acme"] * lines))
    columns["Id"] = order_level((order_of_line + 5_000_000_000).astype(str))
    pacsv.write_csv(pa.table(columns), path, pacsv.WriteOptions(quoting_style="needed"))


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "orders_export_1.csv"
        start = time.perf_counter()
        generate(path, args.lines)
        size = path.stat().st_size / 1e6
        print(
            f"generated {args.lines:,} lines ({size:.0f} MB) in {time.perf_counter() - start:.1f}s"
        )
        baseline = best_of(args.repeat, lambda: pd.read_csv(path, engine="pyarrow"))
        result = import_file(path)
        imported = best_of(args.repeat, lambda: import_file(path))
        orders = len(result.orders) if result.orders is not None else 0
        print(f"pd.read_csv(engine='pyarrow'): {baseline:.2f}s")
        print(f"import_file:                   {imported:.2f}s  ({orders:,} orders)")
        print(f"ratio: {imported / baseline:.2f}x (target <= 2.0x)")


if __name__ == "__main__":
    main()
