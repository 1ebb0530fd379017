"""Money clauses: the wage (amount, currency, period, gross or net), every fee or deduction charged to the
worker (amount and schedule: once, per month, or spread over N instalments), and accommodation and food
(provided, free, or charged).
"""

from __future__ import annotations

import re
from typing import Any

from features.contracts.clause import Clause
from features.contracts.layout import Sentence
from features.contracts.numbers import Money, find_money, find_numbers
from features.contracts.terms import EMPLOYER, WORKER, number_before, period_in, period_near

_WAGE = re.compile(r"\b(?:gaji|upah|salary|wages?|remuneration|basic\s+pay|monthly\s+pay|take[- ]home|pay|bayaran|"
                   r"imbalan|임금|월급)\b", re.IGNORECASE)
_DEDUCT_CTX = re.compile(r"(?:potong|deduct|cicil|angsur|instal|biaya|\bfee|charge|pinjaman|\bloan|hutang|utang|levy|"
                         r"\blevi\b|sewa|\brent\b|iuran|premi|repay|tabungan|deposit|jaminan|dikurangi|less\b)",
                         re.IGNORECASE)
_ALLOW_CTX = re.compile(r"(?:allowance|tunjangan|uang\s+makan|uang\s+saku|bonus|insentif|lembur|overtime|kenaikan|"
                        r"increase|raise|tambahan|after\s+\w+\s+years?|setelah\s+\w+\s+tahun)", re.IGNORECASE)
_NET = re.compile(r"(?:bersih|netto|\bnet\b|take[- ]home|(?:yang\s+)?diterima|received|after\s+(?:all\s+)?deductions?|"
                  r"setelah\s+(?:di)?potong)", re.IGNORECASE)
_GROSS = re.compile(r"(?:kotor|bruto|\bgross\b|before\s+deductions?|sebelum\s+(?:di)?potong)", re.IGNORECASE)


def wage(s: Sentence, currency: str | None, dollar: str | None) -> list[Clause]:
    """The wage amounts of a sentence that talks about pay (an allowance, a raise or a deduction is not one)."""
    text, low = s.text, s.text.lower()
    if not _WAGE.search(text):
        return []
    found = find_money(text, default_currency=currency, dollar=dollar)
    out: list[Clause] = []
    for m in found:
        before, after = low[max(0, m.start - 45):m.start], low[m.end:m.end + 30]
        if m.amount <= 0 or _ALLOW_CTX.search(before) or _DEDUCT_CTX.search(before[-35:]) or _CHARGE.search(after):
            continue
        if not _WAGE.search(low[max(0, m.start - 90):m.start]) and len(found) > 1:
            continue
        if _is_count(text, m) or (not m.explicit and not _bare_wage(low, m, found)):
            continue
        basis = None
        if _NET.search(before[-35:]) or _NET.match(after.strip()):
            basis = "net"
        elif _GROSS.search(before[-35:]) or _GROSS.search(after[:20]):
            basis = "gross"
        value: dict[str, Any] = {"amount": m.amount, "currency": m.currency, "basis": basis,
                                 "period": period_near(low, m.start, m.end) or period_in(low)}
        if m.words_value is not None:
            value["amount_in_words"] = m.words_value
        if value["period"] == "day":
            days = number_before(text, r"(?:hari\s+kerja|working\s+days?|days?\s+worked)\s*(?:per\s+bulan|sebulan|"
                                       r"dalam\s+sebulan|a\s+month|per\s+month|each\s+month)")
            if days is not None and 10 <= days <= 31:
                value["days_per_month"] = days
        if value["period"] == "hour":
            hours = number_before(text, r"(?:jam|hours?)\s*(?:per\s+bulan|sebulan|a\s+month|per\s+month)")
            if hours is not None and 100 <= hours <= 320:
                value["hours_per_month"] = hours
        out.append(Clause("wage", value, s))
    return out


def _bare_wage(low: str, m: Money, found: list[Money]) -> bool:
    """A number written without a currency is a wage only right after the word for pay ("gaji sebesar 1.700"),
    when no amount in the sentence has a currency, and when it is not a year ("Employment Act 1955")."""
    if any(x.explicit for x in found) or m.amount < 100 or (re.fullmatch(r"(19|20)\d\d", m.raw.strip())):
        return False
    return bool(re.search(r"(?:gaji|upah|salary|wages?|pay)\w*\s+(?:\w+\s+){0,3}?(?:sebesar|adalah|of|is|:)?\s*$",
                          low[max(0, m.start - 40):m.start]))


def _is_count(text: str, m: Money) -> bool:
    """A bare number that counts hours, days or months is not an amount of money."""
    if not m.explicit and re.match(r"\s*(?:\([^)]*\)\s*)?(?:jam|hours?|hari|days?|bulan|months?|tahun|years?|"
                                        r"kali|times|%)", text[m.end:m.end + 20], re.IGNORECASE):
        return True
    return False


# ---------------------------------------------------------------- deductions and fees

_CHARGE = re.compile(r"(?:potong|deduct|cicil|angsur|instal?lment|withh[eo]ld|repay|repaid|dibayar\s+kembali|"
                     r"pengembalian|dikembalikan|dikurangi|recover)", re.IGNORECASE)
_WORKER_PAYS = re.compile(
    rf"(?:(?:dibayar|ditanggung|dibebankan|menjadi\s+tanggungan|menjadi\s+beban|dipungut)\s+(?:sendiri\s+)?(?:oleh\s+|"
    rf"kepada\s+|dari\s+)?(?:{WORKER})|(?:{WORKER})\s+(?:wajib\s+|harus\s+|akan\s+|shall\s+|will\s+|must\s+|agrees?\s+to\s+|"
    rf"setuju\s+)?(?:membayar|pay|bear|menanggung|melunasi)|(?:paid|borne|payable)\s+by\s+(?:the\s+)?(?:{WORKER})|"
    rf"at\s+(?:the\s+)?(?:{WORKER})['’]?s?\s+(?:own\s+)?(?:expense|cost)|charged\s+to\s+(?:the\s+)?(?:{WORKER})|"
    rf"at\s+(?:her|his)\s+own\s+(?:expense|cost))", re.IGNORECASE)
_EMPLOYER_PAYS = re.compile(
    rf"(?:(?:dibayar|ditanggung|dibiayai|disediakan|menjadi\s+tanggungan)\s+(?:oleh\s+)?(?:{EMPLOYER})|"
    rf"(?:{EMPLOYER})\s+(?:wajib\s+|harus\s+|akan\s+|shall\s+|will\s+|must\s+)?(?:membayar|pay|bear|menanggung|"
    rf"provide|menyediakan|memberikan)|(?:paid|borne|payable|provided)\s+by\s+(?:the\s+)?(?:{EMPLOYER})|"
    rf"at\s+(?:the\s+)?(?:{EMPLOYER})['’]?s?\s+(?:expense|cost)|free\s+of\s+charge|gratis|cuma-cuma|tanpa\s+biaya|"
    rf"without\s+charge|at\s+no\s+cost|no\s+cost\s+to)", re.IGNORECASE)
_NO_CHARGE = re.compile(r"(?:tidak\s+(?:boleh\s+|akan\s+|ada\s+)?(?:di)?potong|tidak\s+ada\s+potongan|"
                        r"tanpa\s+potongan|"
                        r"shall\s+not\s+(?:be\s+)?deduct|no\s+deductions?|not\s+be\s+deducted|must\s+not\s+deduct|"
                        r"may\s+not\s+deduct|dilarang\s+memotong|tidak\s+dipungut|shall\s+not\s+be\s+charged|"
                        r"tidak\s+dibebankan)", re.IGNORECASE)
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("statutory", r"pajak\s+penghasilan|income\s+tax|labou?r\s+insurance|health\s+insurance|national\s+health|"
                  r"national\s+pension|pension|employment\s+insurance|major\s+insurances?|socso|perkeso|\bepf\b|"
                  r"kwsp|\beis\b|asuransi\s+kesehatan\s+nasional|\btax\b|pajak|국민연금|건강보험|고용보험"),
    ("insurance", r"asuransi|insurance|bpjs|jaminan\s+sosial"),
    ("savings", r"tabungan|simpanan\s+wajib|savings|deposit|uang\s+jaminan|security\s+bond|jaminan|\bbond\b|"
                r"held\s+back|withheld|retention|ditahan"),
    ("loan", r"pinjaman|\bloan|hutang|utang|kredit|advance|kasbon|talangan|\bdebt"),
    ("training", r"pelatihan|training|kursus|course|\blpk\b|\bblk\b"),
    ("placement", r"biaya\s+penempatan|biaya\s+agen|agen|agency|placement|service\s+fee|biaya\s+jasa|"
                  r"jasa\s+perusahaan|recruitment|broker|processing|proses|administrasi|\badmin|sponsor|calo|"
                  r"p3mi|pptkis"),
    ("travel_documents", r"tiket|ticket|airfare|flight|\bvisa|medical|medis|pemeriksaan\s+kesehatan|"
                         r"biaya\s+paspor|passport\s+fee|dokumen|document|skck|legalisasi"),
    ("accommodation", r"akomodasi|asrama|\bmess\b|tempat\s+tinggal|accommodation|lodging|dormitory|\bdorm|\brent\b|"
                      r"sewa|housing|kamar"),
    ("food", r"\bmakan|makanan|\bfood|meals?|catering|\bboard\b"),
    ("levy", r"\blevi\b|\blevy"),
    ("utilities", r"listrik|electricity|\bwater\b|utilities|\bair\s+bersih"),
)
_CATEGORY_RES = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in CATEGORIES)
_INSTALMENTS = re.compile(r"(?:selama|dalam|sebanyak|for|over|in|across)\s+(?P<n>\w+(?:\s*\(\w+\))?)\s*(?:x\s*)?"
                          r"(?:bulan|kali|months?|monthly\s+instal?lments?|instal?lments?|angsuran|cicilan|"
                          r"consecutive\s+months|bulan\s+berturut-turut)|(?P<n2>\w+)\s*(?:x|kali)\s*(?:angsuran|"
                          r"cicilan|potongan)|(?:first|pertama)\s+(?P<n3>\w+)\s+(?:months|bulan)|"
                          r"(?P<n4>\w+)\s+bulan\s+pertama", re.IGNORECASE)
_TOTAL = re.compile(r"(?:total|jumlah|seluruhnya|keseluruhan|in\s+total|amounting\s+to|sebesar\s+total|a\s+sum\s+of)",
                    re.IGNORECASE)


def category_of(text: str, last: bool = True) -> str | None:
    """The kind of charge a phrase names (``placement``, ``loan``, ``accommodation``, ...), or None: the one named
    last (nearest an amount that follows) or, with ``last=False``, first. Utilities go with accommodation."""
    found: list[tuple[int, str]] = []
    for name, rx in _CATEGORY_RES:
        found += [(m.end() if last else -m.start(), name) for m in rx.finditer(text)]
    if not found:
        return None
    best = max(found)[1]
    if best == "utilities" and any(name == "accommodation" for _, name in found):
        return "accommodation"
    return best


def deductions(s: Sentence, currency: str | None, dollar: str | None) -> list[Clause]:
    """Every amount the sentence charges to the worker, with its category and schedule."""
    text, low = s.text, s.text.lower()
    charged = bool(_CHARGE.search(text) or _WORKER_PAYS.search(text))
    if not charged or _NO_CHARGE.search(text):
        return []
    items: dict[str, list[Money]] = {}
    for m in find_money(text, default_currency=currency, dollar=dollar):
        if m.amount <= 0 or _is_count(text, m):
            continue
        before, after = low[max(0, m.start - 80):m.start], low[m.end:m.end + 60]
        if _EMPLOYER_PAYS.search(after[:45]) and not _WORKER_PAYS.search(after[:45]):
            continue
        if re.search(r"(?:gaji|upah|salary|wages?)\s*(?:pokok\s*|bulanan\s*|of\s*|sebesar\s*|:\s*)?$", before) \
                and not re.search(r"(?:sebesar|amount|of)\s*$", before[-12:]):
            continue  # "dari gaji HK$5,100": the wage the deduction is taken from
        category = (category_of(before) or category_of(after[:40], last=False) or category_of(low, last=False)
                    or "other")
        items.setdefault(category, []).append(m)
    out = []
    for category, amounts in items.items():
        out.append(Clause("deduction", _schedule(category, amounts, text, low, bool(_CHARGE.search(text))), s))
    return out


def _schedule(category: str, amounts: list[Money], text: str, low: str, from_wages: bool) -> dict[str, Any]:
    """Total, per-instalment amount and count of one charge from the amounts the sentence gives for it."""
    count = _instalments(low)
    per_month = [m for m in amounts if period_near(low, m.start, m.end, after=30) == "month"]
    others = [m for m in amounts if m not in per_month]
    first = amounts[0]
    value: dict[str, Any] = {"category": category, "currency": first.currency, "from_wages": from_wages,
                             "amount_text": first.raw}
    if per_month and others:
        big = max(others, key=lambda m: m.amount)
        per = per_month[0].amount
        same = big.currency == per_month[0].currency
        value.update(total=big.amount, currency=big.currency, per_instalment=per if same else None,
                     instalments=count or (max(1, round(big.amount / per)) if same else None))
    elif per_month:
        per = per_month[0].lowest
        value.update(per_instalment=per, instalments=count, total=per * count if count else None,
                     recurring=count is None)
    else:
        total = max(amounts, key=lambda m: m.amount).amount if len(amounts) > 1 and _TOTAL.search(low) \
            else first.amount
        value.update(total=total, instalments=count, per_instalment=total / count if count else None)
    return value


def _instalments(low: str) -> int | None:
    for m in _INSTALMENTS.finditer(low):
        raw = next(g for g in (m.group("n"), m.group("n2"), m.group("n3"), m.group("n4")) if g)
        nums = find_numbers(raw)
        if nums and 1 < nums[0].value <= 60:
            return int(nums[0].value)
    return None


# ---------------------------------------------------------------- accommodation and food

_ACCOM = re.compile(r"\b(?:akomodasi|tempat\s+tinggal|tempat\s+menginap|asrama|mess|accommodation|lodging|dormitory|"
                    r"housing|living\s+quarters|kamar\s+tidur|suitable\s+room|숙소)\b", re.IGNORECASE)
_FOOD = re.compile(r"\b(?:makan|makanan|food|meals|board|식사)\b", re.IGNORECASE)
_FREE = re.compile(r"\b(?:gratis|cuma-cuma|tanpa\s+biaya|tidak\s+dipungut\s+biaya|free|free\s+of\s+charge|without\s+"
                   r"charge|at\s+no\s+cost|no\s+charge|tanpa\s+dipungut)\b", re.IGNORECASE)
_PROVIDED = re.compile(r"\b(?:disediakan|diberikan|menyediakan|memberikan|provide[sd]?|shall\s+be\s+given|"
                       r"furnished)\b", re.IGNORECASE)
_NOT_PROVIDED = re.compile(r"\b(?:tidak\s+(?:akan\s+)?(?:disediakan|diberikan)|not\s+(?:be\s+)?provided|"
                           r"(?:mencari|menyewa)\s+(?:\w+\s+){0,2}sendiri|(?:arrange|find|rent)\s+(?:her|his|their)\s+own)\b",
                           re.IGNORECASE)
_ALLOWANCE = re.compile(r"\b(?:allowance|tunjangan|uang\s+makan|uang\s+pengganti)\b", re.IGNORECASE)


def board(s: Sentence, currency: str | None, dollar: str | None) -> list[Clause]:
    """Accommodation and food: provided or not, free or charged (and how much), a food allowance instead."""
    text = s.text
    out = []
    charged = bool((_CHARGE.search(text) or _WORKER_PAYS.search(text)) and not _NO_CHARGE.search(text))
    for topic, rx in (("accommodation", _ACCOM), ("food", _FOOD)):
        if not rx.search(text):
            continue
        provided = False if _NOT_PROVIDED.search(text) else (
            True if _PROVIDED.search(text) or _FREE.search(text) else None)
        value: dict[str, Any] = {"provided": provided,
                                 "free": True if _FREE.search(text) or _NO_CHARGE.search(text) else None}
        if charged:
            mine = [d for d in deductions(s, currency, dollar) if d.value["category"] == topic]
            if mine:
                value["free"] = False
                value["charge"] = mine[0].value
        if topic == "food" and _ALLOWANCE.search(text):
            money = [m for m in find_money(text, default_currency=currency, dollar=dollar) if m.explicit]
            if money:
                value["allowance"] = {"amount": money[0].amount, "currency": money[0].currency}
        out.append(Clause(topic, value, s))
    return out
