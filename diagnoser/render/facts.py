"""Chart and table data from ``Diagnosis.facts``: funnels, cost structures, market rows.

Facts are produced by another stage and any field may be missing, so every value here is
optional and a missing one means "not shown", never zero.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from diagnoser.bundle.model import COST_CATEGORIES
from diagnoser.bundle.regions import region_of
from diagnoser.facts.catalog import FACT_TYPES, field_units
from diagnoser.model import Diagnosis

Direction = Literal["min", "max"]
# (step, count field, metric shown at the step, metric numerator, denominator, direction)
FUNNEL_STEPS: tuple[tuple[str, str, str | None, str | None, str | None, Direction], ...] = (
    ("impressions", "impressions", None, None, None, "min"),
    ("clicks", "clicks", "ctr", "clicks", "impressions", "min"),
    ("sessions", "sessions", None, None, None, "min"),
    ("engaged", "engaged_sessions", "bounce_rate", "bounced_sessions", "sessions", "max"),
    ("add_to_cart", "add_to_cart", "add_to_cart_rate", "add_to_cart", "sessions", "min"),
    ("checkouts", "checkouts", "checkout_rate", "checkouts", "add_to_cart", "min"),
    ("orders", "orders", "checkout_completion", "orders", "checkouts", "min"),
)
AFTER_ORDER = ("fulfilment_rate", "return_rate", "review_rate", "repeat_rate", "referral_rate")
COMPLIANCE = ("vat", "epr", "certification")  # as the fact builder's compliance_costs
COMPLIANCE_REGIONS = {"EU", "UK", "EEA"}  # where VAT, EPR and CE/UKCA are due on every sale


class Benchmark(BaseModel):
    value: float
    direction: Direction
    source: str | None = None
    client: bool = False


class FunnelStep(BaseModel):
    step: str
    count: float | None
    drop_off: float | None  # share lost since the previous shown step
    metric: str | None = None
    value: float | None = None
    benchmark: Benchmark | None = None
    breach: bool | None = None


class Funnel(BaseModel):
    market: str
    channel: str | None
    steps: list[FunnelStep]
    conversion_rate: float | None
    after_order: dict[str, float]  # fulfilment, return, review, repeat, referral rates when known


class CostLine(BaseModel):
    category: str
    amount: float
    share: float | None  # of revenue


class CostStructure(BaseModel):
    market: str
    revenue: float | None
    lines: list[CostLine]
    unrecorded_compliance: list[
        str
    ]  # compliance categories at zero in a VAT/EPR region: likely forgotten
    unrecorded: list[str]  # other categories at zero or missing
    total_costs: float | None
    contribution_margin: float | None
    margin_rate: float | None


class MarketRow(BaseModel):
    market: str
    region: str | None = None
    revenue: float | None = None
    orders: float | None = None
    aov: float | None = None
    conversion_rate: float | None = None
    return_rate: float | None = None
    cac: float | None = None
    ltv: float | None = None
    roas: float | None = None
    margin_rate: float | None = None
    contribution_margin: float | None = None


@cache
def _catalog_units() -> dict[str, str]:
    """``field → unit`` over every fact type, for the fields all types agree on the unit of."""
    units: dict[str, set[str]] = defaultdict(set)
    for fact_type in FACT_TYPES:
        for name, unit in field_units(fact_type).items():
            units[name].add(unit)
    return {name: next(iter(u)) for name, u in units.items() if len(u) == 1}


def evidence_unit(field: str, unit: str | None) -> str | None:
    """The unit to show an evidence value in: a fact field the catalog gives as a difference
    of two ratios is shown in points even when the rule called it a ratio
    (``m.margin_rate_change``); anything else keeps the rule's unit."""
    match = re.fullmatch(r"[A-Za-z_]\w*\.(\w+)", field.strip())
    if match and _catalog_units().get(match[1]) == "ratio change":
        return "ratio change"
    return unit


def num(value: Any) -> float | None:
    """A finite float, or None for anything else (missing, NaN, text)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top is not None and bottom else None


def benchmarks(diagnosis: Diagnosis) -> dict[tuple[str, str | None, str | None], Benchmark]:
    """Benchmarks per (metric, market, channel): evidence thresholds first, then params.

    A key with market None applies to every market; evidence carries the exact threshold a
    rule used in that scope, the threshold list the store-wide defaults and client overrides.
    """
    metrics = {metric: direction for _, _, metric, _, _, direction in FUNNEL_STEPS if metric}
    found: dict[tuple[str, str | None, str | None], Benchmark] = {}
    for row in diagnosis.thresholds:
        param, value = str(row.get("param", "")), num(row.get("value"))
        for metric, direction in metrics.items():
            if value is not None and param.split(".")[-1] in (
                metric,
                f"max_{metric}",
                f"min_{metric}",
            ):
                found.setdefault(
                    (metric, None, None),
                    Benchmark(
                        value=value,
                        direction=direction,
                        source=row.get("source"),
                        client=bool(row.get("client")),
                    ),
                )
    for finding in diagnosis.findings:
        for ev in finding.evidence:
            metric = ev.field.split(".")[-1]
            value = num(ev.threshold)
            if metric in metrics and value is not None:
                key = (metric, finding.scope.market, finding.scope.channel)
                found[key] = Benchmark(value=value, direction=metrics[metric], source=ev.source)
    return found


def _benchmark_for(
    table: dict[tuple[str, str | None, str | None], Benchmark],
    metric: str,
    market: str,
    channel: str | None,
) -> Benchmark | None:
    for key in ((metric, market, channel), (metric, market, None), (metric, None, None)):
        if key in table:
            return table[key]
    return None


def funnels(diagnosis: Diagnosis) -> list[Funnel]:
    """One funnel per market × channel, in the order the facts list them."""
    table = benchmarks(diagnosis)
    result: list[Funnel] = []
    for fact in diagnosis.facts.get("funnel", []):
        market, channel = str(fact.get("market") or "—"), fact.get("channel")
        counts = {field: num(fact.get(field)) for _, field, *_ in FUNNEL_STEPS}
        sessions, bounced = counts["sessions"], num(fact.get("bounced_sessions"))
        if sessions is not None and bounced is None and num(fact.get("bounce_rate")) is not None:
            bounced = sessions * float(fact["bounce_rate"])
        counts["engaged_sessions"] = (
            sessions - bounced if sessions is not None and bounced is not None else None
        )
        counts["bounced_sessions"] = bounced
        steps: list[FunnelStep] = []
        previous: float | None = None
        for step, field, metric, top, bottom, _ in FUNNEL_STEPS:
            count = counts[field]
            value = num(fact.get(metric)) if metric else None
            if metric and value is None and top and bottom:
                value = _ratio(counts[top], counts[bottom])
            if count is None and value is None:
                continue
            bench = _benchmark_for(table, metric, market, channel) if metric else None
            breach = None
            if bench is not None and value is not None:
                breach = value > bench.value if bench.direction == "max" else value < bench.value
            # Sessions can exceed clicks (organic traffic): a rise is not a drop-off.
            drop = (
                1 - count / previous
                if count is not None and previous and count <= previous
                else None
            )
            shown = metric if value is not None else None
            steps.append(
                FunnelStep(
                    step=step,
                    count=count,
                    drop_off=drop,
                    metric=shown,
                    value=value,
                    benchmark=bench if shown else None,
                    breach=breach,
                )
            )
            previous = count if count is not None else previous
        if steps:
            conversion = num(fact.get("conversion_rate")) or _ratio(counts["orders"], sessions)
            after = {k: v for k in AFTER_ORDER if (v := num(fact.get(k))) is not None}
            funnel = Funnel(
                market=market,
                channel=channel,
                steps=steps,
                conversion_rate=conversion,
                after_order=after,
            )
            result.append(funnel)
    return result


def cost_structures(diagnosis: Diagnosis) -> list[CostStructure]:
    """Revenue → each cost category → contribution margin, per market."""
    result: list[CostStructure] = []
    for fact in diagnosis.facts.get("market", []):
        revenue = num(fact.get("revenue"))
        amounts = {c: num(fact.get(f"cost_{c}")) for c in COST_CATEGORIES}
        lines = sorted(
            (
                CostLine(category=c, amount=a, share=_ratio(a, revenue))
                for c, a in amounts.items()
                if a
            ),
            key=lambda line: -line.amount,
        )
        unrecorded = [c for c, a in amounts.items() if not a]
        total = num(fact.get("total_costs"))
        if total is None and lines:
            total = sum(line.amount for line in lines)
        region = fact.get("region") or region_of(str(fact.get("market") or ""))
        flagged = COMPLIANCE if region in COMPLIANCE_REGIONS else ()
        margin = num(fact.get("contribution_margin"))
        if margin is None and revenue is not None and total is not None:
            margin = revenue - total
        if revenue is None and not lines:
            continue
        result.append(
            CostStructure(
                market=str(fact.get("market") or "—"),
                revenue=revenue,
                lines=lines,
                unrecorded_compliance=[c for c in unrecorded if c in flagged],
                unrecorded=[c for c in unrecorded if c not in flagged],
                total_costs=total,
                contribution_margin=margin,
                margin_rate=num(fact.get("margin_rate")) or _ratio(margin, revenue),
            )
        )
    return result


def market_rows(diagnosis: Diagnosis) -> list[MarketRow]:
    fields = [f for f in MarketRow.model_fields if f not in ("market", "region")]
    return [
        MarketRow(
            market=str(fact.get("market") or "—"),
            region=fact.get("region") if isinstance(fact.get("region"), str) else None,
            **{f: num(fact.get(f)) for f in fields},
        )
        for fact in diagnosis.facts.get("market", [])
    ]


def history(diagnosis: Diagnosis) -> dict[str, Any]:
    """The history fact (months_of_data, first_period, last_period), or an empty dict."""
    rows = diagnosis.facts.get("history") or []
    return dict(rows[0]) if rows else {}
