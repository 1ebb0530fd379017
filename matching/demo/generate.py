"""Realistic demo data: the P3MI licence registry, job listings (clean and unsafe), worker profiles and
SIMULATED placement outcomes.

``generate_demo`` is pure (no store, no files) and deterministic for the same ``(seed, as_of, sizes)``:
every draw comes from ``numpy.random.default_rng`` streams spawned from ``seed`` (one stream each for
agencies, listings, workers and outcomes, so changing ``n_workers`` leaves the listings unchanged).

What is modelled on facts (the shared domain facts, cited as "domain-facts §n"; sources in ``features/data``):

* corridors and volumes: destination countries weighted by 2024 KP2MI placements (HK, TW, MY first;
  then JP, SG, KR, SA, IT, BN, TR, PL, AE, QA, KW ...; flattened by a power of 0.75 so that small
  corridors still get listings), and occupations by what each corridor really hires (households in
  HK/SG/MY/TW/BN; factories and distant-water fishing in TW; plantations in MY; EPS jobs in KR only
  through the G-to-G channel; SSW care, farming and food work in JP; Triple Win nurses in DE through
  G to G; Saudi domestic jobs only through SPSK syarikah, never a household);
* pay in local currency at or above the legal floor in force (``Reference.wage_floor``) on the posting
  date and on ``as_of``, with a market spread above it; hourly and daily pay convert with
  ``features.listings.monthly_salary``;
* the zero-cost occupations of Perban BP2MI 9/2020 never charge the worker in a clean listing; other
  jobs charge nothing or stay under the country's cost cap (``Reference.fee_cap_idr``);
* age limits per corridor (SG domestic 23-49, KR EPS 18-39, DE 18-38, IJEPA nurses <= 35, fishing 18-35).

About 18 % of listings carry exactly one flaw (column ``flaw``, labels in ``FLAWS``), made the way it
happens in reality (domain-facts §4, §7); everything else in such a listing is clean, so each rule's
effect can be tested alone. ``scam_lure`` is the exception: the online-scam lure comes as a bundle
(no agency, no job order, tourist visa, chat-app contact), exactly as reported by Kemlu and KBRI.

OUTCOMES ARE SIMULATED. No real placement history exists in this repository. For each worker the generator
samples 15-60 clean, unexpired listings plausibly relevant to them (same sector or preferred country,
compatible gender) -- the listings an earlier system "recommended" -- and walks a funnel recommended ->
viewed -> applied -> hired -> completed | complaint. The step probabilities depend on observable fit
(``_Fit``: share of required skills held, certificates, language levels missing, experience against the
requirement, age within the limits, pay against the worker's wish and against the corridor's typical pay,
the worker fee in months of pay, preferred country and sector) AND on hidden factors: a quality drawn once
per employer and once per agency (never exported; households are separate employers) and noise. Hiring
depends on fit and on both qualities; a complaint is more likely with a low-quality employer or agency, high
fees and low pay; completion the reverse. Layak can see the hidden qualities only indirectly, through the
agencies' and employers' track records in these outcomes. Each worker is placed at most once: when several
employers would hire her she takes the offer she values most (pay against her wish and the market, net of
fees, in a country she asked for) and the others stay at "applied"; so no outcome depends on the order of
her recommendations. A listing that was already open ``RECENT_DAYS`` before ``as_of`` was recommended before
then, so most funnels in the history have had time to finish, as in a long real history. Timestamps rise
along the funnel and are before ``as_of``; a step that would fall on or after ``as_of`` has not happened yet
(censored). The time scale is compressed: "completed" means the placement was completed as reported by the
simulation, not that a 24-month contract really ran its course.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import pandas as pd

from features.reference import Reference, load_reference
from matching.demo.agencies import agency_frame, make_agencies
from matching.demo.listings import POSTED_WITHIN_DAYS, ListingMeta, make_listings
from matching.demo.money import (
    convert,
    number_text,
)
from matching.demo.sampling import Rng, Table, typo
from matching.demo.spec import AGENCY_COLUMNS, FLAWS, LISTING_DEMO_COLUMNS, OUTCOME_COLUMNS, OUTCOME_EVENTS
from matching.demo.world import (
    BNSP_DOMESTIC,
    PAY,
    PAY_OCC,
    SSW_TEST,
    C,
    H,
    S,
    Tables,
    country_shares,
    job_rows,
    known_phrase,
    world_tables,
)
from matching.storage.agencies import G2G_AGENCY, G2G_LICENCE

__all__ = ["AGENCY_COLUMNS", "DemoData", "FLAWS", "G2G_AGENCY", "G2G_LICENCE", "IMPRESSIONS", "LISTING_DEMO_COLUMNS",
           "OUTCOME_COLUMNS", "OUTCOME_EVENTS", "generate_demo"]

IMPRESSIONS = (15, 60)  # listings recommended to each worker in the simulated history (inclusive range)
RECENT_DAYS = 45  # a listing open before this many days ago was recommended before then (a mature history)


@dataclass(frozen=True)
class DemoData:
    """Generated demo data. ``listings`` has the listing CSV columns in order plus ``flaw``."""

    agencies: pd.DataFrame
    listings: pd.DataFrame
    workers: list[dict[str, Any]]
    outcomes: pd.DataFrame


# Indonesian provinces of origin, 2023 placements (domain-facts §2.3) plus smaller senders.
_PROVINCES: dict[str, float] = {
    "Jawa Timur": 68069, "Jawa Tengah": 59009, "Jawa Barat": 52961, "Nusa Tenggara Barat": 33949,
    "Lampung": 21539, "Sumatera Utara": 10550, "Bali": 9359, "Banten": 3183, "Sumatera Selatan": 2088,
    "Sulawesi Selatan": 2076, "Nusa Tenggara Timur": 1800, "DI Yogyakarta": 1500, "Kalimantan Barat": 1400,
    "Sumatera Barat": 900, "Jambi": 600, "Riau": 600, "DKI Jakarta": 800, "Bengkulu": 400, "Sulawesi Utara": 300,
}


# Skills that are NOT in the taxonomy (to test "unknown" handling).
_UNKNOWN_SKILLS = ["merangkai bunga", "karaoke", "main gitar", "bermain voli", "menari jaipong", "fotografi",
                   "mengaji", "sulam pita", "desain Canva", "live TikTok", "public speaking", "origami",
                   "rias pengantin", "main catur"]

_EDUCATION = [("SD", 0.08), ("SMP", 0.30), ("SMA", 0.24), ("SMK", 0.18), ("MA", 0.05), ("Paket C", 0.03),
              ("D3", 0.06), ("S1", 0.06)]


# ---------------------------------------------------------------------------------------------------
# Workers (no names, no phone numbers, no addresses: personal-data minimisation)
# ---------------------------------------------------------------------------------------------------

@dataclass
class _WorkerMeta:
    ref: str
    gender: str
    age: int
    target: str
    skills: frozenset[str]
    languages: dict[str, int]
    certs: frozenset[str]
    exp_occ: dict[str, float]
    exp_sector: dict[str, float]
    countries: list[str]
    sectors: list[str]
    min_salary_idr: int


_FEMALE_SHARE = 0.72
_FEMALE_BY_OCC = {"housekeeper": 0.98, "elderly_caretaker": 0.95, "babysitter": 0.99, "child_care_worker": 0.98,
                  "family_cook": 0.9, "care_worker": 0.75, "nurse": 0.75, "nurse_assistant": 0.8,
                  "electronics_assembler": 0.7, "sewing_machine_operator": 0.8, "hotel_room_attendant": 0.6,
                  "quality_inspector": 0.55, "packer": 0.55, "food_processing_operator": 0.5,
                  "waiter": 0.5, "kitchen_helper": 0.45, "baker": 0.4, "hotel_receptionist": 0.6,
                  "building_cleaner": 0.45, "customer_service_agent": 0.5, "production_operator": 0.4,
                  "factory_worker": 0.35, "farm_worker": 0.3, "crop_harvester": 0.3, "plantation_worker": 0.2,
                  "restaurant_cook": 0.35, "laundry_worker": 0.7}
_MALE_ONLY_SECTORS = {"construction", "trades", "driving", "fishing"}

_LEVEL_WORDS = {  # rank -> (Indonesian, English) generic words, as in language_levels.csv
    1: (["dasar", "sedikit", "sedikit-sedikit"], ["basic", "a little", "beginner"]),
    2: (["dasar lanjutan", "percakapan dasar"], ["elementary", "basic conversation"]),
    3: (["menengah", "bisa percakapan"], ["intermediate", "conversational"]),
    4: (["baik", "cukup lancar"], ["good", "upper-intermediate"]),
    5: (["lancar", "fasih"], ["fluent"]),
    6: (["bahasa ibu"], ["native"]),
}
_JA_LEVEL = {1: ["N5", "JLPT N5"], 2: ["N4", "JFT-Basic A2", "JLPT N4"], 3: ["N3"], 4: ["N2"]}
_CEFR = {1: ["A1"], 2: ["A2"], 3: ["B1"], 4: ["B2"], 5: ["C1"]}
_KO_LEVEL = {1: ["dasar", "basic"], 2: ["EPS-TOPIK", "lulus EPS-TOPIK"], 3: ["menengah", "TOPIK 3"]}
_TARGET_LANG = {"HK": "yue", "TW": "zh", "JP": "ja", "KR": "ko", "DE": "de", "SA": "ar", "AE": "ar", "QA": "ar",
                "KW": "ar", "OM": "ar", "BH": "ar", "JO": "ar", "MY": "ms", "BN": "ms", "SG": "en", "IT": "en",
                "TR": "en", "PL": "en"}
_LANG_FORMS = {  # code -> free-text names (Indonesian first)
    "en": ["Inggris", "bahasa Inggris", "English"], "zh": ["Mandarin", "bahasa Mandarin", "Chinese (Mandarin)"],
    "yue": ["Kanton", "bahasa Kanton", "Cantonese"], "ja": ["Jepang", "bahasa Jepang", "Japanese"],
    "ko": ["Korea", "bahasa Korea", "Korean"], "de": ["Jerman", "bahasa Jerman", "German"],
    "ar": ["Arab", "bahasa Arab", "Arabic"], "ms": ["Melayu", "bahasa Melayu", "Malay"],
    "id": ["Indonesia", "Bahasa Indonesia", "Indonesian"],
}
_EDU_TEXT = {
    "SD": ["SD", "tamat SD", "Primary school"], "SMP": ["SMP", "lulusan SMP", "Junior high school", "SMP/MTs"],
    "SMA": ["SMA", "lulusan SMA", "Senior high school", "SMA IPS"],
    "SMK": ["SMK", "SMK Tata Boga", "SMK Teknik Mesin", "SMK Perhotelan", "Vocational high school (SMK)"],
    "MA": ["MA", "Madrasah Aliyah"], "Paket C": ["Paket C"], "D3": ["D3 Perhotelan", "D3 Teknik Mesin", "Diploma 3"],
    "S1": ["S1 Ekonomi", "S1 Pendidikan", "Bachelor's degree"],
}
_NURSE_EDU = ["D3 Keperawatan", "D3 Keperawatan", "S1 Keperawatan + Ners", "Bachelor of Nursing (S1 Ners)"]


class _Workers:
    def __init__(self, rng: Rng, t: Tables, as_of: date, job_rows: list[tuple[tuple[str, str, str], float]],
                 unknown_skills: list[str]) -> None:
        self.rng, self.t, self.as_of = rng, t, as_of
        occ_w: dict[str, float] = {}
        self.country_by_occ: dict[str, list[tuple[str, float]]] = {}
        country_w: dict[str, float] = {}
        for (c, occ, _), w in job_rows:
            occ_w[occ] = occ_w.get(occ, 0.0) + w
            self.country_by_occ.setdefault(occ, []).append((c, w))
            country_w[c] = country_w.get(c, 0.0) + w
        self.occ_tables = {}
        for g in ("female", "male"):
            pairs = []
            for occ in sorted(occ_w):
                f = self._female_p(occ)
                pairs.append((occ, occ_w[occ] * (f if g == "female" else 1 - f)))
            self.occ_tables[g] = Table(pairs)
        self.country_tables = {occ: Table(sorted(v)) for occ, v in self.country_by_occ.items()}
        self.country_table = Table(sorted(country_w.items()))
        self.province_table = Table(list(_PROVINCES.items()))
        self.edu_table = Table(_EDUCATION)
        self.unknown = unknown_skills
        self.sector_occs: dict[str, list[str]] = {}
        for occ in sorted(occ_w):
            self.sector_occs.setdefault(t.occ[occ].sector, []).append(occ)
        self.market_idr: dict[tuple[str, str], float] = {}

    def _female_p(self, occ: str) -> float:
        if occ in _FEMALE_BY_OCC:
            return _FEMALE_BY_OCC[occ]
        return 0.02 if self.t.occ[occ].sector in _MALE_ONLY_SECTORS or occ in ("family_driver", "gardener",
                                                                               "livestock_worker") else 0.4

    def _typical_idr(self, country: str, occ: str) -> float:
        key = (country, occ)
        if key not in self.market_idr:
            household = self.t.occ[occ].sector in ("domestic", "care") and occ != "care_worker"
            spec = PAY_OCC.get(key) or PAY[country].get(H if household else C) or PAY[country].get(S) \
                or PAY[country][C]
            cur, lo, hi = spec
            self.market_idr[key] = convert((lo + hi) / 2, cur, "IDR", self.t.fx) or 8_000_000.0
        return self.market_idr[key]

    def _skill_text(self, sid: str, lang: str) -> str:
        rng = self.rng
        forms = self.t.skill_id_text[sid] if lang == "id" else self.t.skill_en[sid]
        text = forms[0] if len(forms) == 1 or rng.chance(0.5) else rng.pick(forms[1:])
        r = rng.u()
        if r < 0.5:
            text = text.lower()
        elif r < 0.65:
            text = text[:1].upper() + text[1:]
        if rng.chance(0.07):
            text = typo(rng, text)
        return text

    def _lang_entry(self, code: str, rank: int, lang: str) -> dict[str, str]:
        rng = self.rng
        forms = _LANG_FORMS.get(code, [code])
        name = forms[-1] if lang == "en" else rng.pick(forms[:-1]) if lang == "id" else rng.pick(forms)
        if code == "ja" and rank in _JA_LEVEL:
            level = rng.pick(_JA_LEVEL[rank])
        elif code == "de" and rank in _CEFR:
            level = rng.pick(_CEFR[rank])
        elif code == "ko" and rank in _KO_LEVEL:
            level = rng.pick(_KO_LEVEL[rank])
        else:
            ids, ens = _LEVEL_WORDS[rank]
            level = rng.pick(ens if lang == "en" else ids if lang == "id" else ids + ens)
        return {"language": name, "level": level}

    def build(self, i: int) -> tuple[dict[str, Any], _WorkerMeta]:
        rng, t = self.rng, self.t
        gender = "female" if rng.chance(_FEMALE_SHARE) else "male"
        target = self.occ_tables[gender].draw(rng)
        o = t.occ[target]
        lang = rng.pick(["id"] * 5 + ["en"] * 3 + ["mix"] * 2)
        age = max(18, min(52, int(round(29 + 6.5 * rng.normal()))))
        if target == "nurse":
            age = rng.randint(23, 35)
        # experience abroad
        exp: list[tuple[str, float, str]] = []
        room = age - 19.0  # years that could have been spent working abroad
        if room >= 1 and rng.chance(0.45):
            for _ in range(1 if rng.chance(0.75) else 2):
                occ = target if rng.chance(0.7) else rng.pick(self.sector_occs[o.sector])
                country = self.country_tables[occ].draw(rng)
                years = min(float(rng.pick([1, 2, 2, 2, 3, 3, 4, 5, 6])) + (0.5 if rng.chance(0.1) else 0.0), room)
                if years < 1:
                    break
                room -= years
                exp.append((occ, years, country))
        exp_occ: dict[str, float] = {}
        exp_sector: dict[str, float] = {}
        for occ, years, _ in exp:
            exp_occ[occ] = exp_occ.get(occ, 0.0) + years
            sec = t.occ[occ].sector
            exp_sector[sec] = exp_sector.get(sec, 0.0) + years
        # skills: target occupation core, related, and from past jobs
        skills = rng.sample(o.core, max(1, int(round(len(o.core) * rng.uniform(0.5, 1.0)))))
        if o.related:
            skills += rng.sample(o.related, rng.randint(0, 2))
        for occ, _, _ in exp:
            if occ != target and t.occ[occ].core:
                skills += rng.sample(t.occ[occ].core, rng.randint(1, 2))
        skills = list(dict.fromkeys(skills))[:8]
        skill_texts = [self._skill_text(s, rng.pick(["id", "en"]) if lang == "mix" else lang) for s in skills]
        n_unknown = 0 if rng.chance(0.55) else (1 if rng.chance(0.75) else 2)
        skill_texts += rng.sample(self.unknown, n_unknown) if self.unknown else []
        skill_texts = rng.sample(skill_texts, len(skill_texts))
        # preferences
        countries = [self.country_tables[target].draw(rng)]
        for _ in range(rng.pick([0, 0, 1, 1, 2])):
            c = self.country_tables[target].draw(rng) if rng.chance(0.6) else self.country_table.draw(rng)
            if c not in countries:
                countries.append(c)
        sectors = [o.sector]
        if rng.chance(0.3):
            other = {"domestic": "care", "care": "domestic", "nursing": "care", "manufacturing": "logistics",
                     "food_service": "hospitality", "hospitality": "food_service", "agriculture": "manufacturing",
                     "construction": "trades", "trades": "construction", "fishing": "manufacturing",
                     "cleaning": "hospitality", "driving": "logistics", "logistics": "manufacturing"}.get(o.sector)
            if other:
                sectors.append(other)
        typical = self._typical_idr(countries[0], target)
        min_salary = int(round(typical * rng.uniform(0.6, 1.0) / 500_000)) * 500_000
        # languages
        langs: dict[str, int] = {}
        entries: list[dict[str, str]] = []
        if rng.chance(0.4):
            entries.append(self._lang_entry("id", 6, lang))
            langs["id"] = 6
        en_rank = 0 if rng.chance(0.35) else (1 if rng.chance(0.65) else rng.pick([2, 3, 3, 4, 5]))
        tgt = _TARGET_LANG.get(countries[0])
        lived = {c for _, _, c in exp}
        if tgt == "en":
            en_rank = max(en_rank, 1 if rng.chance(0.7) else 0)
        if tgt and tgt != "en":
            if tgt == "yue" and "yue" not in t.lang_codes:
                tgt = "zh"
            code_countries = [c for c, code in _TARGET_LANG.items() if code == tgt or (tgt == "zh" and c == "HK")]
            if lived & set(code_countries):
                rank = rng.pick([2, 3, 3, 4, 5])
            elif tgt == "ms":
                rank = rng.pick([3, 4, 5])
            elif rng.chance(0.6):
                rank = rng.pick([1, 1, 2, 2, 3]) if tgt in ("ja", "ko", "de") else rng.pick([1, 1, 2])
            else:
                rank = 0
            if tgt == "de" and target == "nurse" and rank and rng.chance(0.5):
                rank = max(rank, 3)
            if rank:
                entries.append(self._lang_entry(tgt, rank, lang))
                langs[tgt] = rank
        if en_rank:
            entries.append(self._lang_entry("en", en_rank, lang))
            langs["en"] = en_rank
        # certificates
        certs = self._certs(target, countries, langs)
        cert_texts = []
        for c in certs:
            lid, len_, syns = t.certs[c]
            text = rng.pick([lid, len_, *syns]) if lang == "mix" else \
                rng.pick([lid if lang == "id" else len_, *syns[:4]])
            if rng.chance(0.2):
                text += f" ({self.as_of.year - rng.randint(0, 4)})"
            cert_texts.append(text)
        # education
        if target == "nurse" or (target in ("care_worker", "nurse_assistant") and rng.chance(0.3)):
            edu = rng.pick(_NURSE_EDU)
        else:
            level = self.edu_table.draw(rng)
            if level in ("D3", "S1") and rng.chance(0.6):
                level = "SMA"
            edu = rng.pick(_EDU_TEXT[level])
        experience = [{"occupation": self._occ_free(occ, lang), "years": years,
                       "country": c if rng.chance(0.5) else (t.country_en if lang == "en" else t.country_id)
                       .get(c, c)} for occ, years, c in exp]
        summary = self._summary(lang, target, exp, skills, langs, countries, edu)
        profile = {
            "worker_ref": f"W{i + 1:06d}", "gender": gender, "birth_year": self.as_of.year - age,
            "province": self.province_table.draw(rng), "education_level": edu, "skills": skill_texts,
            "certificates": cert_texts, "languages": entries, "experience": experience,
            "preferences": {"countries": countries, "sectors": sectors, "min_monthly_salary_idr": min_salary},
            "summary": summary,
        }
        meta = _WorkerMeta(profile["worker_ref"], gender, age, target, frozenset(skills), langs, frozenset(certs),
                           exp_occ, exp_sector, countries, sectors, min_salary)
        return profile, meta

    def _certs(self, target: str, countries: list[str], langs: dict[str, int]) -> list[str]:
        rng, sector = self.rng, self.t.occ[target].sector
        out = []
        if target in BNSP_DOMESTIC and rng.chance(0.55):
            out.append(BNSP_DOMESTIC[target])
        if target == "care_worker" and rng.chance(0.4):
            out.append(rng.pick(["bnsp_caregiver", "careworker_certificate"]))
        if target == "nurse" and rng.chance(0.9):
            out.append("str_nurse")
        if target == "fishing_vessel_crew":
            out += [c for c, p in (("bst", 0.7), ("seaman_book", 0.65)) if rng.chance(p)]
        for occ, key, p in (("forklift_operator", "sio_forklift", 0.6),
                            ("heavy_equipment_operator", "sio_heavy_equipment", 0.6), ("welder", "bnsp_welder", 0.5),
                            ("plantation_worker", "bnsp_plantation", 0.2), ("restaurant_cook", "bnsp_cook", 0.3)):
            if target == occ and rng.chance(p):
                out.append(key)
        if sector == "driving" and rng.chance(0.8):
            out.append("sim_b1")
        if sector == "food_service" and rng.chance(0.2):
            out.append("food_handler_cert")
        if "JP" in countries:
            if langs.get("ja", 0) >= 2 and rng.chance(0.7):
                out.append(rng.pick(["jft_basic", "jlpt_n4"]))
            elif langs.get("ja", 0) == 1 and rng.chance(0.5):
                out.append("jlpt_n5")
            if target in SSW_TEST and rng.chance(0.3):
                out.append(SSW_TEST[target])
        if "KR" in countries and langs.get("ko", 0) >= 2 and rng.chance(0.8):
            out.append("eps_topik")
        if "DE" in countries and langs.get("de", 0) >= 3 and rng.chance(0.8):
            out.append("goethe_b1")
        return list(dict.fromkeys(c for c in out if c in self.t.certs))

    def _occ_free(self, occ: str, lang: str) -> str:
        o = self.t.occ[occ]
        forms = [o.label_id, *o.syn_id] if lang == "id" else [o.label_en, *o.syn_en] if lang == "en" else \
            [o.label_id, *o.syn_id, o.label_en, *o.syn_en]
        text = self.rng.pick(forms)
        return text.lower() if self.rng.chance(0.5) else text

    def _summary(self, lang: str, target: str, exp: list[tuple[str, float, str]], skills: list[str],
                 langs: dict[str, int], countries: list[str], edu: str) -> str:
        rng, t = self.rng, self.t
        sk_lang = "en" if lang == "en" else "id"
        sk_pool = skills or list(t.occ[target].core)
        sk = [self._skill_text(s, sk_lang if lang != "mix" else "en").lower() for s in rng.sample(sk_pool, 2)]
        while len(sk) < 2:
            sk.append(sk[0] if sk else ("memasak" if lang != "en" else "cooking"))
        pref = (t.country_en if lang == "en" else t.country_id).get(countries[0], countries[0])
        target_txt = self._occ_free(target, "en" if lang in ("en", "mix") else "id").lower()
        foreign = [(c, r) for c, r in langs.items() if c not in ("id",)]
        lang_bit = ""
        if foreign:
            code, rank = rng.pick(foreign)
            forms = _LANG_FORMS.get(code, [code])
            lvl_id, lvl_en = ("dasar", "basic") if rank <= 2 else ("menengah", "intermediate") if rank <= 4 \
                else ("lancar", "fluent")
            lang_bit = {"id": f"bahasa {forms[0]} {lvl_id}", "en": f"{lvl_en} {forms[-1]}",
                        "mix": f"{lvl_en} {forms[0]}"}[lang]
        if exp:
            occ, years, c = exp[0]
            cname = (t.country_en if lang == "en" else t.country_id).get(c, c)
            past = self._occ_free(occ, "en" if lang in ("en", "mix") else "id").lower()
            y = number_text(years, "en" if lang == "en" else "id")
            if lang == "id":
                s = f"Saya pernah kerja {y} tahun di {cname} sebagai {past}, bisa {sk[0]} dan {sk[1]}"
                s += f", {lang_bit}." if lang_bit else "."
                return s + rng.pick([f" Ingin kerja lagi di {pref}.",
                                     f" Siap berangkat ke {pref} sebagai {target_txt}.", ""])
            if lang == "en":
                s = f"I worked {y} years in {cname} as a {past}. I can do {sk[0]} and {sk[1]}"
                s += f", and I speak {lang_bit}." if lang_bit else "."
                return s + rng.pick([f" Looking for a {target_txt} job in {pref}.", " Ready to start soon.", ""])
            s = f"Pengalaman {y} tahun {past} di {cname}, bisa {sk[0]} dan {sk[1]}"
            s += f", {lang_bit}." if lang_bit else "."
            return s + rng.pick([f" Mau kerja di {pref}.", f" Ready kerja di {pref} sebagai {target_txt}."])
        if lang == "id":
            s = f"Lulusan {edu}, belum pernah kerja di luar negeri. Bisa {sk[0]} dan {sk[1]}"
            s += f", {lang_bit}." if lang_bit else "."
            return s + f" Siap berangkat ke {pref} sebagai {target_txt}."
        if lang == "en":
            s = f"{edu} graduate with no overseas experience yet. I can do {sk[0]} and {sk[1]}"
            s += f", and I speak {lang_bit}." if lang_bit else "."
            return s + f" Ready to work in {pref} as a {target_txt}."
        s = f"Saya fresh graduate {edu}, skill {sk[0]} dan {sk[1]}"
        s += f", {lang_bit}." if lang_bit else "."
        return s + f" Mau kerja di {pref} sebagai {target_txt}."


# ---------------------------------------------------------------------------------------------------
# Outcomes (SIMULATED; see the module docstring)
# ---------------------------------------------------------------------------------------------------

def _sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _make_outcomes(rng: Rng, as_of: date, listings: list[ListingMeta], workers: list[_WorkerMeta]
                   ) -> pd.DataFrame:
    eligible = [m for m in listings if not m.flaw and not m.expired and m.posted < as_of]
    by_sc: dict[tuple[str, str], list[int]] = {}
    by_s: dict[str, list[int]] = {}
    by_c: dict[str, list[int]] = {}
    market: dict[tuple[str, str], list[float]] = {}
    for j, m in enumerate(eligible):
        by_sc.setdefault((m.sector, m.country), []).append(j)
        by_s.setdefault(m.sector, []).append(j)
        by_c.setdefault(m.country, []).append(j)
        if m.monthly_idr:
            market.setdefault((m.country, m.occupation), []).append(m.monthly_idr)
    typical = {key: float(np.median(v)) for key, v in market.items()}
    # hidden qualities, drawn once per employer and per agency in a fixed (sorted) order; never exported
    quality = {name: rng.normal() for name in sorted({m.employer for m in eligible})}
    agency_quality = {lic: rng.normal() for lic in sorted({m.agency for m in eligible})}
    end = datetime.combine(as_of, time())
    rows: list[tuple[str, str, str, str]] = []
    for w in workers:
        pools = [p for p in ([j for s in w.sectors for c in w.countries for j in by_sc.get((s, c), [])],
                             [j for s in w.sectors for j in by_s.get(s, [])],
                             [j for c in w.countries for j in by_c.get(c, [])]) if p]
        if not pools:
            continue
        k = rng.randint(IMPRESSIONS[0], IMPRESSIONS[1])
        chosen: list[int] = []
        seen: set[int] = set()
        for _ in range(k * 6):
            if len(chosen) >= k:
                break
            r = rng.u()
            pool = pools[0] if r < 0.55 or len(pools) == 1 else pools[1] if r < 0.85 or len(pools) == 2 else pools[2]
            j = rng.pick(pool)
            m = eligible[j]
            if j in seen or (m.gender != "any" and m.gender != w.gender):
                continue
            seen.add(j)
            chosen.append(j)
        # recommendation times first, then walk the worker's history in time order
        recs = []
        for j in chosen:
            m = eligible[j]
            start = datetime.combine(max(m.posted, as_of - timedelta(days=POSTED_WITHIN_DAYS)), time())
            # most of the history is old enough for its funnels to have run their course (see RECENT_DAYS)
            stop = end - timedelta(days=RECENT_DAYS) if end - timedelta(days=RECENT_DAYS) > start else end
            recs.append((start + timedelta(seconds=int(rng.u() * (stop - start).total_seconds() * 0.9)), j))
        recs.sort()
        offers: list[tuple[float, int, int, _Fit]] = []  # (worker's utility, rec index, listing, fit)
        history: list[list[tuple[str, datetime]]] = []
        for n, (ts, j) in enumerate(recs):
            m = eligible[j]
            fit = _fit(w, m, typical)
            q, qa = quality[m.employer], agency_quality.get(m.agency, 0.0)
            p_view = _sig(-0.4 + 0.9 * fit.pay_ok + 0.8 * fit.pref_country + 0.5 * fit.pref_sector
                          + 1.0 * fit.overlap + 0.5 * rng.normal())
            p_apply = _sig(
                -3.6 + 2.6 * fit.overlap + 0.5 * fit.lang_ok + 0.4 * fit.exp_ok + 0.8 * fit.pay_ok + 1.5 * fit.pay_wish
                + 1.5 * fit.pay_market + 0.5 * fit.pref_country + 0.4 * fit.pref_sector - 1.0 * fit.fee_months
                + 0.4 * rng.normal())
            p_hire = _sig(-4.3 + 3.0 * fit.overlap + 1.2 * fit.cert_ok - 0.8 * fit.lang_gap + 0.6 * fit.exp_ok
                          + 1.0 * fit.age_ok + 0.6 * q + 0.4 * qa + 0.5 * rng.normal())
            events = [("recommended", ts)]
            for event, p, (lo, hi) in (("viewed", p_view, (0.02, 3)), ("applied", p_apply, (0.1, 7)),
                                       ("hired", p_hire, (5, 35))):
                if rng.u() >= p:
                    break
                ts = ts + timedelta(seconds=int(rng.uniform(lo, hi) * 86400))
                if ts >= end:
                    break
                events.append((event, ts))
            history.append(events)
            if events[-1][0] == "hired":
                utility = fit.pay_wish + fit.pay_market - 0.3 * fit.fee_months + 0.5 * fit.pref_country
                offers.append((utility + 0.3 * rng.normal(), n, j, fit))
        # one placement per worker: she takes the offer she values most (pay against her wish and the market,
        # net of fees, in a country she wants); the other employers' offers are declined and stay at "applied"
        accepted = max(offers, key=lambda o: (o[0], -o[1])) if offers else None
        for n, ((_, j), events) in enumerate(zip(recs, history, strict=True)):
            m = eligible[j]
            if accepted is None or n != accepted[1]:
                events = [e for e in events if e[0] != "hired"]
            rows.extend((w.ref, m.ref, event, t.isoformat(timespec="seconds")) for event, t in events)
        if accepted is not None:
            _, n, j, fit = accepted
            m = eligible[j]
            q, qa = quality[m.employer], agency_quality.get(m.agency, 0.0)
            p_complaint = _sig(-2.3 - 1.1 * q - 0.9 * qa + 0.7 * fit.fee_months - 1.2 * fit.pay_market
                               - 0.5 * fit.overlap)
            p_done = _sig(0.3 + 0.8 * q + 0.6 * qa + 0.7 * fit.overlap + 0.8 * fit.pay_market - 0.4 * fit.fee_months)
            r = rng.u()
            event = "complaint" if r < p_complaint else "completed" if r < p_complaint + (1 - p_complaint) * p_done \
                else ""
            ts = history[n][-1][1] + timedelta(seconds=int(rng.uniform(14, 90) * 86400))
            if event and ts < end:
                rows.append((w.ref, m.ref, event, ts.isoformat(timespec="seconds")))
    return pd.DataFrame(rows, columns=list(OUTCOME_COLUMNS))


@dataclass(frozen=True)
class _Fit:
    """The observable fit of a worker and a listing that drives the simulated funnel (all visible to Layak)."""

    overlap: float        # share of required skills the worker has
    cert_ok: float        # share of required certificates held (1.0 when none)
    lang_gap: float       # language levels missing, summed (capped at 3)
    lang_ok: float        # 1.0 when no level is missing
    exp_ok: float         # 1.0 when relevant experience meets the requirement
    age_ok: float         # 1.0 when within the listing's age limits
    pay_ok: float         # 1.0 when pay meets the worker's wish
    pay_wish: float       # log(pay / wish), clipped to [-1, 1] (0 without a wish)
    pay_market: float     # log(pay / typical pay for the corridor and occupation), clipped to [-0.7, 0.7]
    fee_months: float     # worker fee in months of pay
    pref_country: float
    pref_sector: float


def _fit(w: _WorkerMeta, m: ListingMeta, typical: dict[tuple[str, str], float]) -> _Fit:
    years = w.exp_occ.get(m.occupation, 0.0) + 0.5 * w.exp_sector.get(m.sector, 0.0)
    gap = sum(max(0, need - w.languages.get(code, 0)) for code, need in m.languages.items())
    pay = m.monthly_idr or 0.0
    wish = float(w.min_salary_idr or 0)
    usual = typical.get((m.country, m.occupation), pay)
    return _Fit(
        overlap=len(w.skills & m.skills) / max(1, len(m.skills)),
        cert_ok=(sum(c in w.certs for c in m.certs) / len(m.certs)) if m.certs else 1.0,
        lang_gap=float(min(gap, 3)), lang_ok=1.0 if gap == 0 else 0.0,
        exp_ok=1.0 if years >= m.min_exp else 0.0,
        age_ok=1.0 if (m.min_age is None or w.age >= m.min_age) and (m.max_age is None or w.age <= m.max_age)
        else 0.0,
        pay_ok=1.0 if pay and pay >= wish else 0.0,
        pay_wish=float(np.clip(math.log(pay / wish), -1, 1)) if pay and wish else 0.0,
        pay_market=float(np.clip(math.log(pay / usual), -0.7, 0.7)) if pay and usual else 0.0,
        fee_months=m.fee_idr / pay if pay else 0.0,
        pref_country=1.0 if m.country in w.countries else 0.0,
        pref_sector=1.0 if m.sector in w.sectors else 0.0,
    )


# ---------------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------------

def generate_demo(n_listings: int = 20_000, n_workers: int = 5_000, seed: int = 7, as_of: date | None = None,
                  n_agencies: int = 120, ref: Reference | None = None) -> DemoData:
    """Generate the demo registry, listings, workers and SIMULATED outcomes (see the module docstring).

    Pure and deterministic for the same ``(seed, as_of, sizes)``. ``as_of`` defaults to today; every date is
    relative to it. ``n_agencies`` private P3MI are generated, plus the G-to-G channel row. ``ref`` defaults to
    the packaged reference data (``load_reference()``).

    Raises:
        ValueError: a size out of range (at least 1 listing, 0 workers and 4 agencies).
    """
    if n_listings < 1 or n_workers < 0 or n_agencies < 4:
        raise ValueError("need n_listings >= 1, n_workers >= 0 and n_agencies >= 4")
    as_of = as_of or date.today()
    ref = ref or load_reference()
    t = world_tables(ref)
    s_agency, s_listing, s_worker, s_outcome = np.random.SeedSequence(seed).spawn(4)
    shares = country_shares()
    private = {c: w for c, w in shares.items() if c != "KR"}  # KR EPS runs only through G to G
    agencies = make_agencies(Rng(s_agency), n_agencies, as_of, Table(sorted(private.items())))
    listings, lmeta = make_listings(Rng(s_listing), ref, t, as_of, agencies, n_listings, shares)
    wrng = Rng(s_worker)
    unknown = [s for s in _UNKNOWN_SKILLS if not known_phrase(s, t)]
    maker = _Workers(wrng, t, as_of, job_rows(t, shares), unknown)
    workers, wmeta = [], []
    for i in range(n_workers):
        profile, meta = maker.build(i)
        workers.append(profile)
        wmeta.append(meta)
    outcomes = _make_outcomes(Rng(s_outcome), as_of, lmeta, wmeta)
    return DemoData(agencies=agency_frame(agencies), listings=listings, workers=workers, outcomes=outcomes)


