"""Worker profiles as workers fill them in: a target occupation drawn by gender, experience abroad, skills
(with typos and skills the taxonomy does not know), preferred countries and sectors, a wage wish, languages,
certificates, education and a free-text summary in Indonesian, English or a mix. No names, phone numbers or
addresses (personal-data minimisation). ``make_workers`` also returns what the generator knows about each worker
(``WorkerMeta``) for the outcome simulation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from matching.demo.money import convert, number_text
from matching.demo.sampling import Rng, Table, typo
from matching.demo.world import BNSP_DOMESTIC, PAY, PAY_OCC, SSW_TEST, C, H, S, Tables

# Indonesian provinces of origin, 2023 placements (domain-facts §2.3) plus smaller senders.
_PROVINCES: dict[str, float] = {
    "Jawa Timur": 68069, "Jawa Tengah": 59009, "Jawa Barat": 52961, "Nusa Tenggara Barat": 33949,
    "Lampung": 21539, "Sumatera Utara": 10550, "Bali": 9359, "Banten": 3183, "Sumatera Selatan": 2088,
    "Sulawesi Selatan": 2076, "Nusa Tenggara Timur": 1800, "DI Yogyakarta": 1500, "Kalimantan Barat": 1400,
    "Sumatera Barat": 900, "Jambi": 600, "Riau": 600, "DKI Jakarta": 800, "Bengkulu": 400, "Sulawesi Utara": 300,
}

# Skills that are NOT in the taxonomy (to test "unknown" handling).
UNKNOWN_SKILLS = ["merangkai bunga", "karaoke", "main gitar", "bermain voli", "menari jaipong", "fotografi",
                  "mengaji", "sulam pita", "desain Canva", "live TikTok", "public speaking", "origami",
                  "rias pengantin", "main catur"]

_EDUCATION = [("SD", 0.08), ("SMP", 0.30), ("SMA", 0.24), ("SMK", 0.18), ("MA", 0.05), ("Paket C", 0.03),
              ("D3", 0.06), ("S1", 0.06)]



@dataclass
class WorkerMeta:
    """What the generator knows about a worker (canonical ids and the true age; never exported as such)."""

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



def make_workers(rng: Rng, t: Tables, as_of: date, job_rows: list[tuple[tuple[str, str, str], float]],
                 unknown_skills: list[str], n: int) -> tuple[list[dict[str, Any]], list[WorkerMeta]]:
    """``n`` worker profiles (``features.profiles.WorkerProfile`` dicts) and their metadata, in order.

    Target occupations follow the weights of ``job_rows`` (the listings' corridor table) and each occupation's
    gender mix; ``unknown_skills`` are free-text skills the taxonomy does not know, mixed into some profiles.
    """
    maker = _Workers(rng, t, as_of, job_rows, unknown_skills)
    profiles, metas = [], []
    for i in range(n):
        profile, meta = maker.build(i)
        profiles.append(profile)
        metas.append(meta)
    return profiles, metas


class _Workers:
    """Builds worker profiles; one instance per ``generate_demo`` call."""

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

    def build(self, i: int) -> tuple[dict[str, Any], WorkerMeta]:
        """Worker ``i``: the profile as published and its metadata."""
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
        meta = WorkerMeta(profile["worker_ref"], gender, age, target, frozenset(skills), langs, frozenset(certs),
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


