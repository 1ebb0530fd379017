"""Numbers and money as contracts write them, in Indonesian and English.

Digits in local formats (``Rp25.000.000,-``, ``NT$28,590``, ``HK$ 5,100``, ``6,5 juta``), numbers in words
(``dua puluh lima juta``, ``five thousand one hundred``), and amounts with their currency written as a symbol
(``HK$``, ``RM``, ``₩``), an ISO code (``TWD``) or a name (``ringgit``, ``dolar Hong Kong``). A contract often
writes an amount twice, in digits and in words (``Rp25.000.000,- (dua puluh lima juta rupiah)``): both are
read, and when they disagree the match says so (``words_value``) so the caller can take the lower one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------- numbers in words

_ID_UNITS = {"nol": 0, "kosong": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
             "tujuh": 7, "delapan": 8, "sembilan": 9}
_ID_FIXED = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
_ID_SCALES = {"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12}
_ID_SE_SCALES = {"seribu": 1e3, "sejuta": 1e6, "semiliar": 1e9}
_EN_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
             "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
             "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_EN_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
NUMBER_WORDS = frozenset({*_ID_UNITS, *_ID_FIXED, *_ID_SCALES, *_ID_SE_SCALES, "puluh", "belas", "ratus",
                          "setengah", "koma", *_EN_UNITS, *_EN_SCALES, "hundred", "half"})
_NOT_FIRST = frozenset({"puluh", "belas", "ratus", "koma", "half", "hundred", *_ID_SCALES, *_EN_SCALES})
_JOINERS = frozenset({"and", "a", "an"})  # inside an English number: "one hundred and five", "a hundred"
_WORD = re.compile(r"[A-Za-z]+")


def words_to_number(words: list[str]) -> float | None:
    """A run of number words (lower-case tokens) -> its value; None if the run is not one number.

    ``["dua", "puluh", "lima", "juta"]`` -> 25,000,000; ``["five", "thousand", "one", "hundred"]`` -> 5,100;
    ``["satu", "setengah"]`` -> 1.5.
    """
    if "koma" in words:  # "enam koma lima juta" = 6.5 million
        k = words.index("koma")
        scale = _ID_SCALES.get(words[-1], 1.0) if len(words) > k + 1 else 1.0
        digits = words[k + 1:len(words) - (scale != 1.0)]
        whole = words_to_number(words[:k])
        if whole is None or not digits or any(w not in _ID_UNITS for w in digits):
            return None
        return (whole + float("0." + "".join(str(_ID_UNITS[w]) for w in digits))) * scale
    total = 0.0
    group = 0.0  # the part below the next scale word (< 1000)
    pending = 0.0  # the last unit, waiting for puluh/belas/ratus/hundred or a scale
    seen = False
    for w in words:
        if w in _ID_UNITS:
            pending, seen = float(_ID_UNITS[w]), True
        elif w in _EN_UNITS:
            pending, seen = pending + _EN_UNITS[w], True
        elif w in _ID_FIXED:
            group, seen = group + _ID_FIXED[w], True
        elif w == "puluh":
            group, pending = group + pending * 10, 0.0
        elif w == "belas":
            group, pending = group + 10 + pending, 0.0
        elif w == "ratus":
            group, pending = group + pending * 100, 0.0
        elif w == "hundred":
            group, pending = (group + (pending or 1)) * 100, 0.0
        elif w in ("setengah", "half"):
            pending, seen = pending + 0.5, True
        elif w in _ID_SE_SCALES:
            total, seen = total + group + pending + _ID_SE_SCALES[w], True
            group = pending = 0.0
        elif w in _ID_SCALES or w in _EN_SCALES:
            scale = _ID_SCALES.get(w) or _EN_SCALES[w]
            total += (group + pending or 1) * scale
            group = pending = 0.0
            seen = True
        elif w in _JOINERS:
            continue
        else:
            return None
    return total + group + pending if seen else None


@dataclass(frozen=True)
class NumberMatch:
    """A number found in text: its ``value``, the character span and the text as written."""

    value: float
    start: int
    end: int
    raw: str
    in_words: bool = False


def find_word_numbers(text: str) -> list[NumberMatch]:
    """Every run of number words in ``text`` (``"dua (2) tahun"`` -> 2 at "dua")."""
    out: list[NumberMatch] = []
    tokens = [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(tokens):
        word = tokens[i][0]
        if word not in NUMBER_WORDS or word in _NOT_FIRST:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and (tokens[j + 1][0] in NUMBER_WORDS or (
                tokens[j + 1][0] in _JOINERS and j + 2 < len(tokens) and tokens[j + 2][0] in NUMBER_WORDS
                and tokens[j][0] in {*_EN_UNITS, *_EN_SCALES, "hundred"})):
            if not _adjacent(text, tokens[j][2], tokens[j + 1][1]):
                break
            j += 1
        while j > i and tokens[j][0] in _JOINERS:
            j -= 1
        value = words_to_number([t[0] for t in tokens[i:j + 1]])
        if value is not None:
            start, end = tokens[i][1], tokens[j][2]
            out.append(NumberMatch(value, start, end, text[start:end], in_words=True))
            i = j + 1
        else:
            i += 1
    return out


def _adjacent(text: str, end: int, start: int) -> bool:
    """Two word tokens belong to one number when only spaces or a hyphen separate them."""
    gap = text[end:start]
    return bool(re.fullmatch(r"[ \t\-]{1,3}|\s?\n\s?", gap))


# ---------------------------------------------------------------- numbers in digits

_DIGITS = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?)(?:,-|\.-)?(?![\d])")
_SCALE_AFTER = re.compile(r"\s?(juta|ribu|miliar|milyar|million|thousand|jt|rb|k)\b", re.IGNORECASE)
_SCALE_VALUES = {"juta": 1e6, "jt": 1e6, "ribu": 1e3, "rb": 1e3, "miliar": 1e9, "milyar": 1e9, "million": 1e6,
                 "thousand": 1e3, "k": 1e3}


def parse_digits(raw: str) -> float:
    """``"25.000.000"`` -> 25e6, ``"28,590"`` -> 28590, ``"6,5"`` -> 6.5, ``"1.234,56"`` / ``"1,234.56"`` -> 1234.56.

    A lone separator followed by exactly three digits is a thousands separator (contracts write money, not
    thousandths); followed by one or two digits it is the decimal mark, whichever the language.
    """
    s = raw.strip().rstrip("-").rstrip(",.")
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        decimal = "." if s.rfind(".") > s.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        return float(s.replace(thousands, "").replace(decimal, "."))
    sep = "." if dots else ("," if commas else "")
    if not sep:
        return float(s)
    parts = s.split(sep)
    if len(parts) > 2 or len(parts[-1]) == 3:
        return float(s.replace(sep, ""))
    return float(s.replace(sep, "."))


def find_digit_numbers(text: str) -> list[NumberMatch]:
    """Every number written in digits, with a following scale word applied (``"6,5 juta"`` -> 6.5e6)."""
    out = []
    for m in _DIGITS.finditer(text):
        value = parse_digits(m.group(1))
        end = m.end()
        scale = _SCALE_AFTER.match(text, end)
        if scale and not (scale.group(1).lower() == "k" and text[scale.end():scale.end() + 1].isalpha()):
            value *= _SCALE_VALUES[scale.group(1).lower()]
            end = scale.end()
        out.append(NumberMatch(value, m.start(), end, text[m.start():end]))
    return out


def find_numbers(text: str) -> list[NumberMatch]:
    """Digits and words, in reading order; a number in words right after the same number in digits
    (``"2 (dua)"``) or before it (``"dua (2)"``) is one number."""
    digits = find_digit_numbers(text)
    words = [w for w in find_word_numbers(text) if not any(d.start < w.end and w.start < d.end for d in digits)]
    found = sorted(digits + words, key=lambda n: n.start)
    out: list[NumberMatch] = []
    for n in found:
        if out and _paired(text, out[-1], n) and out[-1].value == n.value:
            if out[-1].in_words and not n.in_words:
                out[-1] = n
            continue
        out.append(n)
    return out


def _paired(text: str, a: NumberMatch, b: NumberMatch) -> bool:
    gap = text[a.end:b.start]
    return a.in_words != b.in_words and bool(re.fullmatch(r"\s*\(?\s*", gap))


# ---------------------------------------------------------------- money

# (regex, ISO 4217): written before the amount
_PREFIX: tuple[tuple[str, str], ...] = (
    (r"rp\.?", "IDR"), (r"idr", "IDR"), (r"hk\s?\$", "HKD"), (r"hkd", "HKD"), (r"nt\s?\$", "TWD"), (r"ntd", "TWD"),
    (r"twd", "TWD"), (r"rm", "MYR"), (r"myr", "MYR"), (r"₩", "KRW"), (r"krw", "KRW"), (r"sar", "SAR"),
    (r"sr", "SAR"), (r"s\s?\$", "SGD"), (r"sgd", "SGD"), (r"b\s?\$", "BND"), (r"bnd", "BND"), (r"us\s?\$", "USD"),
    (r"usd", "USD"), (r"¥", "JPY"), (r"jpy", "JPY"), (r"€", "EUR"), (r"eur", "EUR"), (r"aed", "AED"),
    (r"qar", "QAR"), (r"qr", "QAR"), (r"kwd", "KWD"), (r"kd", "KWD"), (r"omr", "OMR"), (r"ro", "OMR"),
    (r"bhd", "BHD"), (r"bd", "BHD"), (r"jod", "JOD"), (r"\$", "$"),
)
# written after the amount (names in English and Indonesian)
_SUFFIX: tuple[tuple[str, str], ...] = (
    (r"rupiah", "IDR"), (r"(?:hong\s?kong|hk)\s+dollars?", "HKD"), (r"dolar\s+hong\s?kong", "HKD"),
    (r"(?:new\s+taiwan|nt)\s+dollars?", "TWD"), (r"dolar\s+(?:baru\s+)?taiwan", "TWD"),
    (r"ringgit(?:\s+malaysia)?", "MYR"),
    (r"won", "KRW"), (r"원", "KRW"), (r"(?:saudi\s+)?riyals?", "SAR"), (r"riyal\s+saudi", "SAR"), (r"dirhams?", "AED"),
    (r"yen", "JPY"), (r"円", "JPY"), (r"euros?", "EUR"), (r"singapore\s+dollars?", "SGD"),
    (r"dolar\s+singapura", "SGD"),
    (r"brunei\s+dollars?", "BND"), (r"(?:us|u\.s\.)\s+dollars?", "USD"), (r"dolar\s+(?:as|amerika)", "USD"),
    (r"hkd", "HKD"), (r"twd|ntd", "TWD"), (r"myr", "MYR"), (r"krw", "KRW"), (r"sar", "SAR"), (r"sgd", "SGD"),
    (r"usd", "USD"), (r"idr", "IDR"), (r"aed", "AED"), (r"qar", "QAR"), (r"jpy", "JPY"), (r"eur", "EUR"),
)
_PREFIX_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(p for p, _ in _PREFIX) + r")\s?$", re.IGNORECASE)
_SUFFIX_RE = re.compile(r"^\s?(" + "|".join(p for p, _ in _SUFFIX) + r")(?![A-Za-z])", re.IGNORECASE)


def _currency_of(token: str, table: tuple[tuple[str, str], ...]) -> str:
    for pattern, code in table:
        if re.fullmatch(pattern, token.strip(), re.IGNORECASE):
            return code
    return ""


@dataclass(frozen=True)
class Money:
    """An amount with its currency (ISO 4217; ``"$"`` when only a dollar sign was written, None when no
    currency was written). ``words_value`` is the amount written in words beside the digits when it differs."""

    amount: float
    currency: str | None
    start: int
    end: int
    raw: str
    words_value: float | None = None
    explicit: bool = True  # the currency is written next to the amount (not the default)

    @property
    def lowest(self) -> float:
        """The lower of the digits and the words, when a contract writes both and they disagree."""
        return min(self.amount, self.words_value) if self.words_value is not None else self.amount


def find_money(text: str, default_currency: str | None = None, dollar: str | None = None) -> list[Money]:
    """Every number with a currency next to it, or every number when ``default_currency`` is given.

    ``dollar`` is what a bare ``$`` means in this contract (e.g. ``"HKD"`` for Hong Kong). A number in words in
    brackets right after an amount in digits is read as the same amount; when it differs, ``words_value`` holds it.
    """
    out: list[Money] = []
    numbers = find_numbers(text)
    skip: set[int] = set()
    for k, n in enumerate(numbers):
        if k in skip:
            continue
        before = _PREFIX_RE.search(text[max(0, n.start - 8):n.start])
        after = _SUFFIX_RE.match(text[n.end:n.end + 24])
        currency, start, end = None, n.start, n.end
        if before:
            currency, start = _currency_of(before.group(1), _PREFIX), n.start - len(before.group(0))
        elif after:
            currency, end = _currency_of(after.group(1), _SUFFIX), n.end + len(after.group(0))
        words_value = None
        if k + 1 < len(numbers) and numbers[k + 1].in_words and not n.in_words:
            nxt = numbers[k + 1]
            gap = text[end:nxt.start]
            if re.fullmatch(r"\s*[(\[]\s*(?:[A-Za-z$]{1,4}\s?)?", gap):
                skip.add(k + 1)
                if abs(nxt.value - n.value) > 0.005 * max(1.0, n.value):
                    words_value = nxt.value
                tail = _SUFFIX_RE.match(text[nxt.end:nxt.end + 24])
                if currency is None and tail:
                    currency = _currency_of(tail.group(1), _SUFFIX)
        if currency == "$":
            currency = dollar or "$"
        if currency is None and default_currency is None:
            continue
        heading = not text[:n.start].strip() and text[n.end:n.end + 1] in (".", ")")
        if currency is None and heading:
            continue  # "6. The Helper ...": a clause number
        out.append(Money(n.value, currency or default_currency, start, end, text[start:end], words_value,
                         explicit=currency is not None))
    return out
