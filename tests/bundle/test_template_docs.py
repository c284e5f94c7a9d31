"""Template and docs are generated from the models, and the reader accepts what they write."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml

from diagnoser.bundle import TABLES, StoreProfile, load_bundle
from diagnoser.bundle.docs import DOC_PATH, render_bundle_doc
from diagnoser.bundle.fields import field_docs
from diagnoser.bundle.template import store_yaml_template, write_template
from diagnoser.errors import InputError


def test_docs_are_in_sync() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render_bundle_doc(), (
        "run: python -m diagnoser.bundle.docs"
    )


def test_docs_cover_every_column_and_field() -> None:
    doc = render_bundle_doc()
    for spec in TABLES.values():
        for column in spec.columns:
            assert f"| `{column.name}` | {column.zh} |" in doc
    for name in StoreProfile.model_fields:
        assert f"| `{name}` |" in doc


def test_store_yaml_template_is_valid_and_complete() -> None:
    text = store_yaml_template()
    StoreProfile.model_validate(yaml.safe_load(text))
    for name in StoreProfile.model_fields:
        assert f"# {name} (" in text
    examples = {doc.name: doc.example for doc in field_docs(StoreProfile)}
    StoreProfile.model_validate(examples)  # the commented examples are valid values
    for name, value in examples.items():
        block = yaml.safe_dump({name: value}, allow_unicode=True, sort_keys=False).strip()
        commented = "\n".join(f"# {line}" for line in block.splitlines())
        assert block in text or commented in text, name


FUNNEL_ROW = "2025-06,DE,amazon,,,1000,,,,,10,100,USD,,,,,,\n"
COSTS_ROW = "2025-06,DE,amazon,广告,50,USD,\n"


def test_csv_template_round_trip(tmp_path: Path) -> None:
    written = write_template(tmp_path / "client")
    assert {p.name for p in written} == {"store.yaml", *(f"{t}.csv" for t in TABLES)}
    header = (tmp_path / "client" / "funnel.csv").read_text(encoding="utf-8-sig")
    assert header.startswith("period 期间,market 市场")
    with (tmp_path / "client" / "funnel.csv").open("a", encoding="utf-8") as f:
        f.write(FUNNEL_ROW)
    with (tmp_path / "client" / "costs.csv").open("a", encoding="utf-8") as f:
        f.write(COSTS_ROW)
    bundle = load_bundle(tmp_path / "client")
    assert bundle.funnel["sessions"].tolist() == [1000]
    assert bundle.costs["category"].tolist() == ["ads"]
    assert bundle.orders is not None and bundle.orders.empty
    assert not any(w.code == "unknown_columns" for w in bundle.warnings)


def test_xlsx_template_round_trip(tmp_path: Path) -> None:
    (path,) = write_template(tmp_path, xlsx=True)
    book = openpyxl.load_workbook(path)
    book["funnel"].append(FUNNEL_ROW.strip().split(","))
    book["costs"].append(COSTS_ROW.strip().split(","))
    book.save(path)
    bundle = load_bundle(path)
    assert bundle.store.name == "Lumen Home"
    assert bundle.funnel["orders"].tolist() == [10]
    assert not any(w.code in ("unknown_columns", "unknown_sheet") for w in bundle.warnings)


def test_template_refuses_to_overwrite(tmp_path: Path) -> None:
    write_template(tmp_path)
    with pytest.raises(InputError) as info:
        write_template(tmp_path)
    assert len(info.value.problems) == 1 + len(TABLES)


def test_header_aliases_do_not_collide() -> None:
    from diagnoser.bundle.tables import normalise_header

    for spec in TABLES.values():
        seen: dict[str, str] = {}
        for column in spec.columns:
            for alias in column.accepted:
                key = normalise_header(alias)
                assert seen.setdefault(key, column.name) == column.name, (spec.name, alias)
