"""``layak recommend``, ``layak understand`` and ``layak training-plan``: what a worker sees."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.common import JsonOpt, app, emit, fail, guard, load_json, services, setup_logging, validate
from api.cli.format import print_training_plan


@app.command()
def recommend(worker: Annotated[str | None, typer.Option("--worker", help="a stored worker_ref")] = None,
              profile: Annotated[Path | None, typer.Option("--profile", help="a profile JSON file")] = None,
              k: Annotated[int | None, typer.Option("--k", min=1, max=100, help="how many")] = None,
              all_workers: Annotated[bool, typer.Option("--all", help="every stored worker (needs --out)")] = False,
              out: Annotated[Path | None, typer.Option("--out", help="with --all: the Parquet file to write")] = None,
              cluster: Annotated[str | None, typer.Option(
                  "--cluster", help="with --all: shard over the Dask scheduler at ADDRESS (tcp://host:8786), or "
                                    "local:N for N worker processes on this machine")] = None,
              as_json: JsonOpt = False) -> None:
    """Recommendations with explanations for a stored worker or a profile file, or for every stored worker
    into a Parquet file (``--all --out FILE.parquet``: one row per worker and listing; ``--cluster ADDRESS``
    spreads it over a Dask cluster, docs/operations.md)."""
    setup_logging()
    if sum([worker is not None, profile is not None, all_workers]) != 1:
        fail("give exactly one of --worker REF, --profile FILE.json or --all")
    if all_workers != (out is not None):
        fail("--all writes a file: give --all with --out FILE.parquet (and --out only with --all)")
    if cluster is not None and not all_workers:
        fail("--cluster shards a batch: give it with --all --out FILE.parquet")
    svc = services()
    if out is not None:
        target = out
        if cluster is not None:
            from matching.workflows import recommend_all_on_cluster

            address = cluster
            report = guard(lambda: recommend_all_on_cluster(svc, target, address, k=k))
        else:
            from matching.recommend.batch import recommend_all

            report = guard(lambda: recommend_all(svc.store, svc.recommender, target, k=k))
        emit(asdict(report), as_json, lambda r: typer.echo(
            f"{r['workers']} workers, {r['rows']} recommendations -> {r['out']} "
            f"({r['workers_per_s']} workers/s; {r['workers_without_match']} without a safe match)"))
        return

    def run() -> dict[str, Any]:
        from features.profiles import WorkerProfile

        if profile is not None:
            p = validate(WorkerProfile, load_json(profile), profile)
            return svc.recommender.recommend(p, k=k).to_dict()
        return svc.recommender.recommend_for_worker(worker or "", k=k).to_dict()

    emit(guard(run), as_json, _print_recommendations)


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
        typer.echo(f"    pay {pay['amount']:,.0f} {pay['currency']}/{pay['period']} "
                   f"≈ Rp{(pay['monthly_idr'] or 0):,.0f}/month; fee Rp{pay['worker_fee_idr'] or 0:,.0f}")
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
               story: Annotated[str | None, typer.Option("--story", help="a worker's story in her own words")] = None,
               as_json: JsonOpt = False) -> None:
    """How Layak reads a profile, a listing, free text or a worker's story (canonical skills, ISCO-08, levels,
    informal experience, unknown)."""
    given = [x for x in (profile, listing, text, story) if x is not None]
    if len(given) != 1:
        fail("give exactly one of --profile FILE, --listing FILE, --text \"...\" or --story \"...\"")
    if story is not None and not story.strip():
        fail("--story: empty; expected the worker's story as text")
    if story is not None and len(story) > 5000:
        fail(f"--story: {len(story)} characters; at most 5000 expected")

    def run() -> dict[str, Any]:
        from features.listings import ListingIn
        from features.profiles import WorkerProfile
        from matching.recommend.understand import (
            understand_listing,
            understand_profile,
            understand_story,
            understand_text,
        )

        if profile is not None:
            return understand_profile(validate(WorkerProfile, load_json(profile), profile))
        if listing is not None:
            return understand_listing(validate(ListingIn, load_json(listing), listing))
        if story is not None:
            return understand_story(story)
        return understand_text(text or "")

    emit(guard(run), as_json, _print_reading)


def _print_reading(d: dict[str, Any]) -> None:
    if d.get("kind") == "story":
        for r in d["readings"]:
            informal = " (informal)" if r["informal"] else ""
            detail = {"language": lambda v: f" {v['level']}", "experience": lambda v: f", {v['years']:g} years"}
            more = detail[r["field"]](r["value"]) if r["field"] in detail else ""
            typer.echo(f"{r['field']}: {r['label_en']}{more}{informal}  <- \"{r['text']}\"")
        typer.echo(f"unknown: {'; '.join(d['unknown']) or '-'}")
        return
    for key, value in d.items():
        if isinstance(value, list):
            shown = ", ".join(str(v.get("label_en", v.get("name_en", v))) if isinstance(v, dict) else str(v)
                              for v in value)
            typer.echo(f"{key}: {shown or '-'}")
        elif isinstance(value, dict) and "label_en" in value:
            extra = f" (ISCO-08 {value['isco08']})" if "isco08" in value else ""
            typer.echo(f"{key}: {value['label_en']} / {value['label_id']}{extra}")
        else:
            typer.echo(f"{key}: {value}")


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
    setup_logging()
    if (worker is None) == (profile is None):
        fail("give exactly one of --worker REF or --profile FILE.json")
    svc = services()

    def run() -> dict[str, Any]:
        from features.profiles import WorkerProfile

        planner = svc.training_planner
        if profile is not None:
            p = validate(WorkerProfile, load_json(profile), profile)
            return planner.for_profile(p, max_weeks=weeks, max_worker_cost_idr=budget_idr, k=k)
        return planner.for_worker(worker or "", max_weeks=weeks, max_worker_cost_idr=budget_idr, k=k)

    emit(guard(run), as_json, print_training_plan)
