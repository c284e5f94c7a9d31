"""Reading a store bundle as people save it: a folder of CSV/xlsx files or one workbook.

CSV bytes are checked as UTF-8 (BOM or not) and otherwise decoded as GB18030 (a superset of
GBK, what Chinese Excel writes); a file that is neither is refused, never guessed at.
Headers are matched case- and space-insensitively against each column's English and
Chinese aliases, and only recognised columns are loaded — personal data (names, e-mails,
phones, addresses) never reaches memory. CSVs are parsed by pyarrow, workbooks by calamine.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import yaml

from diagnoser.bundle.model import Bundle
from diagnoser.bundle.problems import Collector, Location
from diagnoser.bundle.tables import (
    NUMERIC_KINDS,
    PII_HEADER,
    TABLES,
    TableSpec,
    normalise_header,
)
from diagnoser.bundle.validate import run
from diagnoser.errors import InputError

# Few distinct values: parsed straight into dictionary (categorical) columns.
_CODED = ("market", "channel", "currency", "category", "bool")
STORE_SHEET_NAMES = ("store", "店铺", "store店铺", "profile", "店铺信息")
_BRACKETS = re.compile(r"[(（\[【].*?[)）\]】]")


def load_bundle(path: str | Path) -> Bundle:
    """Read, validate and convert a bundle folder or workbook; raise InputError with all problems."""
    root = Path(path)
    col = Collector()
    if root.is_dir() and not _store_yaml(root):
        workbooks = sorted(p for p in root.glob("*.xlsx") if not p.name.startswith("~$"))
        if len(workbooks) == 1:
            root = workbooks[0]
    if root.is_file() and root.suffix.lower() in (".xlsx", ".xlsm"):
        store, tables, locations, rows = _read_workbook(root, col)
    elif root.is_dir():
        store, tables, locations, rows = _read_folder(root, col)
    else:
        raise InputError(
            f"{root}: not a bundle",
            [_problem(str(root), "no_bundle", "no such folder or .xlsx workbook",
                      "point to a folder holding store.yaml, funnel.csv and costs.csv, "
                      "or to one .xlsx workbook")],  # fmt: skip
        )
    bundle = run(store, tables, locations, col, rows)
    bundle.path = Path(path)
    return bundle


def _problem(file: str, code: str, message: str, fix: str) -> Any:
    from diagnoser.errors import Problem

    return Problem(file=file, code=code, message=message, fix=fix)


def _store_yaml(root: Path) -> Path | None:
    return next((p for p in (root / "store.yaml", root / "store.yml") if p.is_file()), None)


# --- folder ---------------------------------------------------------------------------------


def _read_folder(
    root: Path, col: Collector
) -> tuple[Any, dict[str, pd.DataFrame], dict[str, Location], dict[str, int]]:
    locations: dict[str, Location] = {}
    store_path = _store_yaml(root) or root / "store.yaml"
    locations["store"] = Location(str(store_path))
    store, rows = _read_store_yaml(store_path, locations["store"], col)
    tables: dict[str, pd.DataFrame] = {}
    for name, spec in TABLES.items():
        files = [root / f"{name}{ext}" for ext in (".csv", ".xlsx")]
        found = [f for f in files if f.is_file()]
        if len(found) > 1:
            col.add(Location(str(found[0])), code="ambiguous_table",
                    message=f"both {found[0].name} and {found[1].name} exist",
                    fix="keep one of them")  # fmt: skip
        if not found:
            locations[name] = Location(str(files[0]))
            continue
        loc = locations[name] = Location(str(found[0]))
        frame = _read_csv(found[0], spec, loc, col) if found[0].suffix == ".csv" else None
        if found[0].suffix == ".xlsx":
            sheets = _excel_sheets(found[0], loc, col)
            frame = _sheet_table(next(iter(sheets.values())), spec, loc, col) if sheets else None
        if frame is not None:
            tables[name] = frame
    return store, tables, locations, rows


def _read_store_yaml(path: Path, loc: Location, col: Collector) -> tuple[Any, dict[str, int]]:
    if not path.is_file():
        col.add(loc, code="missing_store", message="store.yaml is missing",
                fix="run `diagnoser init DIR` for a commented template")  # fmt: skip
        return None, {}
    text = _decode(path.read_bytes(), loc, col)
    if text is None:
        return None, {}
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        col.add(loc, code="bad_yaml", row=mark.line + 1 if mark else None,
                message=f"store.yaml is not valid YAML: {getattr(exc, 'problem', exc)}",
                fix="check indentation and that each line is 'field: value'")  # fmt: skip
        return None, {}
    rows: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        rows = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    if data is None:
        col.add(loc, code="bad_store", message="store.yaml is empty",
                fix="fill in at least name and report_currency")  # fmt: skip
    return data, rows


# --- decoding and CSV -----------------------------------------------------------------------


def _decode(data: bytes, loc: Location, col: Collector) -> str | None:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030; refuse anything else."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        col.add(loc, code="bad_encoding", row=line,
                message="the file is neither UTF-8 nor GB18030/GBK text",
                fix="save it from Excel as 'CSV UTF-8 (comma delimited)'")  # fmt: skip
        return None


def _transcode(data: bytes, loc: Location, col: Collector) -> bytes | None:
    """A non-UTF-8 file (GB18030/GBK, UTF-16) as UTF-8 bytes, or None with a problem."""
    text = _decode(data, loc, col)
    return None if text is None else text.encode("utf-8")


def _read_csv(path: Path, spec: TableSpec, loc: Location, col: Collector) -> pd.DataFrame | None:
    data: bytes | None = path.read_bytes()
    assert data is not None
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    end = data.find(b"\n")
    try:
        first = data[: end if end >= 0 else len(data)].decode("utf-8")
        utf8 = not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    except UnicodeDecodeError:
        utf8 = False
    if not utf8:
        data = _transcode(data, loc, col)
        if data is None:
            return None
        end = data.find(b"\n")
        first = data[: end if end >= 0 else len(data)].decode("utf-8")
    first = first.rstrip("\r")
    delimiter = max((",", ";", "\t"), key=first.count)
    headers = next(csv.reader([first], delimiter=delimiter), [])
    mapping = map_headers(headers, spec, loc, col)
    decimal_comma = delimiter == ";"
    try:
        # pyarrow checks the body is valid UTF-8; a GBK body under an ASCII header lands here.
        table = _arrow_csv(data, delimiter, mapping, spec, decimal_comma)
    except pa.ArrowInvalid as exc:
        if not utf8 or _is_utf8(data):
            return _csv_problem(exc, loc, col)
        data = _transcode(data, loc, col)
        if data is None:
            return None
        try:
            table = _arrow_csv(data, delimiter, mapping, spec, decimal_comma)
        except pa.ArrowInvalid as again:
            return _csv_problem(again, loc, col)
    frame = table.to_pandas(date_as_object=False).rename(columns=mapping)
    if decimal_comma:  # 1.234,56 as German/French Excel writes it next to ';'
        for name in frame.columns:
            if spec.column(name).kind in NUMERIC_KINDS:
                frame[name] = frame[name].str.replace(".", "", regex=False).str.replace(
                    ",", ".", regex=False
                )
    return frame


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _csv_problem(exc: Exception, loc: Location, col: Collector) -> None:
    col.add(loc, code="bad_csv", message=f"the CSV cannot be read: {exc}",
            fix="check that every row has as many cells as the header")  # fmt: skip


def _arrow_csv(
    data: bytes, delimiter: str, mapping: dict[str, str], spec: TableSpec, decimal_comma: bool
) -> pa.Table:
    types = {}
    for header, name in mapping.items():
        kind = spec.column(name).kind
        if kind in _CODED or name == "customer_id":
            types[header] = pa.dictionary(pa.int32(), pa.string())
        elif decimal_comma or kind not in (*NUMERIC_KINDS, "date"):
            types[header] = pa.string()
    convert = pacsv.ConvertOptions(
        include_columns=list(mapping),
        column_types=types,
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
    )
    try:  # fast, parallel parse; quoted cells holding line breaks need the slow path
        return pacsv.read_csv(io.BytesIO(data), convert_options=convert,
                              parse_options=pacsv.ParseOptions(delimiter=delimiter))  # fmt: skip
    except pa.ArrowInvalid as exc:
        if "utf8" in str(exc).lower():
            raise
        options = pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True)
        return pacsv.read_csv(io.BytesIO(data), convert_options=convert, parse_options=options)


# --- headers --------------------------------------------------------------------------------


def _lookup(spec: TableSpec) -> dict[str, str]:
    return {normalise_header(alias): c.name for c in spec.columns for alias in c.accepted}


_LOOKUPS = {name: _lookup(spec) for name, spec in TABLES.items()}


def match_header(header: object, spec: TableSpec) -> str | None:
    """The canonical column a header means (``销售额 (USD)`` → revenue), or None."""
    lookup = _LOOKUPS[spec.name]
    text = str(header)
    return lookup.get(normalise_header(text)) or lookup.get(normalise_header(_BRACKETS.sub("", text)))


def map_headers(
    headers: list[Any], spec: TableSpec, loc: Location, col: Collector
) -> dict[str, str]:
    """File header → canonical name for the recognised headers; warn about the rest."""
    mapping: dict[str, str] = {}
    seen: dict[str, str] = {}
    unknown: list[str] = []
    personal: list[str] = []
    for header in headers:  # one pass over the header row, not the data
        text = str(header)
        name = match_header(text, spec)
        if name is None:
            if PII_HEADER.search(text):
                personal.append(text)
            elif text.strip() and not text.startswith("Unnamed:"):
                unknown.append(text)
        elif name in seen:
            col.add(loc, code="duplicate_column", column=name, value=text,
                    message=f"columns '{seen[name]}' and '{text}' both mean '{name}'",
                    fix="keep one of them")  # fmt: skip
        else:
            mapping[text] = seen[name] = name
    if unknown:
        col.add(loc, severity="warning", code="unknown_columns", column=", ".join(unknown),
                message=f"column(s) not recognised and ignored: {', '.join(unknown)}",
                fix="rename them to a documented header if they matter (docs/bundle.md)")  # fmt: skip
    if personal:
        col.add(loc, severity="warning", code="personal_data_dropped",
                column=", ".join(personal),
                message="personal-data column(s) were not loaded: " + ", ".join(personal),
                fix="leave them out of exports you share")  # fmt: skip
    return {original: name for original, name in mapping.items()}


# --- workbooks ------------------------------------------------------------------------------


def _excel_sheets(path: Path, loc: Location, col: Collector) -> dict[str, pd.DataFrame]:
    try:
        return pd.read_excel(path, sheet_name=None, header=None, engine="calamine")
    except Exception as exc:  # calamine raises its own error types for broken files
        col.add(loc, code="bad_xlsx", message=f"the workbook cannot be read: {exc}",
                fix="open it in Excel and save it again as .xlsx")  # fmt: skip
        return {}


def _sheet_table(
    sheet: pd.DataFrame, spec: TableSpec, loc: Location, col: Collector
) -> pd.DataFrame:
    """Header from the first row; only recognised columns kept; trailing blank rows cut."""
    if sheet.empty:
        return pd.DataFrame(columns=[])
    headers = [str(h) if pd.notna(h) else "" for h in sheet.iloc[0]]
    mapping = map_headers(headers, spec, loc, col)
    keep = [i for i, h in enumerate(headers) if h in mapping]
    body = sheet.iloc[1:, keep]
    body.columns = [mapping[headers[i]] for i in keep]
    filled = body.notna().any(axis=1).to_numpy()
    last = int(filled.nonzero()[0].max()) + 1 if filled.any() else 0
    return body.iloc[:last].reset_index(drop=True).infer_objects()


def _sheet_key(name: str) -> str:
    return normalise_header(name)


def _read_workbook(
    path: Path, col: Collector
) -> tuple[Any, dict[str, pd.DataFrame], dict[str, Location], dict[str, int]]:
    sheets = _excel_sheets(path, Location(str(path)), col)
    by_key = {_sheet_key(name): name for name in sheets}
    locations: dict[str, Location] = {}
    tables: dict[str, pd.DataFrame] = {}
    used: set[str] = set()
    for name, spec in TABLES.items():
        keys = (_sheet_key(name), _sheet_key(spec.zh), _sheet_key(f"{name} {spec.zh}"))
        sheet = next((by_key[k] for k in keys if k in by_key), None)
        locations[name] = Location(str(path), sheet or name)
        if sheet is not None:
            used.add(sheet)
            tables[name] = _sheet_table(sheets[sheet], spec, locations[name], col)
    store_sheet = next((by_key[k] for k in STORE_SHEET_NAMES if k in by_key), None)
    locations["store"] = Location(str(path), store_sheet or "store")
    store: Any = None
    rows: dict[str, int] = {}
    if store_sheet is None:
        col.add(locations["store"], code="missing_store",
                message="the workbook has no 'store' sheet",
                fix="add a sheet named store with field names in column A and values in B")  # fmt: skip
    else:
        used.add(store_sheet)
        store, rows = store_from_sheet(sheets[store_sheet], locations["store"], col)
    for extra in sorted(set(sheets) - used):
        if not normalise_header(extra).startswith(("readme", "说明")):
            col.add(Location(str(path), extra), severity="warning", code="unknown_sheet",
                    message=f"sheet '{extra}' is not part of a bundle and was ignored",
                    fix=f"sheets are store, {', '.join(TABLES)}")  # fmt: skip
    return store, tables, locations, rows


_KEY_HEADERS = {"key", "field", "字段", "键", "参数", "项目"}


def store_from_sheet(
    sheet: pd.DataFrame, loc: Location, col: Collector
) -> tuple[dict[str, Any], dict[str, int]]:
    """The store profile from key/value rows.

    Column A holds the field (``report_currency`` or ``report_currency 报告币种``; dotted
    keys such as ``settlement_days.amazon`` build nested mappings), column B the value.
    A value that starts with ``[``, ``{`` or ``-`` or spans lines is read as YAML text, so
    lists such as ``markets`` or ``vendors`` can be written in one cell; other values are
    taken as they are (so a store named ``Yes`` stays a name).
    """
    data: dict[str, Any] = {}
    rows: dict[str, int] = {}
    for index in range(len(sheet)):  # a profile has a few dozen rows, not data rows
        key_cell = sheet.iat[index, 0] if sheet.shape[1] > 0 else None
        value = sheet.iat[index, 1] if sheet.shape[1] > 1 else None
        if key_cell is None or pd.isna(key_cell) or not str(key_cell).strip():
            continue
        key = str(key_cell).split()[0]
        if index == 0 and normalise_header(key) in _KEY_HEADERS:
            continue
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        parsed = _cell_value(value, loc, index + 1, col)
        if parsed is _BAD:
            continue
        rows[key.split(".")[0]] = index + 1
        target = data
        *parents, leaf = key.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = parsed
    return data, rows


_BAD = object()


def _cell_value(value: Any, loc: Location, row: int, col: Collector) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not (text.startswith(("[", "{", "-")) and not _NUMBER.match(text)) and "\n" not in text:
        return text
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        col.add(loc, code="bad_yaml", row=row, column="B", value=text[:80],
                message=f"the value is not valid YAML: {getattr(exc, 'problem', exc)}",
                fix="write lists as [a, b] or as '- item' lines")  # fmt: skip
        return _BAD


_NUMBER = re.compile(r"^-\s*\d")


def sources_of(locations: Mapping[str, Location]) -> dict[str, str]:
    """Table → where it was read from (``file`` or ``file#sheet``)."""
    return {name: loc.label() for name, loc in locations.items()}
