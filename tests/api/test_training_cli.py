"""`layak training-plan` and `layak gaps` run as real processes against the demo store."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from matching.service import Services
from tests.api.test_cli import _error_lines, layak
from tests.matching.profile_pairs import PAIRS


def test_training_plan_for_a_worker_and_a_profile(tmp_path: Path, demo_services: Services) -> None:
    data_dir = demo_services.settings.data_dir
    ref = demo_services.store.worker_refs(limit=1)[0]
    proc = layak("training-plan", "--worker", ref, "--weeks", "20", "--k", "3", "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    assert body["worker_ref"] == ref and body["budget"]["max_weeks"] == 20
    assert all(o["training"]["ready_in_weeks"] <= 20 for o in body["stretch"])
    human = layak("training-plan", "--worker", ref, data_dir=data_dir)
    assert human.returncode == 0 and "listings within reach" in human.stdout and "Ready now" in human.stdout
    path = tmp_path / "p.json"
    path.write_text(json.dumps(PAIRS[1][0], ensure_ascii=False))
    proc = layak("training-plan", "--profile", str(path), "--budget-idr", "0", "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert all(o["training"]["worker_cost_idr"] == 0 for o in json.loads(proc.stdout)["stretch"])


def test_training_plan_errors_are_one_line(demo_services: Services) -> None:
    data_dir = demo_services.settings.data_dir
    unknown = layak("training-plan", "--worker", "NOPE-7", data_dir=data_dir)
    assert unknown.returncode != 0 and "NOPE-7" in _error_lines(unknown)[0]
    neither = layak("training-plan", data_dir=data_dir)
    assert neither.returncode != 0 and "exactly one of --worker" in _error_lines(neither)[0]


def test_gaps_writes_json_csv_and_chart(tmp_path: Path, demo_services: Services) -> None:
    data_dir = demo_services.settings.data_dir
    csv_path, png, svg = tmp_path / "gaps.csv", tmp_path / "gaps.png", tmp_path / "gaps.svg"
    proc = layak("gaps", "--json", "--top", "6", "--csv", str(csv_path), "--chart", str(png), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    view = json.loads(proc.stdout)
    assert view["cohort"]["workers"] == len(demo_services.store.worker_refs()) and len(view["top_gaps"]) == 6
    with csv_path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    gap_rows = [r for r in rows if r["table"] == "gap"]
    assert [r["id"] for r in gap_rows] == [g["id"] for g in view["top_gaps"]]
    assert [int(r["workers"]) for r in gap_rows] == [g["workers"] for g in view["top_gaps"]]
    assert {r["table"] for r in rows} >= {"cohort", "gap", "course", "document", "demand_country", "demand_skill"}
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    proc = layak("gaps", "--sector", "care", "--chart", str(svg), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml") and "Most common gaps" in proc.stdout


def test_gaps_small_cohort_and_bad_options(tmp_path: Path, demo_services: Services) -> None:
    data_dir = demo_services.settings.data_dir
    few = layak("gaps", "--province", "Papua Pegunungan", "--json", data_dir=data_dir)
    assert few.returncode == 0 and json.loads(few.stdout)["suppressed"] is True
    bad = layak("gaps", "--sector", "space travel", data_dir=data_dir)
    assert bad.returncode != 0 and "field 'sector'" in _error_lines(bad)[0] and bad.stdout == ""
    gif = layak("gaps", "--chart", str(tmp_path / "x.gif"), data_dir=data_dir)
    assert gif.returncode != 0 and ".png or .svg" in _error_lines(gif)[0]
