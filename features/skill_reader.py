"""Skill phrases as employers and workers write them -> canonical skill ids.

"Mampu mengendarai mobil manual atau matic", "Menguasai MS Excel", "Paham kebersihan dan sanitasi dapur":
a phrase is split into its parts (on commas, "dan", "&", "/", brackets), each part is scored against the skill
labels of ``features/data/vocab/skill_labels.csv`` (Layak's bilingual skills, ESCO skills of the occupations
Layak serves, and slang) with the weighted word overlap of ``features.label_index``, and, when a caller passes
a multilingual encoder, against the nearest label in embedding space. A skill is read when its score reaches
``SKILL_SCORE`` (chosen on the dev split of ``features/vocab/eval/skill_phrases.csv``).

Ids are Layak skill ids (``elderly_care``) or ``esco:<label>`` for an ESCO skill Layak has no id for.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from features.label_index import Embed, LabelIndex
from features.text import fold

SKILL_SCORE = 0.55  # lexical score needed to read a skill (dev split)
SKILL_EMBED_SCORE = 0.62  # embedding score (cosine × EMBED_WEIGHT) needed (dev split)
# How a requirement is phrased, not what it asks for: "mampu", "menguasai", "knowledge of", "dengan baik".
_FILLER = frozenset("""
mampu bisa dapat memiliki punya mempunyai menguasai memahami paham mengerti terampil mahir lancar fasih kemampuan
keterampilan keahlian pengetahuan tentang terbiasa biasa berpengalaman pengalaman dasar baik dengan yang dalam di
untuk serta secara diutamakan lebih disukai nilai plus tambah sangat tinggi cepat teliti benar tepat aman efisien
sesuai sop standar cara teknik proses ability able knowledge of to skilled skill skills in strong good basic
familiar with experience experienced proficient understanding understand the a an and or is are
""".split())
_PARTS = re.compile(r"\s*(?:,|;|/|&|\+|\(|\)|:|\bdan\b|\bserta\b|\batau\b|\band\b|\bor\b)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class SkillReading:
    """One skill read from a phrase: the id, the score in [0, 1], the label that matched and how."""

    skill_id: str
    score: float
    label: str
    method: str
    part: str


def _rows() -> list[dict[str, str]]:
    with resources.files("features").joinpath("data", "vocab", "skill_labels.csv").open("r", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def skill_vocabulary() -> LabelIndex:
    """The shipped skill labels, indexed once per process."""
    return LabelIndex(((r["label"], r["skill_id"], r["source"], True, "") for r in _rows()), _FILLER)


def phrase_parts(text: str) -> list[str]:
    """The whole phrase, then its comma/"dan"/bracket-separated parts (empty parts dropped)."""
    text = re.sub(r"^[\s\-–•*·.\d)]+", "", re.sub(r"\s+", " ", text or "")).strip()
    parts = [p for p in _PARTS.split(text) if fold(p)]
    out = [text] if fold(text) else []
    return out + [p for p in parts if p != text]


def read_skills(text: str, embed: Embed | None = None, vocab: LabelIndex | None = None,
                embed_score: float = SKILL_EMBED_SCORE) -> list[SkillReading]:
    """Every skill a phrase names, best score first (see ``_read``; the plain reading is cached by text)."""
    if embed is None and vocab is None:
        return list(_read_cached(text))
    return _read(text, embed, vocab, embed_score)


@lru_cache(maxsize=50_000)
def _read_cached(text: str) -> tuple[SkillReading, ...]:
    return tuple(_read(text, None, None, SKILL_EMBED_SCORE))


def _read(text: str, embed: Embed | None = None, vocab: LabelIndex | None = None,
          embed_score: float = SKILL_EMBED_SCORE) -> list[SkillReading]:
    """Every skill a phrase names, best score first.

    Args:
        text: one requirement or skill phrase (Indonesian or English).
        embed: optional multilingual encoder; adds nearest-label readings for words no label shares.
        vocab: the skill label index (the shipped one by default).
        embed_score: embedding score a nearest label needs (its scale depends on the encoder).
    """
    vocab = vocab or skill_vocabulary()
    found: dict[str, SkillReading] = {}

    def keep(reading: SkillReading) -> None:
        if reading.skill_id not in found or reading.score > found[reading.skill_id].score:
            found[reading.skill_id] = reading

    for part in phrase_parts(text):
        for sid, (score, lab) in vocab.lexical(part).items():
            if score >= SKILL_SCORE:
                keep(SkillReading(sid, min(1.0, score), lab.text, "lexical", part))
    if embed is not None and not found and fold(text):
        # Only what the words did not reach goes to the embedding: its nearest label, if near enough.
        for sid, (score, lab) in list(vocab.nearest(text, embed, k=1).items())[:1]:
            if score >= embed_score:
                keep(SkillReading(sid, min(1.0, score), lab.text, "embedding", text))
    return sorted(found.values(), key=lambda r: (-r.score, r.skill_id))
