"""What a listing's free text says, checked against its structured fields and the law.

``text_findings`` returns one ``TextFinding`` per problem: the id of the screening rule it raises (the rules,
their severities and their reasons in both languages live in ``matching.screening``), the evidence, and a
source when the finding has its own (a wage floor's). Pure: a listing, its reading, the reference data, a date.

* red flags in the text (``features.red_flags.scan``): passport or papers kept, movement restricted, no rest
  day, a non-work visa or an irregular route, a fee or deposit asked of the worker, pay cut to repay costs,
  chat-app or personal contacts, and the online-scam lure;
* household work in a country closed to household placement (Kepmenaker 260/2015): the text's "TKW", "ART",
  "PRT", "pembantu", "housemaid" count as household work whatever ``employer_type`` says, and a closed country
  the text names counts as the destination whatever ``country`` says;
* contradictions between the text and the fields (household work while the field says company; a
  destination in the text that is not the field's country) go to review at least;
* pay quoted in the text (gross in the field, net in the text) is checked against the wage floor and the
  declared salary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from features.i18n import fmt_number
from features.listings import WEEKS_PER_MONTH, ListingIn, NormalisedListing
from features.red_flags import clean_text, countries_named, household_work, scan_clean
from features.reference import Reference

FLAG_RULES = {"passport_retention": "TEXT_PASSPORT_RETENTION", "movement_restricted": "TEXT_MOVEMENT_RESTRICTED",
              "no_rest_day": "TEXT_NO_REST_DAY", "non_work_visa": "TEXT_VISA_CONVERSION",
              "upfront_fee": "TEXT_UPFRONT_FEE", "salary_deduction": "TEXT_SALARY_DEDUCTION"}
CLOSED = ("closed", "spsk_only")
_EMPLOYER_ID = {"household": "rumah tangga", "company": "perusahaan"}  # employer_type in an Indonesian detail
PAY_MISMATCH_SHARE = 0.05  # net pay in the text more than 5 % under the declared salary
# currency words in folded text -> ISO 4217
CURRENCY_WORDS = {"hkd": "HKD", "hk": "HKD", "nt": "TWD", "ntd": "TWD", "twd": "TWD", "rm": "MYR", "myr": "MYR",
                  "ringgit": "MYR", "sgd": "SGD", "s": "SGD", "usd": "USD", "us": "USD", "dollar": "USD",
                  "sar": "SAR", "riyal": "SAR", "real": "SAR", "aed": "AED", "dirham": "AED", "qar": "QAR",
                  "kwd": "KWD", "omr": "OMR", "bhd": "BHD", "bnd": "BND", "krw": "KRW", "won": "KRW", "jpy": "JPY",
                  "yen": "JPY", "rp": "IDR", "idr": "IDR", "rupiah": "IDR"}
_CUR = "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True))
_PAY_WORDS = (r"(?:gaji|gajih|salary|upah|wage|wages|pay|bersih|net|nett|take home|diterima|terima|dibayar|"
              r"menerima|receive|received)")
_NET_WORDS = re.compile(r"\b(?:bersih|net|nett|take home|diterima|terima|menerima|receive|received|setelah|after)\b")
_PAY = re.compile(rf"{_PAY_WORDS}(?: \w+){{0,4}}? (?:({_CUR}) (\d+(?: \d{{3}})*)|(\d+(?: \d{{3}})*) ({_CUR}))\b"
                  r"(?!(?: \w+){0,2} (?:day|days|hari|sehari|harian|hour|hours|jam|perjam|week|minggu|seminggu|daily|"
                  r"hourly|weekly)\b)")  # pay per day, hour or week is not compared with a monthly floor


@dataclass(frozen=True)
class TextFinding:
    """A problem the text shows: the screening ``rule_id``, its ``detail`` in English and ``detail_id`` in
    Indonesian, and, if it has its own, a ``source``."""

    rule_id: str
    detail: str
    source: str | None = None
    detail_id: str = ""


@dataclass(frozen=True)
class PayMention:
    """A pay amount quoted in the text, as a monthly amount if it names no other period."""

    amount: float
    currency: str
    phrase: str
    net: bool


def pay_mentions(folded: str) -> list[PayMention]:
    """Pay amounts the (``clean_text``-read) text quotes with a currency: ``"gaji bersih hkd 3000"``."""
    out = []
    for m in _PAY.finditer(folded):
        cur_word, number = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        amount = float(number.replace(" ", ""))
        phrase = m.group(0)
        out.append(PayMention(amount, CURRENCY_WORDS[cur_word], phrase, bool(_NET_WORDS.search(phrase))))
    return out


def _country_names(ref: Reference) -> list[tuple[str, str]]:
    names = []
    for code, row in zip(ref.countries.index, ref.countries.itertuples(index=False), strict=True):
        for name in [row.name_en, row.name_id, *row.synonyms]:
            names.append((str(code), str(name)))
    return names


def _household(listing: ListingIn, text: str, ref: Reference) -> list[TextFinding]:
    said = household_work(text)
    named = countries_named(text, _country_names(ref))
    out: list[TextFinding] = []
    # Saudi Arabia is open to domestic work through SPSK with a company (syarikah) employer (Kepmenaker 291/2018)
    closed_to_this = ("closed",) if listing.employer_type == "company" else CLOSED

    def closed(code: str) -> bool:
        row = ref.row("countries", code)
        return row is not None and row["household_placement"] in closed_to_this

    closed_named = {c: p for c, p in named.items() if closed(c)}
    field_closed = closed(listing.country)
    household = listing.employer_type == "household" or said is not None
    if household and (closed_named or field_closed) and listing.employer_type != "household":
        # the field rule (HOUSEHOLD_*) covers a household field in a closed field country; this covers the rest
        where = next(iter(closed_named.values()), listing.country)
        employer_id = _EMPLOYER_ID.get(listing.employer_type or "", "tidak diisi")
        out.append(TextFinding("TEXT_HOUSEHOLD_CLOSED_COUNTRY",
                               f"the text says household work (\"{said}\") in {where}; "
                               f"employer_type = {listing.employer_type or 'not set'}",
                               detail_id=f"teks menyebut pekerjaan rumah tangga (\"{said}\") di {where}; jenis "
                                         f"pemberi kerja: {employer_id}"))
    elif listing.employer_type == "household" and closed_named and not field_closed:
        named_closed = next(iter(closed_named.values()))
        out.append(TextFinding("TEXT_HOUSEHOLD_CLOSED_COUNTRY",
                               f"household employer; the text names {named_closed} while country = {listing.country}",
                               detail_id=f"pemberi kerja rumah tangga; teks menyebut {named_closed}, sedangkan "
                                         f"negara: {listing.country}"))
    elif said is not None and listing.employer_type == "company" and not _spsk(listing, ref):
        out.append(TextFinding("FIELD_TEXT_MISMATCH", f"the text says household work (\"{said}\") but "
                                                      "employer_type = company",
                               detail_id=f"teks menyebut pekerjaan rumah tangga (\"{said}\"), tetapi jenis "
                                         "pemberi kerja: perusahaan"))
    elsewhere = {c: p for c, p in named.items() if c != listing.country and c not in closed_named}
    if elsewhere and not out:
        code, phrase = next(iter(elsewhere.items()))
        out.append(TextFinding("FIELD_TEXT_MISMATCH", f"the text names {phrase} ({code}) but country = "
                                                      f"{listing.country}",
                               detail_id=f"teks menyebut {phrase} ({code}), tetapi negara: {listing.country}"))
    return out


def _spsk(listing: ListingIn, ref: Reference) -> bool:
    """A company (syarikah) employer in a country open to domestic work only through SPSK (Kepmenaker 291/2018)."""
    row = ref.row("countries", listing.country)
    return row is not None and row["household_placement"] == "spsk_only" and listing.employer_type == "company"


def _pay(listing: ListingIn, norm: NormalisedListing, folded: str, ref: Reference, as_of: date,
         wage_category: str) -> list[TextFinding]:
    mentions = pay_mentions(folded)
    if not mentions:
        return []
    floor = ref.wage_floor(listing.country, wage_category, as_of)
    out: list[TextFinding] = []
    if floor is not None and floor["period"] == "month":
        for m in mentions:
            value = ref.convert(m.amount, m.currency, floor["currency"])
            if value is not None and value + 1e-6 < floor["amount"]:
                out.append(TextFinding(
                    "TEXT_PAY_BELOW_FLOOR", f"the text says \"{m.phrase}\": {value:,.2f} {floor['currency']}/month < "
                                            f"floor {floor['amount']:,.2f} {floor['currency']}/month",
                    source=f"{floor['source']} (effective {floor['effective_from'].isoformat()})",
                    detail_id=f"teks menyebut \"{m.phrase}\": {fmt_number(value, 'id', 2)} {floor['currency']}/bulan "
                              f"< upah minimum {fmt_number(floor['amount'], 'id', 2)} {floor['currency']}/bulan"))
                return out
    declared = norm.monthly_salary_local
    if declared and listing.salary_currency:
        for m in mentions:
            value = ref.convert(m.amount, m.currency, listing.salary_currency)
            if m.net and value is not None and value < declared * (1 - PAY_MISMATCH_SHARE):
                out.append(TextFinding("FIELD_TEXT_MISMATCH", f"the text says \"{m.phrase}\" but salary_amount = "
                                                              f"{declared:,.0f} {listing.salary_currency}/month",
                                       detail_id=f"teks menyebut \"{m.phrase}\", tetapi gaji di job order: "
                                                 f"{fmt_number(declared, 'id', 0)} {listing.salary_currency}/bulan"))
                break
    return out


def text_findings(listing: ListingIn, norm: NormalisedListing, ref: Reference, as_of: date,
                  wage_category: str) -> list[TextFinding]:
    """Every problem the listing's title and description show (the contact field is the caller's concern).

    Args:
        wage_category: the category whose floor applies (``matching.screening`` decides it from the fields and
            the text: household work read in the text counts as ``domestic``).
    """
    text = " \n ".join(t for t in (listing.title, listing.description or "") if t)
    folded = clean_text(text)
    hits = {h.flag: h.evidence for h in scan_clean(folded)}
    out = [TextFinding(rule, f"\"{hits[flag]}\"", detail_id=f"tertulis: \"{hits[flag]}\"")
           for flag, rule in FLAG_RULES.items() if flag in hits]
    out += _household(listing, text, ref)
    out += _pay(listing, norm, folded, ref, as_of, wage_category)
    return out


def hits_of(text: str) -> dict[str, str]:
    """``{flag: evidence}`` of ``features.red_flags.scan`` over ``text``."""
    return {h.flag: h.evidence for h in scan_clean(clean_text(text))}


__all__ = ["FLAG_RULES", "PayMention", "TextFinding", "WEEKS_PER_MONTH", "hits_of", "pay_mentions", "text_findings"]
