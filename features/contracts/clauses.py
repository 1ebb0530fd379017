"""Contract text -> the clauses that matter, each with the sentence it came from.

``read_contract`` segments the text (``layout``), then every sentence goes past each topic's reader. A topic
reader returns zero or more ``Clause`` objects: the topic, a small dict of values (amounts with their currency
and period, days, months, who holds or pays what) and the sentence. Nothing is guessed from outside the
sentence except the contract's default currency (the destination's), used for amounts written without one.

Topics: employer, job, worksite, contract_length, start, wage, hours, overtime, rest_days, annual_leave,
deduction (every fee or deduction charged to the worker), accommodation, food, passport, repatriation,
termination. The money topics are in ``charges``, who-holds/who-pays in ``parties``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from features.contracts import charges, parties
from features.contracts.clause import Clause
from features.contracts.layout import Sentence, segment
from features.contracts.numbers import find_numbers
from features.contracts.terms import (
    WEEKS_PER_MONTH,
    find_date,
    label_value,
    months_of,
    number_before,
    numbers_before,
)
from features.reference import Reference, load_reference
from features.text import find as find_terms
from features.text import read_item

TOPICS = ("employer", "job", "worksite", "contract_length", "start", "wage", "hours", "overtime", "rest_days",
          "annual_leave", "deduction", "accommodation", "food", "passport", "repatriation", "termination")


@dataclass
class ContractReading:
    """What was read: every sentence, every clause found, and the languages and layout seen."""

    sentences: list[Sentence]
    clauses: list[Clause]
    columns: int
    languages: dict[str, int] = field(default_factory=dict)

    @property
    def bilingual(self) -> bool:
        """Both Indonesian and English make up at least a fifth of the sentences."""
        total = sum(self.languages.values()) or 1
        return all(self.languages.get(lang, 0) / total >= 0.2 for lang in ("id", "en"))

    def of(self, topic: str) -> list[Clause]:
        return [c for c in self.clauses if c.topic == topic]

    def to_dict(self) -> dict[str, Any]:
        return {"sentences": len(self.sentences), "columns": self.columns, "languages": dict(self.languages),
                "bilingual": self.bilingual, "clauses": [c.to_dict() for c in self.clauses],
                "topics_found": sorted({c.topic for c in self.clauses})}


@dataclass(frozen=True)
class Context:
    """What readers may use besides the sentence: the default currency, what ``$`` means, the reference data."""

    currency: str | None
    dollar: str | None
    ref: Reference


def read_contract(text: str, currency: str | None = None, dollar: str | None = None,
                  ref: Reference | None = None) -> ContractReading:
    """Read a contract's text. ``currency`` (ISO 4217) is assumed for amounts written without one; ``dollar`` is
    what a bare ``$`` means (e.g. ``HKD``)."""
    ctx = Context(currency, dollar or currency, ref or load_reference())
    sentences = segment(text)
    clauses: list[Clause] = []
    for sent in sentences:
        for reader in READERS:
            clauses.extend(reader(sent, ctx))
    languages: dict[str, int] = {}
    for s in sentences:
        languages[s.lang] = languages.get(s.lang, 0) + 1
    columns = 2 if any(s.column == 1 for s in sentences) else 1
    return ContractReading(sentences, clauses, columns, languages)


# ---------------------------------------------------------------- who, what, where

_EMPLOYER_LABELS = (r"(?:nama\s+)?(?:majikan|pemberi\s+kerja|pengguna(?:\s+jasa)?|perusahaan|pihak\s+pertama)"
                    r"|(?:name\s+of\s+(?:the\s+)?)?(?:employer|enterprise|company)(?:'s|’s)?(?:\s+name)?"
                    r"|employer\s*\(party\s*a\)|party\s+a|first\s+party|nama\s+perusahaan")
_BETWEEN = re.compile(r"\b(?:between|antara)\s+(?P<name>[^()]{3,80}?)\s*,?\s*\(?\s*(?:hereinafter|selanjutnya|"
                      r"yang\s+selanjutnya)[^)]{0,40}(?:employer|majikan|pemberi\s+kerja|party\s+a|pihak\s+pertama)",
                      re.IGNORECASE)


def _employer(s: Sentence, ctx: Context) -> list[Clause]:
    value = label_value(s.text, _EMPLOYER_LABELS)
    if value is None:
        m = _BETWEEN.search(s.text)
        value = m.group("name").strip() if m else None
    if value is None or len(value) < 3 or re.match(r"(?i)(?:address|alamat|tel|no\b)", value):
        return []
    name = re.split(r"\s*(?:,\s*(?:address|alamat|of)\b|;|\s+address\s*:|\s+alamat\s*:)", value, maxsplit=1,
                    flags=re.IGNORECASE)[0]
    return [Clause("employer", {"name": name.strip(" ,.")}, s)]


_JOB_LABELS = (r"jabatan|posisi|pekerjaan|jenis\s+pekerjaan|nama\s+jabatan|bidang\s+pekerjaan|job\s+title|"
               r"position|occupation|type\s+of\s+(?:work|job)|nature\s+of\s+(?:work|job)|designation|job")
_JOB_AS = re.compile(r"\b(?:bekerja\s+sebagai|dipekerjakan\s+sebagai|employ(?:ed|s)?\s+(?:the\s+\w+\s+)?as|"
                     r"work(?:ing)?\s+as|engaged\s+as|serve\s+as)\s+(?:an?\s+|seorang\s+)?(?P<job>[^,.;()]{3,60})",
                     re.IGNORECASE)


def _job(s: Sentence, ctx: Context) -> list[Clause]:
    value = label_value(s.text, _JOB_LABELS)
    if value is None:
        m = _JOB_AS.search(s.text)
        value = m.group("job") if m else None
    if not value:
        return []
    value = re.split(r"\s+(?:di|in|at|pada|for|untuk|dengan|with)\s+", value, maxsplit=1)[0].strip(" ,.")
    reading = read_item(value, ("occupation",), ctx.ref)
    occupation = reading.matches[0].id if reading.matches else (reading.fuzzy[1] if reading.fuzzy else None)
    return [Clause("job", {"title": value, "occupation_id": occupation}, s)]


_SITE_LABELS = (r"tempat\s+kerja|lokasi\s+kerja|alamat\s+tempat\s+kerja|tempat\s+bekerja|lokasi\s+penempatan|"
                r"negara\s+(?:tujuan|penempatan)|place\s+of\s+(?:work|employment)|work(?:ing)?\s*place|"
                r"work\s*site|work\s+location|location\s+of\s+work|address\s+of\s+(?:the\s+)?(?:workplace|"
                r"place\s+of\s+work)|country\s+of\s+employment")
_SITE_IN = re.compile(r"\b(?:bekerja\s+(?:dan\s+tinggal\s+)?di|work\s+(?:and\s+reside\s+)?(?:only\s+)?(?:in|at)|"
                      r"ditempatkan\s+di|placed\s+in|worksite\s+(?:is|in))\s+(?P<site>[^.;]{3,80})", re.IGNORECASE)


def _worksite(s: Sentence, ctx: Context) -> list[Clause]:
    value = label_value(s.text, _SITE_LABELS)
    labelled = value is not None
    if value is None:
        m = _SITE_IN.search(s.text)
        value = m.group("site") if m else None
    if not value:
        return []
    countries = [m.id for m in find_terms(value, ("country",), ctx.ref)]
    if not labelled and not countries:
        return []  # "work in the Employer's residence": no place named
    return [Clause("worksite", {"place": value.strip(" ,."), "country": countries[0] if countries else None}, s)]


# ---------------------------------------------------------------- time

_LENGTH_WORDS = re.compile(r"\b(?:kontrak|perjanjian|berlaku|jangka\s+waktu|masa\s+kerja|lama\s+kerja|durasi|"
                           r"contract|agreement|period\s+of\s+(?:employment|contract|service)|term\b|duration|"
                           r"employed\s+for|employment\s+(?:shall|will)\s+(?:be|last)|valid\s+for)", re.IGNORECASE)
_NOT_LENGTH = re.compile(r"\b(?:percobaan|probation|setelah|sesudah|after|every|setiap|masa\s+berlaku\s+paspor|"
                         r"terakhir|last|yang\s+lalu|ago|pemberitahuan|notice|sebelum|before|within|dalam\s+waktu|"
                         r"upah|gaji|wages?|salary|cuti|leave)\b", re.IGNORECASE)
_NOT_LENGTH_AFTER = re.compile(r"^['’]?s?\s*(?:\([^)]*\)\s*)?(?:notice|pemberitahuan|wages?|upah|gaji|salary|"
                               r"sebelumnya|in\s+lieu|sebagai\s+gantinya|in\s+advance|of\s+(?:notice|wages?|salary))",
                               re.IGNORECASE)
_DURATION_UNIT = r"tahun|bulan|years?|months?"


def _contract_length(s: Sentence, ctx: Context) -> list[Clause]:
    if not _LENGTH_WORDS.search(s.text):
        return []
    for n, unit in numbers_before(s.text, _DURATION_UNIT):
        prefix = s.text[max(0, n.start - 30):n.start]
        if _NOT_LENGTH.search(prefix) or _NOT_LENGTH_AFTER.match(s.text[unit.end():]) or not 0 < n.value <= 120:
            continue
        months = months_of(n.value, unit.group(0).strip().split()[-1])
        if 1 <= months <= 120:
            return [Clause("contract_length", {"months": round(months, 2)}, s)]
    return []


_START_WORDS = re.compile(r"\b(?:mulai|dimulai|terhitung|berlaku\s+sejak|commenc\w*|start\w*|begin\w*|"
                          r"effective\s+(?:from|on)|with\s+effect\s+from)\b", re.IGNORECASE)


def _start(s: Sentence, ctx: Context) -> list[Clause]:
    m = _START_WORDS.search(s.text)
    if not m:
        return []
    when = find_date(s.text[m.start():])
    if when is None:
        return []
    return [Clause("start", {"date": when.isoformat()}, s)]


_HOURS = r"jam|hours?|hrs?"
_PER_DAY = r"\s*(?:kerja\s+)?(?:per\s+hari|sehari|setiap\s+hari|a\s+day|per\s+day|daily|each\s+day|/\s*hari|/\s*day)"
_PER_WEEK = (r"\s*(?:kerja\s+)?(?:per\s+minggu|seminggu|dalam\s+seminggu|setiap\s+minggu|a\s+week|per\s+week|"
             r"weekly|each\s+week|/\s*minggu|/\s*week)")
_TIME_RANGE = re.compile(r"(?:pukul|jam|from|dari)?\s*\b(\d{1,2})(?:[.:](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?\s*"
                         r"(?:-|–|to|sampai(?:\s+dengan)?|s/d|hingga|until)\s*(?:pukul|jam)?\s*(\d{1,2})"
                         r"(?:[.:](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?", re.IGNORECASE)
_BREAK = re.compile(r"\b(?:istirahat|break|rest\s+(?:period|time)|lunch|makan\s+siang)\b", re.IGNORECASE)
_WORK_WORDS = re.compile(r"\b(?:jam\s+kerja|bekerja|kerja|working|work|hours\s+of\s+work|duty|on\s+duty)\b",
                         re.IGNORECASE)


def _hours(s: Sentence, ctx: Context) -> list[Clause]:
    text, low = s.text, s.text.lower()
    if not _WORK_WORDS.search(text) and not re.search(r"\bjam\b|\bhours?\b", low):
        return []
    value: dict[str, float] = {}
    for n, _ in numbers_before(text, rf"(?:{_HOURS})\b{_PER_DAY}"):
        if 1 <= n.value <= 24 and not _BREAK.search(text[max(0, n.start - 25):n.start]):
            value["per_day"] = n.value
            break
    for n, _ in numbers_before(text, rf"(?:{_HOURS})\b{_PER_WEEK}"):
        if 1 <= n.value <= 120:
            value["per_week"] = n.value
            break
    days = number_before(text, rf"(?:hari|days?)\s*(?:kerja\s+|of\s+work\s+|working\s+)?{_PER_WEEK}")
    if days is not None and 1 <= days <= 7 and not re.search(r"libur|istirahat|rest|off", low):
        value["days_per_week"] = days
    if "per_day" not in value:
        m = _TIME_RANGE.search(text)
        if m and not ((m.group(2) and m.group(5)) or m.group(3) or m.group(6)):
            m = None  # "8 to 10" without minutes or am/pm is not a time of day
        if m and _WORK_WORDS.search(text):
            span = _clock(m.group(4), m.group(5), m.group(6)) - _clock(m.group(1), m.group(2), m.group(3))
            span = span + 24 if span <= 0 else span
            rest = _break_hours(text[m.end():] + " " + text[:m.start()])
            if 1 <= span - rest <= 24:
                value["per_day"] = round(span - rest, 2)
    if not value:
        return []
    return [Clause("hours", value, s)]


def _clock(hour: str, minute: str | None, meridian: str | None) -> float:
    h = int(hour) % 24
    if meridian and meridian.lower().startswith("p") and h < 12:
        h += 12
    if meridian and meridian.lower().startswith("a") and h == 12:
        h = 0
    return h + int(minute or 0) / 60


def _break_hours(text: str) -> float:
    if not _BREAK.search(text):
        return 0.0
    hours = number_before(text, r"(?:jam|hours?)\b")
    if hours is not None and hours <= 3:
        return hours
    minutes = number_before(text, r"(?:menit|minutes?|mins?)\b")
    return minutes / 60 if minutes is not None and minutes <= 180 else 0.0


_REST_WORDS = re.compile(r"\b(?:hari\s+libur|libur|hari\s+istirahat|istirahat\s+mingguan|cuti\s+mingguan|"
                         r"rest\s+days?|days?\s+off|day\s+of\s+rest|weekly\s+(?:rest|holiday|day\s+off)|"
                         r"weekly\s+paid\s+holiday|휴일)\b", re.IGNORECASE)
_NOT_REST = re.compile(r"\b(?:libur\s+(?:nasional|resmi|umum)|hari\s+raya|statutory\s+holidays?|public\s+holidays?|"
                       r"general\s+holidays?|cuti\s+tahunan|annual\s+leave)\b", re.IGNORECASE)
_NO_REST = re.compile(r"\b(?:tidak\s+(?:ada|diberikan|mendapat)\s+(?:hari\s+)?libur|tanpa\s+(?:hari\s+)?libur|"
                      r"no\s+(?:weekly\s+)?(?:rest\s+days?|days?\s+off)|not\s+(?:be\s+)?entitled\s+to\s+(?:any\s+|a\s+)?"
                      r"(?:weekly\s+)?(?:rest\s+days?|days?\s+off))\b", re.IGNORECASE)
_EVERY_N_WEEKS = re.compile(r"(?:setiap|every|each)\s+(\w+|\d+)\s+(?:minggu|weeks)", re.IGNORECASE)


def _rest_days(s: Sentence, ctx: Context) -> list[Clause]:
    text, low = s.text, s.text.lower()
    if not _REST_WORDS.search(text):
        return []
    if _NO_REST.search(text):
        return [Clause("rest_days", {"per_month": 0.0}, s)]
    stripped = _NOT_REST.sub(" ", text)
    count: float | None = None
    for n in find_numbers(stripped):
        after = stripped[n.end:n.end + 40].lower()
        if re.match(r"\s*(?:\([^)]{1,30}\)\s*)?(?:hari|days?|rest\s+days?|\(?\s*satu|day\s+of\s+rest)", after):
            count = n.value
            break
    if count is None and re.search(r"\b(?:sehari|a\s+day\s+off|a\s+rest\s+day|one\s+day)\b", low):
        count = 1.0
    period_text = stripped.lower()
    every = _EVERY_N_WEEKS.search(period_text)
    if every:
        weeks = find_numbers(every.group(1))
        per_weeks = weeks[0].value if weeks else None
        if per_weeks:
            return [Clause("rest_days", {"per_month": round((count or 1) * WEEKS_PER_MONTH / per_weeks, 2)}, s)]
    if re.search(r"\b(?:minggu|week|weekly|seminggu|7\s+(?:hari|days)|tujuh\s+hari|seven\s+days|sunday|"
                 r"hari\s+minggu)\b", period_text):
        return [Clause("rest_days", {"per_month": round((count or 1) * WEEKS_PER_MONTH, 2)}, s)]
    if count is not None and re.search(r"\b(?:bulan|month|monthly|sebulan)\b", period_text):
        return [Clause("rest_days", {"per_month": count}, s)]
    return []


_LEAVE = re.compile(r"\b(?:cuti\s+tahunan|cuti\s+berbayar|cuti\s+dengan\s+upah|annual\s+leave|paid\s+leave|"
                    r"paid\s+annual|연차)\b", re.IGNORECASE)


_REST_NEAR = re.compile(r"\s*(?:\([^)]*\)\s*)?(?:hari\s+libur|rest\s+days?|days?\s+off)", re.IGNORECASE)


def _annual_leave(s: Sentence, ctx: Context) -> list[Clause]:
    m = _LEAVE.search(s.text)
    if not m:
        return []
    near = [(abs(n.start - m.start()), n.value) for n, _ in numbers_before(
        s.text, r"(?:hari|days?|working\s+days?|hari\s+kerja)\b") if not _REST_NEAR.match(s.text[n.end:n.end + 30])]
    days = min(near)[1] if near else None
    if days is None or not 0 <= days <= 60:
        return [Clause("annual_leave", {"days": None}, s)]
    return [Clause("annual_leave", {"days": days}, s)]


_OVERTIME = re.compile(r"\b(?:lembur|overtime|extended\s+work|연장)\b", re.IGNORECASE)
_UNPAID = re.compile(r"\b(?:tidak\s+(?:dibayar|diberi\s+upah|mendapat\s+upah)|tanpa\s+(?:upah|bayaran)|"
                     r"no\s+overtime\s+pay|not\s+(?:be\s+)?paid|unpaid|without\s+(?:extra\s+)?pay|"
                     r"included\s+in\s+the\s+(?:monthly\s+)?(?:wage|salary)|termasuk\s+dalam\s+gaji)\b",
                     re.IGNORECASE)


def _overtime(s: Sentence, ctx: Context) -> list[Clause]:
    if not _OVERTIME.search(s.text):
        return []
    value: dict[str, Any] = {"paid": False if _UNPAID.search(s.text) else None}
    rate = re.search(r"(\d+(?:[.,]\d+)?)\s*(?:x|kali|times)\b|(\d{2,3})\s*%", s.text, re.IGNORECASE)
    if rate:
        value["rate"] = float((rate.group(1) or "").replace(",", ".")) if rate.group(1) else int(rate.group(2)) / 100
        value["paid"] = True if value["paid"] is None else value["paid"]
    return [Clause("overtime", value, s)]


Reader = Callable[[Sentence, Context], list[Clause]]
READERS: tuple[Reader, ...] = (
    _employer, _job, _worksite, _contract_length, _start, _hours, _rest_days, _annual_leave, _overtime,
    lambda s, c: charges.wage(s, c.currency, c.dollar),
    lambda s, c: charges.deductions(s, c.currency, c.dollar),
    lambda s, c: charges.board(s, c.currency, c.dollar),
    lambda s, c: parties.passport(s),
    lambda s, c: parties.repatriation(s, c.currency, c.dollar),
    lambda s, c: parties.termination(s),
)
