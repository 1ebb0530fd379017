"""The listing generator: for each listing it picks a job (country, occupation, channel) from the corridor
tables, settles the structured fields from the job terms, makes the one flaw of a flawed listing, then has
``listing_text`` write the title and description from a ``ListingFacts`` record. The online-scam lure is built
here as one bundle. ``make_listings`` returns the published rows and, for the outcome simulation, what the
generator knows about each listing (``ListingMeta``: canonical ids, never exported as such)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from features.listings import LISTING_COLUMNS, monthly_salary
from features.reference import Reference
from matching.demo import job_terms as terms
from matching.demo import listing_text
from matching.demo.agencies import AGENCY_W1, AGENCY_W2, G2G_CONTACT, Agency
from matching.demo.job_terms import COMPANY_WORDS
from matching.demo.money import amount_str, cap_idr, ceil_to, convert, floor_to, listing_pay, money_text, wage_floor
from matching.demo.sampling import Rng, Table, quotas
from matching.demo.spec import FLAWS, LISTING_DEMO_COLUMNS
from matching.demo.world import (
    CITIES,
    CLOSED_HOUSEHOLD,
    DOMESTIC_FOR_CLOSED,
    JOBS,
    MISSION,
    SCAM_COUNTRIES,
    G,
    H,
    Occ,
    Tables,
    job_rows,
)

FLAW_SHARE = 0.18
EXPIRED_SHARE = 0.08
POSTED_WITHIN_DAYS = 120

# Relative frequency of each flaw among flawed listings.
_FLAW_WEIGHTS: dict[str, float] = {
    "scam_lure": 2.0, "fee_in_zero_cost": 1.5, "excessive_fee": 1.0, "visit_visa": 1.4, "below_floor": 1.5,
    "unlicensed_agency": 1.4, "expired_licence": 1.0, "suspended_agency": 0.8, "job_order_unverified": 1.2,
    "household_closed_country": 1.0, "passport_held": 1.0, "no_rest_day": 1.0, "no_contract": 0.8,
    "underage": 0.6, "wa_only_fee_upfront": 1.2, "salary_deduction": 1.0,
}
# flaws that need a dedicated job table (dropped when the reference cannot support them, e.g. no wage floors)
_TABLE_FLAWS = {"fee_in_zero_cost", "excessive_fee", "below_floor", "household_closed_country"}

# required level text -> rank (the levels of features/data/language_levels.csv)
_LEVEL_RANK = {"basic": 1, "N5": 1, "A1": 1, "N4": 2, "A2": 2, "eps-topik": 2, "intermediate": 3, "B1": 3, "N3": 3,
               "B2": 4, "N2": 4, "fluent": 5}


@dataclass
class ListingMeta:
    """What the generator knows about a listing (canonical ids; never exported as such)."""

    ref: str
    flaw: str
    expired: bool
    occupation: str
    sector: str
    country: str
    employer: str
    employer_type: str
    gender: str
    min_age: int | None
    max_age: int | None
    skills: frozenset[str]
    languages: dict[str, int]
    certs: tuple[str, ...]
    min_exp: float
    monthly_idr: float | None
    posted: date
    agency: str = ""
    fee_idr: float = 0.0
    contract_months: int | None = None


def make_listings(rng: Rng, ref: Reference, t: Tables, as_of: date, agencies: list[Agency], n: int,
                  country_share: dict[str, float]) -> tuple[pd.DataFrame, list[ListingMeta]]:
    """``n`` listings (``LISTING_DEMO_COLUMNS``) and their metadata, in listing order.

    ``FLAW_SHARE`` of them carry one flaw each (quotas by ``_FLAW_WEIGHTS`` over the flaws the reference can
    support) and ``EXPIRED_SHARE`` have expired by ``as_of``; both are spread at random over the listings.
    """
    maker = _Listings(rng, ref, t, as_of, agencies, country_share)
    available = {f: w for f, w in _FLAW_WEIGHTS.items() if f in maker.tables or f not in _TABLE_FLAWS}
    n_flawed = int(round(FLAW_SHARE * n))
    quota = quotas(available, n_flawed)
    labels = [""] * (n - n_flawed) + [f for f in FLAWS if f in quota for _ in range(quota[f])]
    order = rng.gen.permutation(n)
    flaws = [labels[j] for j in order]
    expired = np.zeros(n, dtype=bool)
    expired[rng.gen.permutation(n)[: int(round(EXPIRED_SHARE * n))]] = True
    rows, metas = [], []
    for i in range(n):
        row, meta = maker.build(i, flaws[i], bool(expired[i]))
        rows.append(row)
        metas.append(meta)
    return pd.DataFrame(rows, columns=list(LISTING_DEMO_COLUMNS)), metas


def _cell(value: Any) -> str:
    """A CSV cell: '' for unknown, 'true'/'false', numbers without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return amount_str(value)
    return str(value)


class _Listings:
    """Builds listing rows; one instance per ``generate_demo`` call."""

    def __init__(self, rng: Rng, ref: Reference, t: Tables, as_of: date, agencies: list[Agency],
                 country_share: dict[str, float]) -> None:
        self.rng, self.ref, self.t, self.as_of = rng, ref, t, as_of
        self.g2g = next(a for a in agencies if a.kind == "g2g")
        self.by_kind: dict[str, list[Agency]] = {}
        for a in agencies:
            self.by_kind.setdefault(a.kind, []).append(a)
        ok = self.by_kind.get("ok", [])
        self.ok_by_country: dict[str, Table] = {}
        for c in JOBS:
            serving = [a for a in ok if c in a.countries]
            pool = serving or ok
            # bigger agencies get more job orders (Zipf-like weight by position)
            self.ok_by_country[c] = Table([(a, 1.0 / (1 + j) ** 0.6) for j, a in enumerate(pool)])
        self.known_numbers = {a.licence.split("/")[0] for a in agencies}
        self.jo_counter: dict[str, int] = {}
        self.employers: dict[tuple[str, str, str], list[str]] = {}
        self.rows = job_rows(t, country_share)
        self.tables: dict[str, Table] = {"": Table(self.rows)}
        self.tables.update(self._flaw_tables())
        self.scam_table = Table(list(SCAM_COUNTRIES.items()))

    # ---- job selection ---------------------------------------------------------------------------
    def _flaw_tables(self) -> dict[str, Table]:
        t, ref, as_of = self.t, self.ref, self.as_of

        def cat(c: str, occ: str, ch: str) -> str:
            return "domestic" if ch == H else t.occ[occ].wage_category

        preds: dict[str, Callable[[str, str, str], bool]] = {
            "fee_in_zero_cost": lambda c, o, ch: t.occ[o].zero_cost and c != "TW" and ch != G,
            "excessive_fee": lambda c, o, ch: (not t.occ[o].zero_cost and ch != G
                                               and cap_idr(t, ref, c, cat(c, o, ch)) is not None),
            "below_floor": lambda c, o, ch: wage_floor(t, ref, c, cat(c, o, ch), as_of) is not None,
            "visit_visa": lambda c, o, ch: ch != G,
            "unlicensed_agency": lambda c, o, ch: ch != G,
            "expired_licence": lambda c, o, ch: ch != G,
            "suspended_agency": lambda c, o, ch: ch != G,
        }
        out = {}
        for flaw, pred in preds.items():
            rows = [(job, w) for job, w in self.rows if pred(*job)]
            if not rows and flaw == "excessive_fee":  # no cost caps known: any fee-charging job will do
                rows = [(job, w) for job, w in self.rows if not t.occ[job[1]].zero_cost and job[2] != G]
            if rows:
                out[flaw] = Table(rows)
        closed = [((c, o, "household_closed"), wc * wo) for c, wc in CLOSED_HOUSEHOLD.items()
                  for o, wo in DOMESTIC_FOR_CLOSED if o in t.occ]
        if closed:
            out["household_closed_country"] = Table(closed)
        return out

    # ---- small pieces ----------------------------------------------------------------------------
    def _dates(self, expired: bool) -> tuple[date, date]:
        rng = self.rng
        if expired:
            age = rng.randint(31, POSTED_WITHIN_DAYS)
            dur = rng.randint(30, age - 1)
        else:
            age = rng.randint(0, POSTED_WITHIN_DAYS)
            dur = rng.randint(max(30, age), 180)
        posted = self.as_of - timedelta(days=age)
        return posted, posted + timedelta(days=dur)

    def _job_order(self, country: str, channel: str, posted: date) -> str:
        mission = "KP2MI-" + country if channel == G else MISSION[country]
        n = self.jo_counter.get(mission, 0) + 1 + self.rng.randint(0, 3)
        self.jo_counter[mission] = n
        prefix = "G2G" if channel == G else "JO"
        return f"{prefix}/{mission}/{posted.year}/{n:05d}"

    def _clean_contact(self, agency: Agency) -> str:
        rng = self.rng
        if rng.chance(0.65):
            box = rng.pick(["rekrutmen", "info", "hrd", "recruitment", "lowongan"])
            return f"{box}@{agency.domain}"
        return agency.phone

    # ---- one listing -----------------------------------------------------------------------------
    def build(self, i: int, flaw: str, expired: bool) -> tuple[dict[str, str], ListingMeta]:
        """Listing ``i`` with ``flaw`` ("" for a clean one): its CSV row (plus ``flaw``) and its metadata."""
        if flaw == "scam_lure":
            return self._scam(i, expired)
        rng, t = self.rng, self.t
        country, occ, channel = self.tables.get(flaw, self.tables[""]).draw(rng)
        o = t.occ[occ]
        lang = rng.pick(["id"] * 9 + ["en"] * 9 + ["mix"] * 2)
        tl = rng.pick(["id", "en"]) if lang == "mix" else lang          # title language
        dl = ("en" if tl == "id" else "id") if lang == "mix" else lang  # description language
        posted, expires = self._dates(expired)
        emp_type = "household" if channel in (H, "household_closed") else "company"
        city = terms.city(rng, t, country, occ)
        employer = terms.household_name(rng, country) if emp_type == "household" else \
            terms.company_name(rng, t, self.employers, country, occ, channel)
        agency = self.g2g if channel == G else self.ok_by_country[country].draw(rng)
        amount, cur, period, hours = listing_pay(rng, t, self.ref, country, occ, channel, emp_type,
                                                 (posted, self.as_of, expires), below=flaw == "below_floor")
        min_age, max_age = terms.ages(rng, occ, country, emp_type)
        skills = terms.skills(rng, t, occ, country)
        certs = terms.certificates(rng, t, occ, country, channel, emp_type)
        langs = terms.languages(rng, t, occ, country, channel, emp_type)
        category = "domestic" if emp_type == "household" else o.wage_category
        fee = 0.0
        if not o.zero_cost and channel != G:
            cap = cap_idr(t, self.ref, country, category)
            if cap and rng.chance(0.4):
                fee = floor_to(cap * rng.uniform(0.2, 0.85), 250_000)
        row: dict[str, Any] = {
            "occupation": o.label_id if tl == "id" else o.label_en,
            "sector": o.sector, "employer_name": employer, "employer_type": emp_type, "country": country,
            "city": city, "agency_name": agency.name, "agency_licence": agency.licence,
            "job_order_ref": self._job_order(country, channel, posted), "job_order_verified": "true",
            "min_experience_years": terms.min_experience(rng, occ, emp_type),
            "min_age": min_age, "max_age": max_age, "gender": terms.gender(rng, t, occ, emp_type, country),
            "salary_amount": amount, "salary_currency": cur, "salary_period": period, "hours_per_week": hours,
            "rest_days_per_month": terms.rest_days(rng, country, hours, emp_type), "worker_fee_amount": fee,
            "worker_fee_currency": "IDR", "contract_months": terms.contract_months(rng, country, occ),
            "visa_type": "work",
            "accommodation_provided": "true" if (emp_type == "household" or country != "DE" and rng.chance(0.88))
            else "false",
            "passport_held_by": "worker", "posted_at": posted.isoformat(), "expires_at": expires.isoformat(),
        }
        contact = self._clean_contact(agency) if channel != G else G2G_CONTACT
        row["contact"], sponsor = self._apply_flaw(flaw, row, o, contact)
        row["required_skills"] = ";".join(
            listing_text.skill_text(rng, t, s, rng.pick(["id", "en"]) if lang == "mix" else dl) for s in skills)
        row["required_certificates"] = ";".join(
            listing_text.cert_text(rng, t, c, rng.pick(["id", "en"]) if lang == "mix" else dl) for c in certs)
        row["required_languages"] = ";".join(f"{c}:{lv}" for c, lv in langs)
        facts = listing_text.ListingFacts(
            row=MappingProxyType(row), occ=o, channel=channel, lang=lang, title_lang=tl, text_lang=dl, flaw=flaw,
            sponsor=sponsor, certs=tuple(certs), languages=tuple(langs))
        row["title"] = listing_text.title(facts, rng, t)
        row["description"] = listing_text.description(facts, rng, t)
        out = {col: _cell(row.get(col)) for col in LISTING_COLUMNS}
        out["listing_ref"] = f"L{i + 1:06d}"
        out["flaw"] = flaw
        monthly = monthly_salary(amount, period, hours)
        meta = ListingMeta(
            ref=out["listing_ref"], flaw=flaw, expired=expired, occupation=occ, sector=o.sector, country=country,
            # households are separate employers even when their names coincide ("Keluarga Lin")
            employer=employer if emp_type == "company" else f"{employer}|{city}|{out['listing_ref']}",
            employer_type=emp_type, gender=row["gender"], min_age=row["min_age"],
            max_age=max_age, skills=frozenset(skills), languages={c: _LEVEL_RANK.get(lv, 1) for c, lv in langs},
            certs=tuple(certs), min_exp=float(row["min_experience_years"] or 0),
            monthly_idr=convert(monthly, cur, "IDR", t.fx) if monthly else None, posted=posted,
            agency=row["agency_licence"] or "", fee_idr=float(row["worker_fee_amount"] or 0.0),
            contract_months=row["contract_months"])
        return out, meta

    def _apply_flaw(self, flaw: str, row: dict[str, Any], o: Occ, contact: str) -> tuple[str, str]:
        """Make the one thing wrong in the structured fields of ``row``; the text follows in
        ``listing_text.description``. Returns the contact and the individual sponsor named (or "")."""
        rng, t, country, sponsor = self.rng, self.t, row["country"], ""
        if flaw == "fee_in_zero_cost":
            row["worker_fee_amount"] = float(rng.randint(25, 45) * 1_000_000)
        elif flaw == "excessive_fee":
            cap = cap_idr(t, self.ref, country, "domestic" if row["employer_type"] == "household"
                          else o.wage_category)
            row["worker_fee_amount"] = ceil_to(cap * rng.uniform(2.2, 4.0), 500_000) if cap else \
                float(rng.randint(60, 95) * 1_000_000)
        elif flaw == "visit_visa":
            row["visa_type"] = "pilgrimage" if country == "SA" and rng.chance(0.7) else rng.pick(["visit", "tourist"])
        elif flaw == "unlicensed_agency":
            variant = rng.pick(["fake_licence", "no_licence", "sponsor", "sponsor"])
            if variant == "sponsor":
                name = rng.pick(["Pak Joko", "Bu Sri", "Pak Slamet", "Mas Anton", "Bu Yati", "Pak Haji Rohman"])
                row["agency_name"] = f"{name} (sponsor)"
                row["agency_licence"] = ""
                sponsor = name
                contact = f"08{rng.randint(11, 59)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
            else:
                while True:
                    words = [rng.pick(AGENCY_W1), rng.pick(AGENCY_W2)]
                    name = "PT " + " ".join(words) + " " + rng.pick(["Sentosa Abadi", "Jaya Makmur", "Indo Global"])
                    if all(a.name != name for ags in self.by_kind.values() for a in ags):
                        break
                row["agency_name"] = name
                if variant == "no_licence":
                    row["agency_licence"] = ""
                else:
                    while True:
                        num = f"KEP.{rng.randint(1000, 9999)}"
                        if num not in self.known_numbers:
                            break
                    row["agency_licence"] = f"{num}/KP2MI/{self.as_of.year}"
                contact = f"rekrutmen@{''.join(w.lower() for w in words)}.com"
        elif flaw in ("expired_licence", "suspended_agency"):
            kinds = ("expired",) if flaw == "expired_licence" else ("suspended", "revoked")
            pool = [a for k in kinds for a in self.by_kind.get(k, [])]
            serving = [a for a in pool if country in a.countries] or pool
            agency = rng.pick(serving)
            row["agency_name"], row["agency_licence"] = agency.name, agency.licence
            contact = self._clean_contact(agency)
        elif flaw == "job_order_unverified":
            row["job_order_verified"] = "false"
            if rng.chance(0.5):
                row["job_order_ref"] = ""
        elif flaw == "passport_held":
            row["passport_held_by"] = rng.pick(["employer", "employer", "agency"])
        elif flaw == "no_rest_day":
            row["rest_days_per_month"] = rng.randint(0, 2)
        elif flaw == "no_contract":
            row["contract_months"] = None
        elif flaw == "underage":
            row["min_age"] = rng.pick([16, 17, 17])
        elif flaw == "wa_only_fee_upfront":
            contact = f"WA 08{rng.randint(11, 59)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}" + \
                rng.pick([" (WhatsApp only)", " (hanya WA)", "", " — chat WA saja"])
        return contact, sponsor

    # ---- the online-scam lure (domain-facts §4.3) ------------------------------------------------
    def _scam(self, i: int, expired: bool) -> tuple[dict[str, str], ListingMeta]:
        """The online-scam lure, a bundle: no agency, no job order, tourist visa, chat-app contact, high pay."""
        rng, t = self.rng, self.t
        country = self.scam_table.draw(rng)
        city = rng.pick(CITIES[country])
        posted, expires = self._dates(expired)
        lang = rng.pick(["id"] * 15 + ["en"] * 3 + ["mix"] * 2)
        tl = rng.pick(["id", "en"]) if lang == "mix" else lang
        dl = ("en" if tl == "id" else "id") if lang == "mix" else lang
        salary = float(rng.randint(100, 150) * 10)
        job = rng.pick(["admin online", "customer service", "marketing online", "CS online", "admin sosmed",
                        "operator komputer"])
        cname = listing_text.country_name(t, country, tl)
        money = money_text(salary, "USD", tl)
        handle = rng.pick(["admin_kerja", "loker_asia", "hrd.global", "rekrut.cepat", "info.lowongan"]) + \
            str(rng.randint(10, 99))
        contact = rng.pick([f"WA +62 8{rng.randint(11, 59)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                            f"Telegram @{handle.replace('.', '_')}", f"{handle}@gmail.com",
                            f"WA 08{rng.randint(11, 59)}{rng.randint(1000000, 9999999)} / Telegram @{handle}"])
        if tl == "id":
            title = rng.pick([f"Lowongan {job} di {cname}, gaji {money}, tanpa pengalaman",
                              f"Dicari {job} {cname} – gaji {money}/bulan, tiket ditanggung",
                              f"BUTUH CEPAT!! {job} {cname} gaji {money}"])
        else:
            title = rng.pick([f"{listing_text.cap_words(job)} in {cname} — {money}/month, no experience needed",
                              f"Urgent: {job} jobs in {cname}, {money}/month, free ticket"])
        if dl == "id":
            parts = ["Tanpa pengalaman, tanpa ijazah, usia bebas.", "Tiket pesawat dan visa ditanggung perusahaan.",
                     "Cukup paspor, berangkat cepat dalam 1 minggu.", "Kerja di kantor ber-AC, mess dan makan gratis.",
                     "Bisa mengetik dan main HP sudah cukup.",
                     "Berangkat pakai visa turis (bebas visa ASEAN), nanti diurus di sana.",
                     f"Gaji {money_text(salary, 'USD', 'id')} per bulan + bonus target."]
            tail = f"Hubungi {contact}."
        else:
            parts = ["No experience, no diploma, any age.", "Flight ticket and visa paid by the company.",
                     "Only a passport needed, fly within a week.", "Air-conditioned office, free mess and meals.",
                     "If you can type and use a phone, you qualify.",
                     "Enter on a tourist visa (ASEAN visa-free), papers arranged there.",
                     f"Salary {money_text(salary, 'USD', 'en')} per month plus target bonus."]
            tail = f"Contact {contact}."
        desc = " ".join(rng.sample(parts, rng.randint(4, len(parts))) + [tail])
        o = t.occ.get("customer_service_agent")
        occ_text = (o.label_id if tl == "id" else o.label_en) if o else job
        skills = [] if not o or rng.chance(0.5) else rng.sample(o.core, min(2, len(o.core)))
        employer = rng.pick(["", "", f"{rng.pick(COMPANY_WORDS['SCAM'])} "
                                    f"{rng.pick(['Group', 'Technology', 'Investment', 'Digital Co.'])}"])
        row: dict[str, Any] = {
            "listing_ref": f"L{i + 1:06d}", "title": title, "description": desc, "occupation": occ_text,
            "sector": "services", "employer_name": employer, "employer_type": "company", "country": country,
            "city": city, "agency_name": "", "agency_licence": "", "job_order_ref": "",
            "job_order_verified": rng.pick(["", "false"]),
            "required_skills": ";".join(listing_text.skill_text(rng, t, s, dl) for s in skills),
            "required_certificates": "", "required_languages": rng.pick(["", "", "en:basic"]),
            "min_experience_years": rng.pick(["", 0.0]), "min_age": rng.pick(["", "", 18]), "max_age": "",
            "gender": "any", "salary_amount": salary, "salary_currency": "USD", "salary_period": "month",
            "hours_per_week": rng.pick(["", 60.0, 72.0]), "rest_days_per_month": rng.pick(["", 4]),
            "worker_fee_amount": rng.pick(["", 0.0]), "worker_fee_currency": "IDR",
            "contract_months": rng.pick(["", "", 6, 12]), "visa_type": rng.pick(["tourist", "tourist", ""]),
            "accommodation_provided": "true", "passport_held_by": "", "contact": contact,
            "posted_at": posted.isoformat(), "expires_at": expires.isoformat(),
        }
        out = {col: _cell(row.get(col)) for col in LISTING_COLUMNS}
        out["flaw"] = "scam_lure"
        meta = ListingMeta(out["listing_ref"], "scam_lure", expired, "customer_service_agent", "services", country,
                           employer, "company", "any", None, None, frozenset(skills), {}, (), 0.0,
                           convert(salary, "USD", "IDR", t.fx), posted)
        return out, meta
