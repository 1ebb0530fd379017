"""Free-text titles -> ISCO-08, as real job boards and workers write them (the examples issue 14 names)."""

from __future__ import annotations

import numpy as np
import pytest

from features.occupations import SURE_SCORE, OccupationVocabulary, code_occupation, segments


@pytest.mark.parametrize(("title", "isco"), [
    ("Driver / Sopir", "8322"), ("Satpam", "5414"), ("Security / Satpam", "5414"), ("Cleaning Service", "9112"),
    ("Staff Gudang", "9333"), ("Fisioterapis", "2264"), ("Apoteker", "2262"), ("Teknisi AC", "7127"),
    ("Kurir Motor", "8321"), ("Caregiver Daycare (Pengasuh Anak)", "5311"),
    ("Asisten Perawatan Di Rumah", "5322"), ("Asisten Kelahiran", "5321"), ("Petani Padi", "6111"),
    ("Asisten Rumah Tangga", "9111"), ("domestic helper", "9111"), ("Tukang Las", "7212"),
])
def test_titles_from_real_boards_and_kbji_code_to_the_right_unit_group(title: str, isco: str) -> None:
    coding = code_occupation(title)
    assert coding.sure, coding.to_dict()
    assert coding.best is not None and coding.best.isco08 == isco, coding.to_dict()


def test_a_city_or_company_in_the_title_costs_nothing() -> None:
    plain, noisy = code_occupation("Driver"), code_occupation("DRIVER TAXI ONLINE BLUEBIRD Pool Cipondoh Makassar")
    assert plain.best and noisy.best and plain.best.isco08 == noisy.best.isco08 == "8322"


def test_a_misspelt_word_is_read_as_the_nearest_label_word() -> None:
    best = code_occupation("Electriciant").best
    assert best is not None and best.isco08 in {"7411", "7412"}


def test_a_rank_the_title_does_not_name_is_a_different_job() -> None:
    # "quality control manager" must not beat the inspector for a staff title
    best = code_occupation("Staff Quality Control").best
    assert best is not None and best.isco08 == "7543"


def test_nonsense_is_not_sure_and_still_lists_what_it_considered() -> None:
    coding = code_occupation("Kerja apa saja asal halal")
    assert not coding.sure
    assert coding.best is None
    assert code_occupation("qwzx plork").candidates == []


def test_served_groups_name_the_layak_occupation_and_others_do_not() -> None:
    best = code_occupation("pengasuh lansia").best
    assert best is not None and best.occupation_id == "elderly_caretaker"
    other = code_occupation("Apoteker").best
    assert other is not None and other.occupation_id is None


def test_the_reading_as_json_carries_isco_confidence_and_candidates() -> None:
    out = code_occupation("Juru Masak / Koki").to_dict()
    assert out["isco08"] == "5120" and out["sure"] is True
    assert 0 < out["confidence"] <= 1 and out["candidates"][0]["isco08"] == "5120"
    assert {"label", "source", "method", "label_en", "label_id"} <= set(out["candidates"][0])


def test_segments_read_each_job_a_title_names() -> None:
    assert segments("Chef/Koki | Supervisor Restaurant (Bali)") == [
        "Chef/Koki | Supervisor Restaurant (Bali)", "Chef/Koki | Supervisor Restaurant", "Chef", "Koki",
        "Supervisor Restaurant", "Bali"]


def _tiny_vocab() -> OccupationVocabulary:
    rows = [{"label": lab, "isco08": code, "occupation_id": "", "source": "kbji2014", "primary": "1"}
            for lab, code in (("pengasuh lansia", "5322"), ("juru masak", "5120"), ("sopir", "8322"))]
    return OccupationVocabulary(rows, [{"isco08": c, "label_en": c, "label_id": c, "occupation_ids": ""}
                                       for c in ("5322", "5120", "8322")])


def test_an_embedding_reading_fills_in_below_the_threshold_and_is_never_sure() -> None:
    vocab = _tiny_vocab()
    # A stand-in encoder: "merawat nenek" lands next to "pengasuh lansia", the rest far away.
    axes = {"pengasuh lansia": 0, "merawat nenek": 0, "juru masak": 1, "sopir": 2}

    def embed(texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 4), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, axes.get(t, 3)] = 1.0
        return out

    assert code_occupation("merawat nenek", vocab=vocab).candidates == []
    coding = code_occupation("merawat nenek", embed=embed, vocab=vocab)
    assert coding.candidates[0].isco08 == "5322" and coding.candidates[0].method == "embedding"
    assert coding.confidence < SURE_SCORE and not coding.sure
    # a sure lexical reading is left as it is
    assert code_occupation("sopir", embed=embed, vocab=vocab).candidates[0].method == "lexical"


def test_label_vectors_of_two_encoders_never_mix() -> None:
    vocab = _tiny_vocab()

    def small(texts: list[str]) -> np.ndarray:
        return np.eye(3, dtype=np.float32)[[len(t) % 3 for t in texts]]

    def large(texts: list[str]) -> np.ndarray:
        return np.eye(5, dtype=np.float32)[[len(t) % 5 for t in texts]]

    assert vocab.embedded(small)[1].shape[1] == 3
    assert vocab.embedded(large)[1].shape[1] == 5
    code_occupation("merawat nenek", embed=small, vocab=vocab)
    code_occupation("merawat nenek", embed=large, vocab=vocab)  # no dimension clash


def test_a_generic_word_does_not_make_a_sure_reading_of_a_label_that_is_mostly_filler() -> None:
    # "kerja" (work) is the only content word of "Ahli Penempatan Kerja" (employment agent): not a match
    assert not code_occupation("kerja apa saja").sure
