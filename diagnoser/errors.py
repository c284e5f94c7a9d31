"""User-facing errors: one readable message, a list of located problems and an exit code.

Everything the user can get wrong (a bundle, a rule file, a flag) is raised as a
``DiagnoserError`` so the CLI can print it without a traceback and exit with 2.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Problem(BaseModel):
    """One located problem in an input file or rule file, with the fix."""

    severity: Literal["error", "warning"] = "error"
    code: str
    message: str
    fix: str = ""
    file: str | None = None
    sheet: str | None = None
    row: int | None = None  # 1-based as a spreadsheet shows it (header row = 1)
    column: str | None = None
    value: str | None = None
    rule_id: str | None = None
    market: str | None = None  # the scope a data warning touches, when known
    channel: str | None = None
    period: str | None = None

    def location(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.rule_id:
            parts.append(f"rule {self.rule_id}")
        if self.row is not None:
            in_text_file = self.rule_id or self.code in ("rule", "benchmark", "config")
            parts.append(f"line {self.row}" if in_text_file else f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def render(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        if self.value is not None:
            text += f" (value: {self.value!r})"
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text


class DiagnoserError(Exception):
    """An error caused by user input; the CLI prints it and exits with ``exit_code``."""

    exit_code = 2

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])

    def render(self) -> str:
        lines = [self.message]
        lines.extend(f"  - {p.render()}" for p in self.problems)
        return "\n".join(lines)


class InputError(DiagnoserError):
    """A store bundle, export or config file cannot be trusted."""


class RuleError(DiagnoserError):
    """A rule file is invalid (schema, expression, or engine limits)."""


class UsageError(DiagnoserError):
    """The command line asks for something impossible."""
