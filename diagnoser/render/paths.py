"""Where the report templates and catalogs live, installed or in a checkout.

The wheel ships the top-level ``reports/`` folder as ``diagnoser/_data/reports``; a source
checkout has it next to the package. Both are looked up at run time, packaged first.
"""

from __future__ import annotations

from pathlib import Path

import diagnoser


def reports_dir() -> Path:
    """The folder holding the report templates and ``i18n/`` catalogs."""
    package = Path(diagnoser.__file__).resolve().parent
    for candidate in (package / "_data" / "reports", package.parent / "reports"):
        if (candidate / "i18n").is_dir():
            return candidate
    raise FileNotFoundError(f"report templates not found next to {package}")
