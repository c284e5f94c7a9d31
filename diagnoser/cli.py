"""The ``diagnoser`` command line.

Exit codes follow linters: 0 clean, 1 findings at or above ``--fail-on``, 2 usage or
input error. User errors print one readable message (file, row, column, fix) and never a
traceback; set DIAGNOSER_DEBUG=1 to see one for an internal error.
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from diagnoser import __version__
from diagnoser.config import Config, load_config
from diagnoser.errors import DiagnoserError, UsageError
from diagnoser.stages import SEVERITIES, SEVERITY_RANK

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Health check for cross-border e-commerce stores.",
)
rules_app = typer.Typer(no_args_is_help=True, help="List, show, validate, test and document rules.")
app.add_typer(rules_app, name="rules")
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


class Format(str, Enum):
    md = "md"
    html = "html"
    json = "json"
    pdf = "pdf"


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class FailOn(str, Enum):
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"
    none = "none"


RulesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules", help="Extra rule directory (repeatable); same id replaces a built-in rule."
    ),
]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Client config (TOML).")]


def _version(value: bool) -> None:
    if value:
        out.print(f"diagnoser {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Health check for cross-border e-commerce stores."""


@app.command()
def check(
    path: Annotated[
        Path,
        typer.Argument(
            help="Store bundle: a folder (store.yaml + tables, or exports) or an .xlsx workbook."
        ),
    ],
    rules: RulesOpt = None,
    config: ConfigOpt = None,
    lang: Annotated[
        Lang | None, typer.Option(help="Report language (default: config, store.yaml, else zh).")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.md,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Report file (default: stdout for md/json)."),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            help="Exit 1 when a finding is at least this severe (default: config, else low)."
        ),
    ] = None,
    compare: Annotated[
        Path | None, typer.Option(help="A previous JSON report: add what changed since then.")
    ] = None,
) -> None:
    """Run a health check and write the report."""
    from diagnoser.pipeline import diagnose

    cfg = load_config(config)
    previous = _read_previous(compare) if compare else None
    if fmt is Format.pdf and output is None:
        raise UsageError("--format pdf needs -o FILE")
    diagnosis = diagnose(
        path, rule_dirs=list(rules or []), config=cfg, lang=lang.value if lang else None
    )
    _emit(diagnosis, fmt, output, cfg, previous)
    _summarise(diagnosis, output)
    threshold = (fail_on.value if fail_on else None) or cfg.fail_on or "low"
    if threshold != "none" and any(
        SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold] for f in diagnosis.findings
    ):
        raise typer.Exit(1)


@app.command()
def demo(
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the reports.")] = Path(
        "diagnoser-demo"
    ),
) -> None:
    """Health-check the bundled example store and write its reports in both languages."""
    from diagnoser.pipeline import diagnose
    from diagnoser.resources import example_store

    store = example_store()
    output.mkdir(parents=True, exist_ok=True)
    cfg = Config()
    for language in ("zh", "en"):
        diagnosis = diagnose(store, lang=language)
        for fmt in (Format.md, Format.html, Format.json):
            _emit(diagnosis, fmt, output / f"report.{language}.{fmt.value}", cfg, None)
    _summarise(diagnosis, output / "report.en.md")
    err.print(
        f"Reports for [bold]{diagnosis.store.get('name')}[/] written to {output}/ (report.zh.html, report.en.html, …)"
    )


def _read_previous(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"--compare {path}: not a readable JSON report ({exc})") from None
    from pydantic import ValidationError

    from diagnoser.model import Diagnosis

    try:
        Diagnosis.model_validate(data)
    except ValidationError:
        raise UsageError(
            f"--compare {path}: not a diagnoser JSON report (write one with --format json)"
        ) from None
    return data


def _emit(
    diagnosis: Any, fmt: Format, output: Path | None, cfg: Config, previous: dict[str, Any] | None
) -> None:
    from diagnoser.render import render, write_report

    branding = _branding(cfg)
    if output is None:
        sys.stdout.write(
            render(
                diagnosis, fmt.value, lang=diagnosis.language, branding=branding, previous=previous
            ).decode("utf-8")
        )
        return
    if output.is_dir():
        raise UsageError(
            f"-o {output} is a folder; give a file name such as {output / ('report.' + fmt.value)}"
        )
    try:
        write_report(
            diagnosis,
            output,
            fmt.value,
            lang=diagnosis.language,
            branding=branding,
            previous=previous,
        )
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


def _branding(cfg: Config) -> Any:
    if cfg.branding is None:
        return None
    from diagnoser.render import Branding

    logo = None
    if cfg.branding.logo:
        base = cfg.path.parent if cfg.path else Path.cwd()
        logo = base / cfg.branding.logo
    colour = {"accent_color": cfg.branding.accent_color} if cfg.branding.accent_color else {}
    return Branding(agency_name=cfg.branding.agency_name, logo_path=logo, **colour)


def _describe_inputs(inputs: list[dict[str, Any]]) -> None:
    """Say what was recognised, skipped and not recognised, so no file is ignored silently."""
    if not inputs or all(
        i["status"] == "used"
        and i["format"] in ("funnel", "costs", "orders", "fx", "baselines", "store")
        for i in inputs
    ):
        return
    for item in inputs:
        if item["status"] == "used":
            err.print(f"  read {item['file']} as {item['format']}", markup=False, highlight=False)
        elif item["status"] == "skipped":
            err.print(f"  skipped {item['file']}: {item['reason']}", markup=False, highlight=False)
        else:
            closest = f" (closest format: {item['format']})" if item["format"] else ""
            err.print(
                f"  not recognised {item['file']}{closest}: {item['reason']}",
                markup=False,
                highlight=False,
            )


def _summarise(diagnosis: Any, output: Path | None) -> None:
    _describe_inputs(diagnosis.inputs)
    counts = {s: sum(1 for f in diagnosis.findings if f.severity == s) for s in SEVERITIES}
    text = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no findings"
    where = f" → {output}" if output else ""
    err.print(
        f"{diagnosis.store.get('name')}: {text}; {len(diagnosis.passed)} passed, {len(diagnosis.skipped)} skipped{where}"
    )


@app.command()
def validate(
    path: Annotated[
        Path, typer.Argument(help="Store bundle folder, .xlsx workbook, or folder of exports.")
    ],
) -> None:
    """Check a store's data without running the rules: every problem, with file, row, column and fix."""
    from diagnoser.sources import read_store

    bundle, report = read_store(path)
    _describe_inputs(report.inputs())
    rows = f"{len(bundle.funnel):,} funnel rows, {len(bundle.costs):,} cost lines" + (
        f", {len(bundle.orders):,} orders" if bundle.orders is not None else ""
    )
    out.print(
        f"{path}: valid — {rows}, amounts in {bundle.store.report_currency}",
        markup=False,
        highlight=False,
    )
    for warning in bundle.warnings:
        out.print(f"  warning: {warning.render()}", markup=False, highlight=False)


@app.command()
def facts(
    path: Annotated[
        Path | None, typer.Argument(help="A store bundle; without it, print the fact catalog.")
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the catalog.")] = Lang.en,
    config: ConfigOpt = None,
) -> None:
    """Print the fact catalog (every fact type and field), or the facts derived from a bundle."""
    from diagnoser.facts import derive_facts, render_catalog

    if path is None:
        out.print(render_catalog(lang.value), markup=False, highlight=False)
        return
    from diagnoser.sources import read_store

    bundle, _ = read_store(path)
    for fact in derive_facts(bundle, window_months=load_config(config).window_months):
        sys.stdout.write(json.dumps(fact, ensure_ascii=False) + "\n")


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new client's bundle.")],
    xlsx: Annotated[
        bool, typer.Option("--xlsx", help="One .xlsx workbook instead of CSV files.")
    ] = False,
) -> None:
    """Write an empty template bundle (bilingual headers, commented store.yaml) for a new client."""
    from diagnoser.bundle import write_template

    written = write_template(directory, xlsx=xlsx)
    err.print(
        f"Wrote {', '.join(str(p) for p in written)}. Fill it in, then: diagnoser validate {directory}"
    )


@app.command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(help="Export files (or folders of them) with a store.yaml beside them."),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Folder for the canonical bundle.")
    ],
    store: Annotated[
        Path | None,
        typer.Option(help="store.yaml to use (default: the one beside the first file)."),
    ] = None,
) -> None:
    """Turn downloaded exports into a canonical bundle (funnel.csv, costs.csv, orders.csv) to review."""
    from diagnoser.bundle_writer import write_bundle
    from diagnoser.sources import read_exports

    bundle, report = read_exports(files, store)
    _describe_inputs(report.inputs())
    written = write_bundle(bundle, output, store or _store_beside(files))
    err.print(
        f"Wrote {', '.join(p.name for p in written)} to {output}/ — review them, then: diagnoser check {output}"
    )


def _store_beside(files: list[Path]) -> Path:
    first = files[0]
    return (first if first.is_dir() else first.parent) / "store.yaml"


# --- rules -----------------------------------------------------------------------------


def _rule_set(rules: list[Path] | None, config: Path | None, builtin: bool = True) -> Any:
    from diagnoser.rules.ruleset import build_rule_set

    return build_rule_set(list(rules or []), load_config(config), builtin=builtin)


@rules_app.command("list")
def rules_list(rules: RulesOpt = None, config: ConfigOpt = None) -> None:
    """List every rule that would run."""
    rule_set = _rule_set(rules, config)
    table = Table("id", "pattern", "stage", "severity", "source", "title")
    for compiled in rule_set.rules:
        spec = compiled.rule.spec
        table.add_row(
            spec.id, spec.pattern, spec.stage, spec.severity, compiled.rule.source, spec.title.en
        )
    out.print(table)
    for rule_id, note in rule_set.notes:
        out.print(f"note: {rule_id}: {note}")


@rules_app.command("show")
def rules_show(rule_id: str, rules: RulesOpt = None, config: ConfigOpt = None) -> None:
    """Show a rule: its file, params, and the durable-rules JSON it compiles to."""
    rule_set = _rule_set(rules, config)
    compiled = next((r for r in rule_set.rules if r.id == rule_id), None)
    if compiled is None:
        raise UsageError(f"no rule {rule_id}; `diagnoser rules list` shows the ids")
    spec = compiled.rule.spec
    out.print(f"[bold]{spec.id}[/] {spec.title.en} / {spec.title.zh}")
    out.print(
        f"file: {compiled.rule.path}\npattern: {spec.pattern}  stage: {spec.stage}  severity: {spec.severity}  owner: {spec.owner}"
    )
    from diagnoser.rules.params import describe

    out.print(
        "params: "
        + json.dumps({k: describe(v) for k, v in compiled.params.items()}, ensure_ascii=False)
    )
    out.print("when:")
    for binding in compiled.rule.bindings:
        out.print(
            f"  {'no ' if binding.negated else ''}{binding.type} {binding.alias}: {binding.text or ''}"
        )
    out.print("engine definition:")
    out.print_json(json.dumps(compiled.definition, ensure_ascii=False))


@rules_app.command("validate")
def rules_validate(
    directory: Annotated[
        Path | None, typer.Argument(help="Rule folder (default: the built-in pack).")
    ] = None,
) -> None:
    """Validate rule files (schema, expressions, engine limits) without running them."""
    rule_set = _rule_set([directory] if directory else None, None, builtin=directory is None)
    err.print(f"{len(rule_set.rules)} rule(s) valid")


@rules_app.command("test")
def rules_test(
    directory: Annotated[
        Path | None, typer.Argument(help="Rule folder (default: the built-in pack).")
    ] = None,
) -> None:
    """Run every rule's inline tests; print expected against actual for each failure."""
    from diagnoser.rules.selftest import run_rule_tests

    rule_set = _rule_set([directory] if directory else None, None, builtin=directory is None)
    passed = failed = 0
    for compiled in rule_set.rules:
        for result in run_rule_tests(compiled.rule):
            if result.passed:
                passed += 1
                continue
            failed += 1
            out.print(f"[red]FAIL[/] {result.rule_id} — {result.name} ({compiled.rule.path})")
            if result.error:
                out.print(f"  error: {result.error}")
            out.print(f"  expected: {json.dumps(result.expected, ensure_ascii=False)}")
            out.print(f"  actual:   {json.dumps(result.actual, ensure_ascii=False, default=str)}")
        if not compiled.rule.spec.tests:
            out.print(f"[yellow]note[/] {compiled.id} has no inline tests")
    out.print(f"{passed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)


@rules_app.command("new")
def rules_new(
    rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. ACME001.")],
    stage: Annotated[
        str, typer.Option(help="Funnel stage or cost area (traffic, landing, conversion, …).")
    ],
    directory: Annotated[Path, typer.Option("--dir", help="Rule pack folder.")] = Path("rules"),
) -> None:
    """Scaffold a rule file with three passing inline tests."""
    from diagnoser.rules.scaffold import new_rule

    path = new_rule(rule_id, stage, directory)
    err.print(f"Wrote {path}. Edit it, then run: diagnoser rules test {directory}")


@rules_app.command("docs")
def rules_docs(
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the catalog pages.")],
    rules: RulesOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Write the rule catalog: one Markdown page per rule and an index."""
    from diagnoser.rules.catalog import write_catalog

    rule_set = _rule_set(rules, config)
    pages = write_catalog(rule_set, output)
    err.print(f"Wrote {pages} rule pages and index.md to {output}/")


@rules_app.command("schema")
def rules_schema() -> None:
    """Print the JSON Schema of rule files (for editor autocompletion)."""
    from diagnoser.rules.spec import json_schema

    out.print_json(json.dumps(json_schema(), ensure_ascii=False))


def main() -> None:
    """Entry point: run the app, turning user errors into exit code 2 without a traceback."""
    try:
        code = app(standalone_mode=False)  # click returns the code of a typer.Exit here
    except DiagnoserError as exc:
        err.print(exc.render(), markup=False, highlight=False)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(130)
    except Exception as exc:  # usage errors of the CLI framework, and internal failures
        if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            sys.exit(2)
        if os.environ.get("DIAGNOSER_DEBUG"):
            raise
        err.print(
            f"internal error: {type(exc).__name__}: {exc}\n(run with DIAGNOSER_DEBUG=1 for the traceback, and please report it)",
            markup=False,
        )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
