"""The `layak` command line, run as a real process: one clear error line on bad input, JSON on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from matching.service import Services
from tests.matching.profile_pairs import PAIRS


def layak(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAYAK_DATA_DIR": str(data_dir), "LAYAK_LOG_LEVEL": "WARNING"}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], capture_output=True, text=True, env=env,
                          timeout=600, check=False)


def _error_lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in proc.stderr.splitlines() if line.startswith("error:")]


@pytest.mark.parametrize(("content", "expect"), [
    ('{"birth_year": "sembilan belas"}', "field 'birth_year'"),
    ('{"skills": "memasak"}', "field 'skills'"),
    ('{"languages": [{"language": "Jepang", "level": 4}]}', "field 'languages[0].level'"),
    ('{"preferences": {"countries": ["Atlantis"]}}', "field 'preferences.countries[0]'"),
    ('{"skills": ["memasak"', "not valid JSON (line 1"),
    ('{"skills": ["las", "\\ud800"]}', "field 'skills': contains a character that is not valid text"),  # issue 18
    ('{"summary": "a\\udfff", "birth_year": 1e309}', "field 'birth_year'"),
])
def test_bad_profile_exits_nonzero_with_one_line_naming_the_field(tmp_path: Path, content: str, expect: str) -> None:
    path = tmp_path / "profile.json"
    path.write_text(content)
    proc = layak("recommend", "--profile", str(path), data_dir=tmp_path / "data")
    assert proc.returncode != 0
    lines = _error_lines(proc)
    assert len(lines) == 1, proc.stderr
    assert expect in lines[0] and str(path) in lines[0]
    assert proc.stdout == ""


def test_missing_file_and_wrong_option_combination(tmp_path: Path) -> None:
    proc = layak("recommend", "--profile", str(tmp_path / "nope.json"), data_dir=tmp_path)
    assert proc.returncode != 0 and "file not found" in _error_lines(proc)[0]
    proc = layak("recommend", data_dir=tmp_path)
    assert proc.returncode != 0 and "exactly one of --worker" in _error_lines(proc)[0]


def test_understand_text_json(tmp_path: Path) -> None:
    proc = layak("understand", "--text", "pengasuh lansia, bisa masak dan nyetrika", "--json", data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    assert {s["id"] for s in body["skills"]} >= {"family_cooking", "ironing"}
    assert [o["id"] for o in body["occupations"]] == ["elderly_caretaker"]
    assert [o["isco08"] for o in body["occupations"]] == ["5322"]


def test_understand_codes_titles_the_phrase_list_missed_with_isco08(tmp_path: Path) -> None:
    proc = layak("understand", "--text", "Security / Satpam", "--json", data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    assert body["occupations"] == [{"id": "isco08:5414", "isco08": "5414", "label_en": "Security guards",
                                    "label_id": "Penjaga Keamanan", "via": "coder"}]
    assert body["occupation_coding"]["sure"] is True and body["occupation_coding"]["isco08"] == "5414"
    unsure = json.loads(layak("understand", "--text", "kerja apa saja", "--json", data_dir=tmp_path).stdout)
    assert unsure["occupation_coding"]["isco08"] is None and unsure["occupations"] == []


def test_understand_a_story_shows_each_reading_and_informal_experience(tmp_path: Path) -> None:
    story = "I finished high school. 3 years caring for my elderly parents. I want to work in Hong Kong."
    proc = layak("understand", "--story", story, "--json", data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    assert body["kind"] == "story"
    assert body["profile"]["experience"] == [{"occupation": "Elderly caretaker", "years": 3.0, "informal": True}]
    assert body["profile"]["preferences"]["countries"] == ["HK"]
    human = layak("understand", "--story", story, data_dir=tmp_path)
    assert "experience: Elderly caretaker, 3 years (informal)" in human.stdout
    empty = layak("understand", "--story", "  ", data_dir=tmp_path)
    assert empty.returncode != 0 and "--story" in _error_lines(empty)[0]


def test_recommend_profile_and_worker_against_the_demo_store(tmp_path: Path, demo_services: Services) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(PAIRS[0][0], ensure_ascii=False))
    data_dir = demo_services.settings.data_dir
    proc = layak("recommend", "--profile", str(path), "--k", "3", "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    assert len(body["matches"]) == 3
    ref = demo_services.store.worker_refs(limit=1)[0]
    human = layak("recommend", "--worker", ref, "--k", "2", data_dir=data_dir)
    assert human.returncode == 0, human.stderr
    assert " 1. " in human.stdout and "missing:" in human.stdout
    assert "Ranked by: " in human.stdout and "top factors: " in human.stdout
    unknown = layak("recommend", "--worker", "NOPE-9", data_dir=data_dir)
    assert unknown.returncode != 0 and "NOPE-9" in _error_lines(unknown)[0]


def test_evaluate_without_a_champion_and_train_with_a_bad_outcomes_file(tmp_path: Path) -> None:
    env_dir = tmp_path / "data"
    proc = layak("evaluate", data_dir=env_dir)
    assert proc.returncode != 0 and "no champion" in _error_lines(proc)[0] and "layak train" in _error_lines(proc)[0]
    proc = layak("train", "--outcomes", str(tmp_path / "nope.csv"), data_dir=env_dir)
    assert proc.returncode != 0 and _error_lines(proc) == [f"error: file not found: {tmp_path / 'nope.csv'}"]
    bad = tmp_path / "outcomes.csv"
    bad.write_text("worker_ref,listing_ref,when\nW1,L1,2026-01-01\n")
    proc = layak("train", "--outcomes", str(bad), data_dir=env_dir)
    lines = _error_lines(proc)
    assert proc.returncode != 0 and len(lines) == 1 and "missing column(s) event, occurred_at" in lines[0]


def test_evaluate_prints_the_champion_and_baselines_with_intervals(trained) -> None:
    """`layak evaluate --json` in a real process, on the trained demo: the same numbers the training run logged."""
    services, report = trained
    env = {**os.environ, "LAYAK_DATA_DIR": str(services.settings.data_dir), "LAYAK_LOG_LEVEL": "WARNING",
           "LAYAK_MLFLOW_TRACKING_URI": services.settings.mlflow_tracking_uri}
    proc = subprocess.run([sys.executable, "-m", "api.cli", "evaluate", "--json"], capture_output=True, text=True,
                          env=env, timeout=1200, check=False)
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    assert body["model"]["version"] == report.version
    rankers = body["evaluation"]["rankers"]
    name = f"champion v{report.version}"
    assert list(rankers) == [name, "v0", "similarity", "popularity", "random"]
    for metrics in rankers.values():
        assert set(metrics) == {"ndcg_at_10", "recall_at_10", "recall_at_50", "mrr"}
        for iv in metrics.values():
            assert iv["ci95"][0] <= iv["mean"] <= iv["ci95"][1]
    assert rankers[name]["ndcg_at_10"]["mean"] == pytest.approx(report.test.rankers["model"]["ndcg_at_10"].mean,
                                                                abs=1e-4)
    assert set(body["evaluation"]["ndcg_at_10_lift"]) == {"v0", "similarity", "popularity", "random"}
