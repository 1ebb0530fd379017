"""Human-readable output of the training commands of the ``layak`` CLI (``--json`` prints the raw document)."""

from __future__ import annotations

from typing import Any

import typer


def _idr(x: float | int | None) -> str:
    return "unknown" if x is None else f"Rp{x:,.0f}"


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _shown(x: int | None) -> str:
    return "suppressed" if x is None else f"{x:,}"


def print_training_plan(d: dict[str, Any]) -> None:
    b = d["budget"]
    cap = b["max_worker_cost_idr"]
    limit = "no cost limit" if cap is None else f"you pay at most {_idr(cap)}"
    typer.echo(f"Worker {d['worker_ref'] or '(profile)'}: {d['reachable_listings']} listings within reach; "
               f"{d['ready_now_count']} ready now, {d['within_budget_count']} within {b['max_weeks']} weeks "
               f"({limit}), {d['over_budget_count']} over budget, {d['blocked_count']} blocked.")
    typer.echo("\nReady now:" if d["ready_now"] else "\nReady now: none yet.")
    for i, o in enumerate(d["ready_now"], 1):
        typer.echo(f"{i:>2}. {_listing(o)}")
    typer.echo("\nWithin your training budget (best value per week of training first):"
               if d["stretch"] else "\nWithin your training budget: none.")
    for i, o in enumerate(d["stretch"], 1):
        t = o["training"]
        courses = " -> ".join(c["course_id"] for c in t["courses"])
        typer.echo(f"{i:>2}. {_listing(o)}\n    ready in {t['ready_in_weeks']} weeks: {courses}; "
                   f"catalogue {_idr(t['total_cost_idr'])}, you pay {_idr(t['worker_cost_idr'])}")
    if d["courses"]:
        typer.echo("\nCourses that would open the most of your listings:")
        for c in d["courses"]:
            pre = c["with_prerequisites"]
            typer.echo(f"  - {c['title_en']} ({c['course_id']}): {_n(c['listings_unlocked'], 'listing')}; "
                       f"{pre['weeks']} weeks, {_idr(pre['cost_idr'])} with prerequisites")
    if d["blocked_by"]:
        typer.echo("\nWhat blocks the other listings:")
        for g in d["blocked_by"][:5]:
            why = f" ({g['why_not']['en']})" if g["why_not"] else ""
            typer.echo(f"  - {g['label_en']}: {_n(g['listings'], 'listing')}{why}")
    if d["documents"]:
        typer.echo("\nDocuments every placement needs:")
        for doc in d["documents"]:
            typer.echo(f"  - {doc['label_en']}: {doc['how_en']}; {_idr(doc['cost_idr'])}")


def _listing(o: dict[str, Any]) -> str:
    lst, pay = o["listing"], o["pay"]
    place = ", ".join(x for x in (lst.get("city"), lst["country"]) if x)
    return (f"{lst['title']} — {place}; net {_idr(pay.get('net_monthly_idr'))}/month, "
            f"safety {o['safety_score']:.0%}")


def print_planner_view(v: dict[str, Any]) -> None:
    f = v["filters"]
    scope = ", ".join(f"{k} {val}" for k, val in f.items() if val) or "all workers"
    c = v["cohort"]
    typer.echo(f"Cohort: {scope} (as of {v['as_of']}; k = {v['k_anonymity']})")
    if v["suppressed"]:
        typer.echo(f"  fewer than {v['k_anonymity']} workers: every worker figure is suppressed.")
    else:
        typer.echo(f"  workers {_shown(c['workers'])}; reaching a listing {_shown(c['workers_reaching_a_listing'])}; "
                   f"ready now {_shown(c['workers_ready_now'])}; trainable {_shown(c['workers_trainable'])}")
        typer.echo(f"  listings in scope {c['listings_in_scope']:,}; reached {_shown(c['listings_reached'])}; "
                   f"(worker, listing) pairs {_shown(c['pairs'])}")
    if v["top_gaps"]:
        typer.echo("\nMost common gaps (workers lacking it for at least one reachable listing):")
        for g in v["top_gaps"]:
            how = {"course": "course", "process": "process", None: "no course"}[g["closed_by"]]
            typer.echo(f"  {g['workers']:>6,}  {g['share_of_cohort']:>5.0%}  {g['label_en']} [{g['kind']}, {how}]")
    if v["courses"]:
        typer.echo("\nCourses by workers they would make ready (with prerequisites):")
        for r in v["courses"]:
            pre = r["with_prerequisites"]
            typer.echo(f"  {r['workers_unlocked']:>6,} workers, {r['listings_unlocked']:>6,} listings  "
                       f"{r['title_en']} ({pre['weeks']} weeks, {_idr(pre['cost_idr'])})")
    if v["documents"]:
        typer.echo("\nDocuments missing:")
        for d in v["documents"]:
            typer.echo(f"  {_shown(d['workers_missing']):>10}  {d['label_en']}")
    left = v["rows_left_out"]
    if left["top_gaps"] or left["courses"]:
        typer.echo(f"\n({left['top_gaps']} gap rows and {left['courses']} course rows left out: fewer than "
                   f"k workers, or all but fewer than k)")
    typer.echo("\nVerified demand by country: " + ", ".join(
        f"{r['label_en']} {r['listings']:,}" for r in v["demand"]["by_country"]))
    typer.echo("Verified demand by sector: " + ", ".join(
        f"{r['label_en']} {r['listings']:,}" for r in v["demand"]["by_sector"]))
