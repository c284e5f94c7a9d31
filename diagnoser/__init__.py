"""diagnoser: a rules-based health check for cross-border e-commerce stores."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from diagnoser.model import Diagnosis


def diagnose(*args: Any, **kwargs: Any) -> Diagnosis:
    """Run a health check; see :func:`diagnoser.pipeline.diagnose`."""
    from diagnoser.pipeline import diagnose as run

    return run(*args, **kwargs)


__all__ = ["__version__", "diagnose"]
