"""Train -> register -> alias -> load by alias -> serve, against a real local MLflow store (SQLite in a temp dir)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from features.pairs import FEATURES
from matching.learning import ranker_training as training
from matching.service import Services
from matching.workflows import train_ranker
from models import registry
from tests.conftest import AS_OF, key_headers
from tests.matching.profile_pairs import PAIRS


def test_train_registers_the_champion_and_the_service_serves_it(trained: tuple[Services, object]) -> None:
    services, report = trained
    uri = services.settings.mlflow_tracking_uri
    assert uri.startswith("sqlite:///") and "mlflow.db" in uri and Path(uri[10:]).exists()
    assert not str(Path(uri[10:]).resolve()).startswith(str(Path(__file__).resolve().parents[2] / "mlflow"))
    assert report.promoted and report.reason == "no champion yet"  # type: ignore[attr-defined]
    assert registry.champion_version(uri) == report.version  # type: ignore[attr-defined]

    # a fresh load through the alias gives the same model the service holds
    loaded = registry.load_champion(uri)
    assert loaded is not None and loaded.version == report.version  # type: ignore[attr-defined]
    assert loaded.features == list(FEATURES)
    assert loaded.metrics["valid_ndcg_at_10"] == pytest.approx(report.valid_ndcg_at_10)  # type: ignore[attr-defined]
    assert services.ranker is not None and services.ranker.version == loaded.version

    with TestClient(create_app(services=services), headers=key_headers(services, "admin")) as client:
        health = client.get("/health").json()
        assert health["ranker"] == {"name": "layak-ranker", "version": loaded.version, "detail": None}
        assert health["scorer"] == f"layak-ranker:v{loaded.version}"
        body = client.post("/api/v1/recommendations", json={"profile": PAIRS[1][0], "k": 5}).json()
    assert body["ranker"] == {"name": "layak-ranker", "version": loaded.version, "detail": None}
    assert len(body["matches"]) == 5
    scores = [m["score"] for m in body["matches"]]
    assert scores == sorted(scores, reverse=True)
    for m in body["matches"]:
        assert m["explanation"]["safety"]["verdict"] == "verified"
        factors = m["explanation"]["top_factors"]
        assert 1 <= len(factors) <= 3 and {f["feature"] for f in factors} <= set(FEATURES)
        assert all(f["label_en"] and f["label_id"] for f in factors)
        assert [abs(f["contribution"]) for f in factors] == sorted((abs(f["contribution"]) for f in factors),
                                                                   reverse=True)
        assert "missing_skills" in m["explanation"] and "pay" in m["explanation"]  # the page's keys stay


def test_run_logged_params_metrics_features_model_and_plot(trained: tuple[Services, object]) -> None:
    import mlflow

    services, report = trained
    client = mlflow.MlflowClient(tracking_uri=services.settings.mlflow_tracking_uri)
    run = client.get_run(report.run_id)  # type: ignore[attr-defined]
    assert run.data.params["objective"] == training.DEFAULT_PARAMS["objective"]
    assert run.data.params["max_iter"] == str(training.DEFAULT_PARAMS["max_iter"])
    assert {"valid_ndcg_at_10", "test_ndcg_at_10", "test_similarity_ndcg_at_10", "test_v0_ndcg_at_10",
            "test_ndcg_at_10_ci_low", "test_mrr"} <= set(run.data.metrics)
    artifacts = {a.path for a in client.list_artifacts(report.run_id)}  # type: ignore[attr-defined]
    assert {"features.json", "evaluation.png", "test_evaluation.txt"} <= artifacts
    mv = client.get_model_version(registry.MODEL_NAME, report.version)  # type: ignore[attr-defined]
    model_info = mlflow.models.get_model_info(mv.source)
    assert model_info.signature is not None
    assert [c.name for c in model_info.signature.inputs.inputs] == list(FEATURES)
    assert model_info.saved_input_example_info is not None


def test_a_weaker_model_does_not_take_the_alias_unless_forced(trained: tuple[Services, object]) -> None:
    services, report = trained
    uri = services.settings.mlflow_tracking_uri
    champion = registry.champion_version(uri)
    weak = {"max_iter": 1, "max_leaf_nodes": 2}
    kept = train_ranker(services, params=weak)
    assert not kept.promoted and "champion kept" in kept.reason
    assert kept.champion_before["version"] == champion  # type: ignore[index]
    assert registry.champion_version(uri) == champion
    forced = train_ranker(services, params=weak, force=True)
    assert forced.promoted and forced.reason == "--force"
    assert registry.champion_version(uri) == forced.version
    assert services.ranker is not None and services.ranker.version == forced.version
    # put the good model back for the other tests sharing this store
    registry.promote(uri, report.version)  # type: ignore[attr-defined]
    services.reload_ranker()
    assert services.recommender.ranker_info["version"] == report.version  # type: ignore[attr-defined]


def test_no_store_or_no_champion_falls_back_to_v0(demo_services: Services, tmp_path: Path) -> None:
    settings = demo_services.settings.model_copy(update={"mlflow_tracking_uri": f"sqlite:///{tmp_path / 'no.db'}"})
    services = Services(settings)
    assert services.ranker is None and "no champion" in services.ranker_status
    assert not (tmp_path / "no.db").exists()  # looking for a champion creates no store
    assert registry.load_champion(f"sqlite:///{tmp_path / 'no.db'}") is None


def test_recommendations_with_the_champion_stay_safe_for_every_demo_worker(trained: tuple[Services, object]) -> None:
    """The learned ranker reorders; the hard policy still decides what may be shown (all demo workers)."""
    services, _ = trained
    refs = services.store.worker_refs()
    facts = {r[0]: r[1:] for r in services.store.listings_frame_rows(["id", "status", "expires_at", "demo_flaw"])}
    shown = 0
    for start in range(0, len(refs), 1000):
        for rec in services.recommender.recommend_workers(refs[start:start + 1000], as_of=AS_OF):
            assert rec.ranker["name"] == "layak-ranker"
            for m in rec.matches:
                status, expires_at, flaw = facts[m.listing_id]
                assert status == "verified" and flaw is None and (expires_at is None or expires_at >= AS_OF)
                shown += 1
    assert shown >= 0.9 * len(refs) * 10
