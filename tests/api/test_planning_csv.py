"""The planner view's CSV download over HTTP (against the demo store; the index is not needed)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.deps import get_services
from api.errors import register_exception_handlers
from api.routes import planning
from matching.planning.cohort_report import CSV_COLUMNS, safe_cell, view_csv
from matching.service import Services
from tests.conftest import key_headers


@pytest.fixture(scope="module")
def client(demo_store: Services) -> Iterator[TestClient]:
    app = FastAPI()
    register_exception_handlers(app)
    app.include_router(planning.router)
    app.dependency_overrides[get_services] = lambda: demo_store
    with TestClient(app, headers=key_headers(demo_store, "planner")) as c:
        yield c


def test_csv_download_holds_the_same_figures_as_the_json_view(client: TestClient) -> None:
    params = {"province": "Jatim", "top": 5}
    view = client.get("/api/v1/planning/skill-gaps", params=params).json()
    response = client.get("/api/v1/planning/skill-gaps.csv", params=params)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text, newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    gaps = [r for r in rows if r["table"] == "gap"]
    assert [r["id"] for r in gaps] == [g["id"] for g in view["top_gaps"]]
    assert [int(r["workers"]) for r in gaps] == [g["workers"] for g in view["top_gaps"]]
    courses = [r for r in rows if r["table"] == "course"]
    assert [int(r["workers"]) for r in courses] == [c["workers_unlocked"] for c in view["courses"]]
    assert response.text == view_csv(view)


def test_suppressed_cohort_csv_has_empty_worker_cells_and_bad_filters_are_422(client: TestClient) -> None:
    response = client.get("/api/v1/planning/skill-gaps.csv", params={"province": "Papua Pegunungan"})
    rows = list(csv.DictReader(io.StringIO(response.text, newline="")))
    assert not [r for r in rows if r["table"] in ("gap", "course")]
    assert all(r["workers"] == "" for r in rows if r["table"] == "cohort" and r["id"].startswith("workers"))
    bad = client.get("/api/v1/planning/skill-gaps.csv", params={"sector": "space travel"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "sector"]


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_cells_are_neutralised(text: str) -> None:
    assert safe_cell(text) == "'" + text
    view = {"cohort": dict.fromkeys(("workers", "workers_reaching_a_listing", "workers_ready_now",
                                     "workers_trainable", "pairs", "pairs_ready", "pairs_blocked",
                                     "listings_in_scope", "listings_reached")),
            "top_gaps": [{"kind": "skill", "id": "x", "label_en": text, "label_id": text, "workers": 12}],
            "courses": [], "documents": [], "demand": {"by_country": [], "by_sector": [], "by_skill": []}}
    row = next(r for r in csv.DictReader(io.StringIO(view_csv(view), newline="")) if r["table"] == "gap")
    assert row["label_en"] == "'" + text and row["workers"] == "12"


def test_plain_cells_are_unchanged() -> None:
    assert safe_cell("Caregiving") == "Caregiving" and safe_cell(12) == 12 and safe_cell(None) is None
