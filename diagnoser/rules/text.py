"""Rule summaries: Jinja2 templates from rule files, rendered in a sandbox.

The sandbox refuses attribute tricks (``__class__``, method calls on unsafe objects);
the finalizer prints numbers the way an operator reads them (24,000 rather than 24000.0).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Template, TemplateError, TemplateSyntaxError, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment


class _Missing(Undefined):
    """A field the facts do not carry prints as a dash instead of failing the report."""

    def __str__(self) -> str:
        return "—"

    def __round__(self, ndigits: int | None = None) -> _Missing:
        return self


def format_number(value: Any, digits: int = 2) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".")


def _pct(value: Any, digits: int = 1) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value * 100:.{digits}f}%"
    return str(value)


def _finalize(value: Any) -> Any:
    return (
        format_number(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool)
        else value
    )


_ENV = ImmutableSandboxedEnvironment(undefined=_Missing, finalize=_finalize, autoescape=False)
_ENV.filters["pct"] = _pct
_ENV.filters["num"] = format_number


def check_template(text: str) -> str | None:
    """The syntax error of a summary template, or None."""
    try:
        _template(text)  # compiling also catches unknown filters and tests
    except TemplateSyntaxError as exc:
        return f"line {exc.lineno} of the template: {exc.message}"
    except TemplateError as exc:
        return str(exc)
    return None


@lru_cache(maxsize=1024)
def _template(text: str) -> Template:
    return _ENV.from_string(text)


def render_text(text: str, context: dict[str, Any]) -> str:
    return _template(text).render(context).strip()
