"""Free text (Indonesian or English) -> canonical taxonomy ids.

The bundled encoder only understands English, so every profile and listing passes through here first:
text is folded (case, accents, punctuation), then scanned left to right for the longest phrase known to
the bilingual taxonomy (skills, occupations, certificates, languages, countries). Whatever the taxonomy
does not know is kept verbatim as "unknown", never dropped.
"""

from __future__ import annotations

import difflib
import heapq
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from features.reference import Reference, load_reference

KINDS = ("skill", "occupation", "certificate", "language", "country")
MAX_PHRASE_TOKENS = 7
FUZZY_CUTOFF = 0.88  # difflib ratio; below this a misspelling is kept as unknown rather than guessed
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces: ``"Las  MIG/MAG"`` -> ``"las mig mag"``."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("&", " and ")
    return _NON_WORD.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    """Folded tokens of ``text``."""
    folded = fold(text)
    return folded.split() if folded else []


@dataclass(frozen=True)
class Match:
    """One recognised phrase: ``kind`` in KINDS, canonical ``id``, the folded ``phrase`` and token span."""

    kind: str
    id: str
    phrase: str
    start: int
    end: int


@dataclass
class Lexicon:
    """Folded phrase (tuple of tokens) -> the (kind, id) pairs it names."""

    phrases: dict[tuple[str, ...], list[tuple[str, str]]] = field(default_factory=dict)
    max_len: int = 1

    def add(self, phrase: str, kind: str, ident: str) -> None:
        key = tuple(tokens(phrase))
        if not key:
            return
        entries = self.phrases.setdefault(key, [])
        if (kind, ident) not in entries:
            entries.append((kind, ident))
        self.max_len = max(self.max_len, min(len(key), MAX_PHRASE_TOKENS))

    def scan(self, toks: list[str]) -> list[Match]:
        """Greedy longest-match from the left over a token list."""
        out: list[Match] = []
        i, n = 0, len(toks)
        while i < n:
            for length in range(min(self.max_len, n - i), 0, -1):
                key = tuple(toks[i:i + length])
                entries = self.phrases.get(key)
                if entries:
                    out.extend(Match(kind, ident, " ".join(key), i, i + length) for kind, ident in entries)
                    i += length
                    break
            else:
                i += 1
        return out


def _labels(row: object, *cols: str) -> Iterable[str]:
    for col in cols:
        value = getattr(row, col, None)
        if isinstance(value, list):
            yield from value
        elif isinstance(value, str) and value:
            yield value


@lru_cache(maxsize=4)
def build_lexicon(ref: Reference | None = None) -> Lexicon:
    """The bilingual phrase table built from the reference data (cached per Reference)."""
    ref = ref or load_reference()
    lex = Lexicon()
    sources = (
        ("skill", ref.skills, ("label_en", "label_id", "synonyms_en", "synonyms_id")),
        ("occupation", ref.occupations, ("label_en", "label_id", "synonyms_en", "synonyms_id")),
        ("certificate", ref.certificates, ("label_en", "label_id", "synonyms")),
        ("language", ref.languages, ("label_en", "label_id", "synonyms")),
        ("country", ref.countries, ("name_en", "name_id", "synonyms")),
    )
    for kind, frame, cols in sources:
        for ident, row in zip(frame.index, frame.itertuples(index=False), strict=True):
            for label in _labels(row, *cols):
                lex.add(label, kind, str(ident))
    return lex


def find(text: str, kinds: Iterable[str] = KINDS, ref: Reference | None = None) -> list[Match]:
    """Every taxonomy phrase found in ``text``, restricted to ``kinds``, in reading order."""
    wanted = set(kinds)
    return [m for m in build_lexicon(ref).scan(tokens(text)) if m.kind in wanted]


@lru_cache(maxsize=8)
def _phrases_of(kinds: tuple[str, ...], ref: Reference | None) -> dict[str, tuple[str, str]]:
    lex = build_lexicon(ref)
    out: dict[str, tuple[str, str]] = {}
    for key, entries in lex.phrases.items():
        for kind, ident in entries:
            # Fuzzy matching only on phrases long enough that a typo cannot turn into another word.
            if kind in kinds and len(" ".join(key)) >= 5:
                out.setdefault(" ".join(key), (kind, ident))
    return out


@lru_cache(maxsize=20_000)
def fuzzy(item: str, kinds: tuple[str, ...] = ("skill", "occupation"), ref: Reference | None = None
          ) -> tuple[str, str] | None:
    """Closest taxonomy entry for a misspelt item (``"memsak"`` -> skill cooking), or None."""
    folded = fold(item)
    if len(folded) < 5:
        return None
    table = _phrases_of(kinds, ref)
    hit = close_match(folded, _char_counts(kinds, ref), FUZZY_CUTOFF)
    return table[hit] if hit is not None else None


@dataclass(frozen=True)
class CharCounts:
    """Phrases with their lengths and character counts, for ``close_match``."""

    phrases: list[str]
    lengths: np.ndarray  # (n,) float
    counts: np.ndarray   # (n, alphabet) character counts
    alphabet: dict[str, int]

    @classmethod
    def of(cls, phrases: Iterable[str]) -> CharCounts:
        words = list(phrases)
        alphabet: dict[str, int] = {}
        for w in words:
            for ch in w:
                alphabet.setdefault(ch, len(alphabet))
        counts = np.zeros((len(words), max(len(alphabet), 1)), dtype=np.int64)
        for i, w in enumerate(words):
            for ch in w:
                counts[i, alphabet[ch]] += 1
        return cls(words, np.array([len(w) for w in words], dtype=float), counts, alphabet)


@lru_cache(maxsize=8)
def _char_counts(kinds: tuple[str, ...], ref: Reference | None) -> CharCounts:
    return CharCounts.of(_phrases_of(kinds, ref))


def close_match(word: str, table: CharCounts, cutoff: float) -> str | None:
    """``difflib.get_close_matches(word, table.phrases, n=1, cutoff=cutoff)``, the same answer, faster.

    difflib tries every phrase through three tests of increasing cost (``real_quick_ratio``: the lengths;
    ``quick_ratio``: the shared characters; ``ratio``: the real similarity) and keeps the best ratio at or above
    ``cutoff`` (ties: the greatest phrase). The two cheap tests are computed here for every phrase at once, with
    the same arithmetic, so ``ratio`` runs only on the phrases difflib would have run it on. Reading a profile
    with a few misspelt skills took 17 ms of a recommendation's 115 ms with difflib's loop
    (tests/features/test_text.py checks the answers are the same).
    """
    lw = float(len(word))
    total = table.lengths + lw
    with np.errstate(divide="ignore", invalid="ignore"):
        real_quick = np.where(total > 0, 2.0 * np.minimum(table.lengths, lw) / total, 1.0)
        mine = np.zeros(table.counts.shape[1], dtype=np.int64)
        for ch in word:
            if ch in table.alphabet:
                mine[table.alphabet[ch]] += 1
        shared = np.minimum(table.counts, mine[None, :]).sum(axis=1).astype(float)
        quick = np.where(total > 0, 2.0 * shared / total, 1.0)
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    scored = []
    for i in np.flatnonzero((real_quick >= cutoff) & (quick >= cutoff)):
        phrase = table.phrases[int(i)]
        matcher.set_seq1(phrase)
        ratio = matcher.ratio()
        if ratio >= cutoff:
            scored.append((ratio, phrase))
    best = heapq.nlargest(1, scored)
    return best[0][1] if best else None


@dataclass
class ItemReading:
    """How one free-text item (a skill, certificate or requirement) was read."""

    text: str
    matches: list[Match]
    fuzzy: tuple[str, str] | None = None

    @property
    def known(self) -> bool:
        return bool(self.matches) or self.fuzzy is not None


def read_item(text: str, kinds: tuple[str, ...], ref: Reference | None = None) -> ItemReading:
    """Read one list item: exact phrases first, then a fuzzy guess for misspellings."""
    matches = find(text, kinds, ref)
    if matches:
        return ItemReading(text, matches)
    return ItemReading(text, [], fuzzy(text, kinds, ref))


def split_list(value: str | Iterable[str] | None, sep: str = ";") -> list[str]:
    """A ``;``-separated CSV cell or a list of strings -> clean non-empty items."""
    if value is None:
        return []
    if isinstance(value, str):
        items: Iterable[str] = value.split(sep)
    else:
        items = value
    return [str(v).strip() for v in items if str(v).strip()]


@lru_cache(maxsize=4)
def _sector_names(ref: Reference | None = None) -> dict[str, str]:
    ref = ref or load_reference()
    out: dict[str, str] = {}
    for sid, row in zip(ref.sectors.index, ref.sectors.itertuples(index=False), strict=True):
        for name in (sid, row.label_en, row.label_id):
            out[fold(str(name))] = str(sid)
    return out


def sector_id(text: str, ref: Reference | None = None) -> str | None:
    """A sector id or its Indonesian/English label (any case) -> sector id; None when unknown."""
    return _sector_names(ref).get(fold(text))
