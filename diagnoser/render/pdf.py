"""PDF from the report HTML with headless Chromium (Debian package ``chromium``).

Chromium renders the same HTML a reader opens, CJK text included via fonts-noto-cjk; it
runs with a throwaway profile and networking features off.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from diagnoser.errors import UsageError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
)
TIMEOUT_SECONDS = 120


def chromium_binary() -> str | None:
    override = os.environ.get("DIAGNOSER_CHROMIUM")
    if override:
        return override
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


def html_to_pdf(html: bytes) -> bytes:
    """Print ``html`` to an A4 PDF (page size comes from the report's print stylesheet)."""
    binary = chromium_binary()
    if binary is None:
        raise UsageError(
            "--format pdf needs Chromium; on Debian: apt-get install chromium fonts-noto-cjk"
        )
    with tempfile.TemporaryDirectory(prefix="diagnoser-pdf-") as tmp:
        page, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        page.write_bytes(html)
        command = [
            binary,
            *FLAGS,
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise UsageError(
                f"Chromium did not finish printing the PDF in {TIMEOUT_SECONDS} s"
            ) from exc
        except OSError as exc:
            raise UsageError(f"Chromium could not be started ({binary}): {exc}") from exc
        if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            tail = done.stderr.decode(errors="replace")[-500:]
            raise UsageError(f"Chromium could not print the PDF (exit {done.returncode}): {tail}")
        return out.read_bytes()
