"""The vocabulary pipeline on a small slice of the real sources, its errors, and the shipped build's freshness."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from features.vocab import build
from features.vocab.build import SourceError

SOURCES = build.SOURCES
# KBJI unit groups and occupations in the slice: domestic work, home care, drivers, an armed-forces code
# (no ISCO-08 unit group: must be dropped) and a residual "... Lainnya" row.
KBJI_CODES = ("9111", "911101", "911199", "5322", "532201", "8322", "832201", "0111", "011101")
ESCO_ISCO = ("9111", "5322", "8322")


def _slice(tmp: Path) -> Path:
    out = tmp / "sources"
    out.mkdir()
    kbji = pd.read_csv(SOURCES / "kbji2014.csv", dtype=str, keep_default_na=False)
    kbji[kbji["code"].isin(KBJI_CODES)].to_csv(out / "kbji2014.csv", index=False)
    esco = pd.read_csv(SOURCES / "esco_occupations.csv", dtype=str, keep_default_na=False)
    esco[esco["isco08"].isin(ESCO_ISCO)].to_csv(out / "esco_occupations.csv", index=False)
    for name in ("isco08_groups.csv", "slang.csv"):
        (out / name).write_bytes((SOURCES / name).read_bytes())
    rel = pd.read_csv(SOURCES / "esco_occupation_skills.csv", dtype=str, keep_default_na=False)
    rel[rel["isco08"].isin(ESCO_ISCO)].to_csv(out / "esco_occupation_skills.csv", index=False)
    return out


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    return _slice(tmp_path)


def test_a_small_slice_builds_labels_from_every_source(sources: Path, tmp_path: Path) -> None:
    record = build.write(tmp_path / "out", sources, sizes={})
    labels = pd.read_csv(tmp_path / "out" / "occupation_labels.csv", dtype=str, keep_default_na=False)
    by = {(r["label"].lower(), r["source"]): r["isco08"] for r in labels.to_dict("records")}
    assert by[("asisten rumah tangga", "kbji2014")] == "9111"
    assert by[("asisten perawatan di rumah", "kbji2014")] == "5322"
    assert by[("domestic cleaner", "esco")] == "9111"
    assert by[("satpam", "slang")] == "5414"  # slang rows carry their note as the reference
    assert by[("pengurus rumah tangga", "layak")] == "9111"
    # KBJI's armed forces (0111) have no ISCO-08 unit group; a residual row loses its "Lainnya"
    assert not (labels["isco08"] == "0111").any()
    assert ("tenaga kebersihan dan juru bantu rumah tangga", "kbji2014") in by
    assert not labels["label"].str.contains("Lainnya").any()
    assert record["outputs"]["occupation_labels.csv"]["rows"] == len(labels)  # type: ignore[index]


def test_the_build_is_deterministic_and_its_manifest_hashes_the_inputs(sources: Path, tmp_path: Path) -> None:
    first = build.write(tmp_path / "a", sources, sizes={})
    second = build.write(tmp_path / "b", sources, sizes={})
    assert first == second
    for name in ("occupation_labels.csv", "skill_labels.csv", "isco08.csv", "occupation_skills.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    slang = hashlib.sha256((sources / "slang.csv").read_bytes()).hexdigest()
    assert manifest["inputs"]["slang.csv"]["sha256"] == slang


def test_esco_skills_that_match_a_layak_skill_take_its_id(sources: Path, tmp_path: Path) -> None:
    build.write(tmp_path / "out", sources, sizes={})
    skills = pd.read_csv(tmp_path / "out" / "skill_labels.csv", dtype=str, keep_default_na=False)
    rel = pd.read_csv(tmp_path / "out" / "occupation_skills.csv", dtype=str, keep_default_na=False)
    esco = skills[skills["source"] == "esco"]
    assert esco["skill_id"].str.startswith("esco:").any()
    layak_labels = {lab.lower() for lab in skills.loc[skills["source"] == "layak", "label"]}
    for row in esco.to_dict("records"):
        if row["label"].lower() in layak_labels:
            assert not row["skill_id"].startswith("esco:"), row
    assert set(rel["isco08"]) <= set(ESCO_ISCO)
    assert set(rel["relation"]) <= {"essential", "optional"}


def test_a_missing_column_names_the_file_and_the_column(sources: Path, tmp_path: Path) -> None:
    frame = pd.read_csv(sources / "kbji2014.csv", dtype=str).drop(columns=["title_id"])
    frame.to_csv(sources / "kbji2014.csv", index=False)
    with pytest.raises(SourceError, match=r"kbji2014\.csv: missing column\(s\) title_id"):
        build.build(sources, sizes={})


def test_a_slang_row_with_an_unknown_target_is_refused_by_name(sources: Path) -> None:
    with (sources / "slang.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["tukang ngarang", "id", "occupation", "no_such_job", "made up for the test"])
    with pytest.raises(SourceError, match="tukang ngarang.*no_such_job"):
        build.build(sources, sizes={})


def test_a_truncated_source_is_refused(sources: Path) -> None:
    # the slice itself is far below the real sizes the default check expects
    with pytest.raises(SourceError, match=r"\.csv: \d+ rows, expected at least \d+"):
        build.build(sources)


def test_the_shipped_vocabulary_is_what_the_shipped_sources_build() -> None:
    assert build.check() == [], "features/data/vocab is stale: run `make vocab`"


def test_every_slang_row_says_where_it_was_seen() -> None:
    slang = pd.read_csv(SOURCES / "slang.csv", dtype=str, keep_default_na=False)
    assert (slang["note"].str.len() > 10).all()
    assert set(slang["kind"]) == {"occupation", "skill"}


def test_the_command_line_check_fails_on_a_stale_build(tmp_path: Path) -> None:
    out = tmp_path / "vocab"
    assert build.main(["--out", str(out)]) == 0
    (out / "isco08.csv").write_text("isco08,label_en\n", encoding="utf-8")
    assert build.main(["--check", "--out", str(out)]) == 1
