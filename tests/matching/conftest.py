"""Fixtures of the matching tests: a store URL per database backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import BACKENDS, database_url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: SQLite, then PostgreSQL (skipped without ``LAYAK_TEST_POSTGRES_URL``)."""
    yield from database_url(request.param, tmp_path)
