"""Write a contract from a job order's own fields, in Indonesian, English or both side by side, with the number
formats contracts use (``Rp25.000.000,-``, ``HK$ 5,100``, amounts repeated in words). Used by the property test:
a contract made this way must never report a mismatch against the job order it was made from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_ID_UNITS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"]
_EN_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
             "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words_id(n: int) -> str:
    """An integer in Indonesian words: 25_000_000 -> 'dua puluh lima juta'."""
    if n < 12:
        return _ID_UNITS[n] or "nol"
    if n < 20:
        return f"{_ID_UNITS[n - 10]} belas"
    if n < 100:
        return f"{_ID_UNITS[n // 10]} puluh {_ID_UNITS[n % 10]}".strip()
    if n < 200:
        return f"seratus {words_id(n - 100) if n > 100 else ''}".strip()
    if n < 1000:
        return f"{_ID_UNITS[n // 100]} ratus {words_id(n % 100) if n % 100 else ''}".strip()
    if n < 2000:
        return f"seribu {words_id(n - 1000) if n > 1000 else ''}".strip()
    for size, name in ((10**9, "miliar"), (10**6, "juta"), (1000, "ribu")):
        if n >= size:
            rest = n % size
            return f"{words_id(n // size)} {name} {words_id(rest) if rest else ''}".strip()
    raise ValueError(n)


def words_en(n: int) -> str:
    """An integer in English words: 5100 -> 'five thousand one hundred'."""
    if n < 20:
        return _EN_UNITS[n] or "zero"
    if n < 100:
        return f"{_EN_TENS[n // 10]}-{_EN_UNITS[n % 10]}" if n % 10 else _EN_TENS[n // 10]
    if n < 1000:
        rest = n % 100
        return f"{_EN_UNITS[n // 100]} hundred" + (f" and {words_en(rest)}" if rest else "")
    for size, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= size:
            rest = n % size
            return f"{words_en(n // size)} {name}" + (f" {words_en(rest)}" if rest else "")
    raise ValueError(n)


def digits(n: float, lang: str) -> str:
    """25000000 -> '25.000.000' (Indonesian) or '25,000,000' (English)."""
    text = f"{n:,.0f}"
    return text.replace(",", ".") if lang == "id" else text


SYMBOL = {"HKD": "HK$", "TWD": "NT$", "MYR": "RM", "SGD": "S$", "KRW": "KRW ", "SAR": "SAR ", "IDR": "Rp",
          "USD": "US$", "BND": "B$", "JPY": "JPY "}
NAME = {"HKD": ("dolar Hong Kong", "Hong Kong dollars"), "TWD": ("dolar Taiwan", "New Taiwan dollars"),
        "MYR": ("ringgit Malaysia", "ringgit"), "SGD": ("dolar Singapura", "Singapore dollars"),
        "KRW": ("won", "won"), "SAR": ("riyal Saudi", "Saudi riyals"), "IDR": ("rupiah", "rupiah"),
        "USD": ("dolar AS", "US dollars"), "BND": ("dolar Brunei", "Brunei dollars"), "JPY": ("yen", "yen")}


@dataclass(frozen=True)
class Style:
    """How the generated contract writes things: language layout and number style."""

    layout: str  # "id", "en" or "side_by_side"
    money: str  # "symbol", "iso" or "name"
    words: bool  # repeat amounts in words in brackets
    hours: str  # "week" or "day"
    labelled: bool  # "Employer: X" fields or sentences


def money(amount: float, currency: str, lang: str, style: Style) -> str:
    n = digits(amount, lang)
    if style.money == "symbol":
        text = f"{SYMBOL.get(currency, currency + ' ')}{n}"
    elif style.money == "iso":
        text = f"{currency} {n}"
    else:
        text = f"{n} {NAME.get(currency, (currency, currency))[0 if lang == 'id' else 1]}"
    if style.words and float(amount).is_integer():
        said = words_id(int(amount)) if lang == "id" else words_en(int(amount))
        text += f" ({said} {NAME.get(currency, (currency, currency))[0 if lang == 'id' else 1]})"
    return text


def clauses(order: dict[str, Any], lang: str, style: Style) -> list[str]:
    """The contract's clauses in one language."""
    cur = order["salary_currency"]
    pay = money(order["salary_amount"], cur, lang, style)
    months = order["contract_months"]
    hours = order["hours_per_week"]
    days_off = order["rest_days_per_month"]
    work_days = 6 if days_off <= 5 else 5
    if lang == "id":
        out = [f"Nama Majikan: {order['employer_name']}" if style.labelled else
               f"Perjanjian ini dibuat antara {order['employer_name']} (selanjutnya disebut Majikan) dan Pekerja.",
               f"Jabatan: {order['occupation']}",
               f"Tempat kerja: {order['city']}, {order['country_name']}",
               f"1. Perjanjian kerja ini berlaku selama {months} bulan sejak Pekerja tiba di negara tujuan.",
               f"2. Majikan membayar gaji Pekerja sebesar {pay} per bulan.",
               f"3. Jam kerja Pekerja adalah {hours:g} jam seminggu." if style.hours == "week" else
               f"3. Pekerja bekerja {hours / work_days:g} jam sehari, {work_days} hari seminggu.",
               f"4. Pekerja berhak atas {days_off:g} hari libur per bulan.",
               "5. Pekerja berhak atas cuti tahunan 7 hari dengan upah penuh.",
               "6. Paspor Pekerja dipegang sendiri oleh Pekerja.",
               "7. Tiket pulang ke Indonesia ditanggung oleh Majikan."]
        if order["accommodation_provided"]:
            out.append("8. Majikan menyediakan tempat tinggal secara gratis.")
        return out
    out = [f"Employer: {order['employer_name']}" if style.labelled else
           f"This contract is made between {order['employer_name']} (hereinafter the Employer) and the Worker.",
           f"Position: {order['occupation_en']}",
           f"Place of work: {order['city']}, {order['country_name']}",
           f"1. This contract shall be valid for {months} months from the Worker's arrival.",
           f"2. The Employer shall pay the Worker a wage of {pay} per month.",
           f"3. Working hours are {hours:g} hours a week." if style.hours == "week" else
           f"3. The Worker works {hours / work_days:g} hours a day, {work_days} days a week.",
           f"4. The Worker is entitled to {days_off:g} rest days a month.",
           "5. The Worker is entitled to 7 days of paid annual leave.",
           "6. The Worker keeps her own passport.",
           "7. The return ticket to Indonesia is paid by the Employer."]
    if order["accommodation_provided"]:
        out.append("8. The Employer provides accommodation free of charge.")
    return out


def make_contract(order: dict[str, Any], style: Style) -> str:
    """The whole contract as text (side by side: ``Indonesian || English`` lines for ``render_text``)."""
    if style.layout in ("id", "en"):
        return "\n\n".join(clauses(order, style.layout, style))
    pairs = zip(clauses(order, "id", style), clauses(order, "en", style), strict=True)
    return "\n\n".join(f"{a} || {b}" for a, b in pairs)
