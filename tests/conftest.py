"""Shared fixtures. Expensive parts (the real encoder, the demo store and index) are built once per session."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from features.reference import Reference, load_reference
from matching.service import Services
from matching.settings import Settings

# Every MLflow store a test (or a CLI subprocess it starts) touches lives in a temp dir, never in mlflow/.
os.environ.setdefault("LAYAK_MLFLOW_TRACKING_URI", f"sqlite:///{tempfile.mkdtemp(prefix='layak-mlflow-')}/mlflow.db")

# The demo the end-to-end tests run against: the default size unless overridden (e.g. for a quick local run).
DEMO_LISTINGS = int(os.environ.get("LAYAK_TEST_DEMO_LISTINGS", "20000"))
DEMO_WORKERS = int(os.environ.get("LAYAK_TEST_DEMO_WORKERS", "5000"))
DEMO_SEED = 7
AS_OF = date.today()


@pytest.fixture(scope="session")
def ref() -> Reference:
    return load_reference()


def make_settings(tmp: Path, **overrides: object) -> Settings:
    """Settings rooted in a temp dir (never the developer's data/)."""
    return Settings(data_dir=tmp, mlflow_tracking_uri=f"sqlite:///{tmp / 'mlflow.db'}", **overrides)


@pytest.fixture(scope="session")
def encoder_services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    """Services over an empty temp store: for tests that need the real encoder only."""
    return Services(make_settings(tmp_path_factory.mktemp("enc")))


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """A real SQLite store filled by the demo generator and screened, without the index (which takes the
    encoder minutes to build and which tests of the store alone, e.g. the listing-risk model's, do not need)."""
    from matching.demo.load import load_demo

    services = Services(make_settings(tmp_path_factory.mktemp("demo")))
    stats = load_demo(services.store, DEMO_LISTINGS, DEMO_WORKERS, DEMO_SEED, as_of=AS_OF)
    services.demo_stats = stats  # type: ignore[attr-defined]
    yield services
    services.store.engine.dispose()


def small_demo(tmp: Path, encoder_services: Services, listings: int = 400, workers: int = 30,
               **overrides: object) -> Services:
    """A small demo store with its index in ``tmp``, sharing the session's encoder (for tests that write)."""
    from matching.demo.load import load_demo

    svc = Services(make_settings(tmp, **overrides))
    svc.__dict__["encoder"] = encoder_services.encoder
    load_demo(svc.store, listings, workers, 5, as_of=AS_OF)
    svc.rebuild_index()
    return svc


def new_key(services: Services, role: str, subject: str | None = None) -> str:
    """A real API key for ``role`` in the services' store (auth is never switched off in tests)."""
    return services.keys.create(role, subject, label="test").secret


def key_headers(services: Services, role: str, subject: str | None = None) -> dict[str, str]:
    return {"X-API-Key": new_key(services, role, subject)}


@pytest.fixture(scope="session")
def demo_services(demo_store: Services) -> Services:
    """The demo store (``demo_store``, the same object) with a real FAISS index over it."""
    demo_store.rebuild_index()
    return demo_store


@pytest.fixture(scope="session")
def trained(demo_services: Services, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, object]]:
    """The demo store with a ranker trained on its simulated outcomes and registered as champion in a REAL
    local MLflow store (SQLite in a temp dir, never the repository's mlflow/).

    Returns ``(services, TrainReport)``. The services share the demo's store, encoder and index (loading them
    twice would only cost time) but have their own tracking store, ranker and recommender, so ``demo_services``
    keeps ranking with the v0 score for the tests that check it.
    """
    from matching.workflows import train_ranker

    mlflow_dir = tmp_path_factory.mktemp("mlflow")
    uri = f"sqlite:///{mlflow_dir / 'mlflow.db'}"
    settings = demo_services.settings.model_copy(update={"mlflow_tracking_uri": uri})
    services = Services(settings)
    for shared in ("store", "encoder", "index"):
        services.__dict__[shared] = getattr(demo_services, shared)
    report = train_ranker(services, source="demo (simulated)")
    yield services, report
