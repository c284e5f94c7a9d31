"""`diagnoser check|demo|validate|facts|init` as a person runs them: outputs and exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DEMO = EXAMPLES / "demo-store"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "diagnoser.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_check_writes_each_format_and_language(tmp_path: Path, fmt: str, lang: str) -> None:
    target = tmp_path / f"report.{fmt}"
    result = run(
        "check", str(DEMO), "--format", fmt, "--lang", lang, "-o", str(target), "--fail-on", "none"
    )
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    if fmt == "json":
        report = json.loads(text)
        assert report["language"] == lang and report["findings"]
        assert list(report)[:4] == ["tool", "store", "period", "language"]
    else:
        assert ("目标市场" in text or "退货" in text) if lang == "zh" else "returns" in text.lower()
    assert "Traceback" not in result.stderr


def test_fail_on_sets_the_exit_code(tmp_path: Path) -> None:
    assert (
        run("check", str(DEMO), "--format", "json", "-o", str(tmp_path / "a.json")).returncode == 1
    )
    assert (
        run(
            "check",
            str(DEMO),
            "--format",
            "json",
            "-o",
            str(tmp_path / "b.json"),
            "--fail-on",
            "none",
        ).returncode
        == 0
    )
    healthy = run(
        "check",
        str(EXAMPLES / "healthy-store"),
        "--format",
        "json",
        "-o",
        str(tmp_path / "c.json"),
        "--fail-on",
        "high",
    )
    assert healthy.returncode == 0, healthy.stderr


def test_demo_writes_both_languages(tmp_path: Path) -> None:
    result = run("demo", "-o", str(tmp_path / "demo"))
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (tmp_path / "demo").iterdir()} >= {
        "report.zh.html",
        "report.en.html",
        "report.zh.md",
        "report.en.json",
    }


def _ten_errors(folder: Path) -> None:
    funnel = folder / "funnel.csv"
    lines = funnel.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    bad = {
        1: ("period", "2026-13"),
        2: ("market", "Germany-ish"),
        3: ("sessions", "lots"),
        4: ("orders", "-5"),
        5: ("add_to_cart", "1"),
    }
    for row, (column, value) in bad.items():
        cells = lines[row].split(",")
        cells[header.index(column)] = value
        lines[row] = ",".join(cells)
    lines.append(lines[6])  # duplicate key
    funnel.write_text("\n".join(lines) + "\n", encoding="utf-8")
    costs = folder / "costs.csv"
    lines = costs.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    for row, (column, value) in {
        1: ("category", "adverts"),
        2: ("amount", "abc"),
        3: ("currency", "XYZ"),
        4: ("period", "July"),
    }.items():
        cells = lines[row].split(",")
        cells[header.index(column)] = value
        lines[row] = ",".join(cells)
    costs.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_ten_errors_are_all_reported_and_no_report_is_written(tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(EXAMPLES / "healthy-store", store)
    _ten_errors(store)
    target = tmp_path / "report.html"
    result = run("check", str(store), "--format", "html", "-o", str(target))
    assert result.returncode == 2
    assert not target.exists() and not list(tmp_path.glob("*.tmp*"))
    problems = [line for line in result.stderr.splitlines() if line.startswith("  - ")]
    assert len(problems) >= 10, result.stderr
    for needle in (
        "row 2, column 'period'",
        "column 'market'",
        "column 'sessions'",
        "column 'orders'",
        "add_to_cart",
        "column 'category'",
        "ads",
        "column 'amount'",
        "XYZ",
        "same period × market × channel as row 7",
    ):
        assert needle in result.stderr, needle
    assert "Traceback" not in result.stderr
    validated = run("validate", str(store))
    assert validated.returncode == 2 and validated.stderr == result.stderr


def test_mixed_currencies_without_a_rate_exit_2(tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(EXAMPLES / "healthy-store", store)
    (store / "fx.csv").unlink()
    result = run("check", str(store), "--format", "json", "-o", str(tmp_path / "r.json"))
    assert result.returncode == 2
    assert "no exchange rate for EUR" in result.stderr and "period" in result.stderr
    assert not (tmp_path / "r.json").exists()


def test_validate_facts_and_init(tmp_path: Path) -> None:
    assert run("validate", str(DEMO)).returncode == 0
    catalog = run("facts")
    assert (
        catalog.returncode == 0
        and "`market`" in catalog.stdout
        and "contribution_margin" in catalog.stdout
    )
    facts = [
        json.loads(line)
        for line in run("facts", str(EXAMPLES / "high-landing-bounce")).stdout.splitlines()
    ]
    (de_shopify,) = [
        f
        for f in facts
        if f["type"] == "funnel" and f["market"] == "DE" and f["channel"] == "shopify"
    ]
    assert de_shopify["bounce_rate"] == pytest.approx(0.71, abs=0.005)
    created = run("init", str(tmp_path / "client"))
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "client" / "store.yaml").is_file()
    assert run("init", str(tmp_path / "client")).returncode == 2


def test_compare_lists_a_resolved_finding_after_the_data_is_fixed(tmp_path: Path) -> None:
    broken = tmp_path / "store"
    shutil.copytree(EXAMPLES / "missing-compliance-costs", broken)
    before = tmp_path / "before.json"
    assert (
        run(
            "check", str(broken), "--format", "json", "-o", str(before), "--fail-on", "none"
        ).returncode
        == 0
    )
    fixed = tmp_path / "fixed"
    shutil.copytree(EXAMPLES / "healthy-store", fixed)
    shutil.copyfile(broken / "store.yaml", fixed / "store.yaml")
    after = tmp_path / "after.json"
    result = run(
        "check",
        str(fixed),
        "--format",
        "json",
        "-o",
        str(after),
        "--compare",
        str(before),
        "--fail-on",
        "none",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(after.read_text(encoding="utf-8"))
    text = json.dumps(report["report"], ensure_ascii=False)
    assert "resolved" in text and "CMP001" in text


def test_user_mistakes_on_the_command_line_exit_2_with_a_message(tmp_path: Path) -> None:
    fake = tmp_path / "previous.json"
    fake.write_text('{"findings": 3}', encoding="utf-8")
    compare = run("check", str(DEMO), "--compare", str(fake), "--fail-on", "none")
    assert compare.returncode == 2 and "not a diagnoser JSON report" in compare.stderr
    folder = tmp_path / "out"
    folder.mkdir()
    into_dir = run("check", str(DEMO), "-f", "json", "-o", str(folder), "--fail-on", "none")
    assert into_dir.returncode == 2 and "is a folder" in into_dir.stderr
    config = tmp_path / "client.toml"
    config.write_text('fail_on = "none"\n[rules]\nselect = ["CMPX"]\n', encoding="utf-8")
    typo = run(
        "check", str(DEMO), "-f", "json", "-o", str(tmp_path / "r.json"), "--config", str(config)
    )
    assert typo.returncode == 2 and "'CMPX' matches no rule" in typo.stderr
    config.write_text('fail_on = "none"\n', encoding="utf-8")
    assert (
        run(
            "check",
            str(DEMO),
            "-f",
            "json",
            "-o",
            str(tmp_path / "r.json"),
            "--config",
            str(config),
        ).returncode
        == 0
    )
    for stderr in (compare.stderr, into_dir.stderr, typo.stderr):
        assert "Traceback" not in stderr and "internal error" not in stderr
