"""The listing-risk model: it learns, explains itself, is scored honestly out-of-fold, round-trips through a
real MLflow store, reads labelled CSVs row by row, and in screening only ever adds "needs review"."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from features.listing_features import listing_frame
from features.listings import LISTING_COLUMNS, ListingIn, normalise_listing
from features.reference import Reference
from matching.errors import InputError
from matching.learning.risk_training import (
    REGISTRY_ONLY_FLAWS,
    STORE_COLUMNS,
    LabelledListings,
    demo_labelled,
    demo_risk_scores,
    labelled_csv,
    parse_label,
    stored_listing,
    train_risk,
)
from matching.screening.rules import screen
from matching.service import Services
from models.registry import RISK_ALIAS, RISK_MODEL_NAME, load_risk_model, log_risk_model
from models.risk import (
    ListingRiskModel,
    RiskDataError,
    build_risk_pipeline,
    choose_threshold,
    classification_metrics,
    explain,
    risk_scores_out_of_fold,
    train_risk_model,
)
from tests.conftest import AS_OF
from tests.features.test_listing_features import CLEAN

# ---- a small synthetic set: same structure, unsafe ones say something unsafe ---------------------------

SAFE_SENTENCES = (
    "Merawat rumah keluarga 4 orang.", "Gaji dibayar penuh setiap bulan.", "Paspor dipegang pekerja sendiri.",
    "No placement fee.", "Libur 4 hari per bulan.", "Kamar sendiri dan makan ditanggung majikan.",
    "Caring for an elderly lady who can still walk.", "Overtime paid.", "Tanpa potongan gaji.",
    "Job order verified by the consulate.", "Kontrak standar 2 tahun.", "Help with cooking and cleaning.",
)
UNSAFE_SENTENCES = (
    "Potongan gaji 6 bulan untuk biaya agen.", "Transfer biaya pendaftaran ke rekening pribadi via WA.",
    "Salary deduction for the first 7 months to cover agency costs.",
    "Berangkat pakai visa turis, nanti diurus di sana.", "Bayar uang jaminan dulu sebelum berangkat.",
)


def synthetic_rows(n: int = 240, seed: int = 3) -> tuple[list[dict[str, Any]], np.ndarray]:
    """``n`` listing dicts (CLEAN with a varied description) and labels: every third one is unsafe."""
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for i in range(n):
        unsafe = i % 3 == 0
        text = list(rng.choice(SAFE_SENTENCES, size=3, replace=False))
        if unsafe:
            text.insert(int(rng.integers(0, 3)), str(rng.choice(UNSAFE_SENTENCES)))
        row = {**CLEAN, "listing_ref": f"S{i:04d}", "description": " ".join(text),
               "salary_amount": float(rng.integers(5100, 6000))}
        if unsafe and i % 4 == 0:
            row["passport_held_by"] = "agency"
        rows.append(row)
        labels.append(int(unsafe))
    return rows, np.array(labels)


def frame_of(rows: list[dict[str, Any]], ref: Reference) -> pd.DataFrame:
    items = []
    for row in rows:
        listing = ListingIn.model_validate(row)
        items.append((listing, normalise_listing(listing, ref), AS_OF))
    return listing_frame(items, ref)


@pytest.fixture(scope="session")
def synthetic(ref: Reference) -> tuple[pd.DataFrame, np.ndarray]:
    rows, y = synthetic_rows()
    return frame_of(rows, ref), y


@pytest.fixture(scope="session")
def synthetic_result(synthetic: tuple[pd.DataFrame, np.ndarray]) -> Any:
    frame, y = synthetic
    return train_risk_model(frame, y)


# ---- the model ---------------------------------------------------------------------------------------------

def test_it_ranks_obviously_unsafe_text_above_the_same_listing_without_it(synthetic_result: Any,
                                                                          ref: Reference) -> None:
    result = synthetic_result
    assert result.metrics["roc_auc"] > 0.95
    base = "Merawat rumah keluarga 4 orang. Libur 4 hari per bulan."
    pair = frame_of([{**CLEAN, "description": base},
                     {**CLEAN, "description": base + " Potongan gaji 6 bulan untuk biaya agen."}], ref)
    p_safe, p_unsafe = result.pipeline.predict_proba(pair)[:, 1]
    assert p_unsafe > 0.5 > p_safe


def test_explain_lists_the_top_positive_terms_largest_first_with_readable_names(synthetic_result: Any,
                                                                                 ref: Reference) -> None:
    row = frame_of([{**CLEAN, "passport_held_by": "agency",
                     "description": "Potongan gaji 6 bulan untuk biaya agen."}], ref)
    terms = explain(synthetic_result.pipeline, row)[0]
    assert 1 <= len(terms) <= 5
    weights = [t["weight"] for t in terms]
    assert all(w > 0 for w in weights) and weights == sorted(weights, reverse=True)
    names = {t["term"] for t in terms}
    assert names & {"potongan", "potongan gaji", "biaya agen", "agen", "untuk biaya", "gaji bulan"}
    fields = [t["term"] for t in terms if t["kind"] == "field"]
    assert all(" " in f and "_" not in f for f in fields)  # sentences, not column names


def test_out_of_fold_scores_are_not_the_in_sample_ones(synthetic: tuple[pd.DataFrame, np.ndarray]) -> None:
    frame, y = synthetic
    oof = risk_scores_out_of_fold(frame, y)
    in_sample = build_risk_pipeline().fit(frame, y).predict_proba(frame)[:, 1]
    assert oof.shape == in_sample.shape == (len(y),) and not np.isnan(oof).any()
    assert np.abs(oof - in_sample).mean() > 0.01
    # a model is more sure of labels it has seen
    assert np.mean(np.abs(in_sample - y)) < np.mean(np.abs(oof - y))


def test_rows_outside_the_train_mask_are_scored_but_never_trained_on(synthetic: tuple[pd.DataFrame, np.ndarray]
                                                                     ) -> None:
    frame, y = synthetic
    mask = np.ones(len(y), dtype=bool)
    mask[:30] = False
    scrambled = frame.copy()
    scrambled.loc[:29, "risk_text"] = "potongan gaji rekening pribadi visa turis"  # would teach a lot if used
    scrambled.loc[:29, "passport_held_by_others"] = 1.0
    before = risk_scores_out_of_fold(frame, y, train_mask=mask)
    after = risk_scores_out_of_fold(scrambled, y, train_mask=mask)
    np.testing.assert_allclose(after[30:], before[30:])  # the others' models never saw rows 0-29
    assert not np.allclose(after[:30], before[:30])  # rows 0-29 themselves are still scored


def test_the_threshold_is_the_highest_one_with_best_recall_within_the_false_review_budget() -> None:
    safe = np.arange(100) / 100  # 0.00 … 0.99
    unsafe = np.array([0.995, 0.992, 0.95, 0.5])
    y = np.r_[np.zeros(100), np.ones(4)].astype(int)
    scores = np.r_[safe, unsafe]
    # 1 % of 100 safe = one false review allowed: 0.99 would catch 2 of 4 with one false review; 0.992 catches
    # the same 2 with none, so 0.992 is chosen.
    assert choose_threshold(y, scores, 0.01) == pytest.approx(0.992)
    assert choose_threshold(y, scores, 0.06) == pytest.approx(0.95)  # 0.95 costs 5 false reviews, catches 3


def test_classification_metrics_known_values() -> None:
    y = np.array([0, 0, 0, 0, 1, 1])
    scores = np.array([0.1, 0.2, 0.3, 0.6, 0.4, 0.9])
    m = classification_metrics(y, scores, threshold=0.35)
    assert m["precision"] == pytest.approx(0.5) and m["recall"] == pytest.approx(0.5)  # at 0.5: 0.6 and 0.9
    assert m["precision_at_threshold"] == pytest.approx(2 / 3) and m["recall_at_threshold"] == 1.0
    assert m["false_review_rate"] == pytest.approx(0.25)
    assert m["roc_auc"] == pytest.approx(roc_auc_score(y, scores))  # 7/8


def test_one_class_only_is_refused(synthetic: tuple[pd.DataFrame, np.ndarray]) -> None:
    frame, _ = synthetic
    with pytest.raises(RiskDataError, match="at least 5 safe and 5 unsafe"):
        train_risk_model(frame, np.zeros(len(frame), dtype=int))


# ---- screening: the model may add "needs review", never overrides a rule ----------------------------------

@dataclass
class Ag:
    agency_name: str
    status: str
    valid_from: date | None
    valid_until: date | None


AGENCIES = {"KEP.001/KP2MI/2026": Ag("PT Contoh Aman", "active", date(2026, 1, 1), date(2026, 12, 31))}
SCREEN_DAY = date(2026, 11, 28)


@dataclass
class FakeScorer:
    probability: float
    threshold: float = 0.5
    version: str = "7"

    def score(self, listing: ListingIn, norm: Any, as_of: date) -> tuple[float, str, list[dict[str, Any]]]:
        return self.probability, self.version, [{"term": "potongan gaji", "weight": 1.25, "kind": "text"}]


def screened(ref: Reference, risk: Any = None, **changes: Any) -> Any:
    listing = ListingIn.model_validate({**CLEAN, **changes})
    return screen(listing, normalise_listing(listing, ref), AGENCIES, SCREEN_DAY, ref, risk=risk)


def test_without_a_model_the_verdict_is_the_rules_and_records_no_score(ref: Reference) -> None:
    verdict = screened(ref)
    assert verdict.status == "verified"
    d = verdict.to_dict()
    assert d["risk_score"] is None and d["risk_model_version"] is None and d["risk_terms"] == []


def test_above_the_threshold_a_verified_listing_goes_to_review_with_the_terms(ref: Reference) -> None:
    verdict = screened(ref, FakeScorer(0.8))
    assert verdict.status == "needs_review"
    (reason,) = verdict.reasons
    assert reason.rule_id == "RISK_MODEL" and reason.severity == "review"
    assert reason.source == "Layak listing-risk model v7 (scikit-learn, trained on labelled listings)"
    assert "potongan gaji (+1.25)" in reason.detail and "0.80" in reason.detail
    assert reason.reason_id and reason.reason_en
    assert (verdict.risk_score, verdict.risk_model_version) == (0.8, "7")
    assert verdict.risk_terms == [{"term": "potongan gaji", "weight": 1.25, "kind": "text"}]


def test_below_the_threshold_nothing_changes_but_the_score_is_recorded(ref: Reference) -> None:
    verdict = screened(ref, FakeScorer(0.49))
    assert verdict.status == "verified" and verdict.reasons == []
    assert verdict.risk_score == 0.49 and verdict.risk_model_version == "7"


@pytest.mark.parametrize("changes", [
    {"visa_type": "tourist"}, {"passport_held_by": "agency"}, {"agency_licence": ""},
    {"worker_fee_amount": 30_000_000}, {"description": "Potongan gaji 6 bulan untuk biaya agen."},
])
@pytest.mark.parametrize("probability", [0.0, 0.5, 1.0])
def test_a_rejected_listing_stays_rejected_whatever_the_score(ref: Reference, changes: dict[str, Any],
                                                              probability: float) -> None:
    rules_only = screened(ref, **changes)
    verdict = screened(ref, FakeScorer(probability), **changes)
    assert rules_only.status == verdict.status == "rejected"
    assert verdict.reasons == rules_only.reasons  # nothing added to a rejection
    assert verdict.risk_score == probability


def test_a_needs_review_listing_keeps_its_status_and_gains_the_model_reason(ref: Reference) -> None:
    verdict = screened(ref, FakeScorer(0.9), rest_days_per_month=None)
    assert verdict.status == "needs_review"
    assert [r.rule_id for r in verdict.reasons] == ["REST_UNKNOWN", "RISK_MODEL"]


# ---- the real model on the demo ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def demo_risk(demo_store: Services, ref: Reference) -> tuple[LabelledListings, list[int], Any]:
    data, ids = demo_labelled(demo_store.store, ref)
    return data, ids, train_risk(data)


def test_on_the_demo_it_catches_what_a_listing_shows_on_held_out_data(demo_risk: Any, demo_store: Services
                                                                      ) -> None:
    data, _, result = demo_risk
    assert len(data) == demo_store.demo_stats.listings and 0.1 < data.y.mean() < 0.3  # type: ignore[attr-defined]
    content = result.content_metrics  # held-out, without the licence-status flaws only the registry can see
    assert content["roc_auc"] > 0.97 and content["recall_at_threshold"] > 0.9
    assert result.metrics["false_review_rate"] <= 0.02
    assert result.validation_metrics["false_review_rate"] <= 0.01  # the budget the threshold was chosen for
    for kind in REGISTRY_ONLY_FLAWS:  # honest: the model cannot see these
        assert result.recall_by_kind.get(kind, 0.0) < 0.5


def test_the_real_model_in_screening_only_adds_reviews(demo_risk: Any, demo_store: Services,
                                                       ref: Reference) -> None:
    _, _, result = demo_risk
    model = ListingRiskModel(result.pipeline, result.threshold, "test", ref)
    agencies = demo_store.store.agencies()
    stored = demo_store.store.listings_frame_rows(STORE_COLUMNS)
    rows = [dict(zip(STORE_COLUMNS, r, strict=True)) for r in stored][:200]
    flipped = 0
    for row in rows:
        listing, norm = stored_listing(row)
        rules = screen(listing, norm, agencies, AS_OF, ref)
        with_model = screen(listing, norm, agencies, AS_OF, ref, risk=model)
        assert with_model.risk_score is not None and with_model.risk_model_version == "test"
        if rules.status == "verified" and with_model.status == "needs_review":
            flipped += 1
            assert with_model.reasons[-1].rule_id == "RISK_MODEL"
        else:
            assert with_model.status == rules.status
        assert with_model.reasons[:len(rules.reasons)] == rules.reasons
    assert flipped <= 0.03 * len(rows)


def test_the_real_model_catches_a_paraphrased_salary_deduction_the_rules_miss(demo_risk: Any,
                                                                               ref: Reference) -> None:
    _, _, result = demo_risk
    model = ListingRiskModel(result.pipeline, result.threshold, "test", ref)
    base = "Keluarga di Kowloon membutuhkan pengurus rumah tangga. Gaji HK$5.200 per bulan. Libur 4 hari per bulan."
    clean = screened(ref, model, description=base)
    paraphrase = screened(ref, model, description=base + " Gaji 6 bulan pertama untuk melunasi biaya agen.")
    assert clean.status == "verified"
    assert paraphrase.status == "needs_review" and [r.rule_id for r in paraphrase.reasons] == ["RISK_MODEL"]
    assert any("agen" in t["term"] or "bulan pertama" in t["term"] for t in paraphrase.risk_terms)


def test_demo_listings_are_scored_out_of_fold(demo_risk: Any, demo_store: Services, ref: Reference) -> None:
    data, ids, _ = demo_risk
    honest = demo_risk_scores(demo_store.store, ref)
    assert set(honest) == set(ids)
    scores = np.array([honest[i] for i in ids])
    in_sample = build_risk_pipeline().fit(data.frame, data.y).predict_proba(data.frame)[:, 1]
    assert np.abs(scores - in_sample).mean() > 0.001
    assert roc_auc_score(data.y, scores) > 0.9


# ---- MLflow: log -> register -> alias -> load -> same predictions -----------------------------------------

def test_mlflow_round_trip_and_champion_rule(tmp_path: Path, synthetic_result: Any,
                                             synthetic: tuple[pd.DataFrame, np.ndarray]) -> None:
    import mlflow

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    assert load_risk_model(uri) is None
    reg = log_risk_model(synthetic_result, uri)
    assert (reg.version, reg.promoted, reg.previous_champion) == ("1", True, None)
    loaded = load_risk_model(uri)
    assert loaded is not None
    model, version = loaded
    assert version == "1" and model.version == "1" and model.threshold == pytest.approx(synthetic_result.threshold)
    np.testing.assert_allclose(model.predict_proba(synthetic_result.test_frame), synthetic_result.test_scores)
    client = mlflow.MlflowClient(uri)
    run = client.get_run(reg.run_id)
    assert float(run.data.params["review_threshold"]) == pytest.approx(synthetic_result.threshold)
    assert {"heldout_precision", "heldout_recall", "heldout_roc_auc", "heldout_false_review_rate",
            "validation_average_precision"} <= set(run.data.metrics)
    assert "heldout_pr_curve.png" in {a.path for a in client.list_artifacts(reg.run_id)}
    assert (tmp_path / "mlartifacts").is_dir()  # artifacts beside the database, not in the working directory

    frame, y = synthetic
    worse = train_risk_model(frame, y, pipeline=build_risk_pipeline(C=1e-3, min_df=50))  # barely learns
    assert worse.metrics["average_precision"] < synthetic_result.metrics["average_precision"]
    reg2 = log_risk_model(worse, uri)
    assert reg2.version == "2" and not reg2.promoted and reg2.previous_champion == "1"
    assert str(client.get_model_version_by_alias(RISK_MODEL_NAME, RISK_ALIAS).version) == "1"
    reg3 = log_risk_model(worse, uri, force=True)
    assert reg3.promoted and load_risk_model(uri)[1] == "3"  # type: ignore[index]


# ---- labelled CSV ------------------------------------------------------------------------------------------

def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    columns = [*LISTING_COLUMNS, "label"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _cell(row.get(c)) for c in columns})
    return path


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


@pytest.mark.parametrize(("text", "expected"), [
    ("unsafe", 1), ("SAFE", 0), ("1", 1), ("0", 0), ("True", 1), ("false", 0), (" unsafe ", 1),
    ("maybe", None), ("", None), (None, None),
])
def test_labels(text: str | None, expected: int | None) -> None:
    assert parse_label(text) == expected


def test_a_labelled_csv_reports_bad_rows_by_row_and_column_and_keeps_the_good(tmp_path: Path,
                                                                              ref: Reference) -> None:
    rows, y = synthetic_rows(12)
    rows = [{**r, "label": "unsafe" if label else "safe"} for r, label in zip(rows, y, strict=True)]
    rows[1]["label"] = "maybe"
    rows[2]["salary_amount"] = "banyak"
    rows[4]["title"] = ""
    path = write_csv(tmp_path / "labelled.csv", rows)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("X13,Operator,MY" + "," * 40 + "\n")  # row 13: more values than columns
    data = labelled_csv(path, ref)
    assert [(e.row, e.field) for e in data.errors] == [(2, "label"), (3, "salary_amount"), (5, "title"),
                                                       (13, "(row)")]
    assert "expected unsafe or safe" in data.errors[0].message and "'maybe'" in data.errors[0].message
    assert len(data) == 9 and list(data.y) == [int(v) for i, v in enumerate(y) if i not in (1, 2, 4)]


def test_a_csv_without_a_label_column_is_refused_naming_it(tmp_path: Path, ref: Reference) -> None:
    path = tmp_path / "nolabel.csv"
    path.write_text("listing_ref,title,country\nX1,Operator,MY\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"missing required column\(s\) \['label'\]"):
        labelled_csv(path, ref)


# ---- the command line --------------------------------------------------------------------------------------

@pytest.fixture
def cli_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    yield {**os.environ, "LAYAK_DATA_DIR": str(tmp_path / "data"), "LAYAK_LOG_LEVEL": "WARNING",
           "LAYAK_MLFLOW_TRACKING_URI": f"sqlite:///{tmp_path / 'mlflow' / 'mlflow.db'}"}


def test_train_risk_cli_trains_on_a_labelled_csv_and_reports_bad_rows(tmp_path: Path, cli_env: dict[str, str]
                                                                      ) -> None:
    rows, y = synthetic_rows(120)
    rows = [{**r, "label": "1" if label else "0"} for r, label in zip(rows, y, strict=True)]
    rows[7]["label"] = "perhaps"
    path = write_csv(tmp_path / "labelled.csv", rows)
    proc = subprocess.run([sys.executable, "-m", "api.cli", "train-risk", "--labelled", str(path), "--json"],
                          capture_output=True, text=True, env=cli_env, timeout=600, check=False)
    assert proc.returncode == 1, proc.stderr  # trained on the good rows, but a row was left out
    body = json.loads(proc.stdout)
    assert body["version"] == "1" and body["promoted"] is True
    assert body["data"]["n_csv"] == 119 and body["data"]["n_demo"] == 0
    assert body["labelled_errors"] == [{"row": 8, "field": "label",
                                        "message": "expected unsafe or safe (also 1/0, true/false) (got 'perhaps')"}]
    assert {"precision", "recall", "f1", "roc_auc", "false_review_rate"} <= set(body["heldout"])
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {path}: row 8, field 'label': expected unsafe or safe (also 1/0, true/false) "
                      "(got 'perhaps')"]
    assert (tmp_path / "mlflow" / "mlartifacts").is_dir()


def test_train_risk_cli_with_nothing_labelled_fails_with_one_line(cli_env: dict[str, str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "api.cli", "train-risk"], capture_output=True, text=True,
                          env=cli_env, timeout=600, check=False)
    assert proc.returncode == 2
    assert [line for line in proc.stderr.splitlines() if line.startswith("error:")] == [
        "error: no labelled listings to train on: run `layak demo` first or give --labelled FILE.csv"]
