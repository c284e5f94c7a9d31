"""Benchmark: ``diagnoser check`` on a large store bundle against pyarrow reading its CSVs.

Generates (seeded, vectorised, in a temp dir) a synthetic bundle — 1,000,000 order rows,
a funnel of 30 markets × 6 channels × 24 months, 8 cost categories per market × month,
fx rates for the 25 currencies used and a store.yaml — then measures, in one run:

* **baseline**: a child process ``python -c "import pyarrow.csv; read_csv(each CSV)"``
  (interpreter start-up + importing pyarrow + parsing every CSV of the bundle into Arrow
  tables with type inference, multi-threaded);
* **check**: a child process ``python -m diagnoser.cli check DIR --format json -o OUT
  --fail-on none`` (interpreter start-up + imports + reading, validating and converting
  the bundle + facts + every built-in rule + writing the JSON report);
* wall time (best of ``--repeat``, the two sides alternating) and peak memory (maximum
  RSS of each child, from ``/usr/bin/time -f %M``; ``os.wait4``'s ``ru_maxrss`` where
  that is missing) of both, printed as ratios: time against the baseline's time, memory
  against the CSVs' size on disk (and the baseline's peak, for reference).

Then, in this process, one ``diagnoser.diagnose(DIR)`` split into stages (load, facts,
rules) and, with ``--profile``, the cProfile top functions and the tracemalloc peak of
``load_bundle`` + ``derive_facts``. Import costs (``python -c "import pandas"`` …) are
measured too, since both sides pay an interpreter start-up but only one side imports
pandas, pydantic and durable-rules.

    /work/venv/bin/python benchmarks/bundle.py [--orders 1000000] [--repeat 3] [--profile]
        [--keep DIR] [--marginal]

Targets (issue 3 item 8): check ≤ 2.0× the bare read; peak memory ≤ 3× the CSVs on disk.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

SEED = 20251126
MONTHS = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)]  # 24 months
CHANNELS = ["amazon", "shopify", "tiktok", "shopee", "ebay", "walmart"]
# 30 markets and the currency each sells in (25 distinct currencies, USD is the report's).
MARKETS = {
    "US": "USD", "CA": "CAD", "MX": "MXN", "BR": "BRL", "GB": "GBP", "DE": "EUR", "FR": "EUR",
    "IT": "EUR", "ES": "EUR", "NL": "EUR", "BE": "EUR", "PL": "PLN", "SE": "SEK", "DK": "DKK",
    "NO": "NOK", "CH": "CHF", "CZ": "CZK", "JP": "JPY", "KR": "KRW", "AU": "AUD", "NZ": "NZD",
    "SG": "SGD", "MY": "MYR", "TH": "THB", "PH": "PHP", "VN": "VND", "ID": "IDR", "IN": "INR",
    "AE": "AED", "SA": "SAR",
}  # fmt: skip
RATES = {  # USD per 1 unit
    "USD": 1.0, "CAD": 0.73, "MXN": 0.055, "BRL": 0.18, "GBP": 1.27, "EUR": 1.08, "PLN": 0.25,
    "SEK": 0.095, "DKK": 0.145, "NOK": 0.093, "CHF": 1.12, "CZK": 0.043, "JPY": 0.0067,
    "KRW": 0.00073, "AUD": 0.66, "NZD": 0.6, "SGD": 0.74, "MYR": 0.21, "THB": 0.028,
    "PHP": 0.017, "VND": 0.00004, "IDR": 0.000063, "INR": 0.012, "AED": 0.27, "SAR": 0.27,
}  # fmt: skip
COST_CATEGORIES = [
    "ads", "commission", "fulfillment", "shipping", "reverse_logistics", "vat", "cogs",
    "payment_fees",
]  # fmt: skip
CSV_OPTIONS = pacsv.WriteOptions(quoting_style="none")  # plain cells, as Excel writes them

STORE_YAML = """\
# Synthetic store for benchmarks/bundle.py
name: Benchmark Store
report_currency: USD
language: en
platforms: [{platforms}]
markets:
{markets}
vendors:
  - {{name: Acme Agency, services: [operations, ads_accounts], monthly_fee: 3000,
     data_export_allowed: true, contract_months: 12, notice_days: 60}}
  - {{name: YunExpress, services: [logistics], monthly_fee: 0}}
settlement_days: {{amazon: 14, shopify: 3, tiktok: 30, shopee: 21, ebay: 7, walmart: 14}}
cash_on_hand: 2500000
monthly_fixed_costs: 180000
inventory_days: 75
payable_days: 30
stage_owners: {{traffic: ads team, conversion: operations, fulfilment: supply chain}}
saas_tools:
  - {{name: ERP Pro, monthly_fee: 499, seats: 10, active_users: 6}}
pilots:
  - {{market: NZ, channel: tiktok, start: 2025-06, budget: 2000}}
"""


# --- the synthetic bundle -------------------------------------------------------------------


def _money(values: np.ndarray) -> np.ndarray:
    return np.round(values, 2)


def write_bundle(root: Path, orders: int, seed: int = SEED) -> dict[str, int]:
    """Write store.yaml, funnel/costs/orders/fx CSVs under ``root``; row counts by table."""
    rng = np.random.default_rng(seed)
    markets = np.array(list(MARKETS))
    local = np.array([MARKETS[m] for m in markets])
    rate = np.array([RATES[c] for c in local])
    n_m, n_c, n_p = len(markets), len(CHANNELS), len(MONTHS)

    # funnel: every period × market × channel, counts consistent with each other
    m_idx = np.repeat(np.arange(n_m), n_c * n_p)
    c_idx = np.tile(np.repeat(np.arange(n_c), n_p), n_m)
    p_idx = np.tile(np.arange(n_p), n_m * n_c)
    size = len(m_idx)
    sessions = rng.integers(2_000, 60_000, size)
    clicks = (sessions * rng.uniform(0.9, 1.3, size)).astype(np.int64)
    impressions = (clicks * rng.uniform(20, 80, size)).astype(np.int64)
    bounced = (sessions * rng.uniform(0.3, 0.7, size)).astype(np.int64)
    conv = rng.uniform(0.01, 0.06, size)
    orders_f = np.maximum((sessions * conv).astype(np.int64), 1)
    atc = orders_f + (sessions * rng.uniform(0.03, 0.08, size)).astype(np.int64)
    checkouts = orders_f + ((atc - orders_f) * rng.uniform(0.3, 0.6, size)).astype(np.int64)
    aov_usd = rng.uniform(25, 70, size)
    revenue = _money(orders_f * aov_usd / rate[m_idx])
    returned = (orders_f * rng.uniform(0.02, 0.12, size)).astype(np.int64)
    repeat = (orders_f * rng.uniform(0.1, 0.3, size)).astype(np.int64)
    funnel = pa.table(
        {
            "period": np.array(MONTHS)[p_idx],
            "market": markets[m_idx],
            "channel": np.array(CHANNELS)[c_idx],
            "impressions": impressions,
            "clicks": clicks,
            "sessions": sessions,
            "bounced_sessions": bounced,
            "add_to_cart": atc,
            "checkouts": checkouts,
            "orders": orders_f,
            "revenue": revenue,
            "currency": local[m_idx],
            "fulfilled_orders": orders_f - (orders_f * 0.01).astype(np.int64),
            "returned_orders": returned,
            "reviews": (orders_f * rng.uniform(0.02, 0.08, size)).astype(np.int64),
            "new_customers": orders_f - repeat,
            "repeat_orders": repeat,
            "referral_orders": (orders_f * rng.uniform(0.0, 0.05, size)).astype(np.int64),
        }
    )

    # costs: each market × month × category, in the market's currency (ads per channel)
    cm = np.repeat(np.arange(n_m), n_p * len(COST_CATEGORIES))
    cp = np.tile(np.repeat(np.arange(n_p), len(COST_CATEGORIES)), n_m)
    cc = np.tile(np.arange(len(COST_CATEGORIES)), n_m * n_p)
    share = np.array([0.12, 0.15, 0.1, 0.06, 0.02, 0.08, 0.3, 0.03])[cc]
    month_revenue = np.bincount(m_idx * n_p + p_idx, weights=revenue, minlength=n_m * n_p)
    amount = _money(month_revenue[cm * n_p + cp] * share * rng.uniform(0.8, 1.2, len(cm)))
    vendor = np.where(np.array(COST_CATEGORIES)[cc] == "shipping", "YunExpress", "")
    costs = pa.table(
        {
            "period": np.array(MONTHS)[cp],
            "market": markets[cm],
            "channel": np.where(cc == 0, np.array(CHANNELS)[cp % n_c], ""),
            "category": np.array(COST_CATEGORIES)[cc],
            "amount": amount,
            "currency": local[cm],
            "vendor": vendor,
        }
    )

    # orders: one row per order over the 24 months; ~350k customers, some buy again
    om = rng.choice(n_m, orders, p=_weights(rng, n_m))
    oc = rng.integers(0, n_c, orders)
    start = np.datetime64("2024-01-01")
    days = rng.integers(0, 731, orders)
    order_dates = np.datetime_as_string(start + days.astype("timedelta64[D]"), unit="D")
    ids = np.char.add("O", np.char.zfill(np.arange(1, orders + 1).astype(str), 9))
    customer = rng.integers(0, max(orders * 35 // 100, 1), orders)
    customers = np.char.add("C", customer.astype(str))
    value = _money(rng.gamma(3.0, 15.0, orders) / rate[om])
    is_returned = rng.random(orders) < 0.07
    refund = np.where(is_returned, value, 0.0)
    order_table = pa.table(
        {
            "order_id": ids,
            "date": order_dates,
            "market": markets[om],
            "channel": np.array(CHANNELS)[oc],
            "customer_id": customers,
            "revenue": value,
            "currency": local[om],
            "returned": np.where(is_returned, "yes", "no"),
            "refund_amount": refund,
        }
    )
    currencies = sorted(set(local))
    fx = pa.table({"currency": currencies, "rate": [RATES[c] for c in currencies]})

    root.mkdir(parents=True, exist_ok=True)
    for name, table in (
        ("funnel", funnel),
        ("costs", costs),
        ("orders", order_table),
        ("fx", fx),
    ):
        pacsv.write_csv(table, root / f"{name}.csv", write_options=CSV_OPTIONS)
    store = STORE_YAML.format(
        platforms=", ".join(CHANNELS),
        markets="\n".join(f"  - {{code: '{m}'}}" for m in markets),  # NO is YAML for false
    )
    (root / "store.yaml").write_text(store, encoding="utf-8")
    return {"funnel": funnel.num_rows, "costs": costs.num_rows, "orders": orders, "fx": fx.num_rows}


def _weights(rng: np.random.Generator, n: int) -> np.ndarray:
    w = rng.pareto(1.5, n) + 0.2
    return w / w.sum()


# --- measuring child processes --------------------------------------------------------------

BARE_READ = "import sys, pyarrow.csv as c\nfor path in sys.argv[1:]:\n    c.read_csv(path)\n"


TIME = Path("/usr/bin/time")


def run_child(argv: list[str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in bytes, exit code) of one child process.

    The peak comes from ``/usr/bin/time -f %M`` when it exists: ``ru_maxrss`` of a child
    forked straight from this process also counts the pages it shares with this (large)
    process between fork and exec, which would inflate small children.
    """
    with tempfile.TemporaryFile() as errors, tempfile.NamedTemporaryFile("r") as peak:
        wrapped = [str(TIME), "-f", "%M", "-o", peak.name, *argv] if TIME.exists() else argv
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            errors.seek(0)
            text = errors.read().decode("utf-8", "replace")[-3000:]
            raise RuntimeError(f"{' '.join(argv[:5])}... exited {code}:\n{text}")
        kib = int(peak.read().split()[-1]) if TIME.exists() else usage.ru_maxrss
    return seconds, kib * 1024, code  # Linux: KiB


def best_of(argv: list[str], repeat: int) -> tuple[float, int]:
    runs = [run_child(argv) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def marginal(
    small_root: Path, orders: int, repeat: int, check_s: float, bare_s: float, report: Path
) -> None:
    """Both sides on the same store with a tenth of the orders: the difference to the full
    run is what the extra 90 % of the orders cost, without start-up and fixed work."""
    small = max(orders // 10, 1)
    write_bundle(small_root, small)
    csvs = sorted(small_root.glob("*.csv"))
    py = sys.executable
    bare_small = best_of([py, "-c", BARE_READ, *map(str, csvs)], repeat)[0]
    check_small = best_of(
        [py, "-m", "diagnoser.cli", "check", str(small_root), "--format", "json", "-o",
         str(report), "--fail-on", "none"],
        repeat,
    )[0]  # fmt: skip
    extra = orders - small
    d_check, d_bare = check_s - check_small, bare_s - bare_small
    print(f"\nper-row cost: {small:,} orders vs {orders:,} (best of {repeat}):")
    print(f"  bare read  {bare_small:6.2f} s -> {bare_s:6.2f} s: +{d_bare:5.2f} s")
    print(f"  check      {check_small:6.2f} s -> {check_s:6.2f} s: +{d_check:5.2f} s")
    if d_bare > 0:
        print(f"  the extra {extra:,} orders cost check {d_check / d_bare:5.2f}x the bare read")


def mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


# --- in-process stages and profile ----------------------------------------------------------


def stages(root: Path, report: Path) -> dict[str, float]:
    """Seconds per stage of one in-process check (imports excluded: already loaded)."""
    from diagnoser import diagnose
    from diagnoser.bundle import load_bundle
    from diagnoser.config import Config
    from diagnoser.evaluate import evaluate_rules
    from diagnoser.facts import derive_facts
    from diagnoser.render import write_report
    from diagnoser.rules.ruleset import build_rule_set

    marks = [time.perf_counter()]
    bundle = load_bundle(root)
    marks.append(time.perf_counter())
    facts = derive_facts(bundle)
    marks.append(time.perf_counter())
    rules = build_rule_set([], Config(), builtin=True)
    marks.append(time.perf_counter())
    evaluate_rules(rules.rules, facts)
    marks.append(time.perf_counter())
    diagnosis = diagnose(root)  # all of the above again, plus findings and prioritising
    marks.append(time.perf_counter())
    write_report(diagnosis, report, "json", lang=diagnosis.language)
    marks.append(time.perf_counter())
    step = [b - a for a, b in itertools.pairwise(marks)]
    return {
        "load_bundle": step[0],
        "derive_facts": step[1],
        "build_rule_set": step[2],
        "evaluate_rules": step[3],
        # diagnose() repeats the four stages above: what is left is findings + prioritising
        "findings + prioritise": step[4] - sum(step[:4]),
        "diagnose() total": step[4],
        "write JSON report": step[5],
        "facts": len(facts),
        "findings": len(diagnosis.findings),
    }


def profile(root: Path, top: int) -> None:
    import cProfile
    import pstats
    import tracemalloc

    from diagnoser.bundle import load_bundle
    from diagnoser.facts import derive_facts

    prof = cProfile.Profile()
    prof.enable()
    derive_facts(load_bundle(root))
    prof.disable()
    print(f"\ncProfile of load_bundle + derive_facts (top {top} by cumulative time):")
    pstats.Stats(prof, stream=sys.stdout).strip_dirs().sort_stats("cumulative").print_stats(top)
    tracemalloc.start()
    bundle = load_bundle(root)
    _, peak_load = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    derive_facts(bundle)
    _current, peak_facts = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    frames = {n: getattr(bundle, n) for n in ("funnel", "costs", "orders")}
    sizes = ", ".join(
        f"{n} {mib(f.memory_usage(deep=True).sum())}" for n, f in frames.items() if f is not None
    )
    print(
        f"tracemalloc (numpy/pandas buffers; Arrow's own pool is not traced): peak during "
        f"load_bundle {mib(peak_load)}, during derive_facts {mib(peak_facts)}; "
        f"bundle frames: {sizes}"
    )
    print(
        f"pyarrow pool now: {mib(pa.total_allocated_bytes())}, max {mib(pa.default_memory_pool().max_memory() or 0)}"
    )


# --- main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile + tracemalloc too")
    parser.add_argument("--top", type=int, default=30, help="cProfile lines with --profile")
    parser.add_argument("--keep", type=Path, help="write the bundle here and keep it")
    parser.add_argument(
        "--marginal",
        action="store_true",
        help="also run both sides on a bundle with a tenth of the orders and print what the "
        "extra orders cost each side (per-row cost, start-up cost taken out)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="diagnoser-bench-") as tmp:
        root = args.keep or Path(tmp) / "bundle"
        start = time.perf_counter()
        rows = write_bundle(root, args.orders)
        written = time.perf_counter() - start
        csvs = sorted(root.glob("*.csv"))
        on_disk = sum(p.stat().st_size for p in csvs)
        print(
            f"bundle: {', '.join(f'{n} {r:,} rows' for n, r in rows.items())}; "
            f"CSVs {mib(on_disk)} on disk; generated in {written:.1f} s"
        )
        py = sys.executable
        report = Path(tmp) / "report.json"
        check_argv = [
            py, "-m", "diagnoser.cli", "check", str(root), "--format", "json", "-o",
            str(report), "--fail-on", "none",
        ]  # fmt: skip
        bare_argv = [py, "-c", BARE_READ, *map(str, csvs)]

        # interleave the two sides so background load hits both alike
        bare_runs, check_runs = [], []
        for _ in range(args.repeat):
            bare_runs.append(run_child(bare_argv))
            check_runs.append(run_child(check_argv))
        bare_s, bare_rss = min(r[0] for r in bare_runs), min(r[1] for r in bare_runs)
        check_s, check_rss = min(r[0] for r in check_runs), min(r[1] for r in check_runs)
        assert report.stat().st_size > 0

        imports = {
            name: best_of([py, "-c", code], args.repeat)
            for name, code in (
                ("python -c pass", "pass"),
                ("import pyarrow.csv", "import pyarrow.csv"),
                ("import pandas", "import pandas"),
                ("import diagnoser.pipeline", "import diagnoser.pipeline"),
                ("import diagnoser.cli, .pipeline, .render", "import diagnoser.cli, diagnoser.pipeline, diagnoser.render"),
            )
        }  # fmt: skip

        print(f"\nbest of {args.repeat}, child processes (wall time, peak RSS):")
        print(
            f"  baseline: python -c 'pyarrow.csv.read_csv' x{len(csvs)} CSVs "
            f"(start-up + import pyarrow + parse)"
        )
        print(f"  {'':<10}{bare_s:6.2f} s  {mib(bare_rss):>9}")
        print(
            "  check:    python -m diagnoser.cli check DIR --format json -o OUT --fail-on none "
            "(start-up + imports + read/validate/convert + facts + rules + findings + report)"
        )
        print(f"  {'':<10}{check_s:6.2f} s  {mib(check_rss):>9}")
        print(f"  time    check / bare read  : {check_s / bare_s:6.2f}x  (target <= 2.00x)")
        print(f"  memory  check / CSVs on disk: {check_rss / on_disk:6.2f}x  (target <= 3.00x)")
        print(f"  memory  bare  / CSVs on disk: {bare_rss / on_disk:6.2f}x  (for reference)")
        print(f"  memory  check / bare read  : {check_rss / bare_rss:6.2f}x")
        if args.marginal:
            marginal(Path(tmp) / "small", args.orders, args.repeat, check_s, bare_s, report)
        print("\nimports alone (child process, best of: wall time, peak RSS):")
        for name, (seconds, peak) in imports.items():
            print(f"  {name:<40}: {seconds:5.2f} s  {mib(peak):>8}  ({peak / on_disk:4.2f}x CSVs)")
        print(
            f"  bare read minus start-up + import pyarrow: "
            f"{bare_s - imports['import pyarrow.csv'][0]:5.2f} s"
        )

        best: dict[str, float] = {}
        for _ in range(args.repeat):
            for name, value in stages(root, Path(tmp) / "in-process.json").items():
                best[name] = min(best.get(name, value), value)
        facts, findings = int(best.pop("facts")), int(best.pop("findings"))
        print(
            f"\nin process (stages of one check, best of {args.repeat}; "
            f"{facts:,} facts, {findings:,} findings):"
        )
        for name, seconds in best.items():
            if seconds < 0.005:  # a difference of two best-ofs: below the noise
                print(f"  {name:<22}:  ≈0.00 s (within the noise of the stages above)")
            else:
                print(f"  {name:<22}: {seconds:6.2f} s")
        if args.profile:
            profile(root, args.top)


if __name__ == "__main__":
    main()
