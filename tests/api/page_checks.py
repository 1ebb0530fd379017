"""Checks a browser test runs on a whole page: its layout fits (360 and 1280 px) and its words are in its language.

``layout_problems``: every visible select must hold its longest choice, every placeholder and button its text,
and no word may be wider than the box it is in (the "one letter per line" of a squeezed grid cell). Text for
screen readers only (a 1 px box, e.g. a table's header on a phone) is skipped; a URL may wrap after a slash.

``english_words``: the English words in a page that should be Indonesian. The English vocabulary is the words
of the pages' own English strings (api/static/i18n.json) that none of their Indonesian strings uses, plus
common English words that the server's messages are made of. Text shown as an agency or the worker wrote it
(``[data-as-written]``: a job title, a name; and ``<cite>``: a law or announcement cited as published) is left
out, as are proper names and terms Indonesian uses as they are (``ALLOWED``).

``scheme_words_out_of_place``: a scheme's own word ("kaigo", Japan's care scheme) on a card of another country.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from tests.api.browser_support import API_DIR

_JS = Path(__file__).with_name("js")
LAYOUT_JS = (_JS / "layout_problems.js").read_text(encoding="utf-8")
TEXT_JS = (_JS / "page_text.js").read_text(encoding="utf-8")

# Proper names and terms that Indonesian uses as they are, and words both languages share.
ALLOWED = {
    "layak", "english", "hong", "kong", "api", "csv", "email", "web", "id", "rp", "ok",
    "bnsp", "lsp", "blk", "bpvp", "bp3mi", "kp2mi", "p3mi", "sip3mi", "jlpt", "topik", "eps", "jft", "basic",
    "cefr", "smaw", "mig", "tig", "fcaw", "ilo", "mou", "kepka", "ssw", "bpjs", "pmi", "cpmi", "qc",
    "pt", "co", "ltd", "inc", "jo", "kjri", "kbri", "sim", "sio", "skck", "ielts", "toeic", "goethe", "n4", "n5",
    "a2", "b1", "iso", "hkd", "twd", "myr", "idr", "sgd", "krw", "jpy", "sar",
    # loanwords Indonesian migrant work uses as they are (BP2MI's own job titles and forms)
    "caregiver", "visa", "online", "admin", "operator", "manual", "sponsor",
}
# Common English words the server's sentences are made of (besides those of the pages' English strings).
EXTRA_ENGLISH = {
    "the", "and", "of", "is", "are", "was", "be", "must", "should", "required", "field", "missing", "named",
    "expected", "values", "value", "column", "got", "row", "line", "weeks", "week", "years", "year", "months",
    "household", "recruiter", "not", "at", "least", "most", "one", "no", "yes", "with", "without", "for", "from",
    "this", "that", "these", "there", "here", "you", "your", "may", "only", "licence", "agency", "key", "keys",
    "own", "screen", "listing", "listings", "under", "invalid", "error", "number", "text", "item", "items",
    "free", "paid", "pay", "employer", "course", "courses", "certificate", "passport", "medical", "check",
    "moves", "up", "down", "complaints", "type",
}
# Japan's care scheme's own word ("Teknik perawatan kaigo" is the Indonesian label): right on a Japanese card, wrong on
# any other country's (``scheme_words_out_of_place``).
SCHEME_WORDS = {"kaigo": "JP"}


@lru_cache(maxsize=1)
def english_vocabulary() -> frozenset[str]:
    """English words of the pages' dictionary that its Indonesian never uses, plus ``EXTRA_ENGLISH``."""
    strings = json.loads((API_DIR / "static" / "i18n.json").read_text(encoding="utf-8"))
    words = lambda text: set(re.findall(r"[a-z]{2,}", re.sub(r"\{\w+\}|'s\b", "", text.lower())))  # noqa: E731
    english = set().union(*(words(e["en"]) for e in strings.values()))
    indonesian = set().union(*(words(e["id"]) for e in strings.values()))
    return frozenset((english - indonesian) | EXTRA_ENGLISH) - ALLOWED


def english_words(driver: Any) -> dict[str, str]:
    """English word -> the text it was found in, for every English word in the current page's own text. Words in
    quotes are literals (a value to type, such as 'female', or words quoted from a listing) and are left out."""
    vocabulary = english_vocabulary()
    found: dict[str, str] = {}
    for text in driver.execute_script(TEXT_JS):
        for word in re.findall(r"[A-Za-z]{2,}", re.sub(r"'[^']*'|\"[^\"]*\"", " ", text)):
            w = word.lower()
            if w in vocabulary and w not in found:
                found[w] = text[:160]
    return found


def scheme_words_out_of_place(driver: Any) -> dict[str, str]:
    """Result cards that name another country's scheme word ("kaigo" on a Taiwan card): card country -> its text.
    Each card carries its listing's country in ``data-country``."""
    found: dict[str, str] = {}
    for card in driver.find_elements("css selector", "#results .card"):
        text, country = card.text, card.get_attribute("data-country")
        for word, home in SCHEME_WORDS.items():
            if country != home and re.search(rf"\b{word}\b", text, re.IGNORECASE):
                found[f"{word} on a {country} card"] = text[:160]
    return found


INDONESIAN = {"yang", "dengan", "tidak", "untuk", "belum", "sudah", "harus", "bisa", "anda", "dari", "atau",
              "lowongan"}


def indonesian_words(driver: Any) -> dict[str, str]:
    """Indonesian function words in the current page's own text (for the English page)."""
    found: dict[str, str] = {}
    for text in driver.execute_script(TEXT_JS):
        for word in re.findall(r"[A-Za-z]+", text):
            if word.lower() in INDONESIAN and word.lower() not in found:
                found[word.lower()] = text[:160]
    return found


def layout_problems(driver: Any) -> list[str]:
    """What does not fit on the current page at its current width (see the module docstring)."""
    return list(driver.execute_script(LAYOUT_JS))
