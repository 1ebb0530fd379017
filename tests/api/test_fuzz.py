"""Schema-driven fuzzing of every operation in the OpenAPI spec (schemathesis, in-process over ASGI).

Hypothesis generates bodies, paths and query parameters from the spec (valid and invalid ones); every response
must not be a 5xx and must match the schema documented for its status code and its content type. The number of
examples per operation is bounded (``LAYAK_FUZZ_EXAMPLES``, default 50; 150 also passes) so the run takes a few
minutes at most;
``derandomize`` makes it the same run every time. The app runs over a small demo store of its own, so the
fuzzer's writes (submissions, imports, deletions) never touch the shared demo store.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from api.main import create_app
from matching.service import Services
from tests.conftest import make_settings, small_demo

EXAMPLES = int(os.environ.get("LAYAK_FUZZ_EXAMPLES", "50"))


# The app is built at import so schemathesis can read its spec while collecting; its services (a small demo
# store of its own) are put in place by the fixture below, as the lifespan would.
APP = create_app(settings=make_settings(Path(tempfile.mkdtemp(prefix="layak-fuzz-")),
                                        rate_limit_per_minute=1_000_000, rate_limit_burst=1_000_000))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def fuzz_keys(tmp_path_factory: pytest.TempPathFactory, encoder_services: Services) -> Iterator[dict[str, str]]:
    svc = small_demo(tmp_path_factory.mktemp("fuzz"), encoder_services, listings=300, workers=30)
    APP.state.services = svc
    _ = svc.recommender
    yield {role: svc.keys.create(role, None, "fuzz").secret for role in ("admin", "reviewer")}
    svc.store.engine.dispose()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_5xx_and_responses_match_the_schema(case: Any, fuzz_keys: dict[str, str]) -> None:
    keys = fuzz_keys
    role = "reviewer" if case.path.endswith("/review") else "admin"
    headers = {"X-API-Key": keys[role]}
    if case.headers:  # the spec documents X-API-Key; the fuzzer may generate its own: keep ours
        case.headers.pop("X-API-Key", None)
        case.headers.pop("Authorization", None)
    case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance,
                                                    content_type_conformance])
