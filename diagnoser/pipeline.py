"""The health check as one function: read → facts → evaluate → prioritise.

Rendering is separate (:mod:`diagnoser.render`); the CLI and the tests both call
:func:`diagnose`, so there is one pipeline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from diagnoser import __version__
from diagnoser.bundle.model import Bundle
from diagnoser.config import Config
from diagnoser.evaluate import evaluate_rules
from diagnoser.facts import derive_facts
from diagnoser.facts.catalog import field_labels
from diagnoser.findings import FindingContext, build_finding
from diagnoser.model import Diagnosis, Period, RuleNote, Skipped, ToolInfo
from diagnoser.prioritise import prioritise
from diagnoser.rules.ruleset import RuleSet, build_rule_set
from diagnoser.sources import read_store


def diagnose(
    source: str | Path | Bundle,
    *,
    rule_dirs: list[Path] | None = None,
    config: Config | None = None,
    lang: str | None = None,
    builtin_rules: bool = True,
    rule_set: RuleSet | None = None,
) -> Diagnosis:
    """Run a health check on a store bundle (a folder or workbook path, or a loaded Bundle)."""
    config = config or Config()
    if isinstance(source, Bundle):
        bundle, inputs = (
            source,
            [
                {"file": v, "status": "used", "format": k, "reason": None}
                for k, v in source.sources.items()
            ],
        )
    else:
        bundle, report = read_store(Path(source))
        inputs = report.inputs()
    language = lang or config.language or bundle.store.language or "zh"
    facts = derive_facts(bundle, window_months=config.window_months)
    rule_set = rule_set or build_rule_set(list(rule_dirs or []), config, builtin=builtin_rules)
    outcomes = evaluate_rules(rule_set.rules, facts)

    by_type: dict[str, list[dict[str, Any]]] = {}
    for fact in facts:
        by_type.setdefault(str(fact["type"]), []).append(fact)
    data_quality = [dict(f) for f in by_type.get("data_quality", [])]
    context = FindingContext(
        lang=language,
        currency=bundle.store.report_currency,
        stage_owners=bundle.store.stage_owners,
        data_quality=data_quality,
        param_sources=rule_set.param_sources,
        **_catalog_labels(),
    )
    findings = [build_finding(o.rule, match, context) for o in outcomes for match in o.matches]
    monthly_revenue = sum(float(m.get("revenue") or 0.0) for m in by_type.get("market", [])) or None
    history = (by_type.get("history") or [{}])[0]
    return Diagnosis(
        tool=ToolInfo(version=__version__),
        store={
            "name": bundle.store.name,
            "currency": bundle.store.report_currency,
            "markets": [m.code for m in bundle.store.markets],
            "platforms": bundle.store.platforms,
        },
        period=Period(start=history.get("first_period"), end=history.get("last_period")),
        language=language,
        findings=prioritise(findings, monthly_revenue),
        passed=sorted(o.rule.id for o in outcomes if o.status == "passed"),
        skipped=[
            Skipped(rule_id=o.rule.id, reason=o.reason or "")
            for o in outcomes
            if o.status == "skipped"
        ],
        data_quality=data_quality,
        rule_notes=[RuleNote(rule_id=rule_id, note=note) for rule_id, note in rule_set.notes],
        inputs=inputs,
        thresholds=rule_set.thresholds,
        facts=by_type,
    )


def _catalog_labels() -> dict[str, Any]:
    """Field labels and units from the fact catalog, for evidence tables."""
    labels, units = field_labels()
    return {"labels": labels, "units": units}
