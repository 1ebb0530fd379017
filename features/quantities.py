"""Numbers and durations as workers write them: "3 thn", "tiga tahun", "1,5 tahun", "setahun", "6 bln",
"two years", "half a year", "satu setengah tahun".

``durations(text)`` finds every duration and returns it in years (months / 12), with the span it came from,
so a reader can show "3 thn -> 3 years" for the worker to confirm.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_UNITS = {
    "ones": {"nol": 0, "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
             "delapan": 8, "sembilan": 9, "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4,
             "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
             "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
             "nineteen": 19, "twenty": 20, "thirty": 30, "sepuluh": 10, "sebelas": 11},
}
WORD_NUMBERS: dict[str, float] = dict(_UNITS["ones"])
HALF = {"setengah", "stengah", "half"}
YEAR_WORDS = {"tahun", "thn", "th", "thun", "taun", "thn2", "tahunan", "year", "years", "yr", "yrs", "y"}
MONTH_WORDS = {"bulan", "bln", "bl", "bulanan", "month", "months", "mo", "mos", "mth", "mths"}
# "setahun", "sebulan": the "se-" prefix means one.
_FUSED = {"setahun": (1.0, "year"), "sebulan": (1.0, "month"), "setaun": (1.0, "year")}
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
MAX_YEARS = 60.0  # the profile schema's own bound on years of experience


@dataclass(frozen=True)
class Duration:
    """A duration found in text: ``years`` (months are divided by 12), the original words, token span."""

    years: float
    text: str
    start: int
    end: int


_TOKEN = re.compile(r"\d+(?:[.,]\d+)?[a-z]*|[a-z]+")


def tokens(text: str) -> list[str]:
    """Lower-case words and numbers; unlike ``fold`` a decimal comma survives ("1,5" stays one token)."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    return _TOKEN.findall(plain)


def number_at(tokens: list[str], i: int) -> tuple[float, int] | None:
    """The number starting at token ``i`` and how many tokens it used.

    Reads digits ("3", "1,5", "2.5"), words in Indonesian and English ("tiga", "three", "dua belas",
    "dua puluh lima", "twenty five"), and halves ("setengah", "satu setengah", "two and a half").
    """
    if i >= len(tokens):
        return None
    tok = tokens[i]
    value: float
    used = 1
    if _NUMBER.match(tok):
        value = float(tok.replace(",", "."))
    elif tok in HALF:
        return 0.5, 2 if tokens[i + 1:i + 2] in (["a"], ["an"]) else 1  # "half a year"
    elif tok in WORD_NUMBERS:
        value = WORD_NUMBERS[tok]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if nxt == "belas" and value < 10:  # dua belas = 12
            value, used = 10 + value, 2
        elif nxt == "puluh" and value < 10:  # dua puluh (lima) = 20 (+5)
            value, used = value * 10, 2
            unit = tokens[i + 2] if i + 2 < len(tokens) else ""
            if WORD_NUMBERS.get(unit, 10) < 10:
                value, used = value + WORD_NUMBERS[unit], 3
        elif value >= 20 and WORD_NUMBERS.get(nxt, 10) < 10:  # twenty five
            value, used = value + WORD_NUMBERS[nxt], 2
    else:
        return None
    rest = tokens[i + used:i + used + 3]
    if rest[:1] and rest[0] in HALF:  # satu setengah
        return value + 0.5, used + 1
    if rest[:3] and rest[0] == "and" and rest[1:2] == ["a"] and rest[2:3] == ["half"]:  # two and a half
        return value + 0.5, used + 3
    return float(value), used


def durations(text: str) -> list[Duration]:
    """Every "<number> <year|month word>" in ``text``, in reading order; years capped at ``MAX_YEARS``."""
    toks = tokens(text)
    # "3thn" / "6bln" written together: split the digits from the unit.
    split: list[str] = []
    for tok in toks:
        m = re.match(r"^(\d+(?:[.,]\d+)?)([a-z]+)$", tok)
        if m and (m.group(2) in YEAR_WORDS or m.group(2) in MONTH_WORDS):
            split += [m.group(1), m.group(2)]
        else:
            split.append(tok)
    out: list[Duration] = []
    i = 0
    while i < len(split):
        if split[i] in _FUSED:
            amount, unit = _FUSED[split[i]]
            out.append(Duration(amount if unit == "year" else amount / 12, split[i], i, i + 1))
            i += 1
            continue
        got = number_at(split, i)
        if got is None:
            i += 1
            continue
        value, used = got
        j = i + used
        if j < len(split) and split[j] in ("lebih", "more", "plus", "an"):  # "2 lebih tahun" is rare; skip a filler
            j += 1
        if j < len(split) and (split[j] in YEAR_WORDS or split[j] in MONTH_WORDS):
            years = value if split[j] in YEAR_WORDS else value / 12
            # a half after the unit: "1 tahun setengah"
            end = j + 1
            if end < len(split) and split[end] in HALF:
                years += 0.5 if split[j] in YEAR_WORDS else 0.5 / 12
                end += 1
            out.append(Duration(min(MAX_YEARS, round(years, 3)), " ".join(split[i:end]), i, end))
            i = end
        else:
            i += used
    return out


def total_years(text: str) -> float | None:
    """The first duration in ``text`` in years, or None when there is none."""
    found = durations(text)
    return found[0].years if found else None
