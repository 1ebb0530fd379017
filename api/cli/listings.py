"""``layak screen``, ``ingest``, ``review`` and ``withdraw``: the agency's and the reviewer's listing desk."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.common import JsonOpt, app, emit, guard, open_csv, services, setup_logging


def _print_report(report: dict[str, Any]) -> None:
    for r in report["rows"]:
        typer.echo(f"row {r['row']}: {r.get('listing_ref') or '-'} -> {r['status']}")
        for e in r.get("errors", []):
            typer.echo(f"    field '{e['field']}': {e['message']}")
        for reason in r.get("reasons", []):
            typer.echo(f"    [{reason['severity']}] {reason['rule_id']}: {reason['reason_en']} "
                       f"({reason['source']}) {reason['detail']}")
    counts = ", ".join(f"{k} {v}" for k, v in report["counts"].items())
    typer.echo(f"{counts}" + (f"; index +{report['index']['added']} -{report['index']['removed']}"
                              if "index" in report else ""))


@app.command()
def screen(file: Annotated[Path, typer.Argument(help="listing CSV (see README for the columns)")],
           as_json: JsonOpt = False) -> None:
    """Screen listings WITHOUT storing them: one verdict per row. Exit 1 if any row had errors."""
    setup_logging()
    svc = services()

    def run() -> dict[str, Any]:
        with open_csv(file) as fh:
            report = svc.screening_desk.screen_csv(fh, source=str(file)).to_dict()
        report.pop("index", None)
        return report

    report = guard(run)
    emit(report, as_json, _print_report)
    if report["counts"]["error"]:
        raise typer.Exit(code=1)


@app.command()
def ingest(file: Annotated[Path, typer.Argument(help="listing CSV")],
           submitted_by: Annotated[str, typer.Option(help="who submits (kept in the audit trail)")] = "cli",
           as_json: JsonOpt = False) -> None:
    """Screen and store listings (streamed); verified ones enter the index. Exit 1 if any row had errors."""
    setup_logging()
    svc = services()

    def run() -> dict[str, Any]:
        with open_csv(file) as fh:
            return svc.desk.ingest_csv(fh, submitted_by, source=str(file)).to_dict()

    report = guard(run)
    emit(report, as_json, _print_report)
    if report["counts"]["error"]:
        raise typer.Exit(code=1)


@app.command()
def review(listing_id: Annotated[int, typer.Argument(help="the listing's id")],
           approve: Annotated[bool, typer.Option("--approve/--reject", help="the decision")],
           reviewer: Annotated[str, typer.Option("--by", help="who decides (audit trail)")],
           reason: Annotated[str, typer.Option(help="why (audit trail)")],
           as_json: JsonOpt = False) -> None:
    """Approve or reject a listing that needs review."""
    setup_logging()
    svc = services()
    view = guard(lambda: svc.desk.review(listing_id, approve, reviewer, reason))
    emit(view, as_json, lambda v: typer.echo(f"listing {v['id']}: {v['status']} (by {reviewer})"))


@app.command()
def withdraw(listing_id: Annotated[int, typer.Argument(help="the listing's id")],
             by: Annotated[str, typer.Option("--by", help="who withdraws (audit trail)")],
             reason: Annotated[str, typer.Option(help="why (audit trail)")],
             as_json: JsonOpt = False) -> None:
    """Withdraw a listing: it leaves the index at once."""
    setup_logging()
    svc = services()
    view = guard(lambda: svc.desk.withdraw(listing_id, by, reason))
    emit(view, as_json, lambda v: typer.echo(f"listing {v['id']}: {v['status']}"))
