"""``layak gaps``: the training planner's k-anonymous cohort view."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.common import JsonOpt, app, emit, guard, services, setup_logging
from api.cli.format import print_planner_view


@app.command()
def gaps(province: Annotated[str | None, typer.Option(help="province, e.g. 'Jawa Timur' or 'Jatim'")] = None,
         sector: Annotated[str | None, typer.Option(help="sector id or label, e.g. care")] = None,
         country: Annotated[str | None, typer.Option(help="destination, ISO alpha-2 or name")] = None,
         top: Annotated[int | None, typer.Option("--top", min=1, max=200, help="rows per top list")] = None,
         csv_file: Annotated[Path | None, typer.Option("--csv", help="also write the view as CSV")] = None,
         chart: Annotated[Path | None, typer.Option("--chart", help="also draw top gaps and courses (.png/.svg)")]
         = None,
         as_json: JsonOpt = False) -> None:
    """The training planner's cohort view: common gaps, courses that unlock placements, demand (k-anonymous)."""
    from matching.planning.cohort_report import check_chart_path, write_chart, write_csv

    setup_logging()
    svc = services()

    def run() -> dict[str, Any]:
        if chart is not None:
            check_chart_path(chart)
        view = svc.cohort_planner.view(province=province, sector=sector, country=country, top_n=top)
        if csv_file is not None:
            n = write_csv(view, csv_file)
            typer.echo(f"wrote {n} rows to {csv_file}", err=True)
        if chart is not None:
            write_chart(view, chart)
            typer.echo(f"wrote the chart to {chart}", err=True)
        return view

    emit(guard(run), as_json, print_planner_view)
