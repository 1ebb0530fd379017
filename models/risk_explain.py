"""Why the listing-risk model scored a listing as it did: the words and terms that pushed it towards unsafe.

The model is linear, so a listing's log-odds are the sum of ``coef × value`` over its inputs. Character
n-grams are not readable, but each one comes from exactly one word (``char_wb`` never crosses a space), so
every n-gram's contribution is handed back to the word(s) of the listing that contain it (split evenly when a
listing has several such words). The sum over words plus fields is exactly the model's log-odds less the
intercept. Field terms carry their meaning in English (``term``) and Indonesian (``term_id``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd
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


def explain(pipeline: Pipeline, frame: pd.DataFrame, k: int = 5) -> list[list[dict[str, Any]]]:
    """The top ``k`` positive contributions to the log-odds of unsafe, per row.

    Returns:
        one list per row of ``{"term", "term_id", "weight", "kind"}`` (kind ``text`` for a word of the listing,
        ``field`` for a structured term), largest first; only terms that push towards "unsafe" are listed.
    """
    features = pipeline.named_steps["features"]
    coef = pipeline.named_steps["model"].coef_.ravel()
    chars = features.named_transformers_["chars"]
    ngrams = chars.get_feature_names_out()
    n_text = len(ngrams)
    analyzer = chars.build_analyzer()
    words_tf = features.named_transformers_.get("words")
    word_names = words_tf.get_feature_names_out() if words_tf is not None else np.array([], dtype=object)
    n_words = len(word_names)
    fields = list(STRUCTURED_FEATURES)
    x = features.transform(frame).tocsr()
    out = []
    for i in range(x.shape[0]):
        row = x[i]
        holders: dict[str, list[str]] = defaultdict(list)
        for word in set(str(frame[RISK_TEXT].iloc[i]).split()):
            for gram in set(analyzer(word)):
                holders[gram].append(word)
        totals: dict[tuple[str, str], float] = defaultdict(float)
        for col, val in zip(row.indices, row.data, strict=True):
            contrib = float(coef[col] * val)
            if col >= n_text + n_words:
                totals[("field", fields[col - n_text - n_words])] += contrib
                continue
            if col >= n_text:  # a word 1-2-gram: to each of its words
                parts = str(word_names[col - n_text]).split()
                for word in parts:
                    totals[("text", word)] += contrib / len(parts)
                continue
            words = holders.get(str(ngrams[col]), [])
            for word in words:
                totals[("text", word)] += contrib / len(words)
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
