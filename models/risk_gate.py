"""When the listing-risk model cannot judge a listing: near-empty text, an unknown language, or text unlike
anything it was trained on.

A score on such text says nothing, so screening sends the listing to review with the reason instead of
letting a low score verify it. The checks, on the model's own reading of the text (``risk_text``):

* **near-empty**: fewer than ``min_words`` words (placeholders for names, e-mails and numbers not counted);
* **unknown language**: fewer than ``min_known_share`` of the words are common Indonesian, English or
  Javanese function words (``KNOWN_WORDS``); a text in Vietnamese, Tagalog or Arabic script (which folds to
  nothing) fails here or as near-empty;
* **out of distribution**: the share of the text's character n-grams that occurred in the training texts is
  below ``min_coverage``, the 1st percentile of the same share over the training texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from features.listing_features import (
    AGENCY_TOKEN,
    EMAIL_TOKEN,
    EMPLOYER_TOKEN,
    FREE_MAIL_TOKEN,
    LINK_TOKEN,
    NOT_PREFIX,
    PHONE_TOKEN,
)

MIN_WORDS = 6
MIN_KNOWN_SHARE = 0.05
COVERAGE_PERCENTILE = 1.0
MIN_DOCS = 2  # a character n-gram seen in one training text only is not "known" (as min_df=2 would have it)
_PLACEHOLDERS = {AGENCY_TOKEN, EMPLOYER_TOKEN, EMAIL_TOKEN, FREE_MAIL_TOKEN, LINK_TOKEN, PHONE_TOKEN}
# Common function and job-ad words; enough to tell the three languages Layak reads from any other.
KNOWN_WORDS = frozenset("""
dan atau di ke dari yang untuk dengan pada ini itu akan dalam tidak ada bisa harus juga sudah belum oleh kami
anda kamu kita saya per setiap hari bulan tahun jam orang kerja bekerja gaji upah libur kontrak paspor visa biaya
syarat usia umur pengalaman dicari lowongan butuh dibutuhkan segera hubungi negara majikan perusahaan keluarga
rumah tangga tanpa sendiri wajib lebih kurang minimal maksimal sebagai serta bagi agar karena jika mau siap
the and or of to in for with on at by from is are be will you your we our a an this that as not no all any
work job salary pay month year hours day days week contract passport visa fee fees experience required apply
requirements company employer family home care must per new team
lan karo ing sing ora ana kanggo utawa saka mboten wonten kangge kerjo gajine nyambut gawe
""".split())


@dataclass(frozen=True)
class RiskGate:
    """The thresholds of the three checks, and which character n-gram columns the model saw in training."""

    min_words: int
    min_known_share: float
    min_coverage: float
    seen: Any = field(default=None, repr=False, compare=False)  # bool array over the hashed character columns
    hasher: Any = field(default=None, repr=False, compare=False)

    def check(self, text: str) -> tuple[str, str]:
        """``("", "")`` when the model can judge ``text``; else ``(reason, detail)`` with reason one of
        ``near_empty``, ``unknown_language``, ``out_of_distribution``."""
        words = content_words(text)
        if len(words) < self.min_words:
            return "near_empty", f"{len(words)} words (at least {self.min_words} needed)"
        share = known_share(words)
        if share < self.min_known_share:
            return "unknown_language", (f"{share:.0%} of the words are Indonesian, English or Javanese "
                                        f"(at least {self.min_known_share:.0%} needed)")
        cover = self.coverage(text)
        if cover < self.min_coverage:
            return "out_of_distribution", (f"{cover:.0%} of the text's letter patterns were seen in training "
                                           f"(at least {self.min_coverage:.0%} needed)")
        return "", ""

    def coverage(self, text: str) -> float:
        """The share of ``text``'s character n-grams that were seen in training (1.0 without a model)."""
        if self.hasher is None or self.seen is None:
            return 1.0
        x = self.hasher.transform([text])
        if not x.nnz:
            return 0.0
        return float(np.average(self.seen[x.indices], weights=x.data))

    def to_params(self) -> dict[str, float]:
        return {"min_words": float(self.min_words), "min_known_share": self.min_known_share,
                "min_coverage": self.min_coverage}


def content_words(text: str) -> list[str]:
    """The words of a ``risk_text`` that say something: no placeholders, no bare numbers, negation marks off."""
    out = []
    for tok in text.split():
        tok = tok.removeprefix(NOT_PREFIX)
        if tok not in _PLACEHOLDERS and not tok.isdigit():
            out.append(tok)
    return out


def known_share(words: list[str]) -> float:
    """The share of ``words`` in ``KNOWN_WORDS``."""
    return sum(w in KNOWN_WORDS for w in words) / len(words) if words else 0.0


def gate_from_pipeline(pipeline: Any, min_words: float, min_known_share: float, min_coverage: float) -> RiskGate:
    """A gate over a fitted pipeline (how a loaded model gets its gate back).

    A hashed column counts as seen when at least ``MIN_DOCS`` training texts had it. Smoothed IDF is
    ``ln((1 + n) / (1 + df)) + 1``; an unseen column has the largest value, ``ln(1 + n) + 1``, which gives ``n``
    and so the document frequency of every column.
    """
    chars = pipeline.named_steps["features"].named_transformers_["chars"]
    idf = np.asarray(chars.named_steps["tfidf"].idf_)
    n_docs = np.exp(idf.max() - 1.0) - 1.0
    df = (1.0 + n_docs) / np.exp(idf - 1.0) - 1.0
    seen = df >= MIN_DOCS - 0.5
    return RiskGate(int(min_words), float(min_known_share), float(min_coverage), seen, chars.named_steps["hash"])


def fit_gate(pipeline: Any, texts: Iterable[str], max_texts: int = 4000, random_state: int = 0) -> RiskGate:
    """The gate of a fitted pipeline: ``min_coverage`` is the ``COVERAGE_PERCENTILE`` of training coverage."""
    texts = list(texts)
    if len(texts) > max_texts:
        pick = np.random.default_rng(random_state).choice(len(texts), max_texts, replace=False)
        texts = [texts[i] for i in pick]
    gate = gate_from_pipeline(pipeline, MIN_WORDS, MIN_KNOWN_SHARE, 0.0)
    covers = [gate.coverage(t) for t in texts if len(content_words(t)) >= MIN_WORDS]
    floor = float(np.percentile(covers, COVERAGE_PERCENTILE)) if covers else 0.0
    return RiskGate(gate.min_words, gate.min_known_share, round(floor, 4), gate.seen, gate.hasher)
