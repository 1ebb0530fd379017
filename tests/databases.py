"""The databases the store tests run against: SQLite always, PostgreSQL when ``LAYAK_TEST_POSTGRES_URL`` is set.

``.ci/run`` starts a throwaway PostgreSQL server (``.ci/postgres``) and sets the URL, so `make test` in CI runs
every store test on both; on a laptop without the variable the PostgreSQL cases are skipped, and say so.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

POSTGRES_URL = os.environ.get("LAYAK_TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite", "postgresql"]


def fresh_postgres(url: str) -> str:
    """Empty the PostgreSQL database at ``url`` (drop and recreate its public schema) and return the URL."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database of ``backend``; skips PostgreSQL when no server is configured."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'layak.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("LAYAK_TEST_POSTGRES_URL is not set (.ci/run starts a PostgreSQL server and sets it)")
    yield fresh_postgres(POSTGRES_URL)
