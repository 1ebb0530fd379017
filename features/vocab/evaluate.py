"""Scores for the text readers on real, hand-labelled public job text (``features/vocab/eval``).

* ``titles.csv``: 378 job titles from two public Indonesian job-board scrapes (JobStreet Indonesia 2024,
  loker.id 2025), each labelled with its ISCO-08 unit group by hand; a title that honestly fits two groups
  ("Chef / Koki") lists both and either counts as right. ``split`` is ``dev`` or ``test`` by a hash of the
  title's first two words, so near-identical titles ("KURIR NINJA EXPRESS AREA ...") never straddle the split.
* ``skill_phrases.csv``: 537 skill lines from the "Keahlian" section of real loker.id 2025 postings for the
  jobs Layak serves, labelled with Layak skill ids (empty: no Layak skill fits, e.g. martial arts); split by
  posting. The first 300 are ``dev`` and ``test``; a second round of 237 lines from other postings, labelled
  before the reader was changed again, is ``dev`` and ``test2`` (a second held-out set).

Only ``dev`` may be looked at while choosing vocabulary, slang and thresholds; ``test`` and ``test2`` are
reported.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

SERVED_NOTE = "titles whose labelled ISCO-08 group is one Layak places workers in (features/data/occupations.csv)"


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files("features.vocab").joinpath("eval", name).open("r", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_titles(split: str | None = None) -> list[dict[str, str]]:
    """Labelled titles, optionally one split (``dev`` | ``test``)."""
    return [r for r in _rows("titles.csv") if split is None or r["split"] == split]


def load_skill_phrases(split: str | None = None) -> list[dict[str, str]]:
    """Labelled skill phrases, optionally one split."""
    return [r for r in _rows("skill_phrases.csv") if split is None or r["split"] == split]


@dataclass
class TitleScore:
    """Title -> ISCO accuracy. ``top1``/``top3`` are shares of titles whose gold group is ranked 1st / in the
    top 3; ``sure_top1`` counts only readings above the threshold as answers (a "not sure" is a miss);
    ``not_sure`` is the share of titles the coder declined to decide."""

    n: int = 0
    top1: float = 0.0
    top3: float = 0.0
    sure_top1: float = 0.0
    not_sure: float = 0.0
    failures: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "top1": round(self.top1, 3), "top3": round(self.top3, 3),
                "sure_top1": round(self.sure_top1, 3), "not_sure": round(self.not_sure, 3)}


def score_titles(rows: Iterable[dict[str, str]], rank: Callable[[str], tuple[list[str], bool]]) -> TitleScore:
    """Score ``rank(title) -> (ranked ISCO codes, sure)`` against the gold labels in ``rows``."""
    rows = list(rows)
    out = TitleScore(n=len(rows))
    if not rows:
        return out
    hit1 = hit3 = sure_hit = unsure = 0
    for r in rows:
        gold = set(r["isco08"].split("|"))
        codes, sure = rank(r["title"])
        first = bool(codes) and codes[0] in gold
        hit1 += first
        hit3 += bool(gold & set(codes[:3]))
        sure_hit += first and sure
        unsure += not sure
        if not first:
            out.failures.append({"title": r["title"], "gold": r["isco08"], "got": codes[:3], "sure": sure})
    out.top1, out.top3 = hit1 / len(rows), hit3 / len(rows)
    out.sure_top1, out.not_sure = sure_hit / len(rows), unsure / len(rows)
    return out


@dataclass
class SkillScore:
    """Skill-phrase recognition over phrases that have a gold Layak skill.

    ``recognised``: share where at least one gold skill was read; ``all_read``: share where every gold skill
    was read; ``precision``: share of read skills that are gold; ``no_gold``: phrases without a Layak skill
    (not scored), and ``false_reads`` how many of those still produced a skill."""

    n: int = 0
    recognised: float = 0.0
    all_read: float = 0.0
    precision: float = 0.0
    no_gold: int = 0
    false_reads: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "recognised": round(self.recognised, 3), "all_read": round(self.all_read, 3),
                "precision": round(self.precision, 3), "no_gold": self.no_gold, "false_reads": self.false_reads}


def score_skills(rows: Iterable[dict[str, str]], read: Callable[[str], set[str]]) -> SkillScore:
    """Score ``read(phrase) -> set of skill ids`` against the gold labels in ``rows``."""
    out = SkillScore()
    hits = full = good = total = 0
    for r in rows:
        got = read(r["phrase"])
        gold = {s for s in r["skills"].split("|") if s}
        if not gold:
            out.no_gold += 1
            out.false_reads += bool(got)
            continue
        out.n += 1
        hits += bool(got & gold)
        full += gold <= got
        good += len(got & gold)
        total += len(got)
        if not got & gold:
            out.failures.append({"phrase": r["phrase"], "gold": sorted(gold), "got": sorted(got)})
    if out.n:
        out.recognised, out.all_read = hits / out.n, full / out.n
    out.precision = good / total if total else 0.0
    return out


def served_isco() -> set[str]:
    """ISCO-08 groups of the occupations Layak serves."""
    with resources.files("features").joinpath("data", "occupations.csv").open("r", encoding="utf-8") as fh:
        return {r["isco08"] for r in csv.DictReader(fh)}


def is_served(row: dict[str, str], served: set[str]) -> bool:
    """A title is in Layak's occupations when any of its gold groups is served."""
    return bool(set(row["isco08"].split("|")) & served)
