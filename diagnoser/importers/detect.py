"""Recognise an export by its header row, wherever the preamble put it.

File names lie (``orders_export_1 (3).csv``, ``下载.csv``); header signatures do not. Every
registered importer is scored on each of the first rows; the best complete match wins, and
an incomplete best match names the closest format and the columns that were missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from diagnoser.importers._common import norm_header
from diagnoser.importers.base import REGISTRY, ImporterSpec
from diagnoser.importers.sniff import LEGACY_ENCODINGS, RawFile, Source, open_raw


@dataclass
class Detection:
    """What a file is (``format`` None when nothing matched completely) and why."""

    path: Path
    format: str | None
    score: float  # share of the closest format's required columns found
    closest: str | None
    missing: list[str] = field(default_factory=list)
    header_row: int | None = None
    encoding: str | None = None
    delimiter: str | None = None
    reason: str = ""


@dataclass
class _Best:
    spec: ImporterSpec
    row: int
    found: dict[str, str]
    positions: dict[str, int]
    missing: list[str]

    @property
    def score(self) -> float:
        total = len(self.spec.requirements())
        return (total - len(self.missing)) / total if total else 0.0

    def key(self) -> tuple[int, float, int, int]:
        return (int(not self.missing), self.score, len(self.found), -self.spec.rank)


def _best_match(raw: RawFile) -> _Best | None:
    """Score every importer on each row down to the first row some importer fully matches
    (the header: preambles come before it, data after it)."""
    best: _Best | None = None
    for index, row in enumerate(raw.rows):
        if sum(1 for cell in row if cell.strip()) < 2:
            continue
        normed = [norm_header(cell) for cell in row]
        for spec in REGISTRY.values():
            found, missing = spec.match(row, normed)
            if not found:
                continue
            positions = {key: row.index(header) for key, header in found.items()}
            candidate = _Best(spec, index, found, positions, missing)
            if best is None or candidate.key() > best.key():
                best = candidate
        if best is not None and not best.missing:
            break
    return best


def _locate(path: Path) -> tuple[Detection, Source | None]:
    try:
        raw = open_raw(path)
    except Exception as exc:  # unreadable workbook, permissions, …
        return Detection(path, None, 0.0, None, reason=f"cannot be read: {exc}"), None
    best = _best_match(raw)
    if raw.encoding in LEGACY_ENCODINGS and (best is None or best.missing):
        for other in LEGACY_ENCODINGS:
            if other == raw.encoding:
                continue
            try:
                candidate_raw = open_raw(path, other)
            except (UnicodeDecodeError, LookupError):
                continue
            candidate = _best_match(candidate_raw)
            if candidate is not None and (best is None or candidate.key() > best.key()):
                raw, best = candidate_raw, candidate
    if not raw.rows:
        return Detection(path, None, 0.0, None, reason="the file is empty"), None
    if best is None:
        detection = Detection(
            path,
            None,
            0.0,
            None,
            encoding=raw.encoding,
            delimiter=raw.delimiter,
            reason="no row looks like the header of any known export",
        )
        return detection, None
    detection = Detection(
        path,
        best.spec.name if not best.missing else None,
        round(best.score, 3),
        best.spec.name,
        best.missing,
        best.row,
        raw.encoding,
        raw.delimiter,
        ""
        if not best.missing
        else "closest to " + best.spec.name + "; missing " + ", ".join(best.missing),
    )
    if best.missing:
        return detection, None
    loaded = {c.key for c in best.spec.columns if c.read}
    positions = {k: v for k, v in best.positions.items() if k in loaded}
    source = Source(raw, best.row, positions, best.found, fast=best.spec.fast)
    return detection, source


def detect(path: str | Path) -> Detection:
    """Recognise ``path`` by content: the format, its score, the closest format and the
    required columns that did not match."""
    return _locate(Path(path))[0]
