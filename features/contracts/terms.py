"""Small readers shared by the clause extractors: a number before a unit, periods, parties, dates.

All work on one sentence at a time. ``low`` is the sentence lower-cased (accents kept, so positions match
the original text); numbers are found with ``features.contracts.numbers``.
"""

from __future__ import annotations

import re
from datetime import date

from features.contracts.numbers import NumberMatch, find_numbers

WEEKS_PER_MONTH = 52 / 12
DAYS_PER_MONTH = 365.25 / 12

# Who a phrase names. Agency words are tried first: "perusahaan penempatan" is an agency, "perusahaan" an employer.
AGENCY = (r"agen(?:si|cy|t|ts)?|(?:recruitment|employment|placement) agen(?:cy|t)|broker|p3mi|pptkis|pjtki|"
          r"perusahaan penempatan|mitra usaha|sponsor|calo|penyalur|lpk|lender|pemberi pinjaman")
EMPLOYER = (r"majikan|pemberi kerja|pengguna|perusahaan|employers?|company|enterprise|principal|pihak pertama|"
            r"party a|first party|the household|keluarga majikan")
WORKER = (r"pekerja|helpers?|workers?|employees?|karyawan|buruh|tenaga kerja|pmi|pihak kedua|party b|second party|"
          r"maid|pembantu|pengasuh|caregiver|the domestic worker")
_ACTORS = (("agency", re.compile(rf"\b(?:{AGENCY})\b")), ("employer", re.compile(rf"\b(?:{EMPLOYER})\b")),
           ("worker", re.compile(rf"\b(?:{WORKER})\b")))

NEGATION = re.compile(r"\b(?:tidak|tak|bukan|dilarang|tanpa|jangan|not|never|no|nor|cannot|prohibited|forbidden|"
                      r"without)\b")

_PERIODS = (
    ("hour", r"per\s+jam|/\s*jam|sejam|setiap\s+jam|per\s+hour|an\s+hour|/\s*hour|/\s*hr|hourly|per\s+hr"),
    ("day", r"per\s+hari(?:\s+kerja)?|/\s*hari|sehari|setiap\s+hari(?:\s+kerja)?|harian|per\s+(?:working\s+)?day|"
            r"a\s+day|/\s*day|daily|each\s+(?:working\s+)?day|every\s+(?:working\s+)?day|per\s+day\s+worked"),
    ("week", r"per\s+minggu|/\s*minggu|seminggu|setiap\s+minggu|mingguan|per\s+week|a\s+week|/\s*week|weekly|"
             r"each\s+week|every\s+week"),
    ("month", r"per\s+bulan|/\s*bulan|sebulan|setiap\s+bulan|tiap\s+bulan|bulanan|per\s+month|a\s+month|/\s*month|"
              r"monthly|each\s+month|every\s+month|per\s+calendar\s+month|/\s*bln|per\s+bln"),
    ("year", r"per\s+tahun|setahun|setiap\s+tahun|tahunan|per\s+year|a\s+year|per\s+annum|annually|yearly|"
             r"each\s+year"),
)
PERIOD_RES = tuple((name, re.compile(rf"(?:{pattern})\b")) for name, pattern in _PERIODS)

_MONTHS = {"januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "pebruari": 2, "maret": 3,
           "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "june": 6, "jun": 6, "juli": 7,
           "july": 7, "jul": 7, "agustus": 8, "august": 8, "aug": 8, "agu": 8, "september": 9, "sept": 9, "sep": 9,
           "oktober": 10, "october": 10, "oct": 10, "okt": 10, "november": 11, "nov": 11, "nopember": 11,
           "desember": 12, "december": 12, "dec": 12, "des": 12}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_DATE_MDY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)
_DATE_NUM = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def period_near(low: str, start: int, end: int, after: int = 45, before: int = 0) -> str | None:
    """The pay or time period (hour, day, week, month, year) written right after (or before) a span."""
    window = low[end:end + after]
    best: tuple[int, str] | None = None
    for name, rx in PERIOD_RES:
        m = rx.search(window)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    if best is None and before:
        window = low[max(0, start - before):start]
        for name, rx in PERIOD_RES:
            if rx.search(window):
                return name
    return best[1] if best else None


def period_in(low: str) -> str | None:
    """The first period named anywhere in the sentence."""
    best: tuple[int, str] | None = None
    for name, rx in PERIOD_RES:
        m = rx.search(low)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None


def actor_of(phrase: str) -> str | None:
    """``agency``, ``employer`` or ``worker``: the first party named in ``phrase`` (lower-case)."""
    best: tuple[int, str] | None = None
    for name, rx in _ACTORS:
        m = rx.search(phrase)
        if m and (best is None or m.start() < best[0] or (m.start() == best[0] and name == "agency")):
            best = (m.start(), name)
    return best[1] if best else None


def numbers_before(text: str, unit: str) -> list[tuple[NumberMatch, re.Match[str]]]:
    """Numbers followed by a unit (regex), allowing a bracketed repeat between: ``"2 (dua) tahun"``."""
    rx = re.compile(rf"\s*\)?\s*(?:\([^)]{{1,40}}\)\s*)?(?:{unit})", re.IGNORECASE)
    out = []
    for n in find_numbers(text):
        m = rx.match(text, n.end)
        if m:
            out.append((n, m))
    return out


def number_before(text: str, unit: str) -> float | None:
    """The first number followed by ``unit``, or None."""
    found = numbers_before(text, unit)
    return found[0][0].value if found else None


def find_date(text: str) -> date | None:
    """The first date written as ``1 Maret 2027``, ``March 1, 2027``, ``01/03/2027`` (day first) or ISO."""
    candidates: list[tuple[int, date]] = []
    for m in _DATE_DMY.finditer(text):
        candidates += _safe(m.start(), int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    for m in _DATE_MDY.finditer(text):
        candidates += _safe(m.start(), int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    for m in _DATE_NUM.finditer(text):
        candidates += _safe(m.start(), int(m.group(3)), int(m.group(2)), int(m.group(1)))
    for m in _DATE_ISO.finditer(text):
        candidates += _safe(m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return min(candidates)[1] if candidates else None


def _safe(pos: int, year: int, month: int, day: int) -> list[tuple[int, date]]:
    try:
        return [(pos, date(year, month, day))]
    except ValueError:
        return []


def months_of(value: float, unit: str) -> float:
    """A duration in ``unit`` (tahun/bulan/minggu/hari or English) -> months."""
    u = unit.lower()
    if u.startswith(("tahun", "year")):
        return value * 12
    if u.startswith(("minggu", "week")):
        return value / WEEKS_PER_MONTH
    if u.startswith(("hari", "day")):
        return value / DAYS_PER_MONTH
    return value


def label_value(text: str, labels: str) -> str | None:
    """The value of a labelled field ``Label: value`` (or ``Label (...) : value``) whose label matches."""
    m = re.match(rf"\s*(?:\d{{1,2}}[.)]\s*)?(?:{labels})(?:\s*\([^)]{{0,60}}\))?\s*[:：]\s*(.+)$", text,
                 re.IGNORECASE)
    if not m:
        return None
    value = m.group(1).strip().strip(".;").strip()
    return value or None
