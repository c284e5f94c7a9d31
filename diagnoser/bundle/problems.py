"""Collecting every problem of a run, with a cap per column so a broken file stays readable.

Checks hand over whole boolean masks; Problem objects are built only for the first
``cap`` bad rows of each (check, table, column), followed by one "and N more" problem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from diagnoser.errors import Problem

CAP = 20


@dataclass(frozen=True)
class Location:
    """Where a table came from: a file, the sheet of a workbook, the row of its first record.

    ``first_row`` is the spreadsheet row of the first data row: 2 when the header is row 1,
    more when title lines sit above the header. ``blank_rows`` are the empty lines between
    data rows, which a CSV parser skips but a spreadsheet shows as rows.
    """

    file: str
    sheet: str | None = None
    first_row: int = 2
    blank_rows: tuple[int, ...] = ()  # empty lines the reader skipped (sorted row numbers)
    decimal: str = "."  # the decimal mark of its numbers: "," in most ';' files

    def row(self, position: int) -> int:
        """Spreadsheet row of the data row at ``position`` (0-based)."""
        row = int(position) + self.first_row
        for blank in self.blank_rows:
            if blank <= row:
                row += 1
        return row

    def label(self) -> str:
        return f"{self.file}#{self.sheet}" if self.sheet else self.file


@dataclass
class Collector:
    """All problems of one validation run, errors and warnings alike."""

    cap: int = CAP
    problems: list[Problem] = field(default_factory=list)

    def add(self, loc: Location | None = None, **fields: object) -> None:
        where = {"file": loc.file, "sheet": loc.sheet} if loc else {}
        self.problems.append(Problem.model_validate({**where, **fields}))

    def rows(
        self,
        mask: pd.Series | np.ndarray,
        *,
        loc: Location,
        column: str | None,
        code: str,
        message: str | Callable[[int], str],
        fix: str | Callable[[int], str] = "",
        raw: pd.Series | None = None,
        severity: str = "error",
    ) -> None:
        """One problem per row where ``mask`` is true, located as the spreadsheet shows it."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        for pos in positions[: self.cap]:
            value = None if raw is None else raw.iloc[pos]
            self.add(
                loc,
                severity=severity,
                code=code,
                row=loc.row(pos),
                column=column,
                value=None if value is None or pd.isna(value) else str(value),
                message=message(int(pos)) if callable(message) else message,
                fix=fix(int(pos)) if callable(fix) else fix,
            )
        more = len(positions) - self.cap
        if more > 0:
            self.add(
                loc,
                severity=severity,
                code=code,
                column=column,
                message=f"and {more} more rows with the same problem in this column",
                fix="fix the rows listed above the same way",
            )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]
