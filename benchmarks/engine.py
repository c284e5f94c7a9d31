"""Facts per second through the engine wrapper against a bare durable-rules loop.

Both sides run the same compiled rule (CMP001: a join plus an absence) on the same facts
in the same process. The bare side is the fastest correct use of durable-rules: a loop of
``Host.assert_fact`` into a fresh ruleset, facts pre-ordered, nothing else. The wrapper
side is what a diagnosis pays: fact preparation (ids, cleaning, canonical sort), ordering,
assertion, match collection and emptying the session for the next store.

Run:  python benchmarks/engine.py [--facts 40000] [--repeat 3]
Target: wrapper ≥ 0.8× the bare loop's facts per second.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from durable import engine as durable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from diagnoser.engine import Engine, _QuietHost, assertion_order, prepare_facts
from diagnoser.evaluate import evaluate_rules
from diagnoser.resources import builtin_rules_dir
from diagnoser.rules.compiler import compile_rule
from diagnoser.rules.loader import load_rules


def make_facts(n: int) -> list[dict]:
    markets = n * 3 // 4
    facts: list[dict] = [
        {
            "type": "market",
            "market": f"M{i:06d}",
            "region": ("EU", "UK", "US")[i % 3],
            "orders": 20 + i % 50,
            "revenue": 1000.0 + i,
        }
        for i in range(markets)
    ]
    facts += [
        {
            "type": "cost",
            "market": f"M{i * 3:06d}",
            "category": ("vat", "ads")[i % 2],
            "amount": 10.0,
        }
        for i in range(n - markets)
    ]
    return facts


def bare_loop(definition: dict, facts: list[dict], name: str) -> tuple[float, int]:
    host = _QuietHost()
    hits: list[int] = []
    rule = json.loads(json.dumps(definition))
    rule["run"] = lambda c: hits.append(1)
    host.register_rulesets({name: {"r": rule}})
    start = time.perf_counter()
    for fact in facts:
        with contextlib.suppress(durable.MessageNotHandledException):
            host.assert_fact(name, fact)
    return time.perf_counter() - start, len(hits)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--facts", type=int, default=40_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    loaded, _ = load_rules([("builtin", builtin_rules_dir())])
    rule = compile_rule(next(r for r in loaded if r.id == "CMP001"))
    facts = make_facts(args.facts)
    Engine.shared()  # the Host exists once per process; not part of a diagnosis
    bare_times, wrapper_times = [], []
    for round_ in range(args.repeat):
        prepared = prepare_facts(facts)
        by_type: dict[str, list[dict]] = {}
        for fact in prepared:
            by_type.setdefault(fact["type"], []).append({**fact, "sid": "bench"})
        seconds, bare_hits = bare_loop(
            rule.definition, assertion_order(rule, by_type), f"bare{round_}"
        )
        bare_times.append(seconds)

        start = time.perf_counter()
        outcome = evaluate_rules([rule], facts)[0]
        wrapper_times.append(time.perf_counter() - start)
        assert len(outcome.matches) == bare_hits, (len(outcome.matches), bare_hits)

    bare, wrapper = min(bare_times), min(wrapper_times)
    print(f"facts: {len(facts):,}  findings: {bare_hits:,}  rounds: {args.repeat} (best of)")
    print(f"bare Host.assert_fact loop : {len(facts) / bare:10,.0f} facts/s ({bare:.3f} s)")
    print(f"diagnoser engine wrapper   : {len(facts) / wrapper:10,.0f} facts/s ({wrapper:.3f} s)")
    print(f"ratio wrapper/bare         : {bare / wrapper:.2f}x  (target >= 0.80x)")


if __name__ == "__main__":
    main()
