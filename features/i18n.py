"""Messages in the user's language (Bahasa Indonesia or English), and numbers and durations per locale.

Every message a person reads, from the pages and from the server (validation errors, CSV row errors,
screening details, access errors), exists in both languages. The API picks one per request
(``negotiate``: a ``lang`` parameter, else the ``Accept-Language`` header, else English, the language of
the API's own documentation) and also sends both (``*_en``/``*_id``) wherever a page may switch language
without asking again.

Numbers follow the locale: Indonesian writes ``3,5 tahun`` and ``1.500``, English ``3.5 years`` and
``1,500``; English nouns take the plural only when the number is not 1 (``1 week``, ``2 weeks``).

Validation messages: pydantic's error ``type`` and ``ctx`` (never its English ``msg``) are rendered through
``VALIDATION`` so that the same error reads naturally in both languages. Our own validators raise
``PydanticCustomError`` with a type of their own (``unknown_country``, ``lone_surrogate``, ...), listed there too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Literal

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")
DEFAULT_LANG: Lang = "en"


def negotiate(lang_param: str | None = None, accept_language: str | None = None) -> Lang:
    """The response language: ``lang`` (``id``/``en``) if given, else the first of ``id``/``en`` in
    ``Accept-Language`` by its q-value (``in`` is the old code of Indonesian), else English."""
    if lang_param:
        code = lang_param.strip().lower()[:2]
        if code in ("id", "in"):
            return "id"
        if code == "en":
            return "en"
    best: tuple[float, Lang] | None = None
    for i, part in enumerate((accept_language or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower()[:2]
        lang: Lang | None = "id" if code in ("id", "in") else ("en" if code == "en" else None)
        if lang is None:
            continue
        q = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                q = float(match.group(1))
            except ValueError:
                q = 0.0
        if q > 0 and (best is None or q > best[0]):
            best = (q - i * 1e-6, lang)  # equal q: the first one listed wins
    return best[1] if best else DEFAULT_LANG


# ---- numbers and durations ---------------------------------------------------------------------------------

def fmt_number(x: float | int, lang: Lang, digits: int = 1) -> str:
    """``3.5`` -> ``3,5`` (id) / ``3.5`` (en); ``1500`` -> ``1.500`` / ``1,500``; at most ``digits`` decimals."""
    value = float(x)
    if not math.isfinite(value):
        return str(x)
    text = f"{round(value, digits):,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "id":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


_UNITS: dict[str, tuple[str, str, str]] = {  # unit -> (Indonesian, English singular, English plural)
    "year": ("tahun", "year", "years"),
    "month": ("bulan", "month", "months"),
    "week": ("minggu", "week", "weeks"),
    "day": ("hari", "day", "days"),
    "hour": ("jam", "hour", "hours"),
    "course": ("kursus", "course", "courses"),
    "listing": ("lowongan", "listing", "listings"),
    "row": ("baris", "row", "rows"),
}


def quantity(x: float | int, unit: str, lang: Lang) -> str:
    """``quantity(3.5, "year", "id")`` -> ``3,5 tahun``; ``quantity(1, "week", "en")`` -> ``1 week``."""
    word_id, one, many = _UNITS[unit]
    number = fmt_number(x, lang)
    if lang == "id":
        return f"{number} {word_id}"
    return f"{number} {one if float(x) == 1 else many}"


def both(render: Any, *args: Any, **kwargs: Any) -> dict[str, str]:
    """``{"en": render(..., lang="en"), "id": render(..., lang="id")}`` for a function taking ``lang``."""
    return {lang: str(render(*args, lang=lang, **kwargs)) for lang in ("en", "id")}


# ---- validation messages -------------------------------------------------------------------------------------

# pydantic error type (or one of ours) -> (English, Indonesian); ``{name}`` comes from the error's ctx.
VALIDATION: dict[str, tuple[str, str]] = {
    "missing": ("is required", "wajib diisi"),
    "string_too_short": ("must have at least {min_length} character(s)", "paling sedikit {min_length} karakter"),
    "string_too_long": ("must have at most {max_length} characters", "paling banyak {max_length} karakter"),
    "too_short": ("must have at least {min_length} item(s)", "paling sedikit {min_length} isian"),
    "too_long": ("must have at most {max_length} items", "paling banyak {max_length} isian"),
    "string_pattern_mismatch": ("contains characters that are not allowed here",
                                "berisi karakter yang tidak boleh di sini"),
    "greater_than_equal": ("must be at least {ge}", "paling kecil {ge}"),
    "greater_than": ("must be more than {gt}", "harus lebih dari {gt}"),
    "less_than_equal": ("must be at most {le}", "paling besar {le}"),
    "less_than": ("must be less than {lt}", "harus kurang dari {lt}"),
    "int_parsing": ("must be a whole number", "harus bilangan bulat"),
    "int_type": ("must be a whole number", "harus bilangan bulat"),
    "int_from_float": ("must be a whole number, without decimals", "harus bilangan bulat, tanpa desimal"),
    "int_parsing_size": ("is too large a number", "angkanya terlalu besar"),
    "float_parsing": ("must be a number", "harus berupa angka"),
    "float_type": ("must be a number", "harus berupa angka"),
    "finite_number": ("must be an ordinary number (NaN and Infinity are not accepted)",
                      "harus angka biasa (NaN dan Infinity tidak diterima)"),
    "decimal_parsing": ("must be a number", "harus berupa angka"),
    "bool_parsing": ("must be true or false", "harus true (ya) atau false (tidak)"),
    "bool_type": ("must be true or false", "harus true (ya) atau false (tidak)"),
    "date_parsing": ("must be a date written like 2026-12-31", "harus tanggal, ditulis seperti 2026-12-31"),
    "date_from_datetime_parsing": ("must be a date written like 2026-12-31",
                                   "harus tanggal, ditulis seperti 2026-12-31"),
    "date_type": ("must be a date written like 2026-12-31", "harus tanggal, ditulis seperti 2026-12-31"),
    "literal_error": ("must be one of: {expected}", "harus salah satu dari: {expected}"),
    "enum": ("must be one of: {expected}", "harus salah satu dari: {expected}"),
    "list_type": ("must be a list", "harus berupa daftar"),
    "string_type": ("must be text", "harus berupa teks"),
    "dict_type": ("must be a JSON object", "harus berupa objek JSON"),
    "model_type": ("must be a JSON object", "harus berupa objek JSON"),
    "model_attributes_type": ("must be a JSON object", "harus berupa objek JSON"),
    "extra_forbidden": ("is not a field Layak knows", "bukan isian yang dikenal Layak"),
    "json_invalid": ("is not valid JSON: {error}", "bukan JSON yang benar: {error}"),
    "json_type": ("must be JSON", "harus berupa JSON"),
    # Layak's own checks (PydanticCustomError types)
    "one_of": ("give exactly one of {fields}", "isi tepat satu dari {fields}"),
    "unknown_country": ("'{value}' is not a destination Layak knows; expected one of {known}",
                        "'{value}' bukan negara tujuan yang dikenal Layak; pilih salah satu dari {known}"),
    "unknown_sector": ("'{value}' is not a sector; expected one of {known}",
                       "'{value}' bukan bidang kerja yang dikenal; pilih salah satu dari {known}"),
    "iso_country": ("'{value}' is not an ISO 3166 alpha-2 country code (e.g. HK, TW, MY)",
                    "'{value}' bukan kode negara ISO 3166 dua huruf (misalnya HK, TW, MY)"),
    "iso_currency": ("'{value}' is not an ISO 4217 currency code (e.g. HKD, TWD, MYR, IDR)",
                     "'{value}' bukan kode mata uang ISO 4217 (misalnya HKD, TWD, MYR, IDR)"),
    "item_too_long": ("item {number} is {length} characters long; at most {max_length} expected",
                      "isian ke-{number} panjangnya {length} karakter; paling banyak {max_length}"),
    "lone_surrogate": ("contains a character that is not valid text (a lone surrogate, U+{code}); remove it",
                       "berisi karakter yang bukan teks yang sah (surrogate tunggal, U+{code}); hapus karakter itu"),
    "unknown_column": ("is not a column of the listing CSV; expected one of {expected}",
                       "bukan kolom CSV lowongan; kolom yang dikenal: {expected}"),
}
GENERIC: tuple[str, str] = ("is not valid here", "isian ini tidak sah")
# string_pattern_mismatch: the schema's patterns in words (a regular expression says nothing to a worker)
PATTERNS: dict[str, tuple[str, str]] = {
    r"^[A-Za-z]{2}$": ("must be a 2-letter country code (ISO 3166), e.g. HK or TW",
                       "harus kode negara 2 huruf (ISO 3166), misalnya HK atau TW"),
    r"^[A-Za-z]{3}$": ("must be a 3-letter currency code (ISO 4217), e.g. HKD or IDR",
                       "harus kode mata uang 3 huruf (ISO 4217), misalnya HKD atau IDR"),
    r"^[A-Za-z0-9_.\-]+$": ("may only use letters, digits, '.', '_' and '-'",
                             "hanya boleh huruf, angka, '.', '_' dan '-'"),
    "^(approve|reject)$": ("must be 'approve' or 'reject'", "harus 'approve' atau 'reject'"),
}
_GOT = (" (got {got})", " (isian: {got})")


def _ctx_text(ctx: Mapping[str, Any], lang: Lang) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in ctx.items():
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value)
        if key == "expected" and lang == "id":  # pydantic lists choices as "'a', 'b' or 'c'"
            text = text.replace("' or '", "' atau '")
        out[key] = text
    return out


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def validation_text(error_type: str, ctx: Mapping[str, Any] | None, lang: Lang, fallback: str = "") -> str:
    """One validation error in ``lang``: ``("greater_than_equal", {"ge": 1940}, "id")`` -> ``paling kecil 1940``.

    ``fallback`` (pydantic's English ``msg``) is used in English for a type this table does not know; in
    Indonesian such an error gets a plain generic sentence rather than English.
    """
    pair = VALIDATION.get(error_type)
    if error_type == "string_pattern_mismatch":
        pair = PATTERNS.get(str((ctx or {}).get("pattern", "")), pair)
    if pair is None:
        if lang == "en" and fallback:
            return fallback.removeprefix("Value error, ")
        pair = GENERIC
    template = pair[0] if lang == "en" else pair[1]
    return template.format_map(_Missing(_ctx_text(ctx or {}, lang)))


def shown_input(value: Any, limit: int = 60) -> str | None:
    """How an offending input is quoted back in a message (None for objects and lists)."""
    if isinstance(value, (dict, list)):
        return None
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def with_input(message: str, got: str | None, lang: Lang) -> str:
    """``message (got 'XYZ')`` / ``message (isian: 'XYZ')`` unless the message already quotes it."""
    if got is None or got in message:
        return message
    return message + (_GOT[0] if lang == "en" else _GOT[1]).format(got=got)


def error_texts(error: Mapping[str, Any]) -> dict[str, str]:
    """``{"en", "id"}`` for one pydantic error dict (``type``, ``ctx``, ``msg``, ``input``)."""
    etype = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    got = None if etype in ("missing", "extra_forbidden", "lone_surrogate") else shown_input(error.get("input"))
    out: dict[str, str] = {}
    for lang in LANGS:
        out[lang] = with_input(validation_text(etype, ctx, lang, str(error.get("msg", ""))), got, lang)
    return out


__all__ = ["Lang", "LANGS", "DEFAULT_LANG", "negotiate", "fmt_number", "quantity", "both", "VALIDATION",
           "validation_text", "error_texts", "shown_input", "with_input"]
