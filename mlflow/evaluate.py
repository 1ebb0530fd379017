"""MLproject entry point `evaluate`: `layak evaluate`, with the figures and metrics logged to the MLflow run."""

from __future__ import annotations

from _entry import services


def main() -> None:
    svc = services()
    from matching.workflows import evaluate_ranker
    from models import registry

    report, model = evaluate_ranker(svc)
    text = f"{model['name']} version {model['version']} (run {model['run_id']})\n{report.table()}"
    print(text)
    metrics = {f"test_{name.split(' ')[0]}_{metric}": iv.mean
               for name, ms in report.rankers.items() for metric, iv in ms.items()}
    registry.log_run(tracking_uri=svc.settings.mlflow_tracking_uri, run_name=f"evaluate-v{model['version']}",
                     metrics=metrics, texts={"evaluation.txt": text, "evaluation.json": _json(report.to_dict())},
                     tags={"champion_version": str(model["version"])})


def _json(data: object) -> str:
    import json

    return json.dumps(data, indent=2)


if __name__ == "__main__":
    main()
