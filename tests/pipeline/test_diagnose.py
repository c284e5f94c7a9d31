"""The whole pipeline on the example stores: deterministic, complete, honest about skips."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pandas as pd
import pytest

from diagnoser import diagnose
from diagnoser.bundle import load_bundle

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STORES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "store.yaml").is_file())


def _comparable(diagnosis) -> list[tuple]:
    return [
        (f.rule_id, f.scope.market, f.scope.channel, f.priority_score, f.impact.amount, f.summary)
        for f in diagnosis.findings
    ]


@pytest.mark.parametrize("store", STORES)
def test_shuffled_rows_give_the_same_findings_in_the_same_order(store: str, tmp_path: Path) -> None:
    shuffled = tmp_path / store
    shutil.copytree(EXAMPLES / store, shuffled)
    for table in ("funnel.csv", "costs.csv", "orders.csv"):
        path = shuffled / table
        if path.is_file():
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            frame.sample(frac=1.0, random_state=42).to_csv(path, index=False)
    original, reordered = diagnose(EXAMPLES / store, lang="en"), diagnose(shuffled, lang="en")
    assert _comparable(reordered) == _comparable(original)
    assert reordered.passed == original.passed


def test_findings_are_in_priority_order_with_ties_broken_by_rule_and_scope() -> None:
    for store in STORES:
        findings = diagnose(EXAMPLES / store, lang="en").findings
        keys = [
            (-f.priority_score, f.rule_id, f.scope.market or "", f.scope.channel or "")
            for f in findings
        ]
        assert keys == sorted(keys)


PILOT_RULE = """
id: TEAM001
pattern: pilot_over_budget
stage: traffic
severity: low
title: {en: Pilot, zh: 试点}
summary: {en: "{{ p.market }}", zh: "{{ p.market }}"}
when:
  - pilot p: p.budget > 0
remediation: {en: [x], zh: [x]}
owner: ads
"""


def test_rules_without_their_facts_are_skipped_not_passed(tmp_path: Path) -> None:
    (tmp_path / "traffic").mkdir()
    (tmp_path / "traffic" / "TEAM001.yaml").write_text(PILOT_RULE, encoding="utf-8")
    bundle = load_bundle(EXAMPLES / STORES[0])
    bundle.store.pilots = []
    diagnosis = diagnose(bundle, lang="en", rule_dirs=[tmp_path])
    skipped = {s.rule_id: s.reason for s in diagnosis.skipped}
    assert skipped["TEAM001"] == "no pilot facts in the data"
    assert "TEAM001" not in diagnosis.passed
    assert any(n.rule_id == "TEAM001" for n in diagnosis.rule_notes) is False


def test_many_stores_in_one_process_keep_threads_flat() -> None:
    diagnose(EXAMPLES / STORES[0], lang="en")
    before = threading.active_count()
    for index in range(10):
        diagnose(EXAMPLES / STORES[index % len(STORES)], lang="en")
    assert threading.active_count() == before
