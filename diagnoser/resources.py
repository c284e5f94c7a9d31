"""Where the built-in rules and report templates are, installed or in a checkout.

The wheel ships the top-level ``rules/`` and ``reports/`` folders as ``diagnoser/_data/``;
a source checkout uses the folders next to the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def builtin_rules_dir() -> Path:
    return _data_dir("rules")


def reports_dir() -> Path:
    return _data_dir("reports")


def example_store() -> Path:
    """The bundled example store used by ``diagnoser demo``."""
    return _data_dir("examples") / "demo-store"
