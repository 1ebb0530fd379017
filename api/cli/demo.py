"""``layak demo`` (fill an empty store with the generated demo) and ``layak serve`` (the HTTP API and pages)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.cli.common import JsonOpt, app, echo_items, emit, guard, services, setup_logging
from matching.settings import get_settings


@app.command()
def demo(listings: Annotated[int, typer.Option(min=100, help="listings to generate")] = 20_000,
         workers: Annotated[int, typer.Option(min=10, help="workers to generate")] = 5_000,
         seed: Annotated[int, typer.Option(help="random seed (same seed, same data)")] = 7,
         if_empty: Annotated[bool, typer.Option("--if-empty", help="do nothing if the store has data")] = False,
         skip_models: Annotated[bool, typer.Option("--skip-models", help="do not train the models")] = False,
         as_json: JsonOpt = False) -> None:
    """Fill an EMPTY store with generated demo data, screen it, build the index, train and register the models
    (the listing-risk model and the ranker, on the simulated outcomes)."""
    from matching.workflows import build_demo, ensure_demo_keys

    setup_logging()
    svc = services()

    def run() -> dict[str, Any]:
        if if_empty and not svc.store.is_empty():
            typer.echo("store already has data; nothing to do", err=True)
            keys_file = ensure_demo_keys(svc)
            typer.echo(f"demo API keys: {keys_file}", err=True)
            return {"skipped": True, "demo_keys": str(keys_file)}
        return build_demo(svc, listings, workers, seed, train_models=not skip_models, progress=True)

    emit(guard(run), as_json, echo_items)


@app.command()
def serve(host: Annotated[str | None, typer.Option(help="bind address")] = None,
          port: Annotated[int | None, typer.Option(help="port")] = None) -> None:
    """Serve the HTTP API and web pages."""
    import uvicorn

    setup_logging()
    settings = get_settings()
    uvicorn.run("api.main:create_app", factory=True, host=host or settings.host, port=port or settings.port,
                log_level=settings.log_level.lower())
