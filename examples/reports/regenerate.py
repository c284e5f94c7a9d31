"""Regenerate the example reports in this folder (HTML and Markdown, zh and en).

Without arguments they come from the report tests' sample diagnosis (every section
filled); ``--store examples/<store>`` diagnoses a real example store instead:
``/work/venv/bin/python examples/reports/regenerate.py [--store PATH]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tests" / "render"))

from render_samples import sample_diagnosis  # noqa: E402

from diagnoser.model import Diagnosis  # noqa: E402
from diagnoser.render import write_report  # noqa: E402

GENERATED_ON = dt.date(
    2026, 11, 26
)  # fixed, so regenerating changes nothing unless the report does


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an example store folder to diagnose")
    args = parser.parse_args()
    for lang in ("zh", "en"):
        diagnosis: Diagnosis
        if args.store:
            from diagnoser.pipeline import diagnose

            diagnosis = diagnose(args.store, lang=lang)
        else:
            diagnosis = sample_diagnosis(lang)
        for fmt in ("html", "md"):
            path = HERE / f"report.{lang}.{fmt}"
            write_report(diagnosis, path, fmt, lang=lang, generated_on=GENERATED_ON)
            print(path.relative_to(HERE.parents[1]))


if __name__ == "__main__":
    main()
