"""Why the listing-risk model scored a listing as it did: the words and terms that pushed it towards unsafe.

The model is linear, so a listing's log-odds are the sum of ``coef × value`` over its inputs. Hashed n-grams
are not readable, but the listing's own words are: each word's character n-grams and each word 1-2-gram are
hashed again here, exactly as the model hashed them, and every column's contribution is handed back to the
word(s) of the listing behind it (split evenly when several). The sum over words plus fields is the model's
log-odds less the intercept. Field terms carry their meaning in English (``term``) and Indonesian (``term_id``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction import FeatureHasher
from sklearn.pipeline import Pipeline

from features.listing_features import (
    AGENCY_TOKEN,
    EMAIL_TOKEN,
    EMPLOYER_TOKEN,
    FEATURE_WORDS,
    FREE_MAIL_TOKEN,
    LINK_TOKEN,
    NOT_PREFIX,
    PHONE_TOKEN,
    RISK_TEXT,
    STRUCTURED_FEATURES,
)

PLACEHOLDERS = {AGENCY_TOKEN: ("(agency name)", "(nama agensi)"),
                EMPLOYER_TOKEN: ("(employer name)", "(nama majikan)"),
                EMAIL_TOKEN: ("(an e-mail address)", "(alamat email)"),
                FREE_MAIL_TOKEN: ("(a free-mail address)", "(alamat email gratisan)"),
                LINK_TOKEN: ("(a web link)", "(tautan web)"), PHONE_TOKEN: ("(a mobile number)", "(nomor HP)")}


def readable_word(token: str, lang: str = "en") -> str:
    """``not_gaji`` -> ``(not) gaji`` / ``(tidak) gaji``; placeholders -> words in ``lang``."""
    if token.startswith(NOT_PREFIX):
        return f"{'(tidak)' if lang == 'id' else '(not)'} {readable_word(token[len(NOT_PREFIX):], lang)}"
    found = PLACEHOLDERS.get(token)
    return found[1 if lang == "id" else 0] if found else token


def _hashers(pipeline: Pipeline) -> tuple[Any, Any, int, int]:
    """The fitted character and word hashers and their widths."""
    features = pipeline.named_steps["features"]
    chars = features.named_transformers_["chars"].named_steps["hash"]
    words = features.named_transformers_["words"].named_steps["hash"]
    return chars, words, int(chars.n_features), int(words.n_features)


def _columns(hasher: Any, grams: list[str]) -> list[int]:
    """The column each n-gram string lands in (the hasher's own ``FeatureHasher``, so exactly its columns)."""
    feature_hasher = FeatureHasher(n_features=hasher.n_features, input_type="string", alternate_sign=False)
    x = feature_hasher.transform([[g] for g in grams]).tocsr()
    return [int(x.indices[x.indptr[i]]) for i in range(len(grams))]


def explain(pipeline: Pipeline, frame: pd.DataFrame, k: int = 5) -> list[list[dict[str, Any]]]:
    """The top ``k`` positive contributions to the log-odds of unsafe, per row.

    Returns:
        one list per row of ``{"term", "term_id", "weight", "kind"}`` (kind ``text`` for a word of the listing,
        ``field`` for a structured term), largest first; only terms that push towards "unsafe" are listed.
    """
    coef = pipeline.named_steps["model"].coef_.ravel()
    chars, words_hasher, n_chars, n_words = _hashers(pipeline)
    char_grams, word_grams = chars.build_analyzer(), words_hasher.build_analyzer()
    fields = list(STRUCTURED_FEATURES)
    x = pipeline.named_steps["features"].transform(frame).tocsr()
    out = []
    for i in range(x.shape[0]):
        text = str(frame[RISK_TEXT].iloc[i])
        holders: dict[int, list[str]] = defaultdict(list)  # column -> the words of this listing behind it
        unique_words = sorted(set(text.split()))
        for word in unique_words:
            grams = sorted(set(char_grams(word)))
            for col in set(_columns(chars, grams)) if grams else ():
                holders[col].append(word)
        ngrams = sorted(set(word_grams(text)))
        for gram, col in zip(ngrams, _columns(words_hasher, ngrams) if ngrams else [], strict=True):
            holders[n_chars + col].extend(gram.split())
        totals: dict[tuple[str, str], float] = defaultdict(float)
        row = x[i]
        for col, val in zip(row.indices, row.data, strict=True):
            contrib = float(coef[col] * val)
            if col >= n_chars + n_words:
                totals[("field", fields[col - n_chars - n_words])] += contrib
                continue
            held = holders.get(int(col), [])
            for word in held:
                totals[("text", word)] += contrib / len(held)
        ranked = sorted(((w, kind, name) for (kind, name), w in totals.items() if w > 0), key=lambda t: -t[0])[:k]
        out.append([_term(kind, name, weight) for weight, kind, name in ranked])
    return out


def _term(kind: str, name: str, weight: float) -> dict[str, Any]:
    if kind == "field":
        en, id_ = FEATURE_WORDS[name]
        return {"term": en, "term_id": id_, "weight": round(weight, 4), "kind": "field", "feature": name}
    return {"term": readable_word(name, "en"), "term_id": readable_word(name, "id"), "weight": round(weight, 4),
            "kind": "text"}


def total_contribution(pipeline: Pipeline, frame: pd.DataFrame) -> np.ndarray:
    """``coef · x`` per row (the log-odds less the intercept): what ``explain`` distributes over terms."""
    x = pipeline.named_steps["features"].transform(frame)
    return np.asarray(x @ pipeline.named_steps["model"].coef_.ravel()).ravel()
