"""The report model: everything the four renderings show, computed once from a Diagnosis.

Templates only lay this out and format it; the JSON rendering serialises it under the
``report`` key. Numbers stay raw here so JSON readers get numbers, not locale text.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from pydantic import BaseModel, Field

from diagnoser.model import Diagnosis, Evidence, Finding
from diagnoser.render import facts
from diagnoser.render.branding import DEFAULT_ACCENT, Branding
from diagnoser.render.compare import Changes, compare, finding_key
from diagnoser.render.i18n import Messages
from diagnoser.render.scoring import band, overall_score, stage_score
from diagnoser.render.scrub import scrub_tree
from diagnoser.stages import STAGE_NAMES, STAGES

PRIORITIES = ("P0", "P1", "P2", "P3")
PLAN_WINDOW = {"P0": "week1", "P1": "week2", "P2": "week3_4", "P3": "later"}
TOP_ACTIONS = 3
# Reconciliation checks of diagnoser/facts/quality.py, translated in the catalogs.
QUALITY_KINDS = (
    "sessions_below_orders", "add_to_cart_below_orders", "checkouts_below_orders", "period_gap",
    "costs_without_funnel", "orders_mismatch", "revenue_mismatch",
)  # fmt: skip


class Cover(BaseModel):
    store_name: str
    period_start: str | None
    period_end: str | None
    months_of_data: float | None
    window_start: str | None = None  # the latest window every monthly average is taken over
    window_end: str | None = None
    window_months: float | None = None
    first_period: str | None
    last_period: str | None
    markets: list[str]
    channels: list[str]
    checks_run: int
    tool_version: str
    agency_name: str | None
    logo_data_uri: str | None = Field(None, exclude=True)
    accent_color: str


class StageScore(BaseModel):
    stage: str
    name: str
    score: int
    band: str
    findings: int


class Health(BaseModel):
    overall: int
    band: str
    stages: list[StageScore]


class FindingView(BaseModel):
    key: str
    anchor: str
    rule_id: str
    pattern: str
    priority: str
    window: str  # the 30-day plan's window for this priority (PLAN_WINDOW)
    severity: str
    stage: str
    stage_name: str
    market: str | None
    channel: str | None
    title: str
    summary: str
    evidence: list[Evidence]
    impact_amount: float | None
    impact_basis: str
    currency: str
    confidence: float
    confidence_band: str
    remediation: list[str]
    owner: str
    rule_source: str


class PlanItem(BaseModel):
    """One finding's remediation steps, due in the window its priority sets."""

    window: str
    priority: str
    anchor: str
    title: str
    scope: str  # market · channel, "" when store-wide
    steps: list[str]


class OwnerPlan(BaseModel):
    owner: str
    items: list[PlanItem]


class Note(BaseModel):
    """A data-quality note; a ``kind`` in QUALITY_KINDS is shown as a translated sentence."""

    severity: str
    message: str
    fix: str | None
    where: str | None
    kind: str | None = None
    count: float | None = None
    period: str | None = None
    value: float | None = None
    expected: float | None = None

    @property
    def known(self) -> bool:
        return self.kind in QUALITY_KINDS


class Threshold(BaseModel):
    rule_id: str
    param: str
    value: Any
    source: str | None
    client: bool


class ReportView(BaseModel):
    lang: str
    generated_on: str
    currency: str
    cover: Cover
    health: Health
    top_actions: list[FindingView]
    funnels: list[facts.Funnel]
    costs: list[facts.CostStructure]
    markets: list[facts.MarketRow]
    findings: list[FindingView]
    plan: list[OwnerPlan]
    data_quality: list[Note]
    skipped: list[dict[str, str]]
    rule_notes: list[dict[str, str]]
    passed: list[str]
    thresholds: list[Threshold]
    sources: list[str]
    changes: Changes | None

    def findings_by_priority(self) -> list[tuple[str, list[FindingView]]]:
        return [
            (p, [f for f in self.findings if f.priority == p])
            for p in PRIORITIES
            if any(f.priority == p for f in self.findings)
        ]


def scrubbed(diagnosis: Diagnosis, replacement: str) -> Diagnosis:
    """A copy with emails and phone numbers removed from every text field (facts kept)."""
    data = scrub_tree(diagnosis.to_json_dict(), replacement)
    return Diagnosis.model_validate({**data, "facts": diagnosis.facts})


def _order(finding: Finding) -> tuple[int, float, float]:
    impact = finding.impact.amount if finding.impact.amount is not None else float("-inf")
    return (PRIORITIES.index(finding.priority), -finding.priority_score, -impact)


def _shown_evidence(e: Evidence) -> Evidence:
    """``e`` in the unit it is shown in; copied only when that differs, as few do."""
    unit = facts.evidence_unit(e.field, e.unit)
    return e if unit == e.unit else e.model_copy(update={"unit": unit})


def _finding_view(f: Finding, lang: str, t: Messages) -> FindingView:
    key = finding_key(f)
    return FindingView(
        key=key,
        anchor="f-" + "".join(c if c.isalnum() else "-" for c in key.lower()),
        rule_id=f.rule_id,
        pattern=f.pattern,
        priority=f.priority,
        window=PLAN_WINDOW[f.priority],
        severity=f.severity,
        stage=f.stage,
        stage_name=STAGE_NAMES.get(f.stage, {}).get(lang, f.stage),
        market=f.scope.market,
        channel=f.scope.channel,
        title=f.title,
        summary=f.summary,
        evidence=[_shown_evidence(e) for e in f.evidence],
        impact_amount=f.impact.amount,
        impact_basis=f.impact.basis,
        currency=f.impact.currency,
        confidence=f.confidence,
        confidence_band="high"
        if f.confidence >= 0.8
        else "medium"
        if f.confidence >= 0.5
        else "low",
        remediation=f.remediation,
        owner=t.get(
            f"owner.{f.owner.strip().lower()}", f.owner
        ),  # role keys of the rules, translated
        rule_source=f.rule_source,
    )


def _plan(findings: list[FindingView], unassigned: str) -> list[OwnerPlan]:
    by_owner: dict[str, list[PlanItem]] = defaultdict(list)
    for f in findings:
        if f.remediation:
            item = PlanItem(
                window=PLAN_WINDOW[f.priority],
                priority=f.priority,
                anchor=f.anchor,
                title=f.title,
                scope=" · ".join(x for x in (f.market, f.channel) if x),
                steps=f.remediation,
            )
            by_owner[f.owner.strip() or unassigned].append(item)
    return [OwnerPlan(owner=owner, items=items) for owner, items in by_owner.items()]


def _note(row: dict[str, Any]) -> Note:
    keys = ("market", "channel", "metric", "file", "sheet", "row", "column", "rule_id")
    where = " · ".join(str(row[k]) for k in keys if row.get(k) not in (None, ""))
    message = row.get("message") or row.get("note") or row.get("text")
    message = message or "; ".join(f"{k}: {v}" for k, v in row.items() if k not in ("id", "type"))
    return Note(
        severity=str(row.get("severity") or "warning"),
        message=str(message),
        fix=row.get("fix") or None,
        where=where or None,
        kind=row.get("kind") if isinstance(row.get("kind"), str) else None,
        count=facts.num(row.get("count")),
        period=row.get("period") if isinstance(row.get("period"), str) else None,
        value=facts.num(row.get("value")),
        expected=facts.num(row.get("expected")),
    )


# Threshold sources that cite nothing: left out of the list of benchmark sources.
NOT_A_SOURCE = ("rule default", "client config")


def _sources(diagnosis: Diagnosis) -> list[str]:
    seen: dict[str, None] = {}
    for row in diagnosis.thresholds:
        if row.get("source"):
            seen.setdefault(str(row["source"]), None)
    for f in diagnosis.findings:
        for ev in f.evidence:
            if ev.source:
                seen.setdefault(ev.source, None)
    return [s for s in seen if s not in NOT_A_SOURCE]


def _currency(d: Diagnosis) -> str:
    code = d.store.get("report_currency") or d.store.get("currency")
    return str(code or (d.findings[0].impact.currency if d.findings else "USD"))


def build_view(
    diagnosis: Diagnosis,
    *,
    lang: str = "zh",
    branding: Branding | None = None,
    previous: dict[str, Any] | None = None,
    generated_on: dt.date | None = None,
) -> ReportView:
    """The report model of ``diagnosis``, its free text scrubbed first."""
    d = scrubbed(diagnosis, Messages(lang)("common.redacted"))
    return view_of_scrubbed(
        d, lang=lang, branding=branding, previous=previous, generated_on=generated_on
    )


def view_of_scrubbed(
    d: Diagnosis,
    *,
    lang: str = "zh",
    branding: Branding | None = None,
    previous: dict[str, Any] | None = None,
    generated_on: dt.date | None = None,
) -> ReportView:
    """The report model of a Diagnosis already through ``scrubbed``, so that ``render`` can
    write that same Diagnosis as JSON without scrubbing a large report a second time."""
    t = Messages(lang)
    findings = [_finding_view(f, lang, t) for f in sorted(d.findings, key=_order)]
    hist = facts.history(d)
    funnel_facts = d.facts.get("funnel", [])
    markets = [str(m.get("market")) for m in d.facts.get("market", []) if m.get("market")]
    markets = markets or sorted({str(f["market"]) for f in funnel_facts if f.get("market")})
    store = (d.facts.get("store") or [{}])[0]
    branding = branding or Branding()
    overall = overall_score(d.findings)
    return ReportView(
        lang=lang,
        generated_on=(generated_on or dt.date.today()).isoformat(),
        currency=_currency(d),
        cover=Cover(
            store_name=str(d.store.get("name") or t("cover.unnamed_store")),
            period_start=d.period.start,
            period_end=d.period.end,
            months_of_data=facts.num(hist.get("months_of_data")),
            first_period=hist.get("first_period"),
            last_period=hist.get("last_period"),
            window_start=store.get("window_start") or None,
            window_end=store.get("window_end") or None,
            window_months=facts.num(store.get("window_months")),
            markets=markets,
            channels=sorted({str(f["channel"]) for f in funnel_facts if f.get("channel")}),
            checks_run=len(
                {f.rule_id for f in d.findings} | set(d.passed) | {s.rule_id for s in d.skipped}
            ),
            tool_version=d.tool.version,
            agency_name=branding.agency_name,
            logo_data_uri=branding.logo_data_uri(),
            accent_color=branding.accent_color,
        ),
        health=Health(
            overall=overall,
            band=band(overall),
            stages=[
                StageScore(
                    stage=s,
                    name=STAGE_NAMES[s][lang],
                    score=(score := stage_score(d.findings, s)),
                    band=band(score),
                    findings=sum(f.stage == s for f in d.findings),
                )
                for s in STAGES
            ],
        ),
        top_actions=findings[:TOP_ACTIONS],
        funnels=facts.funnels(d),
        costs=facts.cost_structures(d),
        markets=facts.market_rows(d),
        findings=findings,
        plan=_plan(findings, t("plan.unassigned")),
        data_quality=[_note(row) for row in d.data_quality],
        skipped=[s.model_dump() for s in d.skipped],
        rule_notes=[n.model_dump() for n in d.rule_notes],
        passed=list(d.passed),
        thresholds=[
            Threshold(
                rule_id=str(r.get("rule_id", "")),
                param=str(r.get("param", "")),
                value=r.get("value"),
                source=r.get("source"),
                client=bool(r.get("client")),
            )
            for r in d.thresholds
        ],
        sources=_sources(d),
        changes=compare(d, previous) if previous is not None else None,
    )


__all__ = ["DEFAULT_ACCENT", "ReportView", "build_view", "scrubbed", "view_of_scrubbed"]
