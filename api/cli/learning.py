"""``layak train``, ``evaluate``, ``train-risk``, ``evaluate-risk``: the learned ranker and the listing-risk model."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from api.cli.common import JsonOpt, app, echo_items, emit, guard, services, setup_logging
from matching.errors import InputError

if TYPE_CHECKING:
    from matching.service import Services


@app.command()
def train(outcomes: Annotated[Path | None, typer.Option("--outcomes", help="outcomes CSV: worker_ref, listing_ref, "
                                                         "event, occurred_at (default: the stored outcomes)")] = None,
          force: Annotated[bool, typer.Option("--force", help="make the new model champion even if it does not "
                                                                "beat the current one")] = False,
          as_json: JsonOpt = False) -> None:
    """Train the ranker, log it to MLflow and register it; it becomes champion only if it beats the champion.
    Exit 1 if any row of the outcomes file had errors (the good rows are still used)."""
    from matching.workflows import train_from_outcomes

    setup_logging()
    svc = services()
    result = guard(lambda: train_from_outcomes(
        svc, outcomes, force=force, on_row_error=lambda line: typer.echo(f"error: {outcomes}: {line}", err=True)))
    emit(result.to_dict(), as_json, _print_train)
    if result.row_errors:
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
    setup_logging()
    svc = services()
    if screening:
        emit(guard(lambda: _screening_report(svc)), as_json, _print_screening_report)
        return

    def run() -> dict[str, Any]:
        from matching.workflows import evaluate_ranker

        report, model = evaluate_ranker(svc)
        return {"model": model, "evaluation": report.to_dict(), "table": report.table()}

    result = guard(run)
    if as_json:
        result.pop("table")
        emit(result, True, echo_items)
    else:
        m = result["model"]
        typer.echo(f"{m['name']} version {m['version']} (run {m['run_id']}); candidates: each held-out worker's "
                   "logged listings")
        typer.echo(result["table"])


def _screening_report(svc: Services) -> dict[str, Any]:
    from matching.learning.screening_eval import screening_report

    try:
        return screening_report(svc.store)
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


@app.command("train-risk")
def train_risk(labelled: Annotated[Path | None, typer.Option("--labelled", help="CSV: listing columns + label "
                                                                          "(unsafe|safe)")] = None,
               force: Annotated[bool, typer.Option("--force", help="make it the champion even if worse")] = False,
               as_json: JsonOpt = False) -> None:
    """Train the listing-risk model on labelled listings, log it to MLflow and register it."""
    from matching.learning.risk_training import train_and_register_risk

    setup_logging()
    svc = services()
    uri = svc.settings.mlflow_tracking_uri
    result = guard(lambda: train_and_register_risk(svc.store, uri, labelled, force))
    for e in result["labelled_errors"]:
        typer.echo(f"error: {labelled}: row {e['row']}, field '{e['field']}': {e['message']}", err=True)
    emit(result, as_json, _print_risk_training)
    if result["labelled_errors"]:
        raise typer.Exit(code=1)


def _print_risk_training(d: dict[str, Any]) -> None:
    typer.echo(f"listing-risk model v{d['version']} "
               f"({'champion' if d['promoted'] else 'registered; champion stays v' + str(d['previous_champion'])})")
    typer.echo(f"data: {d['data']}")
    _print_risk_figures(d)


def _print_risk_figures(d: dict[str, Any]) -> None:
    m = d["heldout_real"]
    v = d["heldout_real_verdicts"]
    f = d["fairness"]
    typer.echo(f"real held-out postings: ROC-AUC {m['roc_auc']:.3f} [{m['roc_auc_ci_low']:.3f}, "
               f"{m['roc_auc_ci_high']:.3f}], PR-AUC {m['average_precision']:.3f} "
               f"[{m['average_precision_ci_low']:.3f}, {m['average_precision_ci_high']:.3f}] (95% bootstrap CIs)")
    typer.echo(f"review threshold {d['threshold']:.4f} (calibrated on real validation scams); "
               f"real frauds verified: {v['frauds_verified']} of {v['n_frauds']}; genuine postings sent to review "
               f"or rejected: {1 - v['genuine']['verified']:.1%}")
    typer.echo(f"fairness (safe generated listings sent to review or rejected): max gap {f['max_gap']:.1%} "
               f"({'within' if f['passes'] else 'ABOVE'} {f['max_gap_allowed']:.0%})")
    for attr, entry in f["by"].items():
        if "gap" in entry:
            typer.echo(f"  {attr}: gap {entry['gap']:.1%} (worst {entry['worst']}, best {entry['best']})")


@app.command("evaluate-risk")
def evaluate_risk(generated: Annotated[int, typer.Option("--generated", help="generated listings to add to the "
                                                                            "real postings")] = 8_000,
                  seed: Annotated[int, typer.Option("--seed", help="seed of the generated listings")] = 7,
                  log: Annotated[bool, typer.Option("--log/--no-log", help="record the run in MLflow")] = True,
                  as_json: JsonOpt = False) -> None:
    """Measure the listing-risk model on real held-out scams and audit it for fairness (offline; rebuilt from
    the shipped EMSCAD sample and generated listings; no model is registered)."""
    from matching.workflows import evaluate_risk as run_evaluation

    setup_logging()
    svc = services() if log else None
    result = guard(lambda: run_evaluation(svc, generated, seed, log=log))
    emit(result, as_json, _print_risk_figures)
