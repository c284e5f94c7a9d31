"""The client config (TOML): language, window, rule selection, param overrides, branding.

Example::

    language = "zh"
    window_months = 3
    fail_on = "high"

    [rules]
    dirs = ["team-rules"]          # extra rule packs, relative to this file
    select = ["CMP", "cash"]       # ids, id prefixes, patterns or stages (empty: all)
    ignore = ["NB001"]

    [rules.params.CMP001]
    min_orders = 50

    [benchmarks]                   # for every rule that cites the benchmark
    category_return_rate = 0.25    # an apparel store

    [branding]
    agency_name = "Acme Growth"
    logo = "logo.png"
    accent_color = "#0b5fff"
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from diagnoser.errors import InputError, Problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RulesConfig(_Strict):
    dirs: list[str] = Field(
        default_factory=list, description="Extra rule directories, relative to the config file."
    )
    select: list[str] = Field(
        default_factory=list,
        description="Run only rules matching these ids, id prefixes, patterns or stages.",
    )
    ignore: list[str] = Field(default_factory=list, description="Never run rules matching these.")
    params: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Rule id → param overrides."
    )


class BrandingConfig(_Strict):
    agency_name: str | None = None
    logo: str | None = Field(
        None, description="Path to a PNG/JPEG/SVG logo, relative to the config file."
    )
    accent_color: str | None = Field(None, pattern=r"^#[0-9a-fA-F]{6}$")


class Config(_Strict):
    language: Literal["zh", "en"] | None = None
    window_months: int = Field(3, ge=1, le=12)
    fail_on: Literal["critical", "high", "medium", "low", "none"] | None = None
    rules: RulesConfig = Field(default_factory=RulesConfig)
    benchmarks: dict[str, Any] = Field(
        default_factory=dict,
        description="Benchmark key → the client's value (or table), for every rule citing it.",
    )
    branding: BrandingConfig | None = None
    path: Path | None = Field(None, exclude=True)

    def rule_dirs(self) -> list[Path]:
        base = self.path.parent if self.path else Path.cwd()
        return [(base / d).resolve() for d in self.rules.dirs]


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(f"cannot read config {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(
            f"config {path} is not UTF-8 text",
            [
                Problem(
                    code="config",
                    file=str(path),
                    message="TOML files must be saved as UTF-8",
                    fix="save the file as UTF-8 (in Excel/Notepad: 'UTF-8' encoding)",
                )
            ],
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f"config {path} is not valid TOML",
            [
                Problem(
                    code="config",
                    file=str(path),
                    message=str(exc),
                    fix="check quotes and [sections]",
                )
            ],
        ) from None
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(
                code="config",
                file=str(path),
                column=".".join(str(p) for p in e["loc"]),
                message=e["msg"],
                fix="see the config example in README.md",
            )
            for e in exc.errors()
        ]
        raise InputError(f"config {path} has {len(problems)} problem(s)", problems) from None
    config.path = path
    return config
