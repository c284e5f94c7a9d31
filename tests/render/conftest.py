"""Fixtures for report tests: the sample diagnosis and a headless-Chromium runner."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from render_samples import sample_diagnosis

from diagnoser.model import Diagnosis
from diagnoser.render.pdf import chromium_binary

TODAY = dt.date(2026, 11, 26)
LANGS = ("zh", "en")
BROWSER_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)

needs_chromium = pytest.mark.skipif(
    chromium_binary() is None, reason="chromium not installed (apt-get install chromium)"
)
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext not installed (apt-get install poppler-utils)",
)


@pytest.fixture(params=LANGS)
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def diagnosis(lang: str) -> Diagnosis:
    return sample_diagnosis(lang)


def open_in_chromium(
    html_path: Path, out_dir: Path, *, height: int = 2400
) -> tuple[Path, list[str]]:
    """Screenshot ``html_path``; return the PNG and every URL the page itself requested.

    Chromium's own background requests (update checks, sign-in) carry the initiator
    "not an origin" in the net log; requests made by the page carry the page's origin
    ("null" for file://), so only those are returned.
    """
    shot, netlog = out_dir / f"{html_path.stem}.png", out_dir / f"{html_path.stem}.netlog.json"
    command = [
        str(chromium_binary()),
        *BROWSER_FLAGS,
        f"--user-data-dir={out_dir / 'profile'}",
        f"--log-net-log={netlog}",
        f"--screenshot={shot}",
        f"--window-size=1280,{height}",
        html_path.as_uri(),
    ]
    subprocess.run(command, capture_output=True, timeout=120, check=False)
    log = json.loads(netlog.read_text())
    event_names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    starts = [
        e.get("params", {})
        for e in log["events"]
        if event_names.get(e["type"]) == "URL_REQUEST_START_JOB"
    ]
    return shot, [p["url"] for p in starts if "url" in p and p.get("initiator") != "not an origin"]
