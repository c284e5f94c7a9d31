"""`diagnoser rules …` as a service team uses it; exit codes 0/1/2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import RULE_TEXT


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "diagnoser.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_rules_test_on_a_team_directory(write_rule) -> None:
    directory = write_rule(RULE_TEXT, "CMP001.yaml")
    result = run("rules", "test", str(directory))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "2 passed, 0 failed"


def test_a_failing_inline_test_prints_expected_and_actual(write_rule) -> None:
    directory = write_rule(
        RULE_TEXT.replace("expect: [{market: DE}]", "expect: [{market: FR}]"), "CMP001.yaml"
    )
    result = run("rules", "test", str(directory))
    assert result.returncode == 1
    assert 'expected: [{"market": "FR"}]' in result.stdout
    assert '"market": "DE"' in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "1 passed, 1 failed"


def test_forbidden_expression_exits_2_with_location(write_rule) -> None:
    directory = write_rule(
        RULE_TEXT.replace("m.orders >= params.min_orders", "__import__('os').system('x') == 0"),
        "CMP001.yaml",
    )
    for command in (["rules", "validate", str(directory)], ["rules", "test", str(directory)]):
        result = run(*command)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert (
            "CMP001.yaml" in result.stderr
            and "rule CMP001" in result.stderr
            and "line 12" in result.stderr
        )
        assert "__import__" in result.stderr


def test_attribute_call_exits_2(write_rule) -> None:
    directory = write_rule(
        RULE_TEXT.replace("m.region in params.regions", "m.region.lower() == 'eu'"), "CMP001.yaml"
    )
    result = run("rules", "validate", str(directory))
    assert result.returncode == 2
    assert "calls are not allowed" in result.stderr


def test_schema_is_json_schema_for_rule_files() -> None:
    result = run("rules", "schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "diagnoser rule file"
    assert {"id", "pattern", "stage", "severity", "when", "remediation", "owner"} <= set(
        schema["required"]
    )


def test_show_prints_the_engine_definition(write_rule) -> None:
    directory = write_rule(RULE_TEXT, "CMP001.yaml")
    result = run("rules", "show", "CMP001", "--rules", str(directory))
    assert result.returncode == 0, result.stderr
    assert '"b1$not"' in result.stdout


def test_unknown_command_is_a_usage_error() -> None:
    assert run("frobnicate").returncode == 2


def test_summary_mistakes_are_caught_by_validate_and_test(write_rule) -> None:
    bad_filter = write_rule(
        RULE_TEXT.replace("join('/') }}", "join('/') | bogus }}", 1), "CMP001.yaml"
    )
    result = run("rules", "validate", str(bad_filter))
    assert result.returncode == 2 and "bogus" in result.stderr and "line" in result.stderr


def test_a_summary_that_fails_on_real_facts_fails_its_test(tmp_path) -> None:
    pack = tmp_path / "p" / "cost"
    pack.mkdir(parents=True)
    (pack / "CMP001.yaml").write_text(
        RULE_TEXT.replace("{{ m.market }} had", "{{ m.orders / 0 }} had", 1), encoding="utf-8"
    )
    result = run("rules", "test", str(tmp_path / "p"))
    assert result.returncode == 1 and "ZeroDivisionError" in result.stdout


def test_text_arithmetic_is_refused(write_rule) -> None:
    directory = write_rule(
        RULE_TEXT.replace("m.region in params.regions", "m.market == 'a' * 100000000000"),
        "CMP001.yaml",
    )
    result = run("rules", "validate", str(directory))
    assert result.returncode == 2 and "numbers only" in result.stderr


def test_hidden_folders_of_a_pack_are_not_read(write_rule) -> None:
    directory = write_rule(RULE_TEXT, "CMP001.yaml")
    (directory / ".github" / "workflows").mkdir(parents=True)
    (directory / ".github" / "workflows" / "ci.yml").write_text(
        "on: push\njobs: {}\n", encoding="utf-8"
    )
    assert run("rules", "validate", str(directory)).returncode == 0
