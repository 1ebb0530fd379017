"""The terms of one job order of a given kind (country, occupation, channel, employer type), as real job
orders of that kind state them: where the job is, who employs (invented household and company names), the
gender, age and experience asked for, the skills, certificates and languages required, rest days and contract
length. Each term is one function of the listing stream's rng and the world tables, drawn in a fixed order by
``matching.demo.listings``."""

from __future__ import annotations

from matching.demo.sampling import Rng
from matching.demo.world import BNSP_DOMESTIC, CITIES, ESTATES, ME, PORTS, SSW_TEST, G, S, Tables

# ---- employer names (all invented) ---------------------------------------------------------------------
_SURNAMES = {
    "HK": ["Chan", "Wong", "Lee", "Cheung", "Lau", "Ng", "Ho", "Leung", "Yip", "Tang", "Chow", "Kwok"],
    "TW": ["Lin", "Chen", "Huang", "Chang", "Wang", "Li", "Wu", "Tsai", "Liu", "Yang", "Hsu", "Cheng"],
    "SG": ["Tan", "Lim", "Lee", "Ng", "Goh", "Ong", "Teo", "Koh", "Chua", "Wong"],
    "MY": ["Tan", "Lim", "Wong", "Ahmad", "Rahman", "Ismail", "Chong", "Lee", "Yusof", "Ong"],
    "BN": ["Haji Osman", "Haji Abdul Rahman", "Haji Ismail", "Pehin Yusof", "Haji Hamid", "Awang Salleh"],
    "ME": ["Al-Harbi", "Al-Qahtani", "Al-Mutairi", "Al-Shamsi", "Al-Nuaimi", "Al-Otaibi", "Al-Dosari", "Al-Kaabi",
           "Al-Sulaiti", "Al-Rashidi", "Al-Balushi", "Al-Khalifa", "Haddad"],
}
COMPANY_WORDS = {
    "TW": ["Lianfa", "Yongxin", "Hongtai", "Jinhua", "Shengda", "Fuyuan", "Minghao", "Taixing", "Jade Peak", "Huamei",
           "Xinlong", "Dachang", "Kuanyu", "Ruisheng"],
    "MY": ["Sri Makmur", "Bukit Harta", "Teluk Permai", "Sungai Jernih", "Permata Hijau", "Intan Jaya", "Mega Sinar",
           "Tanjung Emas", "Seri Cahaya", "Kinabatangan Hijau", "Lembah Subur"],
    "JP": ["Sakura", "Midori", "Aozora", "Hinode", "Kaede", "Tsubaki", "Minori", "Hikari", "Yamabuki", "Asahi Kogen",
           "Shirasagi", "Hoshizora"],
    "KR": ["Daeil", "Hanbit", "Seongwoo", "Mirae", "Jinyang", "Donghae", "Saerom", "Hanul", "Gukje", "Seorim",
           "Cheongsol", "Dasan"],
    "SG": ["Lion Gate", "Orchid Bay", "Harbourview", "Kallang", "Bukit Timah", "Serangoon", "Marina Crest"],
    "HK": ["Harbour View", "Kowloon Peak", "Lantau", "Victoria Bay", "Golden Bauhinia", "Shatin Garden"],
    "ME": ["Desert Rose", "Gulf Star", "Pearl Coast", "Oasis Crown", "Falcon Gate", "Al Waha", "Al Nakheel",
           "Bayt Al Amal", "Al Dana", "Sands Palm", "Najmat Al Khaleej"],
    "BN": ["Seri Mentari", "Bunga Raya", "Anggerek Desa", "Mulaut", "Kampong Ayer"],
    "IT": ["Mare Nostrum", "Stella Marina", "Azzurra", "Onda Blu", "Tirreno", "Vela Bianca"],
    "TR": ["Anatolia", "Aegean Pearl", "Bosphorus Breeze", "Lycia", "Pamukkale", "Turquoise Coast"],
    "PL": ["Wislana", "Baltica", "Polmet", "Mazowia", "Odra", "Karpaty", "Warta"],
    "DE": ["Sonnenhof", "Lindenhof", "Rosengarten", "Am Stadtpark", "Elbblick", "Waldblick", "Rheinaue"],
    "SCAM": ["Golden Fortune", "Sky Win", "Huang Long", "Lucky Star", "Royal Dragon", "Asia Bright", "Kingdom Max",
             "Grand Win", "Oriental Rise"],
}
_SECTOR_SUFFIX = {
    "TW": {"manufacturing": ["Precision Industrial Co., Ltd.", "Electronics Co., Ltd.", "Plastics Co., Ltd.",
                             "Metal Works Co., Ltd.", "Textile Co., Ltd."],
           "trades": ["Steel Structure Co., Ltd."], "construction": ["Engineering Co., Ltd."],
           "fishing": ["Fishery Co., Ltd.", "Ocean Fishing Co., Ltd."], "care": ["Senior Care Center",
                                                                              "Long-term Care Institution"],
           "agriculture": ["Agricultural Co-op"], "*": ["Co., Ltd."]},
    "MY": {"agriculture": ["Plantations Sdn Bhd", "Estates Sdn Bhd", "Agro Sdn Bhd"],
           "construction": ["Construction Sdn Bhd", "Builders Sdn Bhd"], "manufacturing": ["Industries Sdn Bhd",
                                                                                          "Manufacturing Sdn Bhd",
                                                                                          "Electronics Sdn Bhd"],
           "*": ["Sdn Bhd", "Services Sdn Bhd"]},
    "JP": {"care": ["Kaigo Home KK", "Care Service Co., Ltd."], "agriculture": ["Farm KK", "Nojo Co., Ltd."],
           "manufacturing": ["Seiki KK", "Foods Co., Ltd.", "Kogyo KK"], "cleaning": ["Building Service KK"],
           "construction": ["Kensetsu KK"], "fishing": ["Suisan KK"], "*": ["Co., Ltd."]},
    "KR": {"fishing": ["Fisheries Co., Ltd.", "Suhyup Fishing Co."], "agriculture": ["Farm Co.", "Agro Co., Ltd."],
           "construction": ["Construction Co., Ltd."], "*": ["Precision Co., Ltd.", "Industrial Co., Ltd.",
                                                             "Metal Co., Ltd."]},
    "SG": {"care": ["Nursing Home Pte Ltd"], "nursing": ["Medical Centre Pte Ltd"],
           "*": ["Catering Pte Ltd", "Facility Services Pte Ltd"]},
    "HK": {"*": ["Elderly Care Home Ltd", "Care & Attention Home Ltd"]},
    "ME": {"hospitality": ["Hotels & Resorts LLC"], "food_service": ["Catering LLC"],
           "cleaning": ["Facility Management WLL"], "construction": ["Contracting Co. WLL"],
           "nursing": ["Specialist Hospital"], "driving": ["Transport LLC"], "*": ["Manpower Services Co."]},
    "BN": {"*": ["Sdn Bhd", "Enterprise"]},
    "IT": {"hospitality": ["Cruises S.p.A."], "food_service": ["Cruises S.p.A."], "*": ["Agricola S.r.l."]},
    "TR": {"*": ["Resort & Spa A.S.", "Hotels A.S."]},
    "PL": {"*": ["Sp. z o.o."], "logistics": ["Logistics Sp. z o.o."], "manufacturing": ["Metal Sp. z o.o.",
                                                                                          "Foods Sp. z o.o."]},
    "DE": {"nursing": ["Klinikum GmbH", "Krankenhaus gGmbH"], "*": ["Seniorenresidenz GmbH", "Pflegeheim gGmbH"]},
}
# occupation -> words that its employers' names carry
_OCC_COMPANY_WORD = {"electronics_assembler": ["Electronics", "Electronic Components"],
                     "sewing_machine_operator": ["Garment", "Textile", "Apparel"],
                     "food_processing_operator": ["Foods", "Food Industries"],
                     "fish_processing_worker": ["Seafood", "Marine Foods"]}
_LEGAL_FORM = {"TW": "Co., Ltd.", "MY": "Sdn Bhd", "JP": "KK", "KR": "Co., Ltd.", "SG": "Pte Ltd", "HK": "Ltd",
               "ME": "LLC", "BN": "Sdn Bhd", "IT": "S.r.l.", "TR": "A.S.", "PL": "Sp. z o.o.", "DE": "GmbH"}


# ---- place and employer -------------------------------------------------------------------------------

def city(rng: Rng, t: Tables, country: str, occ: str) -> str:
    """Where the job is: a fishing port, a plantation district or a city of the country."""
    sector = t.occ[occ].sector
    if sector == "fishing" and occ == "fishing_vessel_crew" and country in PORTS:
        return rng.pick(PORTS[country])
    if occ in ("plantation_worker", "crop_harvester") and country in ESTATES:
        return rng.pick(ESTATES[country])
    return rng.pick(CITIES[country])

def household_name(rng: Rng, country: str) -> str:
    """An invented household employer, named the way families are named in that country."""
    names = _SURNAMES["ME" if country in ME else country] if (country in ME or country in _SURNAMES) \
        else _SURNAMES["HK"]
    surname = rng.pick(names)
    initial = chr(ord("A") + rng.randint(0, 25))
    # The name as a job order writes it, and nothing more: "household" is the listing's employer_type, which the
    # pages show in the reader's own language (a name never carries "(household)" or "family" in English).
    if country == "MY":
        return rng.pick([f"{initial}. {surname}", f"En. {initial}. {surname}", f"Puan {initial}. {surname}"])
    if country == "BN":
        return rng.pick([f"{initial}. {surname}", f"Dk. {initial}. {surname}"])
    return rng.pick([f"{initial}. {surname}", f"{surname} {initial}."])

def company_name(rng: Rng, t: Tables, employers: dict[tuple[str, str, str], list[str]], country: str, occ: str,
                 channel: str) -> str:
    """Companies post many job orders: reuse names (Chinese-restaurant process per country and sector).

    ``employers`` holds the names given so far, per (country, sector or "spsk", occupation with its own words);
    new names are added to it.
    """
    sector = t.occ[occ].sector
    key = (country, sector if channel != S else "spsk", occ if occ in _OCC_COMPANY_WORD else "")
    pool = employers.setdefault(key, [])
    if pool and rng.u() > 6.0 / (len(pool) + 6.0) * 1.5:
        return rng.pick(pool)
    group = "ME" if country in ME else country
    words = COMPANY_WORDS.get(group, COMPANY_WORDS["ME"])
    suffixes = _SECTOR_SUFFIX.get(group, _SECTOR_SUFFIX["ME"])
    if occ in _OCC_COMPANY_WORD:
        name = f"{rng.pick(words)} {rng.pick(_OCC_COMPANY_WORD[occ])} {_LEGAL_FORM.get(group, 'LLC')}"
    elif channel == S:
        name = f"{rng.pick(words)} {rng.pick(['Manpower Co.', 'Recruitment Co.', 'Domestic Services Co.'])}"
    elif country == "DE" and sector == "nursing":
        name = f"Klinikum {rng.pick(words)} {rng.pick(suffixes.get('nursing', ['GmbH']))}"
    else:
        name = f"{rng.pick(words)} {rng.pick(suffixes.get(sector, suffixes['*']))}"
    if name not in pool:
        pool.append(name)
    return name

def gender(rng: Rng, t: Tables, occ: str, emp_type: str, country: str) -> str:
    """The gender a job order asks for ("female", "male" or "any"), as such jobs do."""
    sector = t.occ[occ].sector
    if occ in ("family_driver", "truck_driver", "bus_driver", "heavy_equipment_operator", "welder", "mason",
               "scaffolder", "fishing_vessel_crew") or sector == "construction":
        return "male"
    if occ == "gardener":
        return rng.pick(["male", "any"])
    if emp_type == "household" or (sector == "care" and country in ("HK", "SG", "TW", "MY", "SA")):
        return "female" if rng.chance(0.96) else "any"
    if occ in ("electronics_assembler", "sewing_machine_operator", "hotel_room_attendant"):
        return "female" if rng.chance(0.45) else "any"
    if occ in ("plantation_worker", "crop_harvester", "construction_worker", "livestock_worker"):
        return "male" if rng.chance(0.7) else "any"
    return "any"

def ages(rng: Rng, occ: str, country: str, emp_type: str) -> tuple[int, int | None]:
    """Minimum and maximum age: the corridor's legal limits where it has them (SG domestic 23-49, KR EPS 18-39,
    DE 18-38, IJEPA nurses <= 35, fishing 18-35), else a common range."""
    if country == "SG" and emp_type == "household":
        return 23, 49
    if country == "KR":
        return 18, 39
    if country == "DE":
        return rng.pick([18, 21]), 38
    if occ == "nurse" and country == "JP":
        return 22, 35
    if occ in ("fishing_vessel_crew",):
        return 18, 35
    lo = rng.pick([18, 18, 20, 21, 21, 23])
    hi = rng.pick([None, 35, 40, 40, 45, 45, 50])
    return lo, hi

def min_experience(rng: Rng, occ: str, emp_type: str) -> float | None:
    """Years of experience asked for (None: not stated)."""
    if occ == "nurse":
        return 2.0
    if occ in ("heavy_equipment_operator", "welder", "automotive_mechanic", "truck_driver", "bus_driver"):
        return float(rng.pick([1, 2, 2, 3]))
    if emp_type == "household":
        return rng.pick([0.0, 0.0, 1.0, 2.0, None])
    return rng.pick([0.0, 0.0, 0.0, 1.0, None])

def rest_days(rng: Rng, country: str, hours: float, emp_type: str) -> int:
    """Rest days a month in a clean listing (at least four)."""
    if emp_type == "household":
        return rng.pick([4, 4, 5]) if country == "HK" else 4
    if country in ("JP", "DE") or hours <= 40:
        return rng.pick([8, 9])
    if hours <= 44:
        return 6
    return 4

def contract_months(rng: Rng, country: str, occ: str) -> int:
    """Contract length in months, as the corridor's contracts run."""
    if occ == "fishing_vessel_crew":
        return rng.pick([10, 12, 18, 24])
    if country == "IT":
        return rng.pick([8, 9, 10])
    if country in ("TW", "KR", "DE"):
        return 36
    if country == "JP":
        return rng.pick([36, 36, 12, 24])
    if country == "PL":
        return rng.pick([12, 24])
    return 24

def skills(rng: Rng, t: Tables, occ: str, country: str) -> list[str]:
    """2-5 canonical skills: the occupation's core skills, sometimes one related skill of the same family."""
    o = t.occ[occ]
    core, related = o.core, o.related
    if country != "JP":  # Japanese care techniques only in Japanese job orders
        core = [s for s in core if not t.japan_only(s)] or core
        related = [s for s in related if not t.japan_only(s)]
    k = rng.randint(2, 5)
    chosen = rng.sample(core, min(k, len(core)))
    if (len(chosen) < k or rng.chance(0.3)) and related:
        chosen.append(rng.pick(related))
    return list(dict.fromkeys(chosen))[:5]


def certificates(rng: Rng, t: Tables, occ: str, country: str, channel: str, emp_type: str) -> list[str]:
    """Reference cert_ids a real job order of this kind asks for (domain-facts §3.3, §1.7)."""
    sector = t.occ[occ].sector
    out: list[str] = []
    if (emp_type == "household" or channel == S) and occ in BNSP_DOMESTIC:
        out.append(BNSP_DOMESTIC[occ])
    if occ == "fishing_vessel_crew":
        out += ["bst", "seaman_book"]
    if occ == "nurse":
        out.append("str_nurse")
    if occ == "forklift_operator":
        out.append("sio_forklift")
    if occ == "heavy_equipment_operator":
        out.append("sio_heavy_equipment")
    if occ == "welder" and rng.chance(0.7):
        out.append("bnsp_welder")
    if occ in ("truck_driver", "bus_driver", "delivery_driver"):
        out.append("sim_b1")
    if country == "JP":
        if channel == G:
            out.append("jlpt_n5")
        else:
            out.append(rng.pick(["jft_basic", "jlpt_n4"]))
            if occ in SSW_TEST:
                out.append(SSW_TEST[occ])
            if occ == "care_worker":
                out.append("nc_japanese_test")
    if country == "KR":
        out.append("eps_topik")
    if country == "DE":
        out.append("goethe_b1")
    if occ == "hotel_room_attendant" and country == "IT" and rng.chance(0.5):
        out.append("bnsp_hotel_housekeeping")
    if occ == "restaurant_cook" and rng.chance(0.3):
        out.append("bnsp_cook")
    if sector == "food_service" and rng.chance(0.3):
        out.append("food_handler_cert")
    return list(dict.fromkeys(c for c in out if c in t.certs))


def languages(rng: Rng, t: Tables, occ: str, country: str, channel: str, emp_type: str) -> list[tuple[str, str]]:
    """``(language code, required level)`` pairs a job order of this kind asks for."""
    has_yue = "yue" in t.lang_codes
    if country == "HK":
        if emp_type == "household":
            opts = [[("en", "basic")], [("yue", "basic")] if has_yue else [("zh", "basic")],
                    [("en", "basic"), ("yue", "basic") if has_yue else ("zh", "basic")], [("zh", "basic")]]
            return rng.pick(opts)
        return [("yue", "basic") if has_yue else ("zh", "basic")]
    if country == "TW":
        return [("zh", "basic")]
    if country == "SG":
        return [("en", "basic")]
    if country in ("MY", "BN"):
        return rng.pick([[("ms", "basic")], [], [("en", "basic")]]) if emp_type != "household" else \
            rng.pick([[("ms", "basic")], [("en", "basic")], []])
    if country == "JP":
        if channel == G:
            return [("ja", "N5")]
        return [("ja", "N4")]
    if country == "KR":
        return [("ko", "eps-topik")]
    if country == "DE":
        return [("de", "B1")]
    if country in ME:
        if t.occ[occ].sector in ("hospitality", "nursing"):
            return [("en", "intermediate")]
        return rng.pick([[("ar", "basic")], [("en", "basic")], [("ar", "basic"), ("en", "basic")]])
    if country == "IT":
        return [("en", "intermediate")]
    if country in ("TR", "PL"):
        return rng.pick([[("en", "basic")], []])
    return []

