"""Red flags in a listing's free text, as the screening rules read them.

The reader itself is ``features.red_flags`` (Indonesian, English, Javanese and code-mixed text; obfuscation and
amounts undone; negation- and payer-aware), so that the listing-risk model's features and the cited rules read
the same text the same way. This module keeps the names screening code and tests have always imported.
"""

from __future__ import annotations

from features.red_flags import (
    CLAUSE,
    FLAG_SOURCES,
    FLAGS,
    NEGATION_WINDOW,
    NEGATIONS,
    FlagHit,
    TextFlag,
    clean_text,
    household_work,
    scan,
)

fold_clauses = clean_text

__all__ = ["CLAUSE", "FLAGS", "FLAG_SOURCES", "NEGATIONS", "NEGATION_WINDOW", "FlagHit", "TextFlag", "clean_text",
           "fold_clauses", "household_work", "scan"]
