"""The service-team toolkit: scaffold a rule, test it, document it, install it as a pack."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .test_cli_rules import run


def test_new_rule_validates_and_its_three_tests_pass(tmp_path: Path) -> None:
    pack = tmp_path / "team"
    created = run("rules", "new", "ACME001", "--stage", "cost", "--dir", str(pack))
    assert created.returncode == 0, created.stderr
    assert (pack / "cost" / "ACME001.yaml").is_file()
    tested = run("rules", "test", str(pack))
    assert tested.returncode == 0, tested.stdout
    assert tested.stdout.strip().splitlines()[-1] == "3 passed, 0 failed"
    again = run("rules", "new", "ACME001", "--stage", "cost", "--dir", str(pack))
    assert again.returncode == 2 and "already exists" in again.stderr


def test_new_rule_refuses_unknown_stage(tmp_path: Path) -> None:
    result = run("rules", "new", "ACME002", "--stage", "marketing", "--dir", str(tmp_path))
    assert result.returncode == 2 and "unknown stage" in result.stderr


def test_docs_write_a_page_per_rule_with_a_real_example(tmp_path: Path) -> None:
    pack = tmp_path / "team"
    run("rules", "new", "ACME001", "--stage", "cost", "--dir", str(pack))
    result = run("rules", "docs", "-o", str(tmp_path / "site"), "--rules", str(pack))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "ACME001.md").read_text(encoding="utf-8")
    assert "DE: 400 orders a month at a 4.0% contribution margin" in page
    assert "| `min_margin` | `0.1` | rule default |" in page
    assert "[ACME001](ACME001.md)" in (tmp_path / "site" / "index.md").read_text(encoding="utf-8")


def test_a_rule_pack_installed_as_a_package_is_listed(tmp_path: Path) -> None:
    """Entry-point group `diagnoser.rules`: a pack installed with pip joins the rule set."""
    package = tmp_path / "acme_rules"
    run("rules", "new", "ACME009", "--stage", "cost", "--dir", str(package))
    (package / "__init__.py").write_text("", encoding="utf-8")
    dist = tmp_path / "acme_rules-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: acme-rules\nVersion: 1.0\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(
        "[diagnoser.rules]\nacme = acme_rules\n", encoding="utf-8"
    )
    code = "import sys; sys.argv = ['diagnoser', 'rules', 'list']; from diagnoser.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tmp_path), "COLUMNS": "250", "PATH": ""},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "ACME009" in result.stdout and "package:acme" in result.stdout


def test_the_worked_example_in_the_docs_passes(tmp_path: Path) -> None:
    import re

    docs = Path(__file__).resolve().parents[2] / "docs"
    for name in ("writing-rules.md", "writing-rules.zh.md"):
        text = (docs / name).read_text(encoding="utf-8")
        rule = re.search(r"```yaml\n(id: ACME001.*?)```", text, re.S)
        assert rule, name
        pack = tmp_path / name / "traffic"
        pack.mkdir(parents=True)
        (pack / "ACME001.yaml").write_text(rule.group(1), encoding="utf-8")
        result = run("rules", "test", str(pack.parent))
        assert result.stdout.strip().splitlines()[-1] == "3 passed, 0 failed", result.stdout
