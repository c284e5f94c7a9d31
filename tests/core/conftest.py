from __future__ import annotations

from pathlib import Path

import pytest

from diagnoser.rules.loader import LoadedRule, parse_rule

RULE_TEXT = (Path(__file__).parent / "data" / "CMP001.yaml").read_text(encoding="utf-8")


@pytest.fixture
def write_rule(tmp_path: Path):
    """Write a rule file (text) into a fresh rule dir and return the dir."""

    def write(text: str, name: str = "rule.yaml") -> Path:
        directory = tmp_path / "team-rules" / "cost"
        directory.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text, encoding="utf-8")
        return tmp_path / "team-rules"

    return write


@pytest.fixture
def cmp001(write_rule) -> LoadedRule:
    directory = write_rule(RULE_TEXT, "CMP001.yaml")
    return parse_rule(directory / "cost" / "CMP001.yaml", "team")
