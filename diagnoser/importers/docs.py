"""Generate docs/importers.md from the importer declarations, so the page cannot drift.

Run ``python -m diagnoser.importers.docs docs/importers.md`` after changing an importer;
a test fails when the committed page differs from what this renders.
"""

from __future__ import annotations

import sys
from pathlib import Path

from diagnoser.importers import REGISTRY
from diagnoser.importers.base import ImporterSpec

INTRO = """# Importers: the exports sellers already download

Generated from `diagnoser/importers/` by `python -m diagnoser.importers.docs docs/importers.md`;
do not edit by hand. Format facts and their confidence come from
`../shared/docs/export-formats.md`.

How files are read (all formats):

- **Detection by content.** Each file's first 60 rows are compared with every importer's
  header signature (case-, dash- and full-width-parenthesis-insensitive, trimmed, `="…"`
  unwrapped). The best complete match wins; otherwise the file is reported with the closest
  format and the required columns that did not match. File names are never used.
- **Encodings:** UTF-8, UTF-8 with BOM, UTF-16 LE/BE (BOM or NUL pattern), GB18030, else
  cp1252. **Delimiters:** comma, tab, semicolon (chosen from the first rows). xlsx/xls/ods:
  the first sheet.
- **Preambles** (Amazon Date Range definitions, Google Ads title lines, GA4 `#` blocks,
  Amazon "explanation lines") are skipped by locating the header row.
- **Numbers** go through `diagnoser.values.parse_numbers` (symbols, thousands separators,
  lakh grouping, `%`, `(45.00)`, `--`); decimal commas are detected from the cells.
- **Personal data:** only declared columns are read (`usecols`), so names, phones and
  addresses never enter memory. Customer keys (Shopify `Email`, TikTok Shop `Buyer Username`)
  are replaced at once by a salted SHA-256 whose salt is random per process and never written.
- **Markets:** from a country/marketplace column when the export has one, else the `market`
  option, else `unknown` with a warning. Country cells are read like a bundle's market
  column (codes, `UK`, country names in eleven languages; see `docs/bundle.md`) plus Amazon
  marketplace domains (`amazon.co.uk`, `www.amazon.de`) and Excel's `="DE"`. A cell that
  names no country (a region such as `EU`, GA4's `(not set)`, a typo) is not taken for a
  market: its rows are filed under the `market` option or `unknown`, with an
  `unknown_country` warning naming the cells.
- **Merging** (`merge`): per period × market × channel, one value per metric is kept by
  precedence (lower rank wins) and every disagreement becomes a `source_mismatch`
  data-quality record `{kind, market, channel, period, metric, values: {source: value},
  kept, difference_pct}` with `difference_pct = max |value − kept| / |kept| × 100`.
  Costs of one category in one period × market × channel coming from two formats
  (for example Amazon advertising in the Date Range report and in an ads report) are kept
  from the higher-precedence format only, with the same record. Orders with the same
  id on the same channel are kept once.
- **Precedence** (rank, lower wins): 10 Amazon Business Reports and Shopify Analytics
  (what the platform counted), 15 GA4, 20 order exports (Shopify, TikTok Shop), 30 the Amazon
  Date Range report (settled money; it wins costs it shares with ad reports, because it is
  what was billed), 40 ad reports. So funnel orders/revenue come from an analytics or
  business report when one gives them, else from the order export, else from the
  transaction report.
- **Periods:** `YYYY-MM` of each row's date. Files without dates (Business Report by item)
  take `Options.period`, or in a folder the single month the dated files agree on (with a
  `period_inferred` warning), else `unknown` with a warning.
- **Folders:** `store.yaml`, README and licence files are skipped and listed in
  `FolderImport.skipped`; every other file is imported or listed in
  `FolderImport.unrecognised` with the closest format and the reason.

Known gaps and low-confidence areas (from the format notes): no Chinese Date Range report,
Google Ads Chinese headers, TikTok Ads conversion columns, Business Report "By Parent Item"
header or GA4 bounce rate in a UI download has been seen; the importers accept plausible
names for them but these are untested against real files. Shopee, Amazon settlement flat
files and the Amazon bulk-operations workbook are not imported yet (they are reported as
unrecognised, with the closest format).
"""


def _section(spec: ImporterSpec) -> str:
    lines = [
        f"## {spec.title_en} / {spec.title_zh}",
        "",
        f"- name: `{spec.name}`; precedence rank: {spec.rank}",
    ]
    required = [" or ".join(f"`{c.aliases[0]}`" for c in cols) for _, cols in spec.requirements()]
    lines.append("- required columns: " + ", ".join(required))
    lines.append("- columns read (aliases accepted):")
    for col in spec.columns:
        names = ", ".join(f"`{a}`" for a in col.aliases)
        lines.append(f"  - {col.key}{' (required)' if col.required else ''}: {names}")
    lines.append("- fills:")
    for table, fields in spec.fills.items():
        lines.append(f"  - {table}: " + ", ".join(fields))
    if not spec.dated:
        lines.append("- the file carries no dates")
    if spec.notes:
        lines.append("- notes and tolerances:")
        lines.extend(f"  - {note}" for note in spec.notes)
    return "\n".join(lines)


def render_markdown() -> str:
    specs = sorted(REGISTRY.values(), key=lambda s: (s.rank, s.name))
    rows = ["| name | export | fills |", "|---|---|---|"]
    for spec in specs:
        fills = "; ".join(f"{t}: {', '.join(f)}" for t, f in spec.fills.items())
        rows.append(f"| `{spec.name}` | {spec.title_en} | {fills} |")
    body = "\n\n".join(_section(spec) for spec in specs)
    return INTRO + "\n" + "\n".join(rows) + "\n\n" + body + "\n"


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/importers.md")
    target.write_text(render_markdown(), encoding="utf-8")
