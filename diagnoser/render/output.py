"""The public entry points: render a Diagnosis to bytes, or write it atomically to a file."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

from diagnoser.model import Diagnosis
from diagnoser.render.branding import Branding
from diagnoser.render.engine import render_template
from diagnoser.render.i18n import Messages
from diagnoser.render.pdf import html_to_pdf
from diagnoser.render.view import scrubbed, view_of_scrubbed

Format = Literal["md", "html", "json", "pdf"]
FORMATS: tuple[str, ...] = Format.__args__  # type: ignore[attr-defined]


def render(
    diagnosis: Diagnosis,
    fmt: Format,
    *,
    lang: str = "zh",
    branding: Branding | None = None,
    previous: dict[str, Any] | None = None,
    generated_on: dt.date | None = None,
) -> bytes:
    """The report as bytes (UTF-8 text for md/html/json)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    # Scrubbed once: the JSON rendering writes the very Diagnosis the view was built from.
    clean = scrubbed(diagnosis, Messages(lang)("common.redacted"))
    view = view_of_scrubbed(
        clean, lang=lang, branding=branding, previous=previous, generated_on=generated_on
    )
    if fmt == "json":
        data = clean.to_json_dict()
        data["report"] = view.model_dump(mode="json")
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "md":
        return render_template(view, "md").encode("utf-8")
    html = render_template(view, "html").encode("utf-8")
    return html_to_pdf(html) if fmt == "pdf" else html


def write_report(
    diagnosis: Diagnosis,
    path: str | os.PathLike[str],
    fmt: Format,
    *,
    lang: str = "zh",
    branding: Branding | None = None,
    previous: dict[str, Any] | None = None,
    generated_on: dt.date | None = None,
) -> Path:
    """Render, then write through a temporary file in the same folder and ``os.replace``.

    A failure at any point leaves neither a partial report nor the temporary file behind.
    """
    target = Path(path)
    data = render(
        diagnosis, fmt, lang=lang, branding=branding, previous=previous, generated_on=generated_on
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, _file_mode(target))  # mkstemp makes 0600; a report is for sharing
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target


def _file_mode(target: Path) -> int:
    """The mode of the report being replaced, else what the umask gives a new file."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
