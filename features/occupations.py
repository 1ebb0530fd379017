"""Free-text job title or description -> ranked ISCO-08 unit groups with a confidence.

The vocabulary (``features/data/vocab``, built by ``features.vocab.build`` from KBJI 2014, ESCO v1.2, ISCO-08,
Layak's curated occupations and a short slang list) holds ~36,000 Indonesian and English labels, each tied to
an ISCO-08 unit group. A title is read two ways and the readings are merged:

* **lexical**: token overlap between the title and each label, weighted by how rare a token is among the
  labels (IDF). A label must be mostly covered by the title, and the title's *known* words mostly explained by
  the label; words no label uses (a city, a company, "Pool Cipondoh") are ignored. A title that names two jobs
  ("Driver / Sopir", "Cook / Koki") is also read part by part;
* **embedding** (optional, ``embed=``): nearest labels in a multilingual sentence space, for words the labels
  do not share (paraphrases, the other language). Off unless a caller passes an encoder function.

Below ``SURE_SCORE`` the result says "not sure" (``sure=False``) and still lists the candidates, rather than
guessing. The threshold was chosen on the dev split of ``features/vocab/eval/titles.csv`` only.
"""

from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from features.label_index import SOURCE_RANK, Embed, Label, LabelIndex
from features.text import fold

SURE_SCORE = 0.55  # chosen on the dev split (docs/language.md): below it the reading is shown as "not sure"
# Words that say rank or contract rather than the job. They still count, but lightly, so "Staff Gudang"
# is a warehouse job and "Senior Cook" a cook.
_FILLER = {"staff", "staf", "senior", "junior", "tenaga", "karyawan", "pegawai", "crew", "kru", "team", "tim",
           "harian", "lepas", "kontrak", "magang", "internship", "intern", "freelance", "part", "time", "full",
           "daily", "worker", "pekerja", "petugas", "umum", "general", "assistant", "asisten", "helper", "pembantu",
           "ahli", "juru", "operasional", "operational", "lapangan", "field", "site", "area", "penempatan",
           "placement", "di", "and", "dan", "atau", "or", "the", "of", "for", "untuk", "with", "dengan", "yang",
           "pt", "cv", "tbk", "sr", "jr"}
# Rank words: a label that names a rank the text does not ("quality control *manager*") is a different job.
RANK_WORDS = {"manager", "manajer", "supervisor", "director", "direktur", "head", "kepala", "chief", "engineer",
              "insinyur", "specialist", "spesialis", "coordinator", "koordinator", "superintendent", "foreman",
              "mandor", "lecturer", "dosen", "teacher", "guru", "officer", "executive", "eksekutif", "analyst",
              "analis", "consultant", "konsultan", "designer", "inspector", "inspektur", "pengawas", "instructor"}
RANK_PENALTY = 0.6
_PARTS = re.compile(r"\s*(?:/|\||&|,|;|\+|\s-\s|\s–\s|\bdan\b|\band\b|\batau\b|\bor\b)\s*", re.IGNORECASE)
_PAREN = re.compile(r"[(\[]([^)\]]*)[)\]]")


@dataclass(frozen=True)
class Candidate:
    """One ISCO-08 reading: ``score`` in [0, 1]; ``label`` is the vocabulary label that matched best."""

    isco08: str
    score: float
    label: str
    source: str
    method: str
    label_en: str = ""
    label_id: str = ""
    occupation_id: str | None = None


@dataclass
class OccupationCoding:
    """The ranked readings of one text. ``sure`` is False when the best score is below ``SURE_SCORE``.
    Plain readings are cached and shared: treat one as read-only."""

    text: str
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        return self.candidates[0].score if self.candidates else 0.0

    @property
    def sure(self) -> bool:
        return self.confidence >= SURE_SCORE

    @property
    def best(self) -> Candidate | None:
        """The top candidate when the reading is sure, else None ("not sure")."""
        return self.candidates[0] if self.sure else None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "sure": self.sure, "confidence": round(self.confidence, 3),
                "isco08": self.best.isco08 if self.best else None,
                "candidates": [{**asdict(c), "score": round(c.score, 3)} for c in self.candidates]}


def _vocab_rows(name: str) -> list[dict[str, str]]:
    with resources.files("features").joinpath("data", "vocab", name).open("r", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


class OccupationVocabulary(LabelIndex):
    """Occupation labels keyed by ISCO-08 code (``extra`` holds the Layak occupation id when a label names one)."""

    def __init__(self, rows: list[dict[str, str]], isco_rows: list[dict[str, str]]) -> None:
        super().__init__(((r["label"], r["isco08"], r["source"], r.get("primary", "1") == "1", r["occupation_id"])
                          for r in rows), frozenset(_FILLER), frozenset(RANK_WORDS), RANK_PENALTY,
                         full_label_words=True)
        self.isco = {r["isco08"]: r for r in isco_rows}


@lru_cache(maxsize=1)
def occupation_vocabulary() -> OccupationVocabulary:
    """The shipped vocabulary, read once per process."""
    return OccupationVocabulary(_vocab_rows("occupation_labels.csv"), _vocab_rows("isco08.csv"))


def segments(text: str) -> list[str]:
    """The whole text, then each part of a title that names several jobs, then what stands in brackets."""
    text = re.sub(r"\s+", " ", text or "").strip()
    inner = [m.strip() for m in _PAREN.findall(text) if fold(m)]
    outer = re.sub(r"\s+", " ", _PAREN.sub(" ", text)).strip()
    parts = [p.strip() for p in _PARTS.split(outer) if fold(p)]
    out: list[str] = []
    for seg in [text, outer, *parts, *inner]:
        if fold(seg) and seg not in out:
            out.append(seg)
    return out


def code_occupation(text: str, k: int = 5, embed: Embed | None = None,
                    vocab: OccupationVocabulary | None = None) -> OccupationCoding:
    """Rank ISCO-08 unit groups for a title or short description (see ``_code``).

    The plain reading (shipped vocabulary, no encoder) is cached by text: listing titles repeat a lot, and an
    ingest or a demo reads thousands of them.
    """
    if embed is None and vocab is None:
        return _code_cached(text, k)
    return _code(text, k, embed, vocab)


@lru_cache(maxsize=20_000)
def _code_cached(text: str, k: int) -> OccupationCoding:
    return _code(text, k, None, None)


def _code(text: str, k: int = 5, embed: Embed | None = None,
          vocab: OccupationVocabulary | None = None) -> OccupationCoding:
    """Rank ISCO-08 unit groups for a title or short description.

    Args:
        text: free text in Indonesian or English (a job title, an experience line, a sentence).
        k: candidates to return.
        embed: optional multilingual encoder (texts -> L2-normalised rows); adds the embedding reading.
        vocab: the label table (the shipped one by default).

    Returns:
        OccupationCoding with up to ``k`` candidates, best first; ``sure`` says whether to trust the first.
    """
    vocab = vocab or occupation_vocabulary()
    best: dict[str, tuple[float, Label, str]] = {}
    for seg in segments(text):
        for code, (score, lab) in vocab.lexical(seg).items():
            if code not in best or score > best[code][0]:
                best[code] = (score, lab, "lexical")
    top = max((v[0] for v in best.values()), default=0.0)
    if embed is not None and fold(text) and top < SURE_SCORE:
        # The words were not enough: add the nearest labels in embedding space. Their scores stay below the
        # threshold, so an embedding-only reading is offered as candidates and never passed off as sure.
        for code, (score, lab) in vocab.nearest(text, embed).items():
            score = min(score, SURE_SCORE - 0.01)
            if code not in best or score > best[code][0]:
                best[code] = (score, lab, "embedding")
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], SOURCE_RANK.get(kv[1][1].source, 9), kv[0]))[:k]
    out = []
    for code, (score, lab, method) in ranked:
        info = vocab.isco.get(code, {})
        occ = lab.extra or _default_occupation(info.get("occupation_ids", ""))
        out.append(Candidate(code, min(1.0, score), lab.text, lab.source, method, info.get("label_en", ""),
                             info.get("label_id", ""), occ or None))
    return OccupationCoding(text, out)


def _default_occupation(ids: str) -> str:
    """The Layak occupation an ISCO group stands for when the label did not name one: the first listed."""
    return ids.split("|")[0] if ids else ""
