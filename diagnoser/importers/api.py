"""Import one file or a whole folder of exports into canonical tables.

A folder is what sellers hand over: exports plus ``store.yaml`` and maybe a README. Every
file is accounted for: imported, skipped on purpose (with the reason), or unrecognised
(with the closest format and the columns that did not match) — never silently ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from diagnoser.errors import Problem
from diagnoser.importers.base import REGISTRY, Options, Tables, warn
from diagnoser.importers.detect import Detection, _locate

SKIP_NAMES = re.compile(
    r"^(store\.ya?ml|readme(\..*)?|license(\..*)?|\.ds_store|thumbs\.db|desktop\.ini)$", re.I
)
DATA_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


@dataclass
class ImportResult:
    """One file's canonical tables (None where the format fills nothing) and its problems."""

    format: str
    source: str
    funnel: pd.DataFrame | None = None
    costs: pd.DataFrame | None = None
    orders: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    detection: Detection | None = None


@dataclass
class FolderImport:
    """Every file of a folder: imported, unrecognised (path, closest, reason) or skipped."""

    results: list[ImportResult]
    unrecognised: list[tuple[Path, str | None, str]]
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def import_file(path: str | Path, options: Options | None = None) -> ImportResult:
    """Recognise ``path`` by content and read it into canonical tables.

    Raises :class:`~diagnoser.errors.InputError` when the file matches no known export,
    naming the closest format and the missing columns.
    """
    from diagnoser.errors import InputError

    path = Path(path)
    detection, source = _locate(path)
    if source is None or detection.format is None:
        problem = Problem(
            code="unrecognised_export",
            message=detection.reason,
            fix="export the report with its default columns; docs/importers.md lists the formats",
            file=path.name,
        )
        raise InputError(f"{path.name} is not an export diagnoser knows", [problem])
    spec = REGISTRY[detection.format]
    tables: Tables = spec.read(source, options or Options())
    if all(t is None or t.empty for t in (tables.funnel, tables.costs, tables.orders)):
        message = "the export has a header but no data rows that could be used"
        tables.problems.append(warn("empty_export", message, file=path.name))
    return ImportResult(
        spec.name, path.name, tables.funnel, tables.costs, tables.orders, tables.problems, detection
    )


def _periods(result: ImportResult) -> set[str]:
    found: set[str] = set()
    for frame in (result.funnel, result.costs):
        if frame is not None and len(frame):
            found |= {p for p in frame["period"].dropna().unique() if p != "unknown"}
    return found


def import_folder(directory: str | Path, options: Options | None = None) -> FolderImport:
    """Import every export under ``directory``.

    Files without dates (the Business Report by child item) take the period the dated files
    agree on when they agree on exactly one month; otherwise ``Options.period``.
    """
    from diagnoser.errors import InputError

    options = options or Options()
    results: list[ImportResult] = []
    unrecognised: list[tuple[Path, str | None, str]] = []
    skipped: list[tuple[Path, str]] = []
    undated: list[Path] = []
    for path in sorted(p for p in Path(directory).rglob("*") if p.is_file()):
        if SKIP_NAMES.match(path.name):
            skipped.append((path, "store profile / documentation, not an export"))
            continue
        if path.name.startswith((".", "~$")):
            skipped.append((path, "hidden or Excel lock file"))
            continue
        if path.suffix.lower() not in DATA_SUFFIXES:
            unrecognised.append(
                (path, None, f"'{path.suffix}' files are not exports diagnoser reads")
            )
            continue
        detection = _locate(path)[0]
        if detection.format is None:
            unrecognised.append((path, detection.closest, detection.reason))
            continue
        if not REGISTRY[detection.format].dated and options.period is None:
            undated.append(path)
            continue
        try:
            results.append(import_file(path, options))
        except InputError as exc:
            unrecognised.append((path, detection.closest, exc.message))
        except Exception as exc:  # a damaged file must be named, not crash the folder
            reason = f"recognised as {detection.format} but could not be read: {exc}"
            unrecognised.append((path, detection.format, reason))
    if undated:
        periods = set().union(*(_periods(r) for r in results)) if results else set()
        period = periods.pop() if len(periods) == 1 else None
        for path in undated:
            result = import_file(path, replace(options, period=period))
            if period:
                message = f"the file has no dates; filed under {period}, the other files' month"
                fix = "pass the period explicitly if the report covers another month"
                result.problems.append(warn("period_inferred", message, fix, file=path.name))
            results.append(result)
    return FolderImport(results, unrecognised, skipped)
