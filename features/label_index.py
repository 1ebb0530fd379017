"""A table of labels (Indonesian and English) searchable by weighted word overlap and, optionally, by a
multilingual sentence embedding. Both the occupation coder and the skill reader are built on it.

Lexical score of label L for text T (both folded into words; words no label uses are dropped from T):

    score = cover(L by T) * sqrt(cover(T by L))     cover(A by B) = weight(A ∩ B) / weight(A)

with weight = IDF over the labels, and rank/filler words down-weighted. So the label must be nearly all
present in the text, and the text's known words mostly explained by the label; a city or company name in a
job title (no label uses it) costs nothing. Scores are in [0, 1]; 1 means an exact (word-set) match.
"""

from __future__ import annotations

import difflib
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from features.text import fold

Embed = Callable[[Sequence[str]], np.ndarray]  # texts -> (n, dim) float32, rows L2-normalised

FUZZY_TOKEN = 0.84  # difflib ratio for mapping a misspelt word ("electriciant") onto a label word
FILLER_WEIGHT = 0.25
EMBED_WEIGHT = 0.85  # an embedding neighbour's cosine is discounted against an exact word cover
SUPPORT_BONUS = 0.001  # ties: a key more sources agree on wins; far below any real score difference
SOURCE_RANK = {"slang": 0, "layak": 1, "kbji2014": 2, "esco": 3, "isco08": 4}  # tie-break: nearer the user first


@dataclass(frozen=True)
class Label:
    """One label: its text, folded words, the key it names (an ISCO code, a skill id), and where it came from."""

    text: str
    tokens: tuple[str, ...]
    key: str
    source: str
    primary: bool = True
    extra: str = ""


class LabelIndex:
    """Labels with an inverted word index and IDF weights.

    Args:
        labels: (text, key, source, primary, extra) tuples; duplicates (same words, key and extra) are dropped.
        filler: words that say rank or contract rather than content (weighted by ``FILLER_WEIGHT``).
        rank_words: a label with one of these that the text lacks is scaled by ``rank_penalty``.
        full_label_words: a label word missing from the text weighs in full even when it is filler, so a
            label made mostly of filler ("Ahli Penempatan Kerja") is not matched by its one content word
            ("kerja apa saja" is not an employment agent).
    """

    def __init__(self, labels: Iterable[tuple[str, str, str, bool, str]], filler: frozenset[str] = frozenset(),
                 rank_words: frozenset[str] = frozenset(), rank_penalty: float = 1.0,
                 full_label_words: bool = False) -> None:
        self.labels: list[Label] = []
        seen: set[tuple[tuple[str, ...], str, str]] = set()
        for text, key, source, primary, extra in labels:
            toks = tuple(fold(text).split())
            # A one- or two-letter label ("C", the language) would fire on list markers and initials.
            if toks and (len(" ".join(toks)) > 2 or source in ("layak", "slang")) and (toks, key, extra) not in seen:
                seen.add((toks, key, extra))
                self.labels.append(Label(text, toks, key, source, primary, extra))
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, lab in enumerate(self.labels):
            for tok in set(lab.tokens):
                self.postings[tok].append(i)
        n = len({lab.tokens for lab in self.labels})
        self.idf = {tok: math.log(1 + n / len(ids)) for tok, ids in self.postings.items()}
        self.filler, self.rank_words, self.rank_penalty = filler, rank_words, rank_penalty
        self.full_label_words = full_label_words
        # Per label, computed once: its word set and the weight of all its words (filler-weighted), so scoring a
        # hit sums only over the few words it shares with, or misses from, the text.
        self._sets = [frozenset(lab.tokens) for lab in self.labels]
        self._weight = [sum(self.weight(t) for t in words) for words in self._sets]
        self._ranked = [bool(words & rank_words) for words in self._sets]
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        for tok in self.postings:
            self._by_initial[tok[0]].append(tok)
        self._fuzzy: dict[str, str | None] = {}
        self._embedded: dict[object, tuple[list[int], np.ndarray]] = {}  # per encoder

    def weight(self, tok: str) -> float:
        return self.idf.get(tok, 0.0) * (FILLER_WEIGHT if tok in self.filler else 1.0)

    def known(self, tok: str) -> str | None:
        """``tok`` when a label uses it; for a long misspelling the closest label word; else None."""
        if tok in self.postings:
            return tok
        if len(tok) < 6 or not tok.isalpha() or tok in self.filler:
            return None
        if tok not in self._fuzzy:
            pool = [t for t in self._by_initial.get(tok[0], []) if abs(len(t) - len(tok)) <= 2]
            near = difflib.get_close_matches(tok, pool, n=1, cutoff=FUZZY_TOKEN)
            self._fuzzy[tok] = near[0] if near else None
        return self._fuzzy[tok]

    def words(self, text: str) -> set[str]:
        """The text's words that some label uses (misspellings mapped), as a set."""
        return {k for k in (self.known(t) for t in fold(text).split()) if k}

    def lexical(self, text: str) -> dict[str, tuple[float, Label]]:
        """Best (score, label) per key for ``text`` (see the module docstring for the score)."""
        title = self.words(text)
        if not title:
            return {}
        title_w = sum(self.weight(t) for t in title) or 1.0
        hits: set[int] = set()
        for tok in title:
            if tok not in self.filler or len(title) == 1:
                hits.update(self.postings[tok])
        out: dict[str, tuple[float, Label]] = {}
        support: dict[str, set[str]] = defaultdict(set)
        weights = {t: self.weight(t) for t in title}
        for i in hits:
            lab = self.labels[i]
            shared = self._sets[i] & title
            got = sum(weights[t] for t in shared)
            if self.full_label_words:  # a label word the text lacks counts in full, filler or not
                idf = self.idf
                label_w = got + sum(idf.get(t, 0.0) for t in self._sets[i] - title)
            else:
                label_w = self._weight[i]
            score = got / (label_w or 1.0) * math.sqrt(got / title_w)
            if self._ranked[i] and (self._sets[i] - title) & self.rank_words:
                score *= self.rank_penalty
            best = out.get(lab.key)
            if best is None or score > best[0] + 1e-9:
                out[lab.key] = (score, lab)
                support[lab.key] = {lab.source}
            elif abs(score - best[0]) <= 1e-9:
                support[lab.key].add(lab.source)
                if SOURCE_RANK.get(lab.source, 9) < SOURCE_RANK.get(best[1].source, 9):
                    out[lab.key] = (score, lab)
        return {key: (score + SUPPORT_BONUS * (len(support[key]) - 1), lab) for key, (score, lab) in out.items()}

    def embedded(self, embed: Embed) -> tuple[list[int], np.ndarray]:
        """Vectors of the primary labels (one per distinct wording), computed once per index and encoder."""
        # Keyed by the encoder's model id when it has one: vectors of two models never mix.
        key = getattr(embed, "model_id", None) or id(embed)
        if key not in self._embedded:
            ids: list[int] = []
            seen: set[tuple[str, ...]] = set()
            for i, lab in enumerate(self.labels):
                if lab.primary and lab.tokens not in seen:
                    seen.add(lab.tokens)
                    ids.append(i)
            self._embedded[key] = (ids, embed([self.labels[i].text for i in ids]))
        return self._embedded[key]

    def nearest(self, text: str, embed: Embed, k: int = 10) -> dict[str, tuple[float, Label]]:
        """Best (cosine × ``EMBED_WEIGHT``, label) per key among the ``k`` nearest embedded labels."""
        ids, matrix = self.embedded(embed)
        sims = matrix @ embed([text])[0]
        out: dict[str, tuple[float, Label]] = {}
        for j in np.argsort(-sims)[:k]:
            lab = self.labels[ids[int(j)]]
            score = float(sims[int(j)]) * EMBED_WEIGHT
            if lab.key not in out or score > out[lab.key][0]:
                out[lab.key] = (score, lab)
        return out
