"""The outcomes CSV (row-by-row errors naming row and column; unknown refs reported; good rows used), relevance
labels from the funnel, and track records that never see the outcome being predicted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from features import pairs
from features.pairs import ListingTable
from features.reference import Reference
from matching.errors import InputError
from matching.learning.outcomes import read_outcomes_csv
from matching.learning.training_data import FOLDS, _fold, _leak_free_tracks
from matching.recommend.ranking import RankingData, labels, track_record_from_labels
from matching.service import Services


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "outcomes.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_rows_are_named_and_good_rows_kept(tmp_path: Path) -> None:
    path = _write(tmp_path, "worker_ref,listing_ref,event,occurred_at\n"
                            "W1,L1,applied,2026-03-01T10:00:00\n"
                            "W1,L1,hried,2026-03-02\n"
                            ",L2,viewed,2026-03-02\n"
                            "W2,L2,viewed,yesterday\n"
                            "W2,L2,Completed,2026-03-05T08:00:00+07:00\n")
    parsed = read_outcomes_csv(path)
    assert parsed.total_rows == 5 and len(parsed.rows) == 2
    messages = [str(e) for e in parsed.errors]
    assert messages[0].startswith("row 2, field 'event': expected one of recommended, viewed")
    assert messages[1] == "row 3, field 'worker_ref': must not be empty"
    assert messages[2].startswith("row 4, field 'occurred_at': expected an ISO 8601")
    assert list(parsed.rows["event"]) == ["applied", "completed"]
    assert parsed.rows["occurred_at"][1].utcoffset().total_seconds() == 7 * 3600


def test_missing_columns_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="missing column.*occurred_at"):
        read_outcomes_csv(_write(tmp_path, "worker_ref,listing_ref,event\nW1,L1,applied\n"))
    with pytest.raises(InputError, match="file not found"):
        read_outcomes_csv(tmp_path / "nope.csv")


def test_unknown_workers_and_listings_are_reported_against_the_store(tmp_path: Path,
                                                                     demo_services: Services) -> None:
    worker = demo_services.store.worker_refs(limit=1)[0]
    listing = demo_services.store.listings_frame_rows(["listing_ref"])[0][0]
    path = _write(tmp_path, "worker_ref,listing_ref,event,occurred_at\n"
                            f"{worker},{listing},viewed,2026-01-01\n"
                            f"NOBODY,{listing},viewed,2026-01-01\n"
                            f"{worker},L-NOWHERE,viewed,2026-01-01\n")
    parsed = read_outcomes_csv(path, demo_services.store)
    assert len(parsed.rows) == 1 and parsed.unknown_workers == ["NOBODY"] and parsed.unknown_listings == ["L-NOWHERE"]
    assert [str(e) for e in parsed.errors] == [
        "row 2, field 'worker_ref': no stored worker 'NOBODY'",
        "row 3, field 'listing_ref': no stored listing 'L-NOWHERE' (or the ref names listings of several agencies)"]


def test_labels_follow_the_funnel_and_a_complaint_is_never_relevant() -> None:
    t = pd.Timestamp("2026-01-01", tz="UTC")
    ev = pd.DataFrame([("W", "a", "recommended"), ("W", "a", "viewed"), ("W", "b", "applied"),
                       ("W", "c", "applied"), ("W", "c", "hired"), ("W", "d", "hired"), ("W", "d", "completed"),
                       ("W", "e", "hired"), ("W", "e", "complaint")], columns=["worker_ref", "listing_ref", "event"])
    ev["occurred_at"] = t
    lab = labels(ev).set_index("listing_ref")
    assert lab["label"].to_dict() == {"a": 0, "b": 1, "c": 2, "d": 3, "e": 0}
    assert lab.loc["e", "hired"] and lab.loc["e", "complaint"] and not lab.loc["e", "completed"]


def test_track_records_never_contain_the_workers_own_outcome(ref: Reference) -> None:
    """A training worker's agency record comes from the other folds only; held-out workers see all training
    workers; no held-out outcome is ever counted."""
    frame = pd.DataFrame([{pairs.LISTING_ID: i, pairs.COUNTRY: "HK", pairs.SECTOR: "domestic",
                           pairs.OCCUPATION: "housekeeper", pairs.SKILLS: [], pairs.CERTIFICATES: [],
                           pairs.LANGUAGES: {}, pairs.MIN_EXPERIENCE: None, pairs.MIN_AGE: None, pairs.MAX_AGE: None,
                           pairs.GENDER: "any", pairs.MIN_EDUCATION: None, pairs.PAY_IDR: 1.0, pairs.FEE_IDR: 0.0,
                           pairs.CONTRACT_MONTHS: 24, pairs.PAY_TO_FLOOR: 1.0, pairs.POSTED_AT: date(2026, 1, 1),
                           pairs.AGENCY: "A", pairs.EMPLOYER: f"E{i}"} for i in range(40)])
    table = ListingTable(frame, ref)
    data = RankingData(table=table, track=None, ref_to_row={f"L{i}": i for i in range(40)})  # type: ignore[arg-type]
    refs = [f"W{i}" for i in range(40)]
    split = np.array(["train"] * 30 + ["test"] * 10)
    # every worker was hired at her own listing of agency A; training workers completed, test workers complained
    lab = pd.DataFrame({"worker_ref": refs, "listing_ref": [f"L{i}" for i in range(40)], "label": 3,
                        "hired": True, "completed": [True] * 30 + [False] * 10,
                        "complaint": [False] * 30 + [True] * 10, "first_at": pd.Timestamp("2026-01-02", tz="UTC")})
    tracks = _leak_free_tracks(data, lab, refs, split)
    row = 0
    for i, ref_ in enumerate(refs[:30]):
        same_fold = sum(_fold(r) == _fold(ref_) for r in refs[:30])
        assert np.exp(tracks[i].agency_placements[row]) - 1 == pytest.approx(30 - same_fold)
    held_out = tracks[35]
    assert np.exp(held_out.agency_placements[row]) - 1 == pytest.approx(30)
    assert held_out.agency_complaint[row] == 0.0  # the test workers' complaints are never seen
    assert all(t.agency_complaint[row] == 0.0 for t in tracks)
    assert FOLDS >= 2
    full = track_record_from_labels(table, data.ref_to_row, lab)
    assert full.agency_complaint[row] > 0  # whereas counting everyone would see them
