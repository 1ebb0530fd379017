"""The ``layak`` command line. Output for people on stdout (or one JSON document with --json);
progress and logs on stderr; errors exit non-zero with one line naming the input, row or field."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError

from features.listings import ListingIn
from features.profiles import WorkerProfile
from features.validation import FieldError, field_errors
from matching import training
from matching.demo_load import load_demo
from matching.errors import InputError, LayakError
from matching.ingest import ingest_rows, read_csv, screen_rows
from matching.service import Services
from matching.settings import get_settings
from matching.understand import understand_listing, understand_profile, understand_text

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Layak: safe overseas job matching for PMI.")
index_app = typer.Typer(no_args_is_help=True, help="The FAISS index of verified listings.")
agencies_app = typer.Typer(no_args_is_help=True, help="The P3MI licence registry.")
app.add_typer(index_app, name="index")
app.add_typer(agencies_app, name="agencies")
T = TypeVar("T")
JsonOpt = Annotated[bool, typer.Option("--json", help="one JSON document on stdout")]


def _setup_logging() -> None:
    level = getattr(logging, get_settings().log_level.upper(), logging.INFO)
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("sentence_transformers", "httpx", "urllib3", "filelock", "transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def _guard(fn: Callable[[], T]) -> T:
    """Run a command body, turning domain and input errors into one clear line and exit code 2."""
    try:
        return fn()
    except (LayakError, FieldError, training.NoOutcomes, training.NoChampion) as exc:
        _fail(str(exc))
    raise AssertionError("unreachable")


def _emit(data: Any, as_json: bool, human: Callable[[Any], None]) -> None:
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        human(data)


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"file not found: {path}") from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=str(path)) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                         source=str(path)) from None


def _validate(model: type[T], data: Any, path: Path) -> T:
    try:
        return model.model_validate(data)  # type: ignore[attr-defined,no-any-return]
    except ValidationError as exc:
        errs = field_errors(exc)
        more = f" (and {len(errs) - 1} more)" if len(errs) > 1 else ""
        raise InputError(f"field '{errs[0].field}': {errs[0].message}{more}", source=str(path)) from None


@app.command()
def demo(listings: Annotated[int, typer.Option(min=100, help="listings to generate")] = 20_000,
         workers: Annotated[int, typer.Option(min=10, help="workers to generate")] = 5_000,
         seed: Annotated[int, typer.Option(help="random seed (same seed, same data)")] = 7,
         if_empty: Annotated[bool, typer.Option("--if-empty", help="do nothing if the store has data")] = False,
         train_ranker: Annotated[bool, typer.Option("--train/--no-train",
                                                    help="train and register the ranker")] = True,
         as_json: JsonOpt = False) -> None:
    """Fill an EMPTY store with generated demo data, screen it, build the index, train and register the ranker."""
    _setup_logging()
    services = Services(get_settings())

    def run() -> dict[str, Any]:
        if if_empty and not services.store.is_empty():
            typer.echo("store already has data; nothing to do", err=True)
            return {"skipped": True}
        stats = load_demo(services.store, listings, workers, seed)
        index = services.rebuild_index(progress=True)
        out: dict[str, Any] = {**stats.to_dict(), "indexed": index.ntotal}
        if train_ranker:
            typer.echo("training the ranker on the simulated outcomes ...", err=True)
            report = training.train(services, source="demo (simulated)")
            out["ranker"] = {"version": report.version, "promoted": report.promoted, "reason": report.reason,
                             "test_ndcg_at_10_lift": {k: round(v.mean, 4) for k, v in report.test.lifts.items()}}
        return out

    result = _guard(run)
    _emit(result, as_json, lambda d: [typer.echo(f"{k}: {v}") for k, v in d.items()])


@app.command()
def serve(host: Annotated[str | None, typer.Option(help="bind address")] = None,
          port: Annotated[int | None, typer.Option(help="port")] = None) -> None:
    """Serve the HTTP API and web pages."""
    import uvicorn

    _setup_logging()
    settings = get_settings()
    uvicorn.run("api.main:create_app", factory=True, host=host or settings.host, port=port or settings.port,
                log_level=settings.log_level.lower())


@app.command()
def recommend(worker: Annotated[str | None, typer.Option("--worker", help="a stored worker_ref")] = None,
              profile: Annotated[Path | None, typer.Option("--profile", help="a profile JSON file")] = None,
              k: Annotated[int | None, typer.Option("--k", min=1, max=100, help="how many")] = None,
              as_json: JsonOpt = False) -> None:
    """Recommendations with explanations for a stored worker or a profile file."""
    _setup_logging()
    if (worker is None) == (profile is None):
        _fail("give exactly one of --worker REF or --profile FILE.json")
    services = Services(get_settings())

    def run() -> dict[str, Any]:
        if profile is not None:
            p = _validate(WorkerProfile, _load_json(profile), profile)
            return services.recommender.recommend(p, k=k).to_dict()
        return services.recommender.recommend_for_worker(worker or "", k=k).to_dict()

    _emit(_guard(run), as_json, _print_recommendations)


def _print_recommendations(data: dict[str, Any]) -> None:
    reading = data["profile_reading"]
    skills = ", ".join(s["label_en"] for s in reading["skills"]) or "-"
    typer.echo(f"Read as: skills={skills}; unknown={', '.join(reading['unknown']) or '-'}")
    if not data["matches"]:
        typer.echo("No safe, eligible listing found.")
    for m in data["matches"]:
        lst, ex = m["listing"], m["explanation"]
        pay = ex["pay"]
        typer.echo(f"{m['rank']:>2}. {lst['title']} — {lst['city'] or ''}, {lst['country']} "
                   f"[score {m['score']:.3f}: similarity {m['similarity']:.3f}, skills {m['skill_coverage']:.0%}]")
        typer.echo(f"    pay {pay['amount']:,.0f} {pay['currency']}/{pay['period']} ≈ Rp{(pay['monthly_idr'] or 0):,.0f}"
                   f"/month; fee Rp{pay['worker_fee_idr'] or 0:,.0f}")
        missing = [s["label_en"] for s in ex["missing_skills"]] + [c["label_en"] for c in ex["missing_certificates"]]
        missing += [f"{g['label_en']} {g['required_level']}" for g in ex["missing_languages"]]
        typer.echo(f"    missing: {', '.join(missing) or 'nothing'}")


@app.command()
def understand(profile: Annotated[Path | None, typer.Option("--profile", help="a profile JSON file")] = None,
               listing: Annotated[Path | None, typer.Option("--listing", help="a listing JSON file")] = None,
               text: Annotated[str | None, typer.Option("--text", help="free text")] = None,
               as_json: JsonOpt = False) -> None:
    """How Layak reads a profile, a listing or free text (canonical skills, ISCO-08, levels, unknown)."""
    given = [x for x in (profile, listing, text) if x is not None]
    if len(given) != 1:
        _fail("give exactly one of --profile FILE, --listing FILE or --text \"...\"")

    def run() -> dict[str, Any]:
        if profile is not None:
            return understand_profile(_validate(WorkerProfile, _load_json(profile), profile))
        if listing is not None:
            return understand_listing(_validate(ListingIn, _load_json(listing), listing))
        return understand_text(text or "")

    _emit(_guard(run), as_json, _print_reading)


def _print_reading(d: dict[str, Any]) -> None:
    for key, value in d.items():
        if isinstance(value, list):
            shown = ", ".join(v.get("label_en", v.get("name_en", str(v))) if isinstance(v, dict) else str(v)
                              for v in value)
            typer.echo(f"{key}: {shown or '-'}")
        elif isinstance(value, dict) and "label_en" in value:
            extra = f" (ISCO-08 {value['isco08']})" if "isco08" in value else ""
            typer.echo(f"{key}: {value['label_en']} / {value['label_id']}{extra}")
        else:
            typer.echo(f"{key}: {value}")


def _print_rows(results: list[dict[str, Any]]) -> None:
    for r in results:
        line = f"row {r['row']}: {r.get('listing_ref') or '-'} -> {r['status']}"
        typer.echo(line)
        for e in r.get("errors", []):
            typer.echo(f"    field '{e['field']}': {e['message']}")
        for reason in r.get("reasons", []):
            typer.echo(f"    [{reason['severity']}] {reason['rule_id']}: {reason['reason_en']} "
                       f"({reason['source']}) {reason['detail']}")


@app.command()
def screen(file: Annotated[Path, typer.Argument(help="listing CSV (see README for the columns)")],
           as_json: JsonOpt = False) -> None:
    """Screen listings WITHOUT storing them: one verdict per row."""
    _setup_logging()
    services = Services(get_settings())

    def run() -> list[dict[str, Any]]:
        rows = list(read_csv(file))
        return [r.to_dict() for r in screen_rows(rows, services.store.agencies(), date.today())]

    results = _guard(run)
    _emit(results, as_json, _print_rows)
    if any(r["status"] == "error" for r in results):
        raise typer.Exit(code=1)


@app.command()
def ingest(file: Annotated[Path, typer.Argument(help="listing CSV")],
           submitted_by: Annotated[str, typer.Option(help="who submits (audit trail)")] = "cli",
           as_json: JsonOpt = False) -> None:
    """Screen and store listings; verified ones enter the index."""
    _setup_logging()
    services = Services(get_settings())

    def run() -> list[dict[str, Any]]:
        results = ingest_rows(services.store, list(read_csv(file)), submitted_by)
        services.rebuild_index()
        return [r.to_dict() for r in results]

    results = _guard(run)
    _emit(results, as_json, _print_rows)
    if any(r["status"] == "error" for r in results):
        raise typer.Exit(code=1)


@app.command()
def train(outcomes: Annotated[Path | None, typer.Option("--outcomes", help="outcomes CSV: worker_ref, listing_ref, "
                                                         "event, occurred_at (default: the stored outcomes)")] = None,
          force: Annotated[bool, typer.Option("--force", help="make the new model champion even if it does not "
                                                                "beat the current one")] = False,
          as_json: JsonOpt = False) -> None:
    """Train the ranker, log it to MLflow and register it; it becomes champion only if it beats the champion."""
    from matching.outcomes import read_outcomes_csv, store_outcomes

    _setup_logging()
    services = Services(get_settings())
    bad_rows = False

    def run() -> dict[str, Any]:
        nonlocal bad_rows
        history, source, file_report = None, "store", None
        if outcomes is not None:
            parsed = read_outcomes_csv(outcomes, services.store)
            for err in parsed.errors:
                typer.echo(f"error: {outcomes}: {err}", err=True)
            bad_rows = bool(parsed.errors)
            if parsed.rows.empty:
                raise InputError("no usable outcome rows (see the errors above)", source=str(outcomes))
            added = store_outcomes(services.store, parsed.rows)
            history, source = parsed.rows.drop(columns=["row"]), str(outcomes)
            file_report = {**parsed.report(), "stored": added}
        report = training.train(services, history, force=force, source=source)
        out = report.to_dict()
        if file_report is not None:
            out["outcomes_file"] = file_report
        return out

    _emit(_guard(run), as_json, _print_train)
    if bad_rows:
        raise typer.Exit(code=1)


def _print_train(d: dict[str, Any]) -> None:
    model = d["model"]
    typer.echo(f"registered {model['name']} version {model['version']} (run {model['run_id']})")
    typer.echo(f"validation NDCG@10 {d['valid_ndcg_at_10']:.4f}; "
               f"{'now champion' if d['promoted'] else 'not promoted'}: {d['reason']}")
    test = d["test"]
    for name, iv in test["ndcg_at_10_lift"].items():
        typer.echo(f"test NDCG@10 vs {name}: {iv['mean']:+.1%} [{iv['ci95'][0]:+.1%}, {iv['ci95'][1]:+.1%}]")
    if "outcomes_file" in d:
        f = d["outcomes_file"]
        typer.echo(f"outcomes file: {f['used']} of {f['rows']} rows used, {f['stored']} new rows stored")


@app.command()
def evaluate(as_json: JsonOpt = False) -> None:
    """NDCG@10, Recall@10/@50 and MRR of the champion and the baselines on held-out workers, with 95% intervals."""
    _setup_logging()
    services = Services(get_settings())

    def run() -> dict[str, Any]:
        report, model = training.evaluate_champion(services)
        return {"model": model, "evaluation": report.to_dict(), "table": report.table()}

    result = _guard(run)
    if as_json:
        result.pop("table")
        _emit(result, True, lambda d: None)
    else:
        m = result["model"]
        typer.echo(f"{m['name']} version {m['version']} (run {m['run_id']}); candidates: each held-out worker's "
                   "logged listings")
        typer.echo(result["table"])


@index_app.command("rebuild")
def index_rebuild(as_json: JsonOpt = False) -> None:
    """Rebuild the FAISS index from the store (embeddings come from the cache when unchanged)."""
    _setup_logging()
    services = Services(get_settings())
    index = _guard(lambda: services.rebuild_index(progress=True))
    _emit(index.manifest(), as_json, lambda d: typer.echo(f"indexed {d['count']} verified listings"))


@agencies_app.command("import")
def agencies_import(file: Annotated[Path, typer.Argument(help="CSV: agency_name, licence_no, valid_from, "
                                                                 "valid_until, status")],
                    as_json: JsonOpt = False) -> None:
    """Load or update the P3MI licence registry."""
    from matching.agencies import read_registry

    _setup_logging()
    services = Services(get_settings())

    def run() -> dict[str, int]:
        rows = read_registry(file)
        inserted, updated = services.store.upsert_agencies(rows)
        return {"inserted": inserted, "updated": updated}

    _emit(_guard(run), as_json, lambda d: typer.echo(f"inserted {d['inserted']}, updated {d['updated']}"))


if __name__ == "__main__":  # pragma: no cover
    app()
