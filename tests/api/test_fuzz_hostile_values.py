"""Property tests for the classes of input the schema fuzzing (test_fuzz.py) missed (issue 18).

Schemathesis generates values that fit a JSON schema; it never sends ``NaN``, ``Infinity`` or ``1e309`` (JSON
numbers Python reads as non-finite floats), a lone UTF-16 surrogate (``"\\ud800"``), or an integer too large for
SQLite. Each of those gave a 500. Here hypothesis puts one such value into one field of a valid request, for every
field of each kind and each endpoint that reads them; the answer must be a 4xx, never a 5xx, and a 422 must name
the field (its ``loc``) and say what is wrong in both languages (``msg_en``, ``msg_id``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.main import create_app
from features.listings import template_example
from matching.service import Services
from tests.conftest import small_demo

EXAMPLES = 25
MARK = "__HOSTILE_VALUE__"

# Raw JSON number tokens that are not finite (Python's json reads 1e309 as inf).
NON_FINITE = st.sampled_from(["NaN", "Infinity", "-Infinity", "1e309", "-1e999", "1E400", "123e4567"])
# Integers beyond 64 bits, and the edges of SQLite's integer.
HUGE_INT = st.one_of(st.integers(min_value=2**63, max_value=10**40).map(str),
                     st.integers(min_value=-(10**40), max_value=-(2**63) - 1).map(str),
                     st.sampled_from(["99999999999999999999", "9223372036854775808", "18446744073709551616"]))
# Text with a lone surrogate somewhere in it.
SURROGATE_TEXT = st.builds(lambda a, s, b: a + s + b, st.text(max_size=8),
                           st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), st.text(max_size=8))


def _profile() -> dict[str, Any]:
    return {"gender": "female", "birth_year": 1995, "skills": ["memasak", "menyetrika"],
            "languages": [{"language": "Mandarin", "level": "basic"}],
            "experience": [{"occupation": "pengasuh lansia", "years": 2, "country": "TW"}],
            "preferences": {"countries": ["TW"], "sectors": ["care"], "min_monthly_salary_idr": 8_000_000},
            "summary": "Saya sabar."}


def _listing() -> dict[str, Any]:
    today = date.today()
    row = template_example(today)
    row.update(required_skills=["memasak"], required_certificates=[], required_languages=["yue:basic"],
               job_order_verified=True, accommodation_provided=True, salary_amount=5100, worker_fee_amount=0,
               hours_per_week=60, rest_days_per_month=4, contract_months=24, min_age=21, max_age=45,
               min_experience_years=0, posted_at=today.isoformat(),
               expires_at=(today + timedelta(days=60)).isoformat())
    return row


# (endpoint, body, path to the field) for every number field and every text field the endpoints read
PROFILE_NUMBERS = [("birth_year",), ("experience", 0, "years"), ("preferences", "min_monthly_salary_idr")]
PROFILE_TEXTS = [("skills", 0), ("summary",), ("languages", 0, "language"), ("experience", 0, "occupation"),
                 ("preferences", "countries", 0), ("education_level",), ("province",)]
LISTING_NUMBERS = [("salary_amount",), ("worker_fee_amount",), ("min_age",), ("max_age",), ("hours_per_week",),
                   ("rest_days_per_month",), ("contract_months",), ("min_experience_years",)]
LISTING_TEXTS = [("title",), ("description",), ("required_skills", 0), ("employer_name",), ("occupation",)]
NUMBER_TARGETS = (
    [("/api/v1/recommendations", "request", ("profile", *p)) for p in PROFILE_NUMBERS]
    + [("/api/v1/recommendations", "request", ("k",))]
    + [("/api/v1/understand", "profile", ("profile", *p)) for p in PROFILE_NUMBERS]
    + [(path, "listing", p) for path in ("/api/v1/screening", "/api/v1/listings") for p in LISTING_NUMBERS]
    + [("/api/v1/understand", "wrapped_listing", ("listing", *p)) for p in LISTING_NUMBERS]
)
TEXT_TARGETS = (
    [("/api/v1/recommendations", "request", ("profile", *p)) for p in PROFILE_TEXTS]
    + [("/api/v1/understand", "text", ("text",))]
    + [(path, "listing", p) for path in ("/api/v1/screening", "/api/v1/listings") for p in LISTING_TEXTS]
)


def _body(kind: str) -> dict[str, Any]:
    """A valid request body of each kind."""
    return {"request": lambda: {"profile": _profile(), "k": 3}, "profile": lambda: {"profile": _profile()},
            "listing": _listing, "wrapped_listing": lambda: {"listing": _listing()},
            "text": lambda: {"text": "pengasuh lansia"}}[kind]()


def _put(body: dict[str, Any], where: tuple[Any, ...], value: Any) -> dict[str, Any]:
    node: Any = body
    for part in where[:-1]:
        node = node[part]
    node[where[-1]] = value
    return body


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, encoder_services: Services) -> Iterator[TestClient]:
    svc = small_demo(tmp_path_factory.mktemp("hostile-values"), encoder_services, listings=300, workers=20,
                     rate_limit_per_minute=1_000_000, rate_limit_burst=1_000_000)
    with TestClient(create_app(services=svc), headers={"X-API-Key": svc.keys.create("admin").secret}) as c:
        yield c
    svc.store.engine.dispose()


def _send(client: TestClient, path: str, raw: str, lang: str) -> Any:
    return client.post(path, content=raw.encode("utf-8"), headers={"content-type": "application/json",
                                                                  "accept-language": lang})


def _names_the_field(response: Any, where: tuple[Any, ...]) -> None:
    assert response.status_code == 422, (response.status_code, response.text[:500])
    detail = response.json()["detail"]
    locs = [tuple(d["loc"][1:]) for d in detail]  # without "body"
    # the field itself, or for an item of a list, the list (whose message names the item)
    assert any(loc[:len(where)] == where or (where[:len(loc)] == loc and len(where) == len(loc) + 1
                                             and isinstance(where[-1], int)) for loc in locs), (where, locs)
    for d in detail:
        assert d["msg_en"] and d["msg_id"] and d["msg"] in (d["msg_en"], d["msg_id"]), d


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(target=st.sampled_from(NUMBER_TARGETS), token=NON_FINITE, lang=st.sampled_from(["id", "en"]))
def test_a_non_finite_number_in_any_field_is_a_422_naming_it(client: TestClient, target: tuple[Any, ...],
                                                             token: str, lang: str) -> None:
    path, kind, where = target
    raw = json.dumps(_put(_body(kind), where, MARK)).replace(json.dumps(MARK), token)
    _names_the_field(_send(client, path, raw, lang), where)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(target=st.sampled_from(NUMBER_TARGETS), token=HUGE_INT, lang=st.sampled_from(["id", "en"]))
def test_a_huge_integer_in_any_field_is_a_422_naming_it(client: TestClient, target: tuple[Any, ...], token: str,
                                                        lang: str) -> None:
    path, kind, where = target
    raw = json.dumps(_put(_body(kind), where, MARK)).replace(json.dumps(MARK), token)
    _names_the_field(_send(client, path, raw, lang), where)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(target=st.sampled_from(TEXT_TARGETS), text=SURROGATE_TEXT, lang=st.sampled_from(["id", "en"]))
def test_a_lone_surrogate_in_any_text_is_a_422_naming_it(client: TestClient, target: tuple[Any, ...], text: str,
                                                         lang: str) -> None:
    path, kind, where = target
    raw = json.dumps(_put(_body(kind), where, text), ensure_ascii=True)  # "\ud800" escapes: valid JSON text
    _names_the_field(_send(client, path, raw, lang), where)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(number=HUGE_INT, route=st.sampled_from(["", "/review", "/withdraw"]))
def test_a_huge_listing_id_in_the_path_is_never_a_5xx(client: TestClient, number: str, route: str) -> None:
    if route:
        body = {"decision": "approve", "reviewer": "r", "reason": "x"} if route == "/review" else {"by": "a",
                                                                                                  "reason": "x"}
        response = client.post(f"/api/v1/listings/{number}{route}", json=body)
    else:
        response = client.get(f"/api/v1/listings/{number}")
    assert 400 <= response.status_code < 500, (number, route, response.status_code, response.text[:300])
    if response.status_code == 422:
        assert response.json()["detail"][0]["loc"] == ["path", "listing_id"]


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(number=st.one_of(HUGE_INT, NON_FINITE), name=st.sampled_from(["k", "top"]))
def test_a_huge_or_non_finite_query_number_is_a_422(client: TestClient, number: str, name: str) -> None:
    path = "/api/v1/workers/W000001/recommendations" if name == "k" else "/api/v1/planning/skill-gaps"
    response = client.get(path, params={name: number})
    assert response.status_code == 422, (number, response.status_code, response.text[:300])
    assert response.json()["detail"][0]["loc"] == ["query", name]


def test_the_three_reported_500s_are_422s(client: TestClient) -> None:
    for raw in ('{"profile":{"preferences":{"min_monthly_salary_idr":NaN}}}',
                '{"profile":{"preferences":{"min_monthly_salary_idr":1e309}}}',
                '{"profile":{"skills":["\\ud800"]}}'):
        response = _send(client, "/api/v1/recommendations", raw, "id")
        assert response.status_code == 422, (raw, response.status_code, response.text)
        assert response.json()["detail"][0]["msg"] == response.json()["detail"][0]["msg_id"]
    overflow = client.get("/api/v1/listings/99999999999999999999")
    assert overflow.status_code == 422 and overflow.json()["detail"][0]["loc"] == ["path", "listing_id"]
