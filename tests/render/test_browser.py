"""The HTML as a reader sees it in headless Chromium, and the PDF as pdftotext reads it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import TODAY, needs_chromium, needs_pdftotext, open_in_chromium
from render_samples import sample_diagnosis

from diagnoser.render import write_report
from diagnoser.render.i18n import catalog

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@needs_chromium
def test_network_probe_sees_page_requests(tmp_path: Path) -> None:
    """Control: a page that does load a remote image shows up in the net log."""
    page = tmp_path / "probe.html"
    page.write_text('<img src="http://127.0.0.1:9/probe.png">')
    _, urls = open_in_chromium(page, tmp_path, height=300)
    assert "http://127.0.0.1:9/probe.png" in urls


@needs_chromium
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_renders_without_network(tmp_path: Path, lang: str) -> None:
    page = write_report(
        sample_diagnosis(lang, store_name="<script>alert(1)</script>"),
        tmp_path / f"report-{lang}.html",
        "html",
        lang=lang,
        generated_on=TODAY,
    )
    shot, urls = open_in_chromium(page, tmp_path)
    assert shot.read_bytes().startswith(PNG_MAGIC) and shot.stat().st_size > 50_000
    assert [u for u in urls if not u.startswith(("file:", "data:"))] == []


@needs_chromium
@needs_pdftotext
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_has_title_and_findings(tmp_path: Path, lang: str) -> None:
    d = sample_diagnosis(lang)
    pdf = write_report(d, tmp_path / "report.pdf", "pdf", lang=lang, generated_on=TODAY)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    flat = "".join(text.split())
    assert "".join(catalog(lang)["cover.title"].split()) in flat
    assert "".join(d.findings[0].title.split()) in flat
    if lang == "zh":
        assert "跨境店铺健康诊断报告" in flat and "最优先的三件事" in flat
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode()
    assert "(A4)" in pages
