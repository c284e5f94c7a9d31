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
import mmap
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
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
from diagnoser.errors import InputError, Problem
from diagnoser.values import sniff_decimal

# Few distinct values: parsed straight into dictionary (categorical) columns.
_CODED = ("market", "channel", "currency", "category", "bool")
STORE_SHEET_NAMES = ("store", "店铺", "store店铺", "profile", "店铺信息")
_BRACKETS = re.compile(r"[(（\[【].*?[)）\]】]")


def load_bundle(path: str | Path) -> Bundle:
    """Read, validate and convert a bundle folder or workbook; InputError lists every problem."""
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
            [
                _problem(
                    str(root),
                    "no_bundle",
                    "no such folder or .xlsx workbook",
                    "point to a folder holding store.yaml, funnel.csv and costs.csv, "
                    "or to one .xlsx workbook",
                )
            ],
        )
    bundle = run(store, tables, locations, col, rows)
    bundle.path = Path(path)
    return bundle


def _problem(file: str, code: str, message: str, fix: str) -> Problem:
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
            col.add(
                Location(str(found[0])),
                code="ambiguous_table",
                message=f"both {found[0].name} and {found[1].name} exist",
                fix="keep one of them",
            )
        if not found:
            locations[name] = Location(str(files[0]))
            continue
        loc = Location(str(found[0]))
        frame: pd.DataFrame | None = None
        if found[0].suffix == ".csv":
            frame, loc = _read_csv(found[0], spec, loc, col)
        else:
            sheets = _excel_sheets(found[0], loc, col)
            if sheets:
                frame, loc = _sheet_table(next(iter(sheets.values())), spec, loc, col)
        locations[name] = loc
        if frame is not None:
            tables[name] = frame
    return store, tables, locations, rows


def _read_store_yaml(path: Path, loc: Location, col: Collector) -> tuple[Any, dict[str, int]]:
    if not path.is_file():
        col.add(
            loc,
            code="missing_store",
            message="store.yaml is missing",
            fix="run `diagnoser init DIR` for a commented template",
        )
        return None, {}
    text = _decode(path.read_bytes(), loc, col)
    if text is None:
        return None, {}
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        col.add(
            loc,
            code="bad_yaml",
            row=mark.line + 1 if mark else None,
            message=f"store.yaml is not valid YAML: {getattr(exc, 'problem', exc)}",
            fix="check indentation and that each line is 'field: value'",
        )
        return None, {}
    rows: dict[str, int] = {}
    _node_lines(node, "", rows)
    if data is None:
        col.add(
            loc,
            code="bad_store",
            message="store.yaml is empty",
            fix="fill in at least name and report_currency",
        )
    return data, rows


def _node_lines(node: yaml.Node | None, path: str, rows: dict[str, int]) -> None:
    """Line of every key and list item (``vendors.0.monthly_fee`` → 5), for field errors."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = f"{path}.{key.value}" if path else str(key.value)
            rows[child] = key.start_mark.line + 1
            _node_lines(value, child, rows)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = f"{path}.{index}"
            rows[child] = item.start_mark.line + 1
            _node_lines(item, child, rows)


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
        col.add(
            loc,
            code="bad_encoding",
            row=line,
            message="the file is neither UTF-8 nor GB18030/GBK text",
            fix="save it from Excel as 'CSV UTF-8 (comma delimited)'",
        )
        return None


def _transcode(data: bytes, loc: Location, col: Collector) -> bytes | None:
    """A non-UTF-8 file (GB18030/GBK, UTF-16) as UTF-8 bytes, or None with a problem."""
    text = _decode(data, loc, col)
    return None if text is None else text.encode("utf-8")


def _read_csv(
    path: Path, spec: TableSpec, loc: Location, col: Collector
) -> tuple[pd.DataFrame | None, Location]:
    """A CSV table; UTF-8 files are handed to pyarrow by path (no copy in Python)."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD)
    source: str | bytes = str(path)
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and b"\r" in head and b"\n" not in head:  # 'CSV (Macintosh)': CR alone
        source = path.read_bytes().replace(b"\r", b"\n")
        head = source[:_HEAD]
    try:
        lines = [] if utf16 else _head_lines(head.removeprefix(codecs.BOM_UTF8))
        utf8 = not utf16
    except UnicodeDecodeError:
        utf8 = False
    if not utf8:
        transcoded = _transcode(_bytes(source, path), loc, col)
        if transcoded is None:
            return None, loc
        source = transcoded
        lines = _head_lines(transcoded[:_HEAD])
    skip, delimiter, headers = _header_line(lines, spec)
    loc = replace(loc, first_row=skip + 2, blank_rows=_blank_rows(source, skip, delimiter))
    mapping = map_headers(headers, spec, loc, col)
    numbers_as_text = delimiter == ";"  # decimal commas, most likely: decided below
    try:
        # pyarrow checks the body is valid UTF-8; a GBK body under an ASCII header lands here.
        table = _arrow_csv(source, skip, delimiter, mapping, spec, numbers_as_text)
    except pa.ArrowInvalid as exc:
        data = _bytes(source, path)
        if not utf8 or _is_utf8(data):
            _csv_problem(exc, loc, col)
            return None, loc
        transcoded = _transcode(data, loc, col)
        if transcoded is None:
            return None, loc
        source = transcoded
        try:
            table = _arrow_csv(source, skip, delimiter, mapping, spec, numbers_as_text)
        except pa.ArrowInvalid as again:
            _csv_problem(again, loc, col)
            return None, loc
    frame = table.to_pandas(date_as_object=False).rename(columns=mapping)
    frame, loc = _without_empty_rows(frame, loc, col)
    if numbers_as_text:
        # Next to ';', Excel in German/French locales writes 1.234,56, but not every ';'
        # file does: the cells decide (45.90 or 1.0850 is a dot decimal). Cells written the
        # other way are then errors, never rescaled (45.9 is not 459).
        numeric = [name for name in frame.columns if spec.column(name).kind in NUMERIC_KINDS]
        loc = replace(loc, decimal=sniff_decimal(frame[numeric], default=","))
    return frame, loc


_HEAD = 65536


def _bytes(source: str | bytes, path: Path) -> bytes:
    return source if isinstance(source, bytes) else path.read_bytes()


def _blank_rows(source: str | bytes, skip: int, delimiter: str) -> tuple[int, ...]:
    """Spreadsheet rows of the empty lines below the header, which pyarrow skips: without
    them every row below one would be reported a row too high. Counted in records, as a
    spreadsheet counts (a quoted cell may hold line breaks). Most files have no empty line
    before their last record: they are only searched, through a memory map."""
    if isinstance(source, bytes):
        return _empty_records(source, skip, delimiter)
    with open(source, "rb") as handle:
        try:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file cannot be mapped
            return ()
        with data:
            return _empty_records(data, skip, delimiter)


def _empty_records(data: bytes | mmap.mmap, skip: int, delimiter: str) -> tuple[int, ...]:
    end = len(data)
    while end and data[end - 1] in b"\r\n":  # empty lines at the very end move no row
        end -= 1
    if data.find(b"\n\n", 0, end) < 0 and data.find(b"\n\r\n", 0, end) < 0:
        return ()
    text = io.StringIO(bytes(data[:end]).decode("utf-8", "replace"), newline="")
    records = csv.reader(text, delimiter=delimiter)
    return tuple(i + 1 for i, cells in enumerate(records) if i > skip and not cells)


def _without_empty_rows(
    frame: pd.DataFrame, loc: Location, col: Collector
) -> tuple[pd.DataFrame, Location]:
    """Leave out rows with no value in any column read (a cleared spreadsheet row, ',,,,' in
    a CSV), as empty lines are; keep the row numbers of the rows below; and say once which
    rows inside the data were empty, so nothing goes unmentioned."""
    empty = frame.isna().all(axis=1).to_numpy()
    rows = [loc.row(int(i)) for i in np.flatnonzero(empty)]
    loc = replace(loc, blank_rows=tuple(sorted((*loc.blank_rows, *rows))))
    data = np.flatnonzero(~empty)
    last = loc.row(len(data) - 1) if len(data) else 0  # the last data row, as numbered now
    inner = [row for row in loc.blank_rows if row < last]
    if inner:
        shown = ", ".join(map(str, inner[:10])) + (", …" if len(inner) > 10 else "")
        col.add(
            loc,
            severity="warning",
            code="empty_rows_skipped",
            row=inner[0],
            message=f"{len(inner)} empty row(s) between the data rows were left out (row {shown})",
            fix="nothing to do if they are meant to be empty; otherwise fill them in",
        )
    if rows:
        frame = frame[~empty].reset_index(drop=True)
    return frame, loc


def _head_lines(head: bytes, count: int = 10) -> list[str]:
    """The first lines of the file (where the header may sit under a title line)."""
    if len(head) >= _HEAD:  # cut at a line end so no character is split
        head = head[: head.rfind(b"\n") + 1] or head
    return [line.rstrip("\r") for line in head.decode("utf-8").split("\n")[:count]]


def _header_line(lines: list[str], spec: TableSpec) -> tuple[int, str, list[str]]:
    """(index, delimiter, cells) of the line with the most recognised headers."""
    best: tuple[int, str, list[str]] = (0, ",", [])
    best_hits = -1
    for index, line in enumerate(lines):
        delimiter = max((",", ";", "\t"), key=line.count)
        cells = next(csv.reader([line], delimiter=delimiter), [])
        hits = sum(match_header(cell, spec) is not None for cell in cells)
        if hits > best_hits:
            best, best_hits = (index, delimiter, cells), hits
    return best


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _csv_problem(exc: Exception, loc: Location, col: Collector) -> None:
    col.add(
        loc,
        code="bad_csv",
        message=f"the CSV cannot be read: {exc}",
        fix="check that every row has as many cells as the header",
    )


def _arrow_csv(
    source: str | bytes,
    skip: int,
    delimiter: str,
    mapping: dict[str, str],
    spec: TableSpec,
    numbers_as_text: bool,
) -> pa.Table:
    """Parse with every column's type given: plain numbers and ISO dates straight to float
    and timestamp (no type inference: half the time and memory on a million rows). A file
    holding ``$1,234``, ``12%`` or ``2025/6/14`` fails that conversion and is read again
    with every number and date column as text, which the validator parses cell by cell
    (the same numbers and days either way, tested; only the text path drops a time of
    day, which nothing uses)."""
    try:
        return _arrow_read(source, skip, delimiter, _column_types(mapping, spec, numbers_as_text))
    except pa.ArrowInvalid as exc:
        if "conversion error" not in str(exc):
            raise
    return _arrow_read(source, skip, delimiter, _column_types(mapping, spec, True))


def _column_types(
    mapping: dict[str, str], spec: TableSpec, as_text: bool
) -> dict[str, pa.DataType]:
    types: dict[str, pa.DataType] = {}
    for header, name in mapping.items():
        kind = spec.column(name).kind
        if kind in _CODED:
            types[header] = pa.dictionary(pa.int32(), pa.string())
        elif kind in NUMERIC_KINDS and not as_text:
            types[header] = pa.float64()
        elif kind == "date" and not as_text:
            types[header] = pa.timestamp("s")
        else:
            types[header] = pa.string()
    return types


def _arrow_read(
    source: str | bytes, skip: int, delimiter: str, types: dict[str, pa.DataType]
) -> pa.Table:
    read = pacsv.ReadOptions(skip_rows=skip)
    convert = pacsv.ConvertOptions(
        include_columns=list(types),
        column_types=types,
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
    )
    try:  # fast, parallel parse; quoted cells holding line breaks need the slow path
        return pacsv.read_csv(
            io.BytesIO(source) if isinstance(source, bytes) else source,
            read_options=read,
            convert_options=convert,
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
        )
    except pa.ArrowInvalid as exc:
        if "utf8" in str(exc).lower() or "conversion error" in str(exc):
            raise
        options = pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True)
        return pacsv.read_csv(
            io.BytesIO(source) if isinstance(source, bytes) else source,
            read_options=read,
            convert_options=convert,
            parse_options=options,
        )


# --- headers --------------------------------------------------------------------------------


def _lookup(spec: TableSpec) -> dict[str, str]:
    return {normalise_header(alias): c.name for c in spec.columns for alias in c.accepted}


_LOOKUPS = {name: _lookup(spec) for name, spec in TABLES.items()}


def match_header(header: object, spec: TableSpec) -> str | None:
    """The canonical column a header means (``销售额 (USD)`` → revenue), or None."""
    lookup = _LOOKUPS[spec.name]
    text = str(header)
    return lookup.get(normalise_header(text)) or lookup.get(
        normalise_header(_BRACKETS.sub("", text))
    )


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
            col.add(
                loc,
                code="duplicate_column",
                column=name,
                value=text,
                message=f"columns '{seen[name]}' and '{text}' both mean '{name}'",
                fix="keep one of them",
            )
        else:
            mapping[text] = seen[name] = name
    if unknown:
        col.add(
            loc,
            severity="warning",
            code="unknown_columns",
            column=", ".join(unknown),
            message=f"column(s) not recognised and ignored: {', '.join(unknown)}",
            fix="rename them to a documented header if they matter (docs/bundle.md)",
        )
    if personal:
        col.add(
            loc,
            severity="warning",
            code="personal_data_dropped",
            column=", ".join(personal),
            message="personal-data column(s) were not loaded: " + ", ".join(personal),
            fix="leave them out of exports you share",
        )
    return {original: name for original, name in mapping.items()}


# --- workbooks ------------------------------------------------------------------------------


def _excel_sheets(path: Path, loc: Location, col: Collector) -> dict[str, pd.DataFrame]:
    try:
        return pd.read_excel(
            path,
            sheet_name=None,
            header=None,
            engine="calamine",
            keep_default_na=False,  # "NA" is Namibia; only empty cells are blank
            na_values=[""],
        )
    except Exception as exc:  # calamine raises its own error types for broken files
        col.add(
            loc,
            code="bad_xlsx",
            message=f"the workbook cannot be read: {exc}",
            fix="open it in Excel and save it again as .xlsx",
        )
        return {}


def _sheet_table(
    sheet: pd.DataFrame, spec: TableSpec, loc: Location, col: Collector
) -> tuple[pd.DataFrame, Location]:
    """Header from the row (of the first ten) naming most columns; only recognised columns
    kept; empty rows left out as in a CSV, the rows below keeping the numbers the sheet
    shows."""
    if sheet.empty:
        return pd.DataFrame(columns=[]), loc
    rows = [
        [str(h) if pd.notna(h) else "" for h in sheet.iloc[i]] for i in range(min(10, len(sheet)))
    ]
    hits = [sum(match_header(cell, spec) is not None for cell in row) for row in rows]
    top = hits.index(max(hits))
    loc = replace(loc, first_row=top + 2)
    headers = rows[top]
    mapping = map_headers(headers, spec, loc, col)
    keep = [i for i, h in enumerate(headers) if h in mapping]
    body = sheet.iloc[top + 1 :, keep]
    body.columns = [mapping[headers[i]] for i in keep]
    body, loc = _without_empty_rows(body.reset_index(drop=True), loc, col)
    return body.infer_objects(), loc


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
            tables[name], locations[name] = _sheet_table(sheets[sheet], spec, locations[name], col)
    store_sheet = next((by_key[k] for k in STORE_SHEET_NAMES if k in by_key), None)
    locations["store"] = Location(str(path), store_sheet or "store")
    store: Any = None
    rows: dict[str, int] = {}
    if store_sheet is None:
        col.add(
            locations["store"],
            code="missing_store",
            message="the workbook has no 'store' sheet",
            fix="add a sheet named store with field names in column A and values in B",
        )
    else:
        used.add(store_sheet)
        store, rows = store_from_sheet(sheets[store_sheet], locations["store"], col)
    for extra in sorted(set(sheets) - used):
        if not normalise_header(extra).startswith(("readme", "说明")):
            col.add(
                Location(str(path), extra),
                severity="warning",
                code="unknown_sheet",
                message=f"sheet '{extra}' is not part of a bundle and was ignored",
                fix=f"sheets are store, {', '.join(TABLES)}",
            )
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
        col.add(
            loc,
            code="bad_yaml",
            row=row,
            column="B",
            value=text[:80],
            message=f"the value is not valid YAML: {getattr(exc, 'problem', exc)}",
            fix="write lists as [a, b] or as '- item' lines",
        )
        return _BAD


_NUMBER = re.compile(r"^-\s*\d")


def read_table_file(path: Path, table: str) -> tuple[pd.DataFrame, Location]:
    """One table file (CSV in any encoding the reader knows) with canonical headers.

    For a table that sits outside a bundle, such as the ``fx.csv`` next to exports.
    """
    col = Collector()
    loc = Location(str(path))
    try:
        frame, loc = _read_csv(path, TABLES[table], loc, col)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if frame is None or col.errors:
        raise InputError(
            f"{path} cannot be read",
            col.errors
            or [
                _problem(
                    str(path),
                    "unreadable",
                    "the file has no table",
                    "write a header row and one row per value",
                )
            ],
        )
    return frame, loc
