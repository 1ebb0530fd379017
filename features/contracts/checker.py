"""The state of one contract check and the clause checks that need no money arithmetic (who, what, where,
how long, passport, ticket home). ``compare_pay`` has the pay, time and charge checks; ``compare`` runs them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from features.contracts.clause import Clause
from features.contracts.clauses import ContractReading
from features.contracts.help import advice_for
from features.contracts.jobs import JobOrder, names_match, place_matches
from features.contracts.rules import RULES, ContractRule
from features.contracts.terms import WEEKS_PER_MONTH
from features.listings import monthly_salary
from features.reference import Reference

DEFAULT_MONTHS = 24
LANG_NAMES = {"id": ("Indonesian", "bahasa Indonesia"), "en": ("English", "bahasa Inggris")}


@dataclass
class Finding:
    """One clause checked. Money is in the job order's currency (``money_local``) and in rupiah (``money_idr``)."""

    topic: str
    kind: str
    rule: ContractRule
    message_en: str
    message_id: str
    clause: Clause | None = None
    advert_field: str | None = None
    advert_value: Any = None
    difference: dict[str, Any] | None = None
    money_local: float | None = None
    money_idr: float | None = None
    currency: str | None = None
    source: str | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)  # (English, Indonesian)

    def to_dict(self) -> dict[str, Any]:
        sentence = self.clause.sentence if self.clause else None
        return {
            "topic": self.topic, "kind": self.kind, "rule_id": self.rule.id,
            "rule": {"id": self.rule.id, "text_id": self.rule.text_id, "text_en": self.rule.text_en,
                     "source": self.source or self.rule.source},
            "message_en": self.message_en, "message_id": self.message_id,
            "contract_sentence": sentence.text if sentence else None,
            "contract_language": sentence.lang if sentence else None,
            "contract_value": dict(self.clause.value) if self.clause else None,
            "advert_field": self.advert_field, "advert_value": self.advert_value,
            "difference": self.difference,
            "money_at_stake": {"amount": _round(self.money_local), "currency": self.currency,
                               "idr": _round(self.money_idr)},
            "notes_en": [n[0] for n in self.notes], "notes_id": [n[1] for n in self.notes],
            "advice": advice_for(self.kind),
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def fmt(amount: float, currency: str | None, lang: str) -> str:
    """``HKD 4,600`` in English, ``HKD 4.600`` in Indonesian (two decimals only when there are cents)."""
    digits = 0 if abs(amount - round(amount)) < 0.005 else 2
    text = f"{amount:,.{digits}f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return f"{currency or ''} {text}".strip()


def num(x: float, lang: str = "en") -> str:
    text = f"{x:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "id" else text


class Checker:
    """The state of one check: the reading, the job order, the months, the findings so far."""

    def __init__(self, reading: ContractReading, order: JobOrder, as_of: date, ref: Reference) -> None:
        self.r, self.o, self.as_of, self.ref = reading, order, as_of, ref
        self.cur = order.salary_currency or (order.country_currency(ref))
        self.findings: list[Finding] = []
        lengths = reading.of("contract_length")
        if lengths:
            self.months, self.months_basis = float(min(c.value["months"] for c in lengths)), "contract"
        elif order.contract_months:
            self.months, self.months_basis = float(order.contract_months), "job_order"
        else:
            self.months, self.months_basis = float(DEFAULT_MONTHS), "default"
        self.advert_monthly = monthly_salary(order.salary_amount, order.salary_period, order.hours_per_week)
        occ = ref.row("occupations", order.occupation_id or "")
        self.zero_cost = bool(occ and occ["zero_cost"]) or order.employer_type == "household"
        self.wage_category = "domestic" if order.employer_type == "household" else (
            str(occ["wage_category"]) if occ else "general")

    # ---- helpers
    def add(self, topic: str, rule_id: str, en: str, id_: str, clause: Clause | None = None, **kw: Any) -> Finding:
        rule = RULES[rule_id]
        f = Finding(topic, rule.kind, rule, en, id_, clause, currency=self.cur, **kw)
        if f.money_local is not None and f.money_idr is None:
            f.money_idr = self.ref.to_idr(f.money_local, self.cur or "")
        self._language_note(f)
        self.findings.append(f)
        return f

    def ok(self, topic: str, en: str, id_: str, clause: Clause | None, **kw: Any) -> Finding:
        return self.add(topic, "MATCHES", en, id_, clause, **kw)

    def convert(self, amount: float, currency: str | None) -> float | None:
        """An amount in another currency -> the job order's currency (None when a rate is unknown)."""
        if not currency or currency == self.cur or currency == "$":
            return amount
        fx = self.ref.fx
        if currency not in fx or (self.cur or "") not in fx:
            return None
        return amount * fx[currency] / fx[self.cur or ""]

    def _language_note(self, f: Finding) -> None:
        if f.clause is None or not self.r.bilingual:
            return
        langs = {c.sentence.lang for c in self.r.of(f.topic)} - {"?"}
        if len(langs) == 1:
            lang = next(iter(langs))
            en_name, id_name = LANG_NAMES.get(lang, (lang, lang))
            f.notes.append((f"This clause is only in the {en_name} text of this bilingual contract.",
                            f"Pasal ini hanya ada di teks {id_name} dari kontrak dwibahasa ini."))

    def weekly_days(self) -> float:
        """Working days a week: the contract's, else 7 minus its weekly rest days, else 6."""
        for c in self.r.of("hours"):
            if c.value.get("days_per_week"):
                return float(c.value["days_per_week"])
        rests = [c.value["per_month"] for c in self.r.of("rest_days")]
        if rests:
            return float(round(max(1.0, 7 - min(rests) / WEEKS_PER_MONTH)))
        return 6.0

    def contract_hours_week(self) -> tuple[float | None, Clause | None]:
        """Hours a week: the contract's, else its hours a day × its days a week, else × the job order's working
        days (7 minus its weekly rest days) so that fewer rest days are counted once, as rest days."""
        for c in self.r.of("hours"):
            if c.value.get("per_week"):
                return float(c.value["per_week"]), c
        stated = [c.value["days_per_week"] for c in self.r.of("hours") if c.value.get("days_per_week")]
        if stated:
            days = float(stated[0])
        elif self.o.rest_days_per_month is not None:
            days = float(round(max(1.0, 7 - self.o.rest_days_per_month / WEEKS_PER_MONTH)))
        else:
            days = self.weekly_days()
        for c in self.r.of("hours"):
            if c.value.get("per_day"):
                return float(c.value["per_day"]) * days, c
        return None, None

    # ---- who, what, where
    def employer(self) -> None:
        clauses = self.r.of("employer")
        if not clauses:
            self.add("employer", "MISSING_EMPLOYER", "The contract does not name the employer.",
                     "Kontrak tidak menyebut nama majikan.", advert_field="employer_name",
                     advert_value=self.o.employer_name)
            return
        want = self.o.employer_name
        for c in clauses:
            if want and not names_match(c.value["name"], want):
                self.add("employer", "EMPLOYER_DIFFERENT",
                         f"The contract names the employer '{c.value['name']}'; the job order names '{want}'.",
                         f"Kontrak menyebut majikan '{c.value['name']}'; job order menyebut '{want}'.", c,
                         advert_field="employer_name", advert_value=want)
                return
        self.ok("employer", f"The employer is the one in the job order ({clauses[0].value['name']}).",
                f"Majikan sama dengan di job order ({clauses[0].value['name']}).", clauses[0],
                advert_field="employer_name", advert_value=want)

    def job(self) -> None:
        clauses = self.r.of("job")
        if not clauses:
            self.add("job", "MISSING_JOB", "The contract does not state the job.", "Kontrak tidak menyebut jabatan.",
                     advert_field="occupation", advert_value=self.o.occupation or self.o.title)
            return
        advert = self.o.occupation or self.o.title
        for c in clauses:
            occ = c.value.get("occupation_id")
            same = occ == self.o.occupation_id if occ and self.o.occupation_id else names_match(
                c.value["title"], f"{self.o.title} {self.o.occupation or ''}", loose=True)
            if not same:
                self.add("job", "JOB_DIFFERENT",
                         f"The contract's job is '{c.value['title']}'; the job order's is '{advert}'.",
                         f"Jabatan di kontrak '{c.value['title']}'; di job order '{advert}'.", c,
                         advert_field="occupation", advert_value=advert)
                return
        self.ok("job", f"The job matches the job order ({clauses[0].value['title']}).",
                f"Jabatan sesuai job order ({clauses[0].value['title']}).", clauses[0], advert_field="occupation",
                advert_value=advert)

    def worksite(self) -> None:
        for c in self.r.of("worksite"):
            country, place = c.value.get("country"), c.value["place"]
            if country and country != self.o.country:
                self.add("worksite", "WORKSITE_DIFFERENT",
                         f"The contract's place of work is in {country}; the job order's is in {self.o.country}.",
                         f"Tempat kerja di kontrak ada di {country}; di job order di {self.o.country}.", c,
                         advert_field="country", advert_value=self.o.country)
                return
            if self.o.city and not place_matches(place, self.o.city):
                self.add("worksite", "WORKSITE_DIFFERENT",
                         f"The contract's place of work is '{place}'; the job order's city is {self.o.city}.",
                         f"Tempat kerja di kontrak '{place}'; kota di job order {self.o.city}.", c,
                         advert_field="city", advert_value=self.o.city)
                return
        clauses = self.r.of("worksite")
        if clauses:
            self.ok("worksite", "The place of work matches the job order.", "Tempat kerja sesuai job order.",
                    clauses[0], advert_field="city", advert_value=self.o.city)

    def length(self) -> None:
        clauses = self.r.of("contract_length")
        if not clauses:
            self.add("contract_length", "MISSING_LENGTH", "The contract does not state its length.",
                     "Kontrak tidak menyebut jangka waktunya.", advert_field="contract_months",
                     advert_value=self.o.contract_months)
            return
        c = min(clauses, key=lambda x: x.value["months"])
        months, want = c.value["months"], self.o.contract_months
        if want and abs(months - want) >= 0.5:
            shorter = months < want
            money = (want - months) * self.advert_monthly if shorter and self.advert_monthly else None
            self.add("contract_length", "LENGTH_DIFFERENT",
                     f"The contract runs {num(months)} months; the job order says {want}."
                     + (" The months cut are pay the contract no longer guarantees." if shorter else
                        " You would be bound for longer than you agreed."),
                     f"Kontrak berlaku {num(months, 'id')} bulan; job order menyebut {want}."
                     + (" Bulan yang hilang adalah gaji yang tidak lagi dijamin kontrak." if shorter else
                        " Anda terikat lebih lama dari yang disepakati."), c,
                     advert_field="contract_months", advert_value=want,
                     difference={"amount": round(months - want, 2), "unit": "months"}, money_local=money)
            return
        self.ok("contract_length", f"The contract runs {num(months)} months, as in the job order.",
                f"Kontrak berlaku {num(months, 'id')} bulan, sesuai job order.", c,
                advert_field="contract_months", advert_value=want)

    def accommodation(self) -> None:
        for c in self.r.of("accommodation"):
            if self.o.accommodation_provided and c.value.get("provided") is False:
                self.add("accommodation", "ACCOMMODATION_WITHDRAWN",
                         "The job order provides accommodation; the contract does not.",
                         "Job order menyediakan tempat tinggal; kontrak tidak.", c,
                         advert_field="accommodation_provided", advert_value=True)
                return

    def passport(self) -> None:
        clauses = self.r.of("passport")
        held = [c for c in clauses if c.value["holder"] in ("employer", "agency")]
        if held:
            c = held[0]
            f = self.add("passport", "PASSPORT_RETAINED",
                         f"The contract says the {c.value['holder']} keeps your passport. You must keep it yourself.",
                         f"Kontrak menyebut paspor Anda dipegang {_party_id(c.value['holder'])}. Paspor harus "
                         "Anda pegang sendiri.", c, advert_field="passport_held_by",
                         advert_value=self.o.passport_held_by)
            if any(x.value["holder"] == "worker" for x in clauses):
                f.notes.append(("The two language versions disagree on who keeps the passport.",
                                "Kedua versi bahasa berbeda tentang siapa yang memegang paspor."))
            return
        if clauses:
            self.ok("passport", "You keep your own passport.", "Paspor dipegang sendiri oleh pekerja.", clauses[0],
                    advert_field="passport_held_by", advert_value=self.o.passport_held_by)

    def repatriation(self) -> None:
        clauses = self.r.of("repatriation")
        worker = [c for c in clauses if c.value["paid_by"] == "worker"]
        if worker:
            c = worker[0]
            amount = self.convert(c.value["amount"], c.value.get("currency")) if c.value.get("amount") else None
            strict = self.zero_cost or self.o.country == "HK"
            self.add("repatriation", "TICKET_HOME_EMPLOYER_PAYS" if strict else "WORKER_PAYS_TICKET_HOME",
                     "The contract makes you pay your own ticket home.",
                     "Kontrak mewajibkan Anda membayar sendiri tiket pulang.", c, advert_field="worker_fee_amount",
                     advert_value=self.o.worker_fee_amount, money_local=amount)
            return
        if clauses:
            self.ok("repatriation", "The employer pays your ticket home.", "Tiket pulang dibayar majikan.",
                    clauses[0])


def _party_id(party: str) -> str:
    return {"employer": "majikan", "agency": "agensi", "worker": "pekerja"}.get(party, party)


