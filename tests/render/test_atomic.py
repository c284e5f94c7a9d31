"""write_report writes a whole report or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_samples import sample_diagnosis

import diagnoser.render.output as output
from diagnoser.errors import UsageError
from diagnoser.render import write_report


def test_writes_the_report(tmp_path: Path) -> None:
    target = write_report(sample_diagnosis("zh"), tmp_path / "sub" / "report.md", "md", lang="zh")
    assert target.read_text(encoding="utf-8").startswith("# 跨境店铺健康诊断报告")
    assert [p.name for p in target.parent.iterdir()] == ["report.md"]


def test_render_failure_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr(output, "render_template", broken)
    with pytest.raises(RuntimeError):
        write_report(sample_diagnosis("en"), tmp_path / "report.html", "html", lang="en")
    assert list(tmp_path.iterdir()) == []


def test_failed_rename_keeps_the_old_report_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text("previous run")

    def broken_replace(src: str, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(output.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_report(sample_diagnosis("en"), target, "json", lang="en")
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    assert target.read_text() == "previous run"


def test_pdf_without_chromium_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIAGNOSER_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(UsageError, match="Chromium"):
        write_report(sample_diagnosis("zh"), tmp_path / "out" / "report.pdf", "pdf", lang="zh")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_report_gets_normal_file_permissions(tmp_path: Path) -> None:
    import os

    umask = os.umask(0o022)
    try:
        target = write_report(sample_diagnosis("en"), tmp_path / "report.md", "md", lang="en")
        assert target.stat().st_mode & 0o777 == 0o644
        target.chmod(0o640)
        write_report(sample_diagnosis("en"), target, "md", lang="en")
        assert target.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)
