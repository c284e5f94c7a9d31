"""Open an export whatever its encoding, delimiter and preamble.

Sellers' files come as UTF-8 (with or without BOM), UTF-16 "Excel CSV" (tab-separated),
GB18030 from Chinese Excel, or xlsx; preambles push the header down a varying number of
lines. Everything here looks only at the first rows, so sniffing a 400 MB file is cheap.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

HEAD_BYTES = 256 * 1024
HEAD_ROWS = 60
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


@dataclass
class RawFile:
    """The first rows of a file and how to read the rest."""

    path: Path
    kind: str  # "text" or "excel"
    encoding: str = "utf-8"
    delimiter: str = ","
    rows: list[list[str]] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)  # physical line where each row starts

    def text(self) -> str:
        """The whole file decoded (for layouts pandas cannot read in one go, like GA4)."""
        return self.path.read_bytes().decode(self.encoding, errors="replace")


def _encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        return "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    for legacy in LEGACY_ENCODINGS[:-1]:
        try:
            codecs.getincrementaldecoder(legacy)().decode(head, final=False)
            return legacy
        except UnicodeDecodeError:
            continue
    return "cp1252"


def _delimiter(lines: list[str]) -> str:
    best, best_score = ",", -1
    for delim in (",", "\t", ";"):
        counts = [len(r) for r in csv.reader(lines, delimiter=delim) if len(r) > 1]
        if not counts:
            continue
        common = Counter(counts).most_common()
        top = max(common, key=lambda kv: (kv[1] * kv[0], kv[0]))
        score = top[0] * top[1]
        if score > best_score:
            best, best_score = delim, score
    return best


# Legacy encodings cannot be told apart from bytes alone (GB18030 decodes most cp1252 text);
# detection tries each and keeps the one whose header matches best.
LEGACY_ENCODINGS = ("gb18030", "shift_jis", "cp1252")


def open_raw(path: Path, encoding: str | None = None) -> RawFile:
    """Sniff encoding (unless given), delimiter and the first rows of ``path``."""
    if path.suffix.lower() in EXCEL_SUFFIXES:
        head = pd.read_excel(
            path, sheet_name=0, header=None, dtype=str, nrows=HEAD_ROWS, engine="calamine"
        )
        cells = [
            ["" if pd.isna(v) else str(v) for v in row] for row in head.itertuples(index=False)
        ]
        return RawFile(path, "excel", rows=cells, row_lines=list(range(len(cells))))
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    encoding = encoding or _encoding(head)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(head, final=len(head) < HEAD_BYTES)
    lines = text.splitlines(keepends=True)
    if len(head) == HEAD_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    lines = lines[: HEAD_ROWS * 4]
    delimiter = _delimiter([ln for ln in lines[:HEAD_ROWS] if not ln.startswith("#")])
    reader = csv.reader(io.StringIO("".join(lines)), delimiter=delimiter)
    rows: list[list[str]] = []
    starts: list[int] = []
    line = 0
    try:
        for row in reader:
            rows.append(row)
            starts.append(line)
            line = reader.line_num
            if len(rows) >= HEAD_ROWS:
                break
    except csv.Error:
        pass
    return RawFile(path, "text", encoding, delimiter, rows, starts)


@dataclass
class Source:
    """A recognised file: where its header is and which of its columns an importer uses."""

    raw: RawFile
    header_row: int  # index into raw.rows
    columns: dict[str, int]  # importer key → column position
    headers: dict[str, str]  # importer key → header text as written
    fast: bool = False  # the importer's columns are safe for pyarrow type inference

    @property
    def name(self) -> str:
        return self.raw.path.name

    @property
    def preamble(self) -> list[str]:
        return [" ".join(c for c in row if c).strip() for row in self.raw.rows[: self.header_row]]

    def frame(self) -> pd.DataFrame:
        """The table under the header, only the declared columns (plus the first, for totals
        rows), renamed to importer keys. Personal columns nobody declared are never read."""
        keys = {"_first": 0, **self.columns}
        positions = sorted(set(keys.values()))
        data = self._read(positions)
        by_pos = dict(zip(positions, data.columns, strict=False))
        return pd.DataFrame({k: data[by_pos[p]] for k, p in keys.items()})

    def _read(self, positions: list[int]) -> pd.DataFrame:
        raw = self.raw
        if raw.kind == "excel":
            return pd.read_excel(
                raw.path,
                sheet_name=0,
                header=None,
                skiprows=self.header_row + 1,
                usecols=positions,
                dtype=str,
                engine="calamine",
            )
        skip = raw.row_lines[self.header_row] + 1
        width = max(len(row) for row in raw.rows[self.header_row :])
        if self.fast and raw.encoding in ("utf-8", "utf-8-sig") and raw.delimiter == ",":
            try:  # fast path: multi-threaded, types inferred
                return pd.read_csv(
                    raw.path,
                    engine="pyarrow",
                    header=None,
                    skiprows=skip,
                    usecols=positions,
                    keep_default_na=False,  # "NA" is Namibia
                    na_values=[""],
                )
            except Exception:  # ragged rows, quoted newlines: the C engine copes
                pass
        return pd.read_csv(
            raw.path,
            sep=raw.delimiter,
            encoding=raw.encoding,
            header=None,
            names=list(range(width)),  # rows shorter or longer than the first data row
            skiprows=skip,
            usecols=positions,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            on_bad_lines="skip",
            skip_blank_lines=True,
            encoding_errors="replace",
        )
