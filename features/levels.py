"""Language and education levels, understood in Indonesian or English.

Language levels from every scale (CEFR, JLPT, JFT-Basic, EPS-TOPIK, TOPIK, plain words such as
*dasar*/basic, *menengah*/intermediate, *fasih*/fluent) map onto one ordinal ``rank`` 0–6
(0 none, 1 A1, 2 A2, 3 B1, 4 B2, 5 C1, 6 C2), so "N4" and "JFT-Basic A2" compare as equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from features.reference import Reference, load_reference
from features.text import Lexicon, fold, tokens

RANK_LABELS = {0: "none", 1: "A1", 2: "A2", 3: "B1", 4: "B2", 5: "C1", 6: "C2"}


@dataclass(frozen=True)
class LanguageLevel:
    """A language with its level on the common rank; ``scale``/``level`` say how it was written."""

    lang: str
    rank: int
    scale: str
    level: str


@lru_cache(maxsize=4)
def _level_lexicon(ref: Reference | None = None) -> Lexicon:
    ref = ref or load_reference()
    lex = Lexicon()
    for row in ref.language_levels.itertuples(index=False):
        ident = f"{row.scale}:{row.level}:{row.rank}"
        lex.add(str(row.level), "level", ident)
        lex.add(f"{row.scale} {row.level}", "level", ident)
        for syn in row.synonyms:
            lex.add(syn, "level", ident)
    return lex


@lru_cache(maxsize=4)
def _language_lexicon(ref: Reference | None = None) -> Lexicon:
    ref = ref or load_reference()
    lex = Lexicon()
    for code, row in zip(ref.languages.index, ref.languages.itertuples(index=False), strict=True):
        for label in [row.label_en, row.label_id, code, *row.synonyms]:
            lex.add(str(label), "language", str(code))
    return lex


def parse_level(text: str, ref: Reference | None = None) -> tuple[int, str, str] | None:
    """``"N4"`` -> ``(2, "jlpt", "N4")``; ``"dasar"`` -> ``(1, "generic", "basic")``; unknown -> None.

    When several scales read the text (e.g. "A2" is both CEFR and JFT-Basic) they share a rank; the
    highest rank found wins so "basic to intermediate" reads as intermediate.
    """
    found = _level_lexicon(ref).scan(tokens(text))
    if not found:
        return None
    best = max(found, key=lambda m: int(m.id.rsplit(":", 1)[1]))
    scale, level, rank = best.id.split(":")
    return int(rank), scale, level


def parse_language_name(text: str, ref: Reference | None = None) -> str | None:
    """``"bahasa Jepang"`` / ``"Japanese"`` / ``"ja"`` -> ``"ja"``; unknown -> None."""
    found = _language_lexicon(ref).scan(tokens(text))
    return found[0].id if found else None


def parse_language(language: str, level: str | None, ref: Reference | None = None) -> LanguageLevel | None:
    """A profile's ``{language, level}`` pair. A known language with an unreadable level gets rank 1."""
    code = parse_language_name(language, ref)
    if code is None:
        return None
    parsed = parse_level(level or "", ref) if level else None
    if parsed is None:
        return LanguageLevel(code, 1, "generic", "basic")
    rank, scale, lvl = parsed
    return LanguageLevel(code, rank, scale, lvl)


def parse_requirement(spec: str, ref: Reference | None = None) -> LanguageLevel | None:
    """A listing's ``"ja:N4"`` requirement (also ``"Japanese N4"``) -> LanguageLevel, or None if unreadable."""
    if ":" in spec:
        lang, _, level = spec.partition(":")
    else:
        parts = spec.split()
        lang, level = (parts[0], " ".join(parts[1:])) if parts else ("", "")
    return parse_language(lang, level or None, ref)


@lru_cache(maxsize=8)
def _level_names(ref: Reference) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    for row in ref.language_levels.to_dict("records"):
        out.setdefault((str(row["scale"]), int(row["rank"])), str(row["level"]))
    return out


USUAL_SCALE = {"ja": "jlpt", "de": "cefr", "en": "cefr"}  # how a level is usually written for the language


def level_names(code: str, rank: int, ref: Reference) -> tuple[str, str]:
    """A rank written the usual way for the language, in English and Indonesian ("JLPT N4", "EPS-TOPIK pass")."""
    scale = USUAL_SCALE.get(code, "generic")
    if code == "ko":
        scale = "eps_topik" if rank == 2 else "topik"
    row = _level_rows(ref).get((scale, rank))
    if row is None:
        return RANK_LABELS.get(rank, str(rank)), RANK_LABELS.get(rank, str(rank))
    return str(row["label_en"]), str(row["label_id"])


@lru_cache(maxsize=8)
def _level_rows(ref: Reference) -> dict[tuple[str, int], dict[str, Any]]:
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for row in ref.language_levels.to_dict("records"):
        out.setdefault((str(row["scale"]), int(row["rank"])), row)
    return out


def level_label(scale: str, rank: int, ref: Reference) -> str:
    """A rank on the listing's own scale (jlpt 2 -> "N4", eps_topik 2 -> "pass"), else CEFR-style ("A2")."""
    if rank <= 0:
        return "none"
    return _level_names(ref).get((scale, rank)) or RANK_LABELS.get(rank, str(rank))


@lru_cache(maxsize=4)
def _education_lexicon(ref: Reference | None = None) -> Lexicon:
    ref = ref or load_reference()
    lex = Lexicon()
    for ident, row in zip(ref.education_levels.index, ref.education_levels.itertuples(index=False), strict=True):
        for label in [ident, row.label_en, row.label_id, *row.synonyms]:
            lex.add(str(label), "education", str(ident))
    return lex


def parse_education(text: str | None, ref: Reference | None = None) -> tuple[str, int] | None:
    """``"D3 Keperawatan"`` -> ``("d3", 6)``; ``"SMK"`` -> ``("sma", 3)``; unknown -> None.

    The highest level named wins ("SMA, lalu D3" -> d3).
    """
    if not text or not fold(text):
        return None
    ref = ref or load_reference()
    found = _education_lexicon(ref).scan(tokens(text))
    if not found:
        return None
    ranks = {m.id: int(ref.education_levels.loc[m.id, "rank"]) for m in found}
    level = max(ranks, key=lambda k: ranks[k])
    return level, ranks[level]
