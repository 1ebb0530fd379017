"""The listing-risk model: it learns, explains itself in both languages, says when it cannot judge, is validated
on real held-out scams with a threshold no real scam gets under, round-trips through a real MLflow store,
reads labelled CSVs row by row, and in screening only ever adds "needs review"."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from features.listing_features import STRUCTURED_FEATURES, listing_frame
from features.listings import LISTING_COLUMNS, ListingIn, normalise_listing
from features.reference import Reference
from matching.errors import InputError
from matching.learning.risk_evaluation import fairness_audit
from matching.learning.risk_training import demo_labelled, demo_risk_scores, labelled_csv, parse_label
from matching.screening.catalogue import Verdict
from matching.screening.rules import screen
from matching.service import Services
from models.registry import RISK_ALIAS, RISK_MODEL_NAME, load_risk_model, log_risk_model
from models.risk import (
    RiskAssessment,
    RiskDataError,
    bootstrap_ci,
    build_risk_pipeline,
    choose_threshold,
    classification_metrics,
    risk_scores_out_of_fold,
    split_heldout,
    train_risk_model,
)
from models.risk_explain import explain, total_contribution
from models.risk_gate import RiskGate
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
    return train_risk_model(frame, y, np.ones(len(y), dtype=bool), n_bootstrap=100)


# ---- the model ---------------------------------------------------------------------------------------------

def test_it_ranks_obviously_unsafe_text_above_the_same_listing_without_it(synthetic_result: Any,
                                                                          ref: Reference) -> None:
    result = synthetic_result
    assert result.metrics["roc_auc"] > 0.95
    base = "Merawat rumah keluarga 4 orang. Libur 4 hari per bulan. Gaji dibayar penuh setiap bulan."
    pair = frame_of([{**CLEAN, "description": base},
                     {**CLEAN, "description": base + " Potongan gaji 6 bulan untuk biaya agen."}], ref)
    p_safe, p_unsafe = result.pipeline.predict_proba(pair)[:, 1]
    assert p_unsafe > 0.5 > p_safe


def test_explain_hands_the_log_odds_back_to_words_and_terms_in_both_languages(synthetic_result: Any,
                                                                               ref: Reference) -> None:
    row = frame_of([{**CLEAN, "description": "Potongan gaji 6 bulan untuk biaya agen."}], ref)
    terms = explain(synthetic_result.pipeline, row, k=50)[0]
    weights = [t["weight"] for t in terms]
    assert terms and all(w > 0 for w in weights) and weights == sorted(weights, reverse=True)
    assert {"potongan", "gaji", "agen"} & {t["term"] for t in terms if t["kind"] == "text"}
    for t in terms:
        assert t["term"] and t["term_id"]
        if t["kind"] == "field":
            assert t["feature"] in STRUCTURED_FEATURES and t["term"] != t["term_id"]
    # exact: every contribution is handed back (positive and negative), so they sum to coef·x
    everything = explain(synthetic_result.pipeline, row, k=10_000)[0]
    positive = sum(t["weight"] for t in everything)
    assert positive >= total_contribution(synthetic_result.pipeline, row)[0] - 1e-6


def test_out_of_fold_scores_are_not_the_in_sample_ones(synthetic: tuple[pd.DataFrame, np.ndarray]) -> None:
    frame, y = synthetic
    oof = risk_scores_out_of_fold(frame, y)
    in_sample = build_risk_pipeline().fit(frame, y).predict_proba(frame)[:, 1]
    assert oof.shape == in_sample.shape == (len(y),) and not np.isnan(oof).any()
    assert np.abs(oof - in_sample).mean() > 0.01
    assert np.mean(np.abs(in_sample - y)) < np.mean(np.abs(oof - y))  # a model is surer of labels it saw


def test_the_threshold_sends_every_unsafe_listing_to_review_or_the_target_share() -> None:
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    scores = np.array([0.1, 0.2, 0.3, 0.6, 0.25, 0.5, 0.9, 0.95])
    assert choose_threshold(y, scores, 1.0) == pytest.approx(0.25)  # the lowest unsafe score
    assert choose_threshold(y, scores, 0.75) == pytest.approx(0.5)  # one of four may fall under
    with pytest.raises(RiskDataError):
        choose_threshold(np.zeros(3, dtype=int), np.zeros(3), 1.0)


def test_classification_metrics_known_values() -> None:
    y = np.array([0, 0, 0, 0, 1, 1])
    scores = np.array([0.1, 0.2, 0.3, 0.6, 0.4, 0.9])
    m = classification_metrics(y, scores, threshold=0.35)
    assert m["precision"] == pytest.approx(0.5) and m["recall"] == pytest.approx(0.5)
    assert m["precision_at_threshold"] == pytest.approx(2 / 3) and m["recall_at_threshold"] == 1.0
    assert m["false_review_rate"] == pytest.approx(0.25)
    assert m["roc_auc"] == pytest.approx(roc_auc_score(y, scores))


def test_bootstrap_cis_bracket_the_estimate_and_narrow_with_more_data() -> None:
    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(400), np.ones(200)].astype(int)
    scores = np.r_[rng.normal(0, 1, 400), rng.normal(1.5, 1, 200)]
    ci = bootstrap_ci(y, scores, n=300)
    auc = roc_auc_score(y, scores)
    assert ci["roc_auc_ci_low"] < auc < ci["roc_auc_ci_high"]
    small = bootstrap_ci(y[::4], scores[::4], n=300)
    assert small["roc_auc_ci_high"] - small["roc_auc_ci_low"] > ci["roc_auc_ci_high"] - ci["roc_auc_ci_low"]


def test_the_heldout_split_is_stratified_and_never_splits_a_group() -> None:
    y = np.array([0, 1] * 200)
    real = np.r_[np.ones(200, dtype=bool), np.zeros(200, dtype=bool)]
    groups = np.array([f"g{i // 3}" for i in range(400)], dtype=object)
    train, test = split_heldout(y, real, groups)
    assert not set(groups[train]) & set(groups[test])
    assert 0.2 < len(test) / 400 < 0.3
    for mask in (real, ~real):
        assert abs(y[test][mask[test]].mean() - 0.5) < 0.1


def test_one_class_only_is_refused(synthetic: tuple[pd.DataFrame, np.ndarray]) -> None:
    frame, _ = synthetic
    with pytest.raises(RiskDataError, match="at least 5 safe and 5 unsafe"):
        train_risk_model(frame, np.zeros(len(frame), dtype=int), np.ones(len(frame), dtype=bool))


def test_no_real_listing_no_model(synthetic: tuple[pd.DataFrame, np.ndarray]) -> None:
    frame, y = synthetic
    with pytest.raises(RiskDataError, match="real"):
        train_risk_model(frame, y, np.zeros(len(y), dtype=bool))


# ---- the gate: what the model cannot judge -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "reason"), [
    ("helper hk", "near_empty"),
    ("tuyen dung nguoi giup viec nha luong cao khong can kinh nghiem lien he ngay hom nay", "unknown_language"),
])
def test_the_gate_says_when_the_model_cannot_judge(synthetic_result: Any, text: str, reason: str) -> None:
    assert synthetic_result.gate.check(text)[0] == reason


def test_the_gate_judges_text_like_its_training_data(synthetic_result: Any,
                                                     synthetic: tuple[pd.DataFrame, np.ndarray]) -> None:
    frame, _ = synthetic
    judged = [synthetic_result.gate.check(text)[0] == "" for text in frame["risk_text"]]
    assert np.mean(judged) >= 0.95  # the coverage floor is the 1st percentile of the training texts


def test_text_unlike_the_training_data_is_out_of_distribution(synthetic_result: Any) -> None:
    gate = synthetic_result.gate
    strict = RiskGate(gate.min_words, gate.min_known_share, 0.99, gate.seen, gate.hasher)
    reason, detail = strict.check("the quick brown fox jumps over the lazy dog and the cat sat on a mat")
    assert reason == "out_of_distribution" and "seen in training" in detail


# ---- screening: the fail-safe policy -------------------------------------------------------------------------

@dataclass
class Ag:
    agency_name: str
    status: str
    valid_from: date | None
    valid_until: date | None


AGENCIES = {"KEP.001/KP2MI/2026": Ag("PT Contoh Aman", "active", date(2026, 1, 1), date(2026, 12, 31))}
SCREEN_DAY = date(2026, 11, 28)
TERMS = [{"term": "(not) gaji", "term_id": "(tidak) gaji", "weight": 1.25, "kind": "text"}]


@dataclass
class FakeScorer:
    probability: float
    threshold: float = 0.5
    version: str = "7"
    cannot_judge: str = ""
    terms: list[dict[str, Any]] = field(default_factory=lambda: list(TERMS))

    def assess(self, listing: ListingIn, norm: Any, as_of: date) -> RiskAssessment:
        return RiskAssessment(self.probability, self.threshold, self.version, self.terms, not self.cannot_judge,
                              self.cannot_judge, "2 words (at least 6 needed)" if self.cannot_judge else "")


def screened(ref: Reference, risk: Any = None, **changes: Any) -> Verdict:
    listing = ListingIn.model_validate({**CLEAN, **changes})
    return screen(listing, normalise_listing(listing, ref), AGENCIES, SCREEN_DAY, ref, risk=risk)


def test_without_a_model_the_verdict_is_the_rules_and_records_no_score(ref: Reference) -> None:
    verdict = screened(ref)
    assert verdict.status == "verified"
    d = verdict.to_dict()
    assert d["risk_score"] is None and d["risk_model_version"] is None and d["risk_terms"] == []


def test_above_the_threshold_a_verified_listing_goes_to_review_with_the_terms_in_both_languages(
        ref: Reference) -> None:
    verdict = screened(ref, FakeScorer(0.8))
    assert verdict.status == "needs_review"
    (reason,) = verdict.reasons
    assert reason.rule_id == "RISK_MODEL" and reason.severity == "review"
    assert "v7" in reason.source and "real labelled scams" in reason.source
    assert "(not) gaji (+1.25)" in reason.detail and "0.80" in reason.detail
    assert "(tidak) gaji (+1.25)" in reason.detail_id and "ambang" in reason.detail_id
    assert (verdict.risk_score, verdict.risk_model_version) == (0.8, "7")
    assert verdict.risk_terms == TERMS


def test_below_the_threshold_nothing_changes_but_the_score_is_recorded(ref: Reference) -> None:
    verdict = screened(ref, FakeScorer(0.49))
    assert verdict.status == "verified" and verdict.reasons == []
    assert verdict.risk_score == 0.49 and verdict.risk_model_version == "7"


def test_text_the_model_cannot_judge_is_never_verified_and_says_why(ref: Reference) -> None:
    verdict = screened(ref, FakeScorer(0.01, cannot_judge="near_empty"))
    assert verdict.status == "needs_review"
    (reason,) = verdict.reasons
    assert reason.rule_id == "MODEL_CANNOT_JUDGE" and "near-empty" in reason.detail
    assert reason.detail_id == "teks terlalu pendek" and reason.source.strip()


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
    assert verdict.reasons == rules_only.reasons
    assert verdict.risk_score == probability


def test_a_needs_review_listing_keeps_its_status_and_gains_the_model_reason(ref: Reference) -> None:
    verdict = screened(ref, FakeScorer(0.9), rest_days_per_month=None)
    assert verdict.status == "needs_review"
    assert [r.rule_id for r in verdict.reasons] == ["REST_UNKNOWN", "RISK_MODEL"]


# ---- the real model: real held-out scams, fairness ----------------------------------------------------------

def test_on_real_held_out_postings_it_reaches_the_bar_and_verifies_no_fraud(real_risk: Any) -> None:
    m = real_risk.summary["heldout_real"]
    assert m["n_unsafe"] >= 100 and m["roc_auc"] >= 0.85
    assert m["roc_auc_ci_low"] < m["roc_auc"] < m["roc_auc_ci_high"]
    assert m["average_precision_ci_low"] < m["average_precision"] < m["average_precision_ci_high"]
    verdicts = real_risk.summary["heldout_real_verdicts"]
    assert verdicts["frauds_verified"] == 0, verdicts["frauds_verified_refs"]
    # the threshold was calibrated on real validation scams only: none of them under it
    assert real_risk.result.validation_metrics["recall_at_threshold"] == 1.0
    assert real_risk.result.params["n_real"] == 1903 and real_risk.result.params["n_real_unsafe"] == 641


def test_the_held_out_split_was_never_trained_on(real_risk: Any) -> None:
    result, data = real_risk.result, real_risk.data
    test = set(result.test_index.tolist())
    assert len(test) == result.params["n_test"]
    real_test_groups = {data.groups[i] for i in test if data.is_real[i]}
    real_train_groups = {data.groups[i] for i in range(len(data.y)) if data.is_real[i] and i not in test}
    assert not real_test_groups & real_train_groups


def test_no_structural_attribute_is_a_term_the_model_can_name(real_risk: Any) -> None:
    for name in STRUCTURED_FEATURES:
        assert not any(word in name for word in ("household", "sector", "gender", "country", "hotspot"))
    assert real_risk.summary["fairness"]["by"].keys() == {"sector", "employer_type", "country"}


def test_fairness_audit_computes_rates_per_group() -> None:
    listings = [ListingIn.model_validate({**CLEAN, "listing_ref": f"F{i}", "employer_type": t})
                for i, t in enumerate(["household"] * 40 + ["company"] * 40)]
    statuses = ["verified"] * 39 + ["needs_review"] + ["verified"] * 36 + ["needs_review"] * 3 + ["rejected"]
    verdicts = [Verdict(s) for s in statuses]
    audit = fairness_audit(verdicts, listings, [0] * 80, groups=("employer_type",))
    groups = audit["by"]["employer_type"]["groups"]
    assert groups["household"]["flagged_rate"] == pytest.approx(1 / 40)
    assert groups["company"]["review_rate"] == pytest.approx(3 / 40)
    assert groups["company"]["reject_rate"] == pytest.approx(1 / 40)
    assert audit["max_gap"] == pytest.approx(3 / 40) and audit["passes"] is False


def test_household_employers_are_not_sent_to_review_more_than_companies(real_risk: Any) -> None:
    """The bias the issue started from: on safe held-out listings, household employers are flagged no more
    than 2 points above companies."""
    groups = real_risk.summary["fairness"]["by"]["employer_type"]["groups"]
    assert groups["household"]["flagged_rate"] <= groups["company"]["flagged_rate"] + 0.02


def test_demo_listings_are_scored_out_of_fold(demo_store: Services, ref: Reference) -> None:
    data, ids = demo_labelled(demo_store.store, ref)
    honest = demo_risk_scores(demo_store.store, ref)
    assert set(honest) == set(ids)
    scores = np.array([honest[i] for i in ids])
    assert ((scores >= 0) & (scores <= 1)).all()
    assert roc_auc_score(data.y, scores) > 0.8


# ---- MLflow: log -> register -> alias -> load -> same predictions and gate ---------------------------------

def test_mlflow_round_trip_and_champion_rule(tmp_path: Path, synthetic_result: Any,
                                             synthetic: tuple[pd.DataFrame, np.ndarray]) -> None:
    import mlflow

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    assert load_risk_model(uri) is None
    evaluation = {"fairness": {"max_gap": 0.01, "by": {}}, "heldout_real_verdicts": {"frauds_verified": 0}}
    reg = log_risk_model(synthetic_result, uri, evaluation=evaluation)
    assert (reg.version, reg.promoted, reg.previous_champion) == ("1", True, None)
    loaded = load_risk_model(uri)
    assert loaded is not None
    model, version = loaded
    assert version == "1" and model.threshold == pytest.approx(synthetic_result.threshold)
    assert model.gate is not None and model.gate.to_params() == synthetic_result.gate.to_params()
    np.testing.assert_allclose(model.predict_proba(synthetic_result.test_frame), synthetic_result.test_scores)
    client = mlflow.MlflowClient(uri)
    run = client.get_run(reg.run_id)
    assert float(run.data.params["review_threshold"]) == pytest.approx(synthetic_result.threshold)
    assert {"heldout_real_roc_auc", "heldout_real_roc_auc_ci_low", "heldout_real_average_precision_ci_high",
            "validation_real_recall_at_threshold", "fairness_max_gap",
            "heldout_real_frauds_verified"} <= set(run.data.metrics)
    artifacts = {a.path for a in client.list_artifacts(reg.run_id)}
    assert {"heldout_real_pr_curve.png", "risk_evaluation.json", "fairness_audit.json"} <= artifacts
    assert (tmp_path / "mlartifacts").is_dir()

    frame, y = synthetic
    # labels shuffled: a model that learned nothing (heavy regularisation alone still separates this small set)
    shuffled = np.random.default_rng(0).permutation(y)
    worse = train_risk_model(frame, shuffled, np.ones(len(y), dtype=bool), pipeline=build_risk_pipeline(C=1e-4),
                             n_bootstrap=20)
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
    assert data.sources == ["csv"] * 9 and data.is_real.all()


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


def test_train_risk_cli_trains_on_real_postings_and_a_labelled_csv_and_reports_bad_rows(
        tmp_path: Path, cli_env: dict[str, str]) -> None:
    rows, y = synthetic_rows(120)
    rows = [{**r, "label": "1" if label else "0"} for r, label in zip(rows, y, strict=True)]
    rows[7]["label"] = "perhaps"
    path = write_csv(tmp_path / "labelled.csv", rows)
    proc = subprocess.run([sys.executable, "-m", "api.cli", "train-risk", "--labelled", str(path), "--json"],
                          capture_output=True, text=True, env=cli_env, timeout=900, check=False)
    assert proc.returncode == 1, proc.stderr  # trained on the good rows, but a row was left out
    body = json.loads(proc.stdout)
    assert body["version"] == "1" and body["promoted"] is True
    assert body["data"]["n_csv"] == 119 and body["data"]["n_demo"] == 0
    assert body["data"]["n_real"] == 1903 + 119  # the shipped postings and the CSV's rows
    assert body["labelled_errors"] == [{"row": 8, "field": "label",
                                        "message": "expected unsafe or safe (also 1/0, true/false) (got 'perhaps')"}]
    assert {"roc_auc", "roc_auc_ci_low", "average_precision", "false_review_rate"} <= set(body["heldout_real"])
    assert "frauds_verified" in body["heldout_real_verdicts"] and "max_gap" in body["fairness"]
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {path}: row 8, field 'label': expected unsafe or safe (also 1/0, true/false) "
                      "(got 'perhaps')"]


def test_evaluate_risk_cli_prints_one_json_document(cli_env: dict[str, str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "api.cli", "evaluate-risk", "--generated", "600", "--no-log",
                           "--json"], capture_output=True, text=True, env=cli_env, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    assert body["data"]["n_real"] == 1903 and body["data"]["n_generated"] == 600
    real = body["heldout_real"]
    assert real["roc_auc_ci_low"] <= real["roc_auc"] <= real["roc_auc_ci_high"]
    assert set(body["fairness"]["by"]) == {"sector", "employer_type", "country"}
    assert "mlflow_run_id" not in body
