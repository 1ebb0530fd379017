"""The ``layak`` command line. Output for people on stdout (or one JSON document with --json);
progress and logs on stderr; errors exit non-zero with one line naming the input, row or field."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError

from api.cli_format import print_planner_view, print_training_plan
from features.listings import ListingIn
from features.profiles import WorkerProfile
from features.validation import FieldError, field_errors
from matching.demo.keys import demo_keys_path, write_demo_keys
from matching.demo.load import load_demo
from matching.errors import InputError, LayakError
from matching.learning import ranker_training as training
from matching.recommend.understand import understand_listing, understand_profile, understand_text
from matching.service import Services
from matching.settings import get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Layak: safe overseas job matching for PMI.")
index_app = typer.Typer(no_args_is_help=True, help="The FAISS index of verified listings.")
agencies_app = typer.Typer(no_args_is_help=True, help="The P3MI licence registry.")
keys_app = typer.Typer(no_args_is_help=True, help="API keys (stored hashed; each key is shown once).")
app.add_typer(index_app, name="index")
app.add_typer(agencies_app, name="agencies")
app.add_typer(keys_app, name="keys")
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
         skip_models: Annotated[bool, typer.Option("--skip-models", help="do not train the models")] = False,
         as_json: JsonOpt = False) -> None:
    """Fill an EMPTY store with generated demo data, screen it, build the index, train and register the models
    (the listing-risk model and the ranker, on the simulated outcomes)."""
    _setup_logging()
    services = Services(get_settings())

    def run() -> dict[str, Any]:
        if if_empty and not services.store.is_empty():
            typer.echo("store already has data; nothing to do", err=True)
            keys_file = demo_keys_path(services.settings)
            if not keys_file.exists():  # a store from before API keys: give it demo keys once
                write_demo_keys(services)
            typer.echo(f"demo API keys: {keys_file}", err=True)
            return {"skipped": True, "demo_keys": str(keys_file)}
        stats = load_demo(services.store, listings, workers, seed)
        index = services.rebuild_index(progress=True)
        out: dict[str, Any] = {**stats.to_dict(), "indexed": index.ntotal}
        out["demo_keys"] = str(write_demo_keys(services))
        if not skip_models:
            from matching.learning.risk_training import train_and_register_risk

            risk = train_and_register_risk(services.store, services.settings.mlflow_tracking_uri)
            out["risk_model"] = {"version": risk["version"], "promoted": risk["promoted"],
                                 "false_review_rate": risk["heldout"]["false_review_rate"]}
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
              all_workers: Annotated[bool, typer.Option("--all", help="every stored worker (needs --out)")] = False,
              out: Annotated[Path | None, typer.Option("--out", help="with --all: the Parquet file to write")] = None,
              as_json: JsonOpt = False) -> None:
    """Recommendations with explanations for a stored worker or a profile file, or for every stored worker
    into a Parquet file (``--all --out FILE.parquet``: one row per worker and listing)."""
    _setup_logging()
    if sum([worker is not None, profile is not None, all_workers]) != 1:
        _fail("give exactly one of --worker REF, --profile FILE.json or --all")
    if all_workers != (out is not None):
        _fail("--all writes a file: give --all with --out FILE.parquet (and --out only with --all)")
    services = Services(get_settings())
    if all_workers:
        from dataclasses import asdict

        from matching.recommend.batch import recommend_all

        report = _guard(lambda: recommend_all(services.store, services.recommender, out, k=k))  # type: ignore[arg-type]
        _emit(asdict(report), as_json, lambda r: typer.echo(
            f"{r['workers']} workers, {r['rows']} recommendations -> {r['out']} "
            f"({r['workers_per_s']} workers/s; {r['workers_without_match']} without a safe match)"))
        return

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
    ranker = data["ranker"]
    typer.echo(f"Ranked by: {ranker['name']}" + (f" version {ranker['version']}" if ranker.get("version") else ""))
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
        factors = ex.get("top_factors") or []
        if factors:
            typer.echo("    top factors: " + "; ".join(f"{f['label_en']} ({f['contribution']:+.3f})" for f in factors))
        tr = ex.get("training")
        if tr:
            typer.echo(f"    training: {_training_line(tr)}")


def _training_line(tr: dict[str, Any]) -> str:
    if tr["ready"]:
        return "ready to apply now"
    if tr["blocked_by"]:
        return "not reachable by training yet (" + ", ".join(tr["blocked_by"]) + ")"
    courses = " -> ".join(c["course_id"] for c in tr["courses"])
    return (f"ready in {tr['ready_in_weeks']} weeks: {courses}; Rp{tr['total_cost_idr']:,}, "
            f"you pay Rp{tr['worker_cost_idr']:,}")


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


def _open_csv(path: Path) -> Any:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(f"file not found: {path}") from None


@app.command()
def screen(file: Annotated[Path, typer.Argument(help="listing CSV (see README for the columns)")],
           as_json: JsonOpt = False) -> None:
    """Screen listings WITHOUT storing them: one verdict per row. Exit 1 if any row had errors."""
    _setup_logging()
    services = Services(get_settings())

    def run() -> dict[str, Any]:
        with _open_csv(file) as fh:
            report = services.desk.screen_csv(fh, source=str(file)).to_dict()
        report.pop("index", None)
        return report

    report = _guard(run)
    _emit(report, as_json, _print_report)
    if report["counts"]["error"]:
        raise typer.Exit(code=1)


@app.command()
def ingest(file: Annotated[Path, typer.Argument(help="listing CSV")],
           submitted_by: Annotated[str, typer.Option(help="who submits (kept in the audit trail)")] = "cli",
           as_json: JsonOpt = False) -> None:
    """Screen and store listings (streamed); verified ones enter the index. Exit 1 if any row had errors."""
    _setup_logging()
    services = Services(get_settings())

    def run() -> dict[str, Any]:
        with _open_csv(file) as fh:
            return services.desk.ingest_csv(fh, submitted_by, source=str(file)).to_dict()

    report = _guard(run)
    _emit(report, as_json, _print_report)
    if report["counts"]["error"]:
        raise typer.Exit(code=1)


@app.command()
def review(listing_id: Annotated[int, typer.Argument(help="the listing's id")],
           approve: Annotated[bool, typer.Option("--approve/--reject", help="the decision")],
           reviewer: Annotated[str, typer.Option("--by", help="who decides (audit trail)")],
           reason: Annotated[str, typer.Option(help="why (audit trail)")],
           as_json: JsonOpt = False) -> None:
    """Approve or reject a listing that needs review."""
    _setup_logging()
    services = Services(get_settings())
    view = _guard(lambda: services.desk.review(listing_id, approve, reviewer, reason))
    _emit(view, as_json, lambda v: typer.echo(f"listing {v['id']}: {v['status']} (by {reviewer})"))


@app.command()
def withdraw(listing_id: Annotated[int, typer.Argument(help="the listing's id")],
             by: Annotated[str, typer.Option("--by", help="who withdraws (audit trail)")],
             reason: Annotated[str, typer.Option(help="why (audit trail)")],
             as_json: JsonOpt = False) -> None:
    """Withdraw a listing: it leaves the index at once."""
    _setup_logging()
    services = Services(get_settings())
    view = _guard(lambda: services.desk.withdraw(listing_id, by, reason))
    _emit(view, as_json, lambda v: typer.echo(f"listing {v['id']}: {v['status']}"))


@app.command("training-plan")
def training_plan(worker: Annotated[str | None, typer.Option("--worker", help="a stored worker_ref")] = None,
                  profile: Annotated[Path | None, typer.Option("--profile", help="a profile JSON file")] = None,
                  weeks: Annotated[int | None, typer.Option("--weeks", min=0, max=520,
                                                            help="training budget in weeks")] = None,
                  budget_idr: Annotated[int | None, typer.Option("--budget-idr", min=0,
                                                                 help="what the worker can pay (IDR)")] = None,
                  k: Annotated[int | None, typer.Option("--k", min=1, max=100, help="listings per list")] = None,
                  as_json: JsonOpt = False) -> None:
    """A worker's training plan: listings ready now, and the best ones within a training budget."""
    _setup_logging()
    if (worker is None) == (profile is None):
        _fail("give exactly one of --worker REF or --profile FILE.json")
    services = Services(get_settings())

    def run() -> dict[str, Any]:
        planner = services.training_planner
        if profile is not None:
            p = _validate(WorkerProfile, _load_json(profile), profile)
            return planner.for_profile(p, max_weeks=weeks, max_worker_cost_idr=budget_idr, k=k)
        return planner.for_worker(worker or "", max_weeks=weeks, max_worker_cost_idr=budget_idr, k=k)

    _emit(_guard(run), as_json, print_training_plan)


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

    _setup_logging()
    services = Services(get_settings())

    def run() -> dict[str, Any]:
        if chart is not None:
            check_chart_path(chart)
        view = services.cohort_planner.view(province=province, sector=sector, country=country, top_n=top)
        if csv_file is not None:
            n = write_csv(view, csv_file)
            typer.echo(f"wrote {n} rows to {csv_file}", err=True)
        if chart is not None:
            write_chart(view, chart)
            typer.echo(f"wrote the chart to {chart}", err=True)
        return view

    _emit(_guard(run), as_json, print_planner_view)


@app.command()
def train(outcomes: Annotated[Path | None, typer.Option("--outcomes", help="outcomes CSV: worker_ref, listing_ref, "
                                                         "event, occurred_at (default: the stored outcomes)")] = None,
          force: Annotated[bool, typer.Option("--force", help="make the new model champion even if it does not "
                                                                "beat the current one")] = False,
          as_json: JsonOpt = False) -> None:
    """Train the ranker, log it to MLflow and register it; it becomes champion only if it beats the champion."""
    from matching.learning.outcomes import read_outcomes_csv, store_outcomes

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
def evaluate(screening: Annotated[bool, typer.Option("--screening", help="evaluate listing screening instead of "
                                                                        "ranking")] = False,
             as_json: JsonOpt = False) -> None:
    """NDCG@10, Recall@10/@50 and MRR of the champion and the baselines on held-out workers, with 95% intervals.
    ``--screening``: unsafe recall and false rejections of screening on the demo's labelled listings."""
    _setup_logging()
    services = Services(get_settings())
    if screening:
        _emit(_guard(lambda: _screening_report(services)), as_json, _print_screening_report)
        return

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
    from matching.storage.agencies import read_registry

    _setup_logging()
    services = Services(get_settings())

    def run() -> dict[str, int]:
        rows = read_registry(file)
        inserted, updated = services.store.upsert_agencies(rows)
        return {"inserted": inserted, "updated": updated}

    _emit(_guard(run), as_json, lambda d: typer.echo(f"inserted {d['inserted']}, updated {d['updated']}"))


@agencies_app.command("show")
def agencies_show(licence_no: Annotated[str, typer.Argument(help="licence number")], as_json: JsonOpt = False
                  ) -> None:
    """One agency from the registry, with whether its licence is valid today."""
    from matching.storage.agencies import agency_view

    services = Services(get_settings())
    view = _guard(lambda: agency_view(services.store.get_agency(licence_no)))
    _emit(view, as_json, lambda v: [typer.echo(f"{k}: {val}") for k, val in v.items()])


@keys_app.command("create")
def keys_create(role: Annotated[str, typer.Option("--role", help="worker, planner, agency, reviewer or admin")],
                worker: Annotated[str | None, typer.Option("--worker", help="the worker_ref a worker key is for")]
                = None,
                licence: Annotated[str | None, typer.Option("--licence", help="the P3MI licence an agency key is for")]
                = None,
                label: Annotated[str | None, typer.Option("--label", help="a note: who holds the key")] = None,
                as_json: JsonOpt = False) -> None:
    """Create an API key and print it ONCE (only its hash is stored)."""
    if worker and licence:
        _fail("give at most one of --worker REF or --licence NO")
    services = Services(get_settings())

    def run() -> dict[str, Any]:
        subject = worker or licence
        if role == "worker" and worker:
            services.store.get_worker(worker)  # NotFound for a worker_ref that is not stored
        if role == "agency" and licence:
            services.store.get_agency(licence)
        key = services.keys.create(role, subject, label)
        return {"id": key.id, "key": key.secret, "role": key.role, "subject": key.subject, "label": key.label}

    created = _guard(run)
    _emit(created, as_json, lambda d: (typer.echo(d["key"]), typer.echo(
        f"key {d['id']} for {d['role']}{' ' + d['subject'] if d['subject'] else ''}: store it now, it is not "
        "shown again", err=True)))


@keys_app.command("list")
def keys_list(all_keys: Annotated[bool, typer.Option("--all", help="include revoked keys")] = False,
              as_json: JsonOpt = False) -> None:
    """API keys (id, first characters, role, subject, label, created, revoked); never the keys themselves."""
    services = Services(get_settings())
    rows = _guard(lambda: services.keys.list(include_revoked=all_keys))
    _emit(rows, as_json, lambda rs: [typer.echo(
        f"{r['id']:>4}  {r['prefix']}…  {r['role']:<8} {r['subject'] or '-':<24} {r['label'] or '-':<20} "
        f"{r['created_at'][:19]}{'  revoked ' + r['revoked_at'][:19] if r['revoked_at'] else ''}") for r in rs])


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[int, typer.Argument(help="the key's id (see `layak keys list`)")],
                as_json: JsonOpt = False) -> None:
    """Revoke an API key: the next request with it is refused (401)."""
    services = Services(get_settings())
    row = _guard(lambda: services.keys.revoke(key_id))
    _emit(row, as_json, lambda r: typer.echo(f"key {r['id']} revoked"))


@app.command("train-risk")
def train_risk(labelled: Annotated[Path | None, typer.Option("--labelled", help="CSV: listing columns + label "
                                                                          "(unsafe|safe)")] = None,
               force: Annotated[bool, typer.Option("--force", help="make it the champion even if worse")] = False,
               as_json: JsonOpt = False) -> None:
    """Train the listing-risk model on labelled listings, log it to MLflow and register it."""
    from matching.learning.risk_training import train_and_register_risk

    _setup_logging()
    settings = get_settings()
    services = Services(settings)
    result = _guard(lambda: train_and_register_risk(services.store, settings.mlflow_tracking_uri, labelled, force))
    for e in result["labelled_errors"]:
        typer.echo(f"error: {labelled}: row {e['row']}, field '{e['field']}': {e['message']}", err=True)
    _emit(result, as_json, _print_risk_training)
    if result["labelled_errors"]:
        raise typer.Exit(code=1)


def _print_risk_training(d: dict[str, Any]) -> None:
    m = d["heldout"]
    typer.echo(f"listing-risk model v{d['version']} "
               f"({'champion' if d['promoted'] else 'registered; champion stays v' + str(d['previous_champion'])})")
    typer.echo(f"data: {d['data']}")
    typer.echo(f"held-out: precision {m['precision']:.3f}, recall {m['recall']:.3f}, F1 {m['f1']:.3f}, "
               f"ROC-AUC {m['roc_auc']:.3f}, average precision {m['average_precision']:.3f}")
    typer.echo(f"review threshold {d['threshold']:.3f}: precision {m['precision_at_threshold']:.3f}, "
               f"recall {m['recall_at_threshold']:.3f}, false-review rate on safe listings "
               f"{m['false_review_rate']:.2%}")


def _screening_report(services: Services) -> dict[str, Any]:
    from matching.learning.screening_eval import screening_report

    try:
        return screening_report(services.store)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _print_screening_report(r: dict[str, Any]) -> None:
    typer.echo(f"labelled demo listings: {r['listings']} ({r['unsafe']} unsafe, {r['clean']} clean)")
    typer.echo(f"unsafe recall (not verified): {r['unsafe_recall']:.2%}  [target >= 98%]; "
               f"unsafe verified: {r['unsafe_verified']}")
    typer.echo(f"clean rejected: {r['clean_rejected_share']:.2%}  [target <= 2%]; "
               f"clean sent to review: {r['clean_needs_review_share']:.2%}")
    for flaw, v in r["per_flaw"].items():
        typer.echo(f"  {flaw:<26} n={v['n']:<5} recall {v['recall']:.2%}  {v['statuses']}")


if __name__ == "__main__":  # pragma: no cover
    app()
