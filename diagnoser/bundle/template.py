"""An empty bundle for a new client: bilingual headers and a commented ``store.yaml``.

Headers are written as ``period 期间`` (both languages, which the reader accepts); CSVs
carry a UTF-8 BOM so Excel opens the Chinese headers correctly. The ``store.yaml``
comments come from the profile's Field descriptions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from diagnoser.bundle.fields import field_docs
from diagnoser.bundle.profile import StoreProfile
from diagnoser.bundle.tables import TABLES
from diagnoser.errors import InputError, Problem

WORKBOOK_NAME = "bundle.xlsx"


def write_template(directory: str | Path, xlsx: bool = False) -> list[Path]:
    """Write the template into ``directory`` (created if needed); never overwrite a file."""
    root = Path(directory)
    names = [WORKBOOK_NAME] if xlsx else ["store.yaml", *(f"{t}.csv" for t in TABLES)]
    targets = [root / name for name in names]
    existing = [t for t in targets if t.exists()]
    if existing:
        raise InputError(
            f"{root}: the template would overwrite existing files",
            [
                Problem(
                    file=str(p),
                    code="file_exists",
                    message="file already exists",
                    fix="choose an empty folder or move the file away",
                )
                for p in existing
            ],
        )
    root.mkdir(parents=True, exist_ok=True)
    if xlsx:
        _write_workbook(targets[0])
    else:
        targets[0].write_text(store_yaml_template(), encoding="utf-8")
        for name, spec in TABLES.items():
            header = pd.DataFrame(columns=[c.header for c in spec.columns])
            header.to_csv(root / f"{name}.csv", index=False, encoding="utf-8-sig")
    return targets


def _dump(value: Any, flow: bool | None = False) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    return text.strip().removesuffix("...").strip()


def store_yaml_template() -> str:
    """A ``store.yaml`` where every field is explained; optional fields are commented out."""
    lines = [
        "# store.yaml — the store profile diagnoser cannot read from the tables.",
        "# Lines starting with '#' are comments. Uncomment a field (remove '# ') and",
        "# replace the example with the store's value. Amounts are in report_currency.",
        "",
    ]
    for doc in field_docs(StoreProfile):
        flag = "required" if doc.required else f"default: {_dump(doc.default, None)}"
        lines.append(f"# {doc.name} ({doc.type_name}, {flag}): {doc.description}")
        if doc.item_model is not None:
            lines.append("#   each item:")
            for sub in field_docs(doc.item_model):
                need = ", required" if sub.required else ""
                lines.append(f"#     {sub.name} ({sub.type_name}{need}): {sub.description}")
        block = _dump({doc.name: doc.example}).splitlines()
        prefix = "" if doc.required or doc.name == "report_currency" else "# "
        lines.extend(prefix + line for line in block)
        lines.append("")
    return "\n".join(lines)


def _write_workbook(path: Path) -> None:
    rows: list[tuple[str, Any, str]] = [("key 字段", "value 值", "description 说明")]
    for doc in field_docs(StoreProfile):
        value = doc.example if doc.required or doc.name == "report_currency" else None
        hint = doc.description
        if doc.item_model is not None or isinstance(doc.example, (list, dict)):
            hint += f" — YAML in one cell, e.g. {_dump(doc.example, True)}"
        rows.append((doc.name, value, hint))
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame(rows[1:], columns=list(rows[0])).to_excel(
            writer, sheet_name="store", index=False
        )
        for name, spec in TABLES.items():
            pd.DataFrame(columns=[c.header for c in spec.columns]).to_excel(
                writer, sheet_name=name, index=False
            )
